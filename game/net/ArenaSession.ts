// One player's connection to an arena, without any drawing: it samples inputs on the
// server's tick clock, predicts the player's own craft, interpolates everyone else, flies
// every shot, and says what to draw at any instant. The Phaser scene and the headless lab
// clients both drive it the same way: `frame(now, controls)` once per frame, then read.

import type { Room } from "@colyseus/sdk";
import { watchSocket } from "./seam";
import { makeTuning, type Tuning } from "../../shared/config";
import { type ArenaMap, getMap, worldOf } from "../../shared/maps";
import { fullSeq } from "../../shared/net/ackClock";
import type { ChatLine } from "../../shared/net/chat";
import type { GameEvent } from "../../shared/net/events";
import { PoseTable, readSnapshot } from "../../shared/net/poses";
import type { InputFrame } from "../../shared/net/input";
import { type MessageSpec, onMessage, sendMessage, ToClient, ToServer } from "../../shared/net/messages";
import { type ArenaState, type Craft, CraftStatus, fullTick } from "../../shared/schema/ArenaState";
import { readOwnCraft } from "../../shared/schema/ownCraft";
import type { ArenaWorld } from "../../shared/sim/collision";
import type { CraftInput } from "../../shared/sim/craft";
import { firstContact, type Flight, flightDistance, planFlight } from "../../shared/sim/projectile";
import { NO_SHOT, pelletAims, pelletSeed, Weapon } from "../../shared/sim/weapons";
import { aimFromByte, posFromWire } from "../../shared/sim/quantize";
import { NetStats } from "./NetStats";
import { Prediction } from "./Prediction";
import { ServerClock } from "./ServerClock";
import { type Drawn, SnapshotBuffer } from "./SnapshotBuffer";

export type Controls = CraftInput;

export interface RemoteCraft {
  id: string;
  schema: Craft;
  buffer: SnapshotBuffer;
  drawn: Drawn;
}

/** A shot as the client sees it. Times are server ticks. */
export interface ShotView {
  /** Server id; -1 while an own shot is only predicted. */
  id: number;
  owner: number;
  /** The weapon that fired it (shared/sim/weapons Weapon); a scatter shot is one ShotView per pellet. */
  weapon: number;
  flight: Flight;
  /** Tick at which the flight starts, on the timeline this shot is drawn on. */
  startTick: number;
  /** Server tick on which it was fired (for an own shot: once the server said so; else -1). */
  serverTick: number;
  /** Last tick on which it is drawn (its natural end, or when it hit something). */
  endTick: number;
  /** Own shots fly on the predicted timeline; everyone else's on the render timeline. */
  own: boolean;
  /** For own shots: low 8 bits of the firing input, the remote tick the player saw, and whether it hit on screen. */
  seq: number;
  viewTick: number;
  hitOnScreen: boolean;
  /** The server said it struck a craft (a hit, or a spawn shield that stopped it). */
  confirmedHit: boolean;
}

export interface SessionOptions {
  now?: () => number;
  /**
   * The tick of the world this player is looking at, reported with each input for lag
   * compensation. Defaults to the render tick (what this client draws others at).
   */
  viewTick?: (session: ArenaSession) => number;
  pingIntervalMs?: number;
  /** Inputs produced at most per frame (a frozen tab does not unload a burst). */
  maxCatchUp?: number;
}

export interface SessionListeners {
  /** A game event, released when the render timeline reaches it (shots too, after they began to fly). */
  event?: (e: GameEvent) => void;
  /** The own shot hit a craft as drawn on this screen (before the server confirms). */
  predictedHit?: (shot: ShotView, targetId: string, x: number, y: number) => void;
  /** The server moved the match to another map. */
  mapChanged?: (map: ArenaMap) => void;
  /** A chat line (the page's chat panel listens on the room too). */
  chat?: (line: ChatLine) => void;
  /** Nothing from the server for LOST_AFTER_MS: the connection is dead even if no one closed it. */
  lost?: () => void;
  /** The own craft's predicted present was corrected by this much (snapped: applied at once). */
  correction?: (size: number, snapped: boolean, lifeChanged: boolean) => void;
}

