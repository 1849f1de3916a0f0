// The lab's "colyseus" player: a client built the way the Colyseus 0.18 docs build one on the
// SDK's own Predict, with its documented defaults, playing in PredictRoom.
//   - `Predict.get(room)`: lerp, 100 ms delay, no output spring, no snap;
//   - every craft attached with `attachAll("crafts", { mode: "lerp", fields: ["x", "y"] })`;
//   - the own craft through `predict.reconciler(me, { input, step })`: every scalar field of the
//     craft mirrored, corrections eased over one patch interval (the default), no snap; `step` is
//     the game's shared stepCraft;
//   - each frame: `predict.tick(now)` says how many fixed steps are due; each is one input sent
//     through `room.input()` (reliable, stamped with the render time for lag compensation);
//   - drawn positions are `predict.value(craft, "x" | "y")` for everyone, the own craft included.
// Own shots are drawn at once, flown from the predicted craft on the input timeline like the
// game's (the shared flight); the server tells the shooter when it fired and whether it hit.
// It plays the same scripted player as the other kinds and measures the same things.

import { type InputHandle, Predict, type Reconciler, type Room, type StepContext } from "@colyseus/sdk";
import { reconcilerRenderAlpha } from "../../game/net/seam";
import { GAME, makeTuning } from "../../shared/config";
import { getMap, worldOf } from "../../server/maps";
import { type ArenaWorld, segmentHitsCircle } from "../../shared/sim/collision";
import { type CraftState, MoveMode, newCraftState, stepCraft } from "../../shared/sim/craft";
import { type Flight, flightDistance, planFlight } from "../../shared/sim/projectile";
import { NO_SHOT } from "../../shared/sim/weapons";
import { emptySample, type LabPlayer, type LabSample, RESPAWN_WINDOW_MS, type TruthLog } from "./LabClient";
import { type DrawnCraft, followRemote, jerk, newTrack, type Point, type RemoteTrack, ScriptedPilot } from "./pilot";
import { type HitMessage, type PcCraft, PcInput, type PcState, type ShotMessage } from "./predictSchema";

/** Predict's documented default interpolation delay (SmoothingOptions.delay). */
export const PREDICT_DEFAULT_DELAY_MS = 100;

/** What the lab knows of the room this client plays in. */
export interface PredictTruth extends TruthLog {
  /** The (fractional) tick of the state the server stamped with time `ms`. */
  tickAt(ms: number): number;
}

interface OwnShot {
  seq: number;
  flight: Flight;
  /** Server tick on which it was fired (-1: not heard of yet). */
  serverTick: number;
  confirmedHit: boolean;
}


type Remote = DrawnCraft & { id: string };

/** The CraftState fields PcCraft mirrors. */
const PC_FIELDS = ["x", "y", "vx", "vy", "aim", "dashTicks", "dashCooldown", "fireCooldown", "mode"] as const;

export class PredictLabClient implements LabPlayer {
  readonly kind = "colyseus" as const;
  readonly sample: LabSample = emptySample();
  readonly predict: Predict<PcState>;
  private input?: InputHandle<PcInput>;
  private me?: Reconciler<PcCraft>;
  private mine?: PcCraft;
  private readonly pilot: ScriptedPilot;
  private readonly tuning = makeTuning(GAME.net.tickHz);
  private world?: ArenaWorld;
  /** The own craft's position after each input, on the latest predicted trajectory (live steps and replays). */
  private readonly predicted = new Map<number, Point>();
  private lastMode: number = MoveMode.Frozen;
  private own: Point = { x: 0, y: 0 };
  private remotes: Remote[] = [];
  private prevOwn?: Point;
  private prevIdeal?: Point;
  private wasAlive = false;
  private respawnedAt = -Infinity;
  private readonly ownShots: OwnShot[] = [];
  private readonly tracks = new Map<string, RemoteTrack>();
  private readonly shotSeen = new Map<OwnShot, Point>();
  private readonly hitOnScreen = new Map<OwnShot, { target: string; step: number }>();
  /** A steadily advancing tick near the one Predict draws the others at (for jerk and freezes). */
  private steadyTick = Number.NaN;
  private lastFrameAt = -1;
  private held = false;
  private measuring = false;
  private startedAt = 0;
  private counted = { checks: 0, misses: 0, largest: 0, corrections: 0, holds: 0 };
  private baseline = { checks: 0, misses: 0, corrections: 0, holds: 0 };
  private readonly correctionSizes: number[] = [];

