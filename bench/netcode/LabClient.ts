// A headless player in the netcode lab: the real client netcode (ArenaSession) plus one way
// of drawing what it knows, and the measurements of what that drawing shows.
//   ours   - the game's client: own craft predicted, others interpolated, own shots at once
//   naive  - draws the latest patch: no prediction, no interpolation
//   lerp   - the tutorial fix: moves everything 20% of the way to the latest patch each frame
// All three send the same inputs through the same code; only what they draw differs.
// (The fourth kind, "colyseus", is another client on another room: PredictLabClient.)

import type { Room } from "@colyseus/sdk";
import { ArenaSession, type ShotView } from "../../game/net/ArenaSession";
import { GAME, makeTuning } from "../../shared/config";
import { type ArenaState, CraftStatus } from "../../shared/schema/ArenaState";
import { segmentHitsCircle } from "../../shared/sim/collision";
import { flightDistance } from "../../shared/sim/projectile";
import { posFromWire } from "../../shared/sim/quantize";
import { blastDamage, Weapon } from "../../shared/sim/weapons";
import { type DrawnCraft, followRemote, jerk, newTrack, type PilotOptions, type Point, type RemoteTrack, ScriptedPilot } from "./pilot";

export type ClientKind = "ours" | "naive" | "lerp" | "colyseus";

/** Where every craft really was on every tick (read off the server's simulation). */
export interface TruthLog {
  at(id: string, tick: number): Point | undefined;
  /** The server's present tick (the latest it has simulated). */
  present(): number;
}

/** What the lab asks of every kind of client. */
export interface LabPlayer {
  readonly kind: ClientKind;
  frame(now: number): void;
  startMeasuring(now: number): void;
  finish(): LabSample;
  close(): void;
}

/** After a respawn the rules move the own craft; its drawing is measured apart for this long. */
export const RESPAWN_WINDOW_MS = 300;


export interface LabSample {
  frames: number;
  seconds: number;
  predictionChecks: number;
  predictionMisses: number;
  largestPredictionError: number;
  corrections: number;
  correctionSizes: number[];
  /** Per frame: how far the drawn own craft is from where its inputs have put it. */
  ownLag: number[];
  /** Per frame: how much the drawn own craft moved differently from the inputs' motion. */
  ownJump: number[];
  extrapolations: number;
  holds: number;
  freezes: number;
  delayMs: number[];
  /** The clock's measured arrival jitter (one standard deviation, ms), per frame. */
  jitterMs: number[];
  remoteError: number[];
  jerkDrawn: number[];
  jerkTrue: number[];
  /** Per frame: how far behind the server's present the remote craft are meant to be drawn (ms). */
  behindMs: number[];
  /** Per frame, within RESPAWN_WINDOW_MS of a respawn: the own craft's distance from where its inputs put it. */
  respawnLag: number[];
  /** Per frame: the round trip the client believes (ms). */
  rttMs: number[];
  screenHits: number;
  registered: number;
  /** Screen hits with shots the server never fired: the shooter was down there already. */
  shooterDown: number;
  /** Screen hits on a craft the server had already downed when the shot got there. */
  targetDown: number;
  /** Screen hits the server judged a miss. */
  missed: number;
  /** Per weapon (shared/sim/weapons Weapon): screen hits, and how the server judged them (as the totals above). */
  byWeapon: WeaponHits[];
}

export interface WeaponHits {
  screenHits: number;
  /** Of the screen hits, those by a rocket's splash: a craft drawn inside the burst where the rocket was drawn bursting. */
  splash?: number;
  /** Of those, the ones the server registered. */
  splashRegistered?: number;
  registered: number;
  shooterDown: number;
  targetDown: number;
  missed: number;
}

export function emptySample(): LabSample {
  return {
    frames: 0,
    seconds: 0,
    predictionChecks: 0,
    predictionMisses: 0,
    largestPredictionError: 0,
    corrections: 0,
    correctionSizes: [],
    ownLag: [],
    ownJump: [],
    extrapolations: 0,
    holds: 0,
    freezes: 0,
    delayMs: [],
    jitterMs: [],
    remoteError: [],
    jerkDrawn: [],
    jerkTrue: [],
    behindMs: [],
    respawnLag: [],
    rttMs: [],
    screenHits: 0,
    registered: 0,
    shooterDown: 0,
    targetDown: 0,
    missed: 0,
    byWeapon: [0, 1, 2, 3].map(() => ({ screenHits: 0, registered: 0, shooterDown: 0, targetDown: 0, missed: 0 })),
  };
}