/** Silence after which a connection counts as dead (a stall of a second or two is not). */
export const LOST_AFTER_MS = 4000;
/** Silence after which the player is told something is wrong. */
export const QUIET_AFTER_MS = 1500;

const DRAWN = (): Drawn => ({ x: 0, y: 0, aim: 0, alive: false, kind: "empty" });

export class ArenaSession {
  readonly stats = new NetStats();
  readonly remotes = new Map<string, RemoteCraft>();
  /** Others' shots in flight, by shot id and pellet (`id * 8 + pellet`). */
  readonly shots = new Map<number, ShotView>();
  /** Own shots not yet matched to a server shot. */
  readonly ownShots: ShotView[] = [];
  /** What `visibleShots` hands out, kept between frames; and the two per-shot steps it takes, made once. */
  private readonly shown: ShotView[] = [];
  private readonly pushShown = (shot: ShotView): void => void this.shown.push(shot);
  private readonly forgetIfOld = (shot: ShotView, id: number): void => {
    if (this.renderTick > shot.endTick + 1) this.shots.delete(id);
  };
  readonly listeners: SessionListeners = {};
  clock!: ServerClock;
  prediction!: Prediction;
  map!: ArenaMap;
  world!: ArenaWorld;
  tuning!: Tuning;
  private readonly aims: number[] = [];
  /** The controls of the latest frame (the own turret is drawn from these, at once). */
  controls: Controls = { buttons: 0, aim: 0 };
  /** Interpolation delay in use (ticks). */
  delayTicks = 0;
  /** The render timeline at the latest frame, and the predicted (input) timeline. */
  renderTick = 0;
  inputClock = 0;
  private seq = 0;
  private inputTick = -1;
  private lastFrameAt = -1;
  private readonly pendingEvents: GameEvent[] = [];
  /** Inputs applied here but not yet sent (they go in pairs; see frame). */
  private readonly unsent: InputFrame[] = [];
  private readonly pings = new Map<number, number>();
  private pingToken = 0;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  /** When the socket last brought anything (patches come 30 times a second, pongs every second). */
  private heardAt: number;
  private readonly watchdog: ReturnType<typeof setInterval>;
  private lostSaid = false;
  /** A ping is due: it goes out right after the next frame, while the page is idle. */
  private pingDue = false;
  private readonly now: () => number;
  private readonly maxCatchUp: number;
  private readonly viewTick: ((session: ArenaSession) => number) | undefined;
  private readonly own = { x: 0, y: 0 };
  private readonly poses = new PoseTable();
  private keyframeAskedAt = -Infinity;
  private closed = false;
  private remoteState: "interpolated" | "extrapolated" | "held" = "interpolated";

  constructor(
    readonly room: Room<ArenaState>,
    opts: SessionOptions = {},
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.maxCatchUp = opts.maxCatchUp ?? 8;
    this.viewTick = opts.viewTick;
    this.measureSocket();
    room.onStateChange((state) => this.onPatch(state));
    onMessage(room, ToClient.Snapshot, (bytes) => this.onSnapshot(bytes));
    onMessage(room, ToClient.Events, (events) => this.onEvents(events));
    onMessage(room, ToClient.Pong, (pong) => this.onPong(pong));
    onMessage(room, ToClient.Chat, (line) => this.listeners.chat?.(line));
    room.onLeave(() => this.close());
    const interval = opts.pingIntervalMs ?? 1000;
    this.pingTimer = setInterval(() => (this.pingDue = true), interval);
    // A dead connection (the network cut, a sleeping laptop) closes nothing for many
    // seconds: silence is the sign. Checked on a timer, not per frame, so it holds however
    // the page draws.
    this.heardAt = this.now();
    this.watchdog = setInterval(() => {
      if (this.lostSaid || this.silentForMs() < LOST_AFTER_MS) return;
      this.lostSaid = true;
      this.listeners.lost?.();
    }, 250);
    this.ping();
    // Others' poses come as changes: first, all of them.
    this.askForKeyframe();
    // The room's first full state may be here already (the server always names the map):
    // start from it rather than wait for a patch.
    if (room.state?.map) this.onPatch(room.state);
  }