  constructor(
    readonly room: Room<any, PcState>,
    private readonly truth: PredictTruth,
    seed: number,
  ) {
    this.pilot = new ScriptedPilot(seed);
    this.predict = Predict.get(room);
    this.predict.attachAll("crafts", { mode: "lerp", fields: ["x", "y"] });
    room.onMessage("shot", (m: ShotMessage) => {
      const shot = this.ownShots.find((s) => s.seq === m.seq);
      if (shot) shot.serverTick = m.tick;
    });
    room.onMessage("hit", (m: HitMessage) => {
      const shot = this.ownShots.find((s) => s.seq === m.seq);
      if (shot) shot.confirmedHit = true;
    });
  }

  close(): void {
    this.predict.dispose();
  }

  startMeasuring(now: number): void {
    this.measuring = true;
    this.startedAt = now;
    const c = this.counted;
    this.baseline = { checks: c.checks, misses: c.misses, corrections: c.corrections, holds: c.holds };
  }

  /** The own craft spawns the reconciler once the room has delivered it. */
  private start(): boolean {
    if (this.me) return true;
    const state = this.room.state;
    const mine = state?.crafts?.get(this.room.sessionId);
    const map = state?.map ? getMap(state.map) : undefined;
    if (!mine || !map) return false;
    this.world = worldOf(map);
    this.mine = mine;
    this.input = this.room.input({ type: PcInput });
    this.me = this.predict.reconciler(mine, {
      input: this.input,
      step: (ctx, s, cmd) => this.step(ctx, s, cmd),
    });
    return true;
  }

  private readonly scratch: CraftState = newCraftState(0, 0);

  /** The shared step, as the reconciler runs it (live and on replay); notes what it predicted. */
  private step(ctx: StepContext, s: PcCraft, cmd: { buttons: number; aim: number }): void {
    // The schema holds the step's scalars (the lab's crafts carry only the blaster): step a
    // plain state and copy them back.
    const c = this.scratch;
    for (const k of PC_FIELDS) (c as unknown as Record<string, number>)[k] = s[k];
    const fired = stepCraft(c, cmd, this.world!, this.tuning);
    for (const k of PC_FIELDS) (s as unknown as Record<string, number>)[k] = c[k];
    this.predicted.set(ctx.tick, { x: c.x, y: c.y });
    if (fired !== NO_SHOT && !ctx.isReplay) {
      this.ownShots.push({ seq: ctx.tick, flight: planFlight({ x: c.x, y: c.y, aim: cmd.aim, tick: 0 }, this.world!, this.tuning), serverTick: -1, confirmedHit: false });
    }
  }

  frame(now: number): void {
    if (!this.start()) return;
    const me = this.me!;
    const input = this.input!;
    const mine = this.mine!;
    const controls = this.pilot.decide(now, this.own, this.remotes);
    const before = { x: me.state.x, y: me.state.y };
    const reconciles = me.reconcileSeq;
    const steps = this.predict.tick(now);
    if (me.reconcileSeq !== reconciles) this.reconciled(before);
    for (let i = 0; i < steps; i++) {
      input.data.buttons = controls.buttons;
      input.data.aim = controls.aim;
      input.send();
    }
    this.own = { x: this.predict.value(mine, "x"), y: this.predict.value(mine, "y") };
    this.remotes = [];
    for (const [id, craft] of this.room.state.crafts) {
      if (id === this.room.sessionId) continue;
      this.remotes.push({ id, at: { x: this.predict.value(craft, "x"), y: this.predict.value(craft, "y") }, alive: craft.mode === MoveMode.Fly });
    }
    this.forgetOldShots();
    if (this.measuring) this.measure(now);
    this.lastFrameAt = now;
  }

