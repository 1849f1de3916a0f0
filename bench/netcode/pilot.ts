// The lab's scripted player, shared by every kind of client so they all play alike: it wanders,
// drifts toward the nearest craft it draws when far, turns its turret on it and fires when close,
// and dashes now and then. It decides only from what its own client draws. Given the arsenal,
// it holds each weapon in turn (a few seconds each), so every weapon is measured alike; or one
// weapon, leading its target as a player would (the arsenal lab, for many hits per weapon).

import { Buttons } from "../../shared/sim/craft";
import { radiansToAim } from "../../shared/sim/quantize";
import { type Weapon, withWeaponWish } from "../../shared/sim/weapons";
import { SeededRandom } from "../../shared/sim/random";

export interface Point {
  x: number;
  y: number;
}

/** A craft as one client draws it. */
export interface DrawnCraft {
  /** Which craft (to follow its drawn motion from frame to frame, for leading it). */
  id?: string;
  at: Point;
  alive: boolean;
}

export interface PilotOptions {
  /** Every weapon in turn (the lab keeps these pilots' ammo topped up), or this one only. Default: the blaster. */
  hold?: "each" | Weapon;
  /**
   * Aim where the target will be when the shot gets there, from its drawn motion: the speed of
   * the held weapon's shots (units a millisecond; 0 for a hitscan weapon, aimed straight).
   */
  lead?: (weapon: Weapon) => number;
}

/** How long the pilot holds each weapon. */
const ARSENAL_TURN_MS = 6000;

const MOVES = [Buttons.Right, Buttons.Right | Buttons.Down, Buttons.Down, Buttons.Down | Buttons.Left, Buttons.Left, Buttons.Left | Buttons.Up, Buttons.Up, Buttons.Up | Buttons.Right];

export class ScriptedPilot {
  private readonly rng: SeededRandom;
  private move = 0;
  private nextTurn = 0;
  /** Each craft's drawn place last frame, and its drawn velocity (units a millisecond, smoothed). */
  private readonly seen = new Map<string, { x: number; y: number; t: number; vx: number; vy: number }>();

  constructor(
    seed: number,
    private readonly opts: PilotOptions = {},
  ) {
    this.rng = new SeededRandom(seed);
  }

  /** The weapon held at `now`: each for ARSENAL_TURN_MS in turn, or the one it was given. */
  weaponAt(now: number): Weapon {
    const hold = this.opts.hold ?? 0;
    return (hold === "each" ? Math.floor(now / ARSENAL_TURN_MS) % 4 : hold) as Weapon;
  }

  /** This frame's controls, from where the own craft and the others are drawn. */
  decide(now: number, own: Point, others: Iterable<DrawnCraft>): { buttons: number; aim: number } {
    let nearest: Point | undefined;
    let nearestId: string | undefined;
    let best = Infinity;
    for (const d of others) {
      if (d.id !== undefined) this.follow(d, now);
      if (!d.alive) continue;
      const dist = Math.hypot(d.at.x - own.x, d.at.y - own.y);
      if (dist < best) {
        best = dist;
        nearest = d.at;
        nearestId = d.id;
      }
    }
    if (now >= this.nextTurn) {
      // Wander, but drift toward the nearest craft when far, so fights happen.
      if (nearest && best > 450 && this.rng.next() < 0.6) {
        const sector = Math.round(Math.atan2(nearest.y - own.y, nearest.x - own.x) / (Math.PI / 4));
        this.move = MOVES[((sector % 8) + 8) % 8];
      } else {
        this.move = MOVES[this.rng.int(MOVES.length)];
      }
      this.nextTurn = now + 300 + this.rng.int(700);
    }
    let buttons = this.move;
    let aim = 0;
    if (nearest) {
      const target = this.leadOn(nearest, nearestId, own, now);
      aim = radiansToAim(Math.atan2(target.y - own.y, target.x - own.x));
      if (best < 750) buttons |= Buttons.Fire;
    }
    if (this.rng.next() < 0.008) buttons |= Buttons.Dash;
    return { buttons: withWeaponWish(buttons, this.weaponAt(now)), aim };
  }

