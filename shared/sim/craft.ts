// Craft movement: the one place where the rules of motion are written. The server runs it
// as the truth; the client runs it to predict its own craft. It takes a craft state and one
// input and produces the next state (like Quake III's pmove), touching nothing else.

import type { Tuning } from "../config";
import { type ArenaWorld, moveCircle } from "./collision";
import { aimDirection, snapPos, snapVel, type Vec } from "./quantize";

export const Buttons = {
  Up: 1,
  Down: 2,
  Left: 4,
  Right: 8,
  Fire: 16,
  Dash: 32,
} as const;
export const ALL_BUTTONS = 63;

/**
 * Whether the step moves a craft at all, decided here for both sides (Quake III's pm_type):
 * a craft that is down, or in a match between rounds, takes inputs but does not move,
 * turn, count down or fire.
 */
export const MoveMode = {
  Fly: 0,
  Frozen: 1,
} as const;
export type MoveMode = (typeof MoveMode)[keyof typeof MoveMode];

/** What one fixed step of a player's controls says. */
export interface CraftInput {
  buttons: number;
  /** 16-bit angle: 0 points along +x, increasing clockwise on screen (y grows downward). */
  aim: number;
}

/** Everything about a craft that carries from one step to the next. */
export interface CraftState {
  x: number;
  y: number;
  vx: number;
  vy: number;
  aim: number;
  /** Steps left in a dash under way. */
  dashTicks: number;
  /** Steps until the dash may be used again. */
  dashCooldown: number;
  /** Steps until the gun may fire again. */
  fireCooldown: number;
  mode: MoveMode;
}

export function newCraftState(x: number, y: number, aim = 0, mode: MoveMode = MoveMode.Fly): CraftState {
  return { x, y, vx: 0, vy: 0, aim, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, mode };
}

export function copyCraftState(from: CraftState, to: CraftState = newCraftState(0, 0)): CraftState {
  to.x = from.x;
  to.y = from.y;
  to.vx = from.vx;
  to.vy = from.vy;
  to.aim = from.aim;
  to.dashTicks = from.dashTicks;
  to.dashCooldown = from.dashCooldown;
  to.fireCooldown = from.fireCooldown;
  to.mode = from.mode;
  return to;
}

export function sameCraftState(a: CraftState, b: CraftState): boolean {
  return (
    a.x === b.x &&
    a.y === b.y &&
    a.vx === b.vx &&
    a.vy === b.vy &&
    a.dashTicks === b.dashTicks &&
    a.dashCooldown === b.dashCooldown &&
    a.fireCooldown === b.fireCooldown &&
    a.mode === b.mode
  );
}

const dir: Vec = { x: 0, y: 0 };

/**
 * Advances a craft by one step of input, in place. Returns true when the step fires a shot
 * (the shot leaves from the craft's new position along `input.aim`).
 */
export function stepCraft(c: CraftState, input: CraftInput, world: ArenaWorld, t: Tuning): boolean {
  if (c.mode !== MoveMode.Fly) return false;
  const b = input.buttons;
  let wx = (b & Buttons.Right ? 1 : 0) - (b & Buttons.Left ? 1 : 0);
  let wy = (b & Buttons.Down ? 1 : 0) - (b & Buttons.Up ? 1 : 0);
  if (wx !== 0 && wy !== 0) {
    wx *= Math.SQRT1_2;
    wy *= Math.SQRT1_2;
  }
  c.aim = input.aim;
  if (c.dashCooldown > 0) c.dashCooldown--;
  if (c.fireCooldown > 0) c.fireCooldown--;

  if (b & Buttons.Dash && c.dashCooldown === 0 && c.dashTicks === 0) {
    // Dash where the keys point, or where the turret points when no key is held.
    if (wx === 0 && wy === 0) {
      aimDirection(input.aim, dir);
    } else {
      dir.x = wx;
      dir.y = wy;
    }
    c.vx = dir.x * t.dashSpeed;
    c.vy = dir.y * t.dashSpeed;
    c.dashTicks = t.dashTicks;
    c.dashCooldown = t.dashCooldownTicks;
  }

  if (c.dashTicks > 0) {
    c.dashTicks--;
  } else {
    // Steer the velocity straight toward the wished one. Every point on that path is no
    // faster than the faster end, so this never pushes a craft past its top speed.
    const tx = wx * t.maxSpeed;
    const ty = wy * t.maxSpeed;
    const ex = tx - c.vx;
    const ey = ty - c.vy;
    const gap = Math.sqrt(ex * ex + ey * ey);
    const limit = wx === 0 && wy === 0 ? t.brakePerTick : t.accelPerTick;
    if (gap <= limit) {
      c.vx = tx;
      c.vy = ty;
    } else {
      c.vx += (ex / gap) * limit;
      c.vy += (ey / gap) * limit;
    }
  }

  const speed = Math.sqrt(c.vx * c.vx + c.vy * c.vy);
  if (speed > t.dashSpeed) {
    c.vx *= t.dashSpeed / speed;
    c.vy *= t.dashSpeed / speed;
  }

  moveCircle(c, c.vx * t.dt, c.vy * t.dt, t.radius, world);
  c.x = snapPos(c.x);
  c.y = snapPos(c.y);
  c.vx = snapVel(c.vx);
  c.vy = snapVel(c.vy);

  if (b & Buttons.Fire && c.fireCooldown === 0) {
    c.fireCooldown = t.fireCooldownTicks;
    return true;
  }
  return false;
}
