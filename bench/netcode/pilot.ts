// The lab's scripted player, shared by every kind of client so they all play alike: it wanders,
// drifts toward the nearest craft it draws when far, turns its turret on it and fires when close,
// and dashes now and then. It decides only from what its own client draws. Given the arsenal,
// it holds each weapon in turn (a few seconds each), so every weapon is measured alike.

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
  at: Point;
  alive: boolean;
}

/** How long the pilot holds each weapon. */
const ARSENAL_TURN_MS = 6000;

const MOVES = [Buttons.Right, Buttons.Right | Buttons.Down, Buttons.Down, Buttons.Down | Buttons.Left, Buttons.Left, Buttons.Left | Buttons.Up, Buttons.Up, Buttons.Up | Buttons.Right];

export class ScriptedPilot {
  private readonly rng: SeededRandom;
  private move = 0;
  private nextTurn = 0;

  constructor(
    seed: number,
    /** Hold every weapon in turn (the lab keeps these pilots' ammo topped up). */
    private readonly arsenal = false,
  ) {
    this.rng = new SeededRandom(seed);
  }

  /** The weapon held at `now`: each for ARSENAL_TURN_MS, in turn (blaster only without the arsenal). */
  weaponAt(now: number): Weapon {
    return (this.arsenal ? Math.floor(now / ARSENAL_TURN_MS) % 4 : 0) as Weapon;
  }

  /** This frame's controls, from where the own craft and the others are drawn. */
  decide(now: number, own: Point, others: Iterable<DrawnCraft>): { buttons: number; aim: number } {
    let nearest: Point | undefined;
    let best = Infinity;
    for (const d of others) {
      if (!d.alive) continue;
      const dist = Math.hypot(d.at.x - own.x, d.at.y - own.y);
      if (dist < best) {
        best = dist;
        nearest = d.at;
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
      aim = radiansToAim(Math.atan2(nearest.y - own.y, nearest.x - own.x));
      if (best < 750) buttons |= Buttons.Fire;
    }
    if (this.rng.next() < 0.008) buttons |= Buttons.Dash;
    return { buttons: withWeaponWish(buttons, this.weaponAt(now)), aim };
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