  get ready(): boolean {
    return this.clock !== undefined && this.clock.ready;
  }

  get sessionId(): string {
    return this.room.sessionId;
  }

  get state(): ArenaState {
    return this.room.state;
  }

  get me(): Craft | undefined {
    return this.room.state.crafts?.get(this.room.sessionId);
  }

  /** True while this client has a craft (false for a watcher). */
  get playing(): boolean {
    return this.me !== undefined;
  }

  /** How long the server has said nothing (ms); over ~1.5 s something is wrong with the connection. */
  silentForMs(nowMs = this.now()): number {
    return this.closed ? 0 : nowMs - this.heardAt;
  }

  /** Asks the server something (the page's panels go through here, never the raw room). */
  send<Sent>(spec: MessageSpec<Sent, unknown>, value: Sent): void {
    if (this.closed || !this.room.connection?.isOpen) return;
    sendMessage(this.room, spec, value);
  }

  /**
   * The stream starts over from a full state (a replay seeking): what was known of crafts,
   * shots and timing goes; the next patch starts the clock again.
   */
  restart(): void {
    this.remotes.clear();
    this.shots.clear();
    this.ownShots.length = 0;
    this.pendingEvents.length = 0;
    this.clock = undefined as unknown as ServerClock;
    this.delayTicks = 0;
    this.lastFrameAt = -1;
    this.heardAt = this.now();
  }

  /** Forgets events not yet shown that happened before `tick` (a replay seeking past them). */
  skipEventsBefore(tick: number): void {
    let kept = 0;
    for (const e of this.pendingEvents) if (e.tick >= tick) this.pendingEvents[kept++] = e;
    this.pendingEvents.length = kept;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    clearInterval(this.watchdog);
  }

  // ---- each frame ----------------------------------------------------------------------

  /** Advances the session to `nowMs`: samples and sends inputs, predicts, interpolates. */
  frame(controls: Controls, nowMs = this.now()): void {
    this.controls = controls;
    if (!this.ready || this.closed) return;
    const elapsed = this.lastFrameAt < 0 ? 0 : nowMs - this.lastFrameAt;
    this.lastFrameAt = nowMs;
    const received = this.clock.now(nowMs);
    this.updateDelay(elapsed);
    this.renderTick = received - this.delayTicks;

    // One input per server tick, on the server's clock, so the server's queue neither
    // starves nor grows. After a long gap (a hidden tab, a slow device drawing a few frames
    // a second) only the latest `maxCatchUp` ticks get inputs: no burst, but never none.
    const due = Math.floor(received);
    if (!this.playing) {
      // Watching: nothing to steer, so nothing is sent (inputs still waiting go too).
      this.inputTick = due;
      this.unsent.length = 0;
    }
    // The very first frame sends its input at once: the craft answers from the first frame.
    else if (this.inputTick < 0) this.inputTick = due - 1;
    else if (due - this.inputTick > this.maxCatchUp) this.inputTick = due - this.maxCatchUp;
    const batch: InputFrame[] = [];
    while (this.inputTick < due) {
      this.inputTick++;
      // The world this input's shot will be seen against: own shots are drawn one tick
      // behind the input clock (like the own craft), so when the shot is drawn k ticks into
      // its flight the others are drawn at this tick plus k; the server judges it the same way.
      const seen = this.renderTick + 1 - (received - this.inputTick);
      const frame: InputFrame = {
        seq: ++this.seq,
        buttons: controls.buttons,
        aim: controls.aim,
        viewTick: Math.max(0, this.viewTick ? this.viewTick(this) : seen),
      };
      batch.push(frame);
      const fired = this.prediction.apply(frame.seq, frame);
      if (fired !== NO_SHOT) this.fireOwnShot(frame, fired);
      this.flyOwnShots();
    }
    // Inputs leave at the patch rate (two ticks a message at TICK 60 / PATCH 30): half the
    // messages and their framing for the server to read, for at most one tick's wait before
    // the server has them. The very first goes at once. A socket already closing (the server
    // went away a moment ago) takes nothing more.
    // Every input here is already in the prediction: none may be dropped (one left waiting for
    // its pair before a long frame went missing, and the server moved the craft one step short).
    // Only while the socket is closed do they pile up; the page is getting back in by then.
    this.unsent.push(...batch);
    if (!this.room.connection.isOpen && this.unsent.length > 4 * this.maxCatchUp) this.unsent.splice(0, this.unsent.length - 4 * this.maxCatchUp);
    const perMessage = this.stats.inputsSent === 0 ? 1 : Math.max(1, Math.round(this.tuning.tickHz / (this.state.patchHz || this.tuning.tickHz)));
    if (this.unsent.length >= perMessage && this.room.connection.isOpen) {
      sendMessage(this.room, ToServer.Input, this.unsent);
      this.stats.inputsSent += this.unsent.length;
      this.unsent.length = 0;
    }
    this.inputClock = received;
    this.prediction.decay(elapsed);
    this.sampleRemotes();
    this.releaseEvents();
    this.forgetOldShots();
    if (this.pingDue) {
      // Just after a frame the page is idle, so the pong is read when it arrives rather
      // than after the next frame: the round trip measured is the network's.
      this.pingDue = false;
      setTimeout(() => this.ping(), 0);
    }
  }

