// The arsenal's rules that both sides run: which weapon a craft holds, when its trigger fires
// (the rail charges first), where a scatter's pellets go (from one seed, so every client
// draws the same ones), and what a rocket's blast does to a craft it reaches (damage and a
// push that fall off with distance). Numbers are in GAME.gun / GAME.arsenal (shared/config).

import type { Tuning, WeaponTuning } from "../config";
import { type ArenaWorld, castRay } from "./collision";
import { firstAlong } from "./projectile";
import { aimDirection, AIM_STEPS } from "./quantize";
import { SeededRandom } from "./random";

export const Weapon = {
  Blaster: 0,
  Scatter: 1,
  Rail: 2,
  Rocket: 3,
} as const;
export type Weapon = (typeof Weapon)[keyof typeof Weapon];
export const WEAPON_NAMES = ["blaster", "scatter", "rail", "rocket"] as const;
export type WeaponName = (typeof WEAPON_NAMES)[number];

/** stepCraft's answer when a step fires nothing. */
export const NO_SHOT = -1;

/** The weapon an input asks to hold rides in the buttons' top two bits (keys 1–4). */
const WISH_SHIFT = 6;
export const weaponWish = (buttons: number): Weapon => ((buttons >> WISH_SHIFT) & 3) as Weapon;
export const withWeaponWish = (buttons: number, weapon: Weapon): number => (buttons & ((1 << WISH_SHIFT) - 1)) | (weapon << WISH_SHIFT);

/** A rocket's burst, armed when it is fired: it goes off after `ticks` more inputs at (x, y). */
export interface Blast {
  ticks: number;
  x: number;
  y: number;
}

/** At most this many of a craft's own rockets are tracked for their push (more cannot be in the air near it). */
export const MAX_BLASTS = 2;

/**
 * The pellets' aims for a scatter shot: fanned evenly over the spread, each nudged by the
 * shot's seed (its owner and input), in 16-bit aim units.
 */
export function pelletAims(aim: number, seed: number, w: WeaponTuning, out: number[] = []): number[] {
  out.length = 0;
  const rng = new SeededRandom(seed * 2654435761);
  const step = w.pellets > 1 ? w.spread / (w.pellets - 1) : 0;
  for (let i = 0; i < w.pellets; i++) {
    const offset = (i - (w.pellets - 1) / 2) * step + (rng.next() - 0.5) * step * 0.6;
    out.push((aim + Math.round((offset / (2 * Math.PI)) * AIM_STEPS) + AIM_STEPS) % AIM_STEPS);
  }
  return out;
}

/** The seed of a shot's pellets: its owner's slot and the input that fired it. */
export const pelletSeed = (owner: number, seq: number): number => ((owner & 0xff) << 8) | (seq & 0xff);

/** A blast's damage to a craft `distance` from its centre (0 beyond the splash radius). */
export function blastDamage(distance: number, w: WeaponTuning): number {
  const edge = w.splashRadius + w.radius;
  return distance >= edge ? 0 : Math.round(w.splashDamage * (1 - distance / edge));
}

/**
 * Pushes a craft away from a blast at (x, y): a speed of `knockback` at the centre, falling to
 * nothing at the splash's edge. Returns whether it reached the craft. Velocities stay on the grid
 * the step keeps them on (the caller snaps).
 */
export function blastPush(c: { x: number; y: number; vx: number; vy: number; aim: number }, x: number, y: number, w: WeaponTuning): boolean {
  const dx = c.x - x;
  const dy = c.y - y;
  const d = Math.sqrt(dx * dx + dy * dy);
  const edge = w.splashRadius + w.radius;
  if (d >= edge) return false;
  const push = w.knockback * (1 - d / edge);
  if (d > 1e-6) {
    c.vx += (dx / d) * push;
    c.vy += (dy / d) * push;
  } else {
    // Right on top of it: pushed back from where the turret points.
    const dir = aimDirection(c.aim);
    c.vx -= dir.x * push;
    c.vy -= dir.y * push;
  }
  return true;
}

/** Where a rail shot from (x, y) along `aim` stops against the walls (distance). */
export function railReach(x: number, y: number, aim: number, world: ArenaWorld, t: Tuning): number {
  const w = t.weapons[Weapon.Rail];
  const dir = aimDirection(aim);
  return Math.min(w.range, castRay(x, y, dir.x, dir.y, w.range, w.projectileRadius, world));
}

/**
 * The first target a rail beam from (x, y) along `aim` touches before `reach`, and where;
 * `where` says where a target is for this judgement (the server: as the shooter saw it).
 */
export function railContact<T>(
  x: number,
  y: number,
  aim: number,
  reach: number,
  t: Tuning,
  targets: Iterable<T>,
  where: (target: T) => { x: number; y: number } | undefined,
): { target: T; x: number; y: number; distance: number } | undefined {
  const dir = aimDirection(aim);
  const contact = firstAlong(x, y, x + dir.x * reach, y + dir.y * reach, t.radius + t.weapons[Weapon.Rail].projectileRadius, targets, where);
  return contact && { target: contact.target, x: contact.x, y: contact.y, distance: reach * contact.along };
}