  /** The reconciler took a new ack this frame: check what was predicted for it, and the correction. */
  private reconciled(before: Point): void {
    const me = this.me!;
    const mine = this.mine!;
    const ack = this.input!.lastProcessed;
    const c = this.counted;
    // A down, a respawn or a round change moves the craft by the rules, not a misprediction.
    const lifeChanged = mine.mode !== this.lastMode;
    this.lastMode = mine.mode;
    const guess = this.predicted.get(ack);
    if (!lifeChanged && guess) {
      c.checks++;
      const error = Math.hypot(guess.x - mine.x, guess.y - mine.y);
      if (error > 0) {
        c.misses++;
        if (this.measuring) c.largest = Math.max(c.largest, error);
      }
    }
    const correction = Math.hypot(before.x - me.state.x, before.y - me.state.y);
    if (correction > 0 && !lifeChanged) {
      c.corrections++;
      if (this.measuring) this.correctionSizes.push(correction);
    }
    // From here on the trajectory starts at the server's state for `ack`.
    this.predicted.set(ack, { x: mine.x, y: mine.y });
    for (const seq of this.predicted.keys()) if (seq < ack) this.predicted.delete(seq);
  }

  /** Where an own shot is drawn now: on the input timeline, one step behind like the own craft. */
  private shotDrawn(shot: OwnShot, alpha: number): Point | undefined {
    const step = this.input!.sentCount - shot.seq - 1 + alpha;
    if (step < 0 || step > shot.flight.lastStep + 0.999) return undefined;
    const d = flightDistance(shot.flight, Math.min(step, shot.flight.lastStep), this.tuning);
    return { x: shot.flight.ox + shot.flight.dx * d, y: shot.flight.oy + shot.flight.dy * d };
  }

  private forgetOldShots(): void {
    const sent = this.input!.sentCount;
    let kept = 0;
    for (const shot of this.ownShots) {
      // A second past its flight, it is settled either way.
      if (sent - shot.seq <= shot.flight.lastStep + this.tuning.tickHz) this.ownShots[kept++] = shot;
    }
    this.ownShots.length = kept;
  }

  /** The render interpolation fraction the reconciler draws the own craft with (read-only). */
  private renderAlpha(): number {
    return reconcilerRenderAlpha(this.me!);
  }