  /** Where to draw the own craft now. */
  ownDrawn(): { x: number; y: number } {
    return this.prediction.drawn(this.inputClock - Math.floor(this.inputClock), this.own);
  }

  /** Where a shot is now, or undefined if it is not in flight at this instant. */
  shotPosition(shot: ShotView, out: { x: number; y: number }): { x: number; y: number } | undefined {
    // Own shots are drawn on the predicted timeline, one tick behind like the own craft.
    const now = shot.own ? this.inputClock - 1 : this.renderTick;
    // A shot is drawn through its last tick; an own shot that hit a craft on screen is gone
    // the moment it hits (the hit flash takes over).
    // (A rail's beam is all on its one tick: it shows for that tick.)
    const last = shot.own && shot.hitOnScreen && !this.tuning.weapons[shot.weapon].hitscan ? shot.endTick : shot.endTick + 0.999;
    if (now < shot.startTick || now > last) return undefined;
    const d = flightDistance(shot.flight, Math.min(now, shot.endTick) - shot.startTick, this.tuning.weapons[shot.weapon]);
    out.x = shot.flight.ox + shot.flight.dx * d;
    out.y = shot.flight.oy + shot.flight.dy * d;
    return out;
  }

  /** True when the shot flew its whole planned path into a wall (not cut short by a craft). */
  endedAtWall(shot: ShotView): boolean {
    return shot.flight.hitsWall && !shot.hitOnScreen && !shot.confirmedHit && shot.endTick === shot.startTick + shot.flight.lastStep;
  }

  /** The own shots, then everyone else's: one array, refilled on each call (no garbage per frame). */
  visibleShots(): readonly ShotView[] {
    const out = this.shown;
    out.length = 0;
    for (let i = 0; i < this.ownShots.length; i++) out.push(this.ownShots[i]);
    this.shots.forEach(this.pushShown);
    return out;
  }

  // ---- patches -------------------------------------------------------------------------