export class LabClient implements LabPlayer {
  readonly session: ArenaSession;
  readonly sample: LabSample = emptySample();
  private readonly pilot: ScriptedPilot;
  private readonly tuning = makeTuning(GAME.net.tickHz);
  private own: Point = { x: 0, y: 0 };
  private respawnedAt = -Infinity;
  private prevOwn?: Point;
  private prevIdeal?: Point;
  private wasAlive = false;
  private readonly lerped = new Map<string, Point & { frame: number }>();
  private frameNo = 0;
  private readonly tracks = new Map<string, RemoteTrack>();
  private readonly shotSeen = new Map<ShotView, Point>();
  /** Own shots that crossed a craft on this screen, with the craft and the step of the flight. */
  private readonly hitOnScreen = new Map<ShotView, { target: string; step: number }>();
  /** Own rockets that burst on this screen with other craft drawn inside the burst (not the one struck), and the step it burst at. */
  private readonly splashOnScreen = new Map<ShotView, { targets: string[]; step: number }>();
  /** The craft (by slot) each shot of the server's wounded or stopped, by shot id: splash included. */
  private readonly serverHits = new Map<number, Set<number>>();
  private measuring = false;
  private startedAt = 0;

  constructor(
    readonly kind: ClientKind,
    readonly room: Room<ArenaState>,
    private readonly truth: TruthLog,
    seed: number,
    pilot: PilotOptions = { hold: "each" },
  ) {
    this.pilot = new ScriptedPilot(seed, pilot);
    // The baselines report the world they draw: the latest patch.
    this.session = new ArenaSession(room, kind === "ours" ? {} : { viewTick: (s) => s.clock.newestTick });
    // Corrections of the predicted present, without the rules' own moves (downs, respawns).
    this.session.listeners.correction = (size, snapped, life) => {
      if (!snapped && !life) this.recordCorrection(size);
    };
    // What the server says each shot hit (a rocket's splash names its rocket too).
    this.session.listeners.event = (e) => {
      if (e.kind !== "hit") return;
      let hit = this.serverHits.get(e.shot);
      if (!hit) this.serverHits.set(e.shot, (hit = new Set()));
      hit.add(e.target);
    };
  }

  close(): void {
    this.session.close();
  }

  startMeasuring(now: number): void {
    this.measuring = true;
    this.startedAt = now;
    const s = this.session.stats;
    this.baseline = { checks: s.predictionChecks, misses: s.predictionMisses, corrections: s.corrections, extrapolations: s.extrapolations, holds: s.stalls };
    // The largest error is a running maximum: start it over with the measurement.
    s.largestPredictionError = 0;
  }

  private baseline = { checks: 0, misses: 0, corrections: 0, extrapolations: 0, holds: 0 };

  /** One frame: decide the controls from what this client draws, advance, measure. */
  frame(now: number): void {
    const s = this.session;
    this.frameNo++;
    s.frame(this.controls(now), now);
    if (!s.ready || !s.me) return;
    this.own = this.ownDrawn();
    if (this.measuring) this.measure(now);
  }

  // ---- what this client draws -------------------------------------------------------------

  /** Where this client draws its own craft. */
  private ownDrawn(): Point {
    const s = this.session;
    if (this.kind === "ours") return s.ownDrawn();
    const latest = { x: posFromWire(s.me!.x), y: posFromWire(s.me!.y) };
    return this.kind === "naive" ? latest : this.lerpToward("@own", latest);
  }

  /** Where this client draws a remote craft, and the tick that drawing intends to show. */
  private remoteDrawn(id: string): { at: Point; tick: number; alive: boolean } | undefined {
    const s = this.session;
    const r = s.remotes.get(id);
    if (!r) return undefined;
    if (this.kind === "ours") return { at: { x: r.drawn.x, y: r.drawn.y }, tick: s.renderTick, alive: r.drawn.alive };
    const newest = r.buffer.newest();
    if (!newest) return undefined;
    const at = this.kind === "naive" ? { x: newest.x, y: newest.y } : this.lerpToward(id, newest);
    return { at, tick: newest.tick, alive: newest.alive };
  }