  /** Keeps a craft's drawn velocity, smoothed over a few frames. */
  private follow(d: DrawnCraft, now: number): void {
    const last = this.seen.get(d.id!);
    if (!last || !d.alive || now - last.t > 200) {
      this.seen.set(d.id!, { x: d.at.x, y: d.at.y, t: now, vx: 0, vy: 0 });
      return;
    }
    const dt = now - last.t;
    if (dt <= 0) return;
    const k = 0.3;
    last.vx += ((d.at.x - last.x) / dt - last.vx) * k;
    last.vy += ((d.at.y - last.y) / dt - last.vy) * k;
    last.x = d.at.x;
    last.y = d.at.y;
    last.t = now;
  }

  /** Where to aim at `target`: where its drawn motion takes it by the time the shot arrives. */
  private leadOn(target: Point, id: string | undefined, own: Point, now: number): Point {
    const speed = this.opts.lead?.(this.weaponAt(now)) ?? 0;
    const v = id === undefined ? undefined : this.seen.get(id);
    if (speed <= 0 || !v) return target;
    let at = target;
    // Two rounds: the flight time to where it will be, then to there again.
    for (let i = 0; i < 2; i++) {
      const t = Math.hypot(at.x - own.x, at.y - own.y) / speed;
      at = { x: target.x + v.vx * t, y: target.y + v.vy * t };
    }
    return at;
  }
}

/** RMS-able jerk of the last four points: their third difference. */
export function jerk(p: Point[]): number {
  const n = p.length;
  const jx = p[n - 1].x - 3 * p[n - 2].x + 3 * p[n - 3].x - p[n - 4].x;
  const jy = p[n - 1].y - 3 * p[n - 2].y + 3 * p[n - 3].y - p[n - 4].y;
  return Math.hypot(jx, jy);
}

/** What the lab follows of one other craft over the last frames: as drawn, and its true path. */
export interface RemoteTrack {
  drawn: Point[];
  truth: Point[];
  frozenSince: number;
}

export const newTrack = (): RemoteTrack => ({ drawn: [], truth: [], frozenSince: -1 });

/** The figures every kind of client gives about drawing others (see LabSample). */
export interface RemoteFigures {
  frames: number;
  remoteError: number[];
  freezes: number;
  jerkDrawn: number[];
  jerkTrue: number[];
}

/**
 * One frame of another craft: its error against the true path at the tick the drawing
 * intends (`truth`), and freezes and jerk against the true path at a steady clock (`steady`),
 * which is how the motion would look drawn perfectly.
 */
export function followRemote(m: RemoteFigures, track: RemoteTrack, at: Point, truth: Point, steady: Point): void {
  m.remoteError.push(Math.hypot(at.x - truth.x, at.y - truth.y));
  const lastDrawn = track.drawn[track.drawn.length - 1];
  const lastSteady = track.truth[track.truth.length - 1];
  if (lastDrawn && lastSteady) {
    const drawnStill = lastDrawn.x === at.x && lastDrawn.y === at.y;
    const reallyMoving = Math.hypot(steady.x - lastSteady.x, steady.y - lastSteady.y) > 0.5;
    if (drawnStill && reallyMoving) {
      if (track.frozenSince < 0) track.frozenSince = m.frames;
      // Three frames without a move while the craft really moves is a visible freeze.
      if (m.frames - track.frozenSince === 2) m.freezes++;
    } else {
      track.frozenSince = -1;
    }
  }
  track.drawn.push(at);
  track.truth.push(steady);
  if (track.drawn.length >= 4) {
    m.jerkDrawn.push(jerk(track.drawn));
    m.jerkTrue.push(jerk(track.truth));
    track.drawn.shift();
    track.truth.shift();
  }
}