  private onPatch(state: ArenaState): void {
    const now = this.now();
    this.stats.totalPatches++;
    this.stats.patches.add(1, now);
    if (!this.clock) this.start(state);
    if (state.map !== this.map.id) this.changeMap(state.map);
    this.clock.observePatch(state.tick, now);

    const me = state.crafts.get(this.room.sessionId);
    if (me) this.reconcile(me, state);

    for (const [id, craft] of state.crafts) {
      if (id === this.room.sessionId) continue;
      // Poses come in the Snapshot just ahead of this patch; none yet means this client's
      // keyframe is still on its way.
      const pose = this.poses.get(craft.slot);
      if (!pose) {
        // Still none a second after asking (the request went out before the socket could
        // take it, say): ask again. The server answers at most one a second.
        if (now - this.keyframeAskedAt > 1000) this.askForKeyframe();
        continue;
      }
      let remote = this.remotes.get(id);
      if (!remote) {
        remote = { id, schema: craft, buffer: new SnapshotBuffer(Math.round(this.clock.tickHz * 0.1)), drawn: DRAWN() };
        this.remotes.set(id, remote);
      }
      remote.schema = craft;
      remote.buffer.push({
        tick: state.tick,
        x: pose.x,
        y: pose.y,
        aim: aimFromByte(pose.aim),
        alive: (craft.status & CraftStatus.Alive) !== 0,
      });
    }
    for (const id of this.remotes.keys()) if (!state.crafts.has(id)) this.remotes.delete(id);
  }

  private start(state: ArenaState): void {
    this.clock = new ServerClock({ tickHz: state.tickHz });
    this.tuning = makeTuning(state.tickHz);
    const map = getMap(state.map);
    if (!map) throw new Error(`server plays an unknown map "${state.map}": is this client out of date?`);
    this.map = map;
    this.world = worldOf(map);
    this.prediction = new Prediction(this.world, this.tuning);
  }

  private changeMap(id: string): void {
    const map = getMap(id);
    if (!map) throw new Error(`server plays an unknown map "${id}"`);
    this.map = map;
    this.world = worldOf(map);
    this.prediction.setWorld(this.world);
    this.shots.clear();
    this.ownShots.length = 0;
    this.listeners.mapChanged?.(map);
  }

  private reconcile(me: Craft, state: ArenaState): void {
    const ack = fullSeq(me.ack, this.seq);
    const result = this.prediction.reconcile({ ack, state: readOwnCraft(me, state.phase, ack, this.controls.aim, this.tuning) });
    const s = this.stats;
    if (result.lifeChanged) {
      // Going down, respawning or a round ending moves the craft by the rules, not by a
      // wrong prediction: counted apart.
      s.lifeChanges++;
    } else if (result.errorAtAck !== undefined) {
      s.predictionChecks++;
      if (result.errorAtAck > 0) {
        s.predictionMisses++;
        s.largestPredictionError = Math.max(s.largestPredictionError, result.errorAtAck);
      }
    }
    if (result.correction > 0) {
      this.listeners.correction?.(result.correction, result.snapped, result.lifeChanged);
      s.lastCorrection = result.correction;
      if (result.snapped || result.lifeChanged) {
        s.snaps++;
      } else {
        s.corrections++;
        s.correctionTotal += result.correction;
      }
    }
  }

  /** A shot the server fired: our own is paired with its prediction; others' fly from now on. */
  private addShot(e: Extract<GameEvent, { kind: "shot" }>): void {
    if (e.owner === this.me?.slot) {
      let paired = false;
      for (const mine of this.ownShots) {
        if (mine.id >= 0 || mine.seq !== e.seq) continue;
        mine.id = e.shot;
        mine.serverTick = e.tick;
        paired = true;
      }
      if (paired) return;
    }
    const x = posFromWire(e.x);
    const y = posFromWire(e.y);
    shotAims(e.aim, e.weapon, pelletSeed(e.owner, e.seq), this.tuning, this.aims).forEach((aim, pellet) => {
      const flight = planFlight({ x, y, aim, tick: e.tick }, this.world, this.tuning.weapons[e.weapon]);
      this.shots.set(e.shot * 8 + pellet, {
        id: e.shot,
        owner: e.owner,
        weapon: e.weapon,
        flight,
        startTick: e.tick,
        serverTick: e.tick,
        endTick: e.tick + flight.lastStep,
        own: false,
        seq: e.seq,
        viewTick: 0,
        hitOnScreen: false,
        confirmedHit: false,
      });
    });
  }

  // ---- own shots -----------------------------------------------------------------------