  private measure(now: number): void {
    const m = this.sample;
    const me = this.me!;
    const mine = this.mine!;
    const clock = this.room.clock;
    m.frames++;
    m.seconds = (now - this.startedAt) / 1000;
    const alive = mine.mode === MoveMode.Fly;
    const alpha = this.renderAlpha();

    // Own craft: the ideal is where the inputs put it (the exact prediction, between the last
    // two steps by the reconciler's own interpolation fraction, without the correction offset).
    const n = this.input!.sentCount;
    const previous = this.predicted.get(n - 1);
    const ideal = previous ? { x: previous.x + (me.state.x - previous.x) * alpha, y: previous.y + (me.state.y - previous.y) * alpha } : undefined;
    if (alive && !this.wasAlive) this.respawnedAt = now;
    if (alive && this.wasAlive && ideal) {
      const lag = Math.hypot(this.own.x - ideal.x, this.own.y - ideal.y);
      if (now - this.respawnedAt < RESPAWN_WINDOW_MS) {
        m.respawnLag.push(lag);
      } else {
        m.ownLag.push(lag);
        if (this.prevOwn && this.prevIdeal) {
          const jx = this.own.x - this.prevOwn.x - (ideal.x - this.prevIdeal.x);
          const jy = this.own.y - this.prevOwn.y - (ideal.y - this.prevIdeal.y);
          m.ownJump.push(Math.hypot(jx, jy));
        }
      }
    }
    this.prevOwn = alive ? { ...this.own } : undefined;
    this.prevIdeal = alive ? ideal : undefined;
    this.wasAlive = alive;

    // Remote craft: Predict's lerp draws them at server time serverNow − delay − rtt/2 (the same
    // instant it stamps on inputs); past the newest patch it holds (it never extrapolates).
    const synced = clock.lastServerTime() > 0;
    const target = clock.serverNow() - PREDICT_DEFAULT_DELAY_MS - clock.smoothedRtt() / 2;
    const meant = this.truth.tickAt(target);
    const dt = this.lastFrameAt < 0 ? 0 : now - this.lastFrameAt;
    // The steady clock runs at exactly the tick rate and follows the drawn instant over ~1 s.
    if (Number.isNaN(this.steadyTick)) this.steadyTick = meant;
    else this.steadyTick += (dt * this.tuning.tickHz) / 1000 + (meant - this.steadyTick) * Math.min(1, dt / 1000);
    const anyAlive = this.remotes.some((r) => r.alive);
    const held = synced && target >= clock.lastServerTime();
    if (held && !this.held && anyAlive) this.counted.holds++;
    this.held = held && anyAlive;
    if (this.remotes.length > 0 && synced) m.behindMs.push(((this.truth.present() - meant) * 1000) / this.tuning.tickHz);

    for (const r of this.remotes) {
      const truth = synced ? this.truth.at(r.id, meant) : undefined;
      const steady = this.truth.at(r.id, this.steadyTick);
      let track = this.tracks.get(r.id);
      if (!r.alive || !truth || !steady) {
        this.tracks.delete(r.id);
        continue;
      }
      if (!track) this.tracks.set(r.id, (track = newTrack()));
      followRemote(m, track, r.at, truth, steady);
    }

    // Hits on this screen: an own shot's drawn path crossing a craft as drawn.
    const reach = this.tuning.radius + this.tuning.projectileRadius;
    for (const shot of this.ownShots) {
      if (this.hitOnScreen.has(shot)) continue;
      const at = this.shotDrawn(shot, alpha);
      const before = this.shotSeen.get(shot);
      if (!at) continue;
      this.shotSeen.set(shot, at);
      if (!before) continue;
      for (const r of this.remotes) {
        if (!r.alive) continue;
        if (segmentHitsCircle(before.x, before.y, at.x, at.y, r.at.x, r.at.y, reach) >= 0) {
          const step = Math.hypot(at.x - shot.flight.ox, at.y - shot.flight.oy) / this.tuning.projectileSpeedPerTick;
          this.hitOnScreen.set(shot, { target: r.id, step });
          break;
        }
      }
    }
    m.delayMs.push(PREDICT_DEFAULT_DELAY_MS);
    m.jitterMs.push(clock.jitter());
    m.rttMs.push(clock.smoothedRtt());
  }

  finish(): LabSample {
    const m = this.sample;
    const c = this.counted;
    m.predictionChecks = c.checks - this.baseline.checks;
    m.predictionMisses = c.misses - this.baseline.misses;
    m.largestPredictionError = c.largest;
    m.corrections = c.corrections - this.baseline.corrections;
    m.correctionSizes = [...this.correctionSizes];
    m.extrapolations = 0;
    m.holds = c.holds - this.baseline.holds;
    m.screenHits = this.hitOnScreen.size;
    for (const [shot, { target, step }] of this.hitOnScreen) {
      if (shot.confirmedHit) m.registered++;
      else if (shot.serverTick < 0) m.shooterDown++;
      else if (!this.truth.at(target, shot.serverTick + step)) m.targetDown++;
      else m.missed++;
    }
    return m;
  }
}