  /** 20 % of the way to the target, once a frame (later reads in the same frame get the same point). */
  private lerpToward(key: string, target: Point): Point {
    let p = this.lerped.get(key);
    if (!p) this.lerped.set(key, (p = { x: target.x, y: target.y, frame: -1 }));
    if (p.frame !== this.frameNo) {
      p.frame = this.frameNo;
      p.x += (target.x - p.x) * 0.2;
      p.y += (target.y - p.y) * 0.2;
    }
    return { x: p.x, y: p.y };
  }

  /** Where this client draws an own shot now, if it shows it. */
  private shotDrawn(shot: ShotView): Point | undefined {
    const s = this.session;
    if (this.kind === "ours") return s.shotPosition(shot, { x: 0, y: 0 });
    // The baselines only know a shot once the server announces it, and draw it at the latest tick.
    if (shot.serverTick < 0) return undefined;
    const step = s.clock.newestTick - shot.serverTick;
    if (step < 0 || step > shot.flight.lastStep + 1) return undefined;
    const d = flightDistance(shot.flight, Math.min(step, shot.flight.lastStep), this.tuning.weapons[shot.weapon]);
    return { x: shot.flight.ox + shot.flight.dx * d, y: shot.flight.oy + shot.flight.dy * d };
  }

  // ---- the scripted player ----------------------------------------------------------------

  private controls(now: number): { buttons: number; aim: number } {
    const s = this.session;
    if (!s.ready || !s.me) return { buttons: 0, aim: 0 };
    const others: DrawnCraft[] = [];
    for (const id of s.remotes.keys()) {
      const d = this.remoteDrawn(id);
      if (d) others.push({ id, ...d });
    }
    return this.pilot.decide(now, this.own, others);
  }

  // ---- measurements -------------------------------------------------------------------------

