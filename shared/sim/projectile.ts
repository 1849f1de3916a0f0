// Projectile flight. A shot is fully described by how it was fired (origin, aim, tick), so
// the state replicates only that, once, and every client computes the whole flight itself:
// the same straight line, stopping at the same wall, as the server.

import type { Tuning } from "../config";

/** What a flight needs to know of its weapon: the Tuning itself (the blaster), or one of `Tuning.weapons`. */
export type Ballistics = Pick<Tuning, "radius" | "projectileSpeedPerTick" | "projectileRadius" | "range" | "muzzle">;
import { type ArenaWorld, castRay, segmentHitsCircle } from "./collision";
import { aimDirection } from "./quantize";

/** How a shot was fired. */
export interface Shot {
  /** Centre of the craft that fired, on the position grid. */
  x: number;
  y: number;
  aim: number;
  /** Server tick on which it was fired. */
  tick: number;
}

/** A shot's whole path, planned once when it is fired. */
export interface Flight {
  ox: number;
  oy: number;
  dx: number;
  dy: number;
  /** Distance from the origin where it stops: a wall, or the end of its range. */
  end: number;
  /** True when it stops against a wall (a spark), false when it fades at full range. */
  hitsWall: boolean;
  /** Number of ticks after the firing tick on which it reaches `end`. */
  lastStep: number;
}

export function planFlight(shot: Shot, world: ArenaWorld, t: Ballistics): Flight {
  const dir = aimDirection(shot.aim);
  const wall = castRay(shot.x, shot.y, dir.x, dir.y, t.range, t.projectileRadius, world);
  const end = Math.min(wall, t.range);
  return {
    ox: shot.x,
    oy: shot.y,
    dx: dir.x,
    dy: dir.y,
    end,
    hitsWall: wall <= t.range,
    lastStep: Math.max(0, Math.ceil((end - t.muzzle) / t.projectileSpeedPerTick)),
  };
}

/**
 * Distance from the origin after `step` ticks of flight (fractional steps are fine for
 * drawing). Step 0 is the firing tick, when the shot is at the muzzle.
 */
export function flightDistance(f: Flight, step: number, t: Ballistics): number {
  if (step < 0) return 0;
  const d = t.muzzle + step * t.projectileSpeedPerTick;
  return d < f.end ? d : f.end;
}

/**
 * The part of the path swept during tick `step`: from the previous step's point (or the
 * craft's centre on the firing tick) to this step's. Hits are judged along it.
 */
export function sweptSegment(f: Flight, step: number, t: Ballistics): [number, number] {
  return [step === 0 ? 0 : flightDistance(f, step - 1, t), flightDistance(f, step, t)];
}

export interface Contact<T> {
  target: T;
  x: number;
  y: number;
}

/**
 * The craft a shot touches first during tick `step` of its flight, and where. `where` says
 * where a target is for this judgement (server: its rewound position; client: where it was
 * drawn), or undefined when it cannot be hit.
 */
export function firstContact<T>(
  f: Flight,
  step: number,
  t: Ballistics,
  targets: Iterable<T>,
  where: (target: T) => { x: number; y: number } | undefined,
): Contact<T> | undefined {
  const [d0, d1] = sweptSegment(f, step, t);
  const ax = f.ox + f.dx * d0;
  const ay = f.oy + f.dy * d0;
  const bx = f.ox + f.dx * d1;
  const by = f.oy + f.dy * d1;
  return firstAlong(ax, ay, bx, by, t.radius + t.projectileRadius, targets, where);
}

/**
 * The target whose circle (of radius `reach` around where `where` puts it) the segment from
 * (ax, ay) to (bx, by) touches first, where, and how far along (0..1). Shots and beams alike.
 */
export function firstAlong<T>(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  reach: number,
  targets: Iterable<T>,
  where: (target: T) => { x: number; y: number } | undefined,
): (Contact<T> & { along: number }) | undefined {
  let best = 2;
  let hit: T | undefined;
  for (const target of targets) {
    const at = where(target);
    if (!at) continue;
    const along = segmentHitsCircle(ax, ay, bx, by, at.x, at.y, reach);
    if (along >= 0 && along < best) {
      best = along;
      hit = target;
    }
  }
  return hit === undefined ? undefined : { target: hit, x: ax + (bx - ax) * best, y: ay + (by - ay) * best, along: best };
}