  private fireOwnShot(frame: InputFrame, weapon: number): void {
    const c = this.prediction.current;
    const owner = this.me?.slot ?? -1;
    for (const aim of shotAims(frame.aim, weapon, pelletSeed(owner, frame.seq), this.tuning, this.aims)) this.predictShot(frame, weapon, planFlight({ x: c.x, y: c.y, aim, tick: this.inputTick }, this.world, this.tuning.weapons[weapon]));
  }

  private predictShot(frame: InputFrame, weapon: number, flight: Flight): void {
    this.ownShots.push({
      id: -1,
      owner: this.me?.slot ?? -1,
      weapon,
      flight,
      startTick: this.inputTick,
      serverTick: -1,
      endTick: this.inputTick + flight.lastStep,
      own: true,
      seq: frame.seq & 0xff,
      viewTick: frame.viewTick,
      hitOnScreen: false,
      confirmedHit: false,
    });
  }

  /**
   * Judges own shots against the other craft exactly as this screen shows them: step k of
   * a shot is checked against where the others were drawn k ticks after the player fired.
   * The server does the same with its history, so what hits here hits there.
   */
  private flyOwnShots(): void {
    const seen: Drawn = DRAWN();
    for (const shot of this.ownShots) {
      if (shot.hitOnScreen || shot.confirmedHit) continue;
      const step = this.inputTick - shot.startTick;
      if (step > shot.flight.lastStep) continue;
      const contact = firstContact(shot.flight, step, this.tuning.weapons[shot.weapon], this.remotes.values(), (remote) => {
        remote.buffer.sample(shot.viewTick + step, seen);
        return seen.alive && seen.kind !== "empty" ? seen : undefined;
      });
      if (contact) {
        shot.hitOnScreen = true;
        shot.endTick = shot.startTick + step;
        this.listeners.predictedHit?.(shot, contact.target.id, contact.x, contact.y);
      }
    }
  }

  private forgetOldShots(): void {
    const own = this.inputClock - 1;
    let kept = 0;
    for (const shot of this.ownShots) {
      // Keep own shots until they are over on screen and the server has had time to say
      // whether they hit (an unconfirmed prediction lingers a second at most).
      const over = own > shot.endTick + 1;
      const settled = shot.confirmedHit || own > shot.endTick + this.clock.tickHz;
      if (!(over && settled)) this.ownShots[kept++] = shot;
    }
    this.ownShots.length = kept;
    this.shots.forEach(this.forgetIfOld);
  }

  // ---- remotes, events, timing -----------------------------------------------------------

  /**
   * Samples every remote craft at the render tick. A late patch shows up for all of them at
   * once, so it is counted once per episode: an extrapolation (carried forward on velocity)
   * or, past the extrapolation allowance, a stall (held still).
   */
  private sampleRemotes(): void {
    let worst: "interpolated" | "extrapolated" | "held" = "interpolated";
    for (const remote of this.remotes.values()) {
      remote.buffer.sample(this.renderTick, remote.drawn);
      if (!remote.drawn.alive) continue;
      if (remote.drawn.kind === "held") worst = "held";
      else if (remote.drawn.kind === "extrapolated" && worst === "interpolated") worst = "extrapolated";
    }
    const s = this.stats;
    if (worst === "extrapolated") {
      s.extrapolatedFrames++;
      if (this.remoteState === "interpolated") s.extrapolations++;
    } else if (worst === "held") {
      s.heldFrames++;
      if (this.remoteState !== "held") s.stalls++;
    }
    this.remoteState = worst;
  }


  /**
   * The interpolation delay: one patch interval (so a newer state is usually at hand) plus
   * twice the measured arrival jitter. It eases toward that target, so the render timeline
   * only ever speeds up or slows down a little.
   */
  private updateDelay(elapsedMs: number): void {
    const interval = this.clock.tickHz / this.state.patchHz;
    const jitter = (this.clock.jitterMs * this.clock.tickHz) / 1000;
    const target = interval + 2 * jitter;
    if (this.delayTicks === 0) {
      this.delayTicks = target;
      return;
    }
    const k = Math.min(1, elapsedMs / 1000);
    this.delayTicks += (target - this.delayTicks) * k;
  }