  private measure(now: number): void {
    const s = this.session;
    const m = this.sample;
    m.frames++;
    m.seconds = (now - this.startedAt) / 1000;
    const alive = (s.me!.status & CraftStatus.Alive) !== 0;

    // Own craft: the ideal is where the inputs put it (the exact local simulation, drawn
    // with the same one-tick interpolation, without any correction offset).
    const p = s.prediction;
    const alpha = s.inputClock - Math.floor(s.inputClock);
    const ideal = { x: p.previous.x + (p.current.x - p.previous.x) * alpha, y: p.previous.y + (p.current.y - p.previous.y) * alpha };
    if (alive && !this.wasAlive) this.respawnedAt = now;
    if (alive && this.wasAlive) {
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

    // Remote craft: error against the true path at the tick the drawing intends; jerk and
    // freezes against the true path at a steadily advancing time (the session's render
    // clock), which is how the motion would look if it were drawn perfectly.
    const smoothTick = s.renderTick;
    if (s.remotes.size > 0) {
      const meant = this.kind === "ours" ? s.renderTick : s.clock.newestTick;
      m.behindMs.push(((this.truth.present() - meant) * 1000) / s.clock.tickHz);
    }
    for (const id of s.remotes.keys()) {
      const d = this.remoteDrawn(id);
      const truth = d ? this.truth.at(id, d.tick) : undefined;
      const steady = this.truth.at(id, smoothTick);
      let track = this.tracks.get(id);
      if (!d || !d.alive || !truth || !steady) {
        this.tracks.delete(id);
        continue;
      }
      if (!track) this.tracks.set(id, (track = newTrack()));
      followRemote(m, track, d.at, truth, steady);
    }

    // Hits on this screen: an own shot's drawn path crossing a craft as drawn.
    for (const shot of s.ownShots) {
      if (this.hitOnScreen.has(shot)) continue;
      const w = this.tuning.weapons[shot.weapon];
      const reach = w.radius + w.projectileRadius;
      const at = this.shotDrawn(shot);
      const seen = this.shotSeen.get(shot);
      if (!at) {
        if (seen && shot.weapon === Weapon.Rocket) this.burstOnScreen(shot);
        continue;
      }
      this.shotSeen.set(shot, at);
      // A projectile's drawn path is from frame to frame; a rail's beam is all there at once.
      const before = seen ?? (w.hitscan ? { x: shot.flight.ox, y: shot.flight.oy } : undefined);
      if (!before) continue;
      for (const id of s.remotes.keys()) {
        const d = this.remoteDrawn(id);
        if (!d || !d.alive) continue;
        if (segmentHitsCircle(before.x, before.y, at.x, at.y, d.at.x, d.at.y, reach) >= 0) {
          const step = w.hitscan ? 0 : Math.hypot(at.x - shot.flight.ox, at.y - shot.flight.oy) / w.projectileSpeedPerTick;
          this.hitOnScreen.set(shot, { target: id, step });
          // A rocket that strikes a craft bursts there, now: who else is inside?
          if (shot.weapon === Weapon.Rocket) this.burstOnScreen(shot);
          break;
        }
      }
    }
    m.delayMs.push(this.kind === "ours" ? (s.delayTicks * 1000) / s.clock.tickHz : 0);
    m.jitterMs.push(s.clock.jitterMs);
    m.rttMs.push(s.clock.rttMs);
  }

  /**
   * An own rocket's drawn flight is over: it burst where it struck a craft on this screen, or at
   * its flight's end. Every other craft drawn inside the burst (near enough to be hurt) is a
   * screen hit of its splash. Checked once per rocket.
   */
  private burstOnScreen(shot: ShotView): void {
    if (this.splashOnScreen.has(shot) || !this.measuring) return;
    const w = this.tuning.weapons[Weapon.Rocket];
    const f = shot.flight;
    const struck = this.hitOnScreen.get(shot);
    const step = struck ? struck.step : f.lastStep;
    const d = struck ? flightDistance(f, struck.step, w) : f.end;
    const x = f.ox + f.dx * d;
    const y = f.oy + f.dy * d;
    const targets: string[] = [];
    for (const id of this.session.remotes.keys()) {
      if (id === struck?.target) continue;
      const c = this.remoteDrawn(id);
      if (c?.alive && blastDamage(Math.hypot(c.at.x - x, c.at.y - y), w) > 0) targets.push(id);
    }
    this.splashOnScreen.set(shot, { targets, step });
  }

  /** Closes the books: counters since measuring began, and which on-screen hits the server counted. */
  finish(): LabSample {
    const s = this.session.stats;
    const m = this.sample;
    m.predictionChecks = s.predictionChecks - this.baseline.checks;
    m.predictionMisses = s.predictionMisses - this.baseline.misses;
    m.largestPredictionError = s.largestPredictionError;
    m.corrections = s.corrections - this.baseline.corrections;
    m.correctionSizes = [...this.correctionSizes];
    m.extrapolations = s.extrapolations - this.baseline.extrapolations;
    m.holds = s.stalls - this.baseline.holds;
    // Sort the screen hits the server did not count: a shot the server never fired (the
    // shooter was already down there), a target the server had already downed, or a true miss.
    m.screenHits = this.hitOnScreen.size;
    for (const [shot, { target, step }] of this.hitOnScreen) {
      const verdict = shot.confirmedHit ? "registered" : shot.serverTick < 0 ? "shooterDown" : !this.truth.at(target, shot.serverTick + step) ? "targetDown" : "missed";
      m[verdict]++;
      m.byWeapon[shot.weapon].screenHits++;
      m.byWeapon[shot.weapon][verdict]++;
    }
    // Splash: registered when the server's hits of that rocket name the craft.
    const rocket = m.byWeapon[Weapon.Rocket];
    for (const [shot, { targets, step }] of this.splashOnScreen) {
      for (const target of targets) {
        const slot = this.session.state.crafts.get(target)?.slot;
        const hit = slot !== undefined && this.serverHits.get(shot.id)?.has(slot);
        const verdict = hit ? "registered" : shot.serverTick < 0 ? "shooterDown" : !this.truth.at(target, shot.serverTick + step) ? "targetDown" : "missed";
        rocket.screenHits++;
        rocket.splash = (rocket.splash ?? 0) + 1;
        if (hit) rocket.splashRegistered = (rocket.splashRegistered ?? 0) + 1;
        rocket[verdict]++;
      }
    }
    return m;
  }

  private readonly correctionSizes: number[] = [];

  /** Called when the session reconciles (wired by the lab). */
  recordCorrection(size: number): void {
    if (this.measuring) this.correctionSizes.push(size);
  }
}