  private askForKeyframe(): void {
    if (!this.room.connection.isOpen) return;
    this.keyframeAskedAt = this.now();
    sendMessage(this.room, ToServer.Keyframe, undefined);
  }

  private onSnapshot(message: Uint8Array): void {
    const events = readSnapshot(message, this.poses);
    if (!events) return;
    const decoded = ToClient.Events.decode(events);
    if (decoded.ok) this.onEvents(decoded.value);
  }

  private onEvents(events: GameEvent[]): void {
    if (!this.ready) return;
    const reference = this.state.tick;
    for (const e of events) {
      e.tick = fullTick(e.tick, reference);
      // A shot flies from now on; its event is released too (the page learns each shot's weapon from it).
      if (e.kind === "shot") this.addShot(e);
      else if (e.kind === "hit" || e.kind === "blocked") this.shotStopped(e.shot, e.tick, e.x, e.y);
      this.pendingEvents.push(e);
    }
  }

  /**
   * The server says a shot struck a craft at (x, y) (wounding it, or stopped by its shield).
   * Of a scatter shot's pellets, the one whose path passes nearest that point is the one.
   */
  private shotStopped(id: number, tick: number, x: number, y: number): void {
    const own = nearestPellet(this.ownShots.filter((s) => s.id === id && !s.confirmedHit), x, y);
    if (own) {
      own.confirmedHit = true;
      if (!own.hitOnScreen) own.endTick = Math.min(own.endTick, this.inputClock - 1);
      return;
    }
    const pellets: ShotView[] = [];
    for (let p = 0; p < 8; p++) {
      const shot = this.shots.get(id * 8 + p);
      if (shot && !shot.confirmedHit) pellets.push(shot);
    }
    const shot = nearestPellet(pellets, x, y);
    if (!shot) return;
    shot.confirmedHit = true;
    shot.endTick = Math.min(shot.endTick, tick);
  }

  private releaseEvents(): void {
    if (this.pendingEvents.length === 0) return;
    let kept = 0;
    for (const e of this.pendingEvents) {
      if (e.tick <= this.renderTick) this.listeners.event?.(e);
      else this.pendingEvents[kept++] = e;
    }
    this.pendingEvents.length = kept;
  }

  private ping(): void {
    if (this.closed) return;
    // A closing socket: the leave handler stops the timer.
    if (!this.room.connection.isOpen) return;
    const token = ++this.pingToken >>> 0;
    this.pings.set(token, this.now());
    sendMessage(this.room, ToServer.Ping, token);
    if (this.pings.size > 10) this.pings.delete(this.pings.keys().next().value as number);
  }

  private onPong(pong: { token: number }): void {
    const sentAt = this.pings.get(pong.token);
    if (sentAt === undefined) return;
    this.pings.delete(pong.token);
    this.clock?.observeRtt(this.now() - sentAt);
  }

  /** Counts every byte on the socket, both ways, for the network panel. */
  private measureSocket(): void {
    watchSocket(
      this.room,
      (size) => {
        this.heardAt = this.now();
        this.stats.received(size, this.heardAt);
      },
      (size) => this.stats.sent(size, this.now()),
    );
  }
}

/** A shot's aims: one, or a scatter's pellets (from the shot's seed, as the server fans them). */
function shotAims(aim: number, weapon: number, seed: number, t: Tuning, out: number[]): number[] {
  if (weapon === Weapon.Scatter) return pelletAims(aim, seed, t.weapons[weapon], out);
  out.length = 1;
  out[0] = aim;
  return out;
}

/** Of a shot's pellets, the one whose path passes nearest (x, y). */
function nearestPellet(pellets: readonly ShotView[], x: number, y: number): ShotView | undefined {
  let best: ShotView | undefined;
  let bestD = Infinity;
  for (const p of pellets) {
    const f = p.flight;
    const along = Math.max(0, Math.min(f.end, (x - f.ox) * f.dx + (y - f.oy) * f.dy));
    const d = Math.hypot(f.ox + f.dx * along - x, f.oy + f.dy * along - y);
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}
