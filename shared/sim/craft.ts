// Craft movement: the one place where the rules of motion are written. The server runs it
// as the truth; the client runs it to predict its own craft. It takes a craft state and one
// input and produces the next state (like Quake III's pmove), touching nothing else.

import type { Tuning } from "../config";
import { type ArenaWorld, moveCircle } from "./collision";
import { planFlight } from "./projectile";
import { aimDirection, snapPos, snapVel, type Vec } from "./quantize";
import { type Blast, blastPush, MAX_BLASTS, NO_SHOT, Weapon, weaponWish } from "./weapons";

export const Buttons = {
  Up: 1,
  Down: 2,
  Left: 4,
  Right: 8,
  Fire: 16,
  Dash: 32,
} as const;
/** Every bit an input may set: the buttons, and the weapon wished for in the top two (shared/sim/weapons). */
export const ALL_BUTTONS = 255;

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
  /** The weapon in hand (shared/sim/weapons Weapon). */
  weapon: Weapon;
  /** Shots left per weapon (index: Weapon; the blaster's is unused). */
  ammo: [number, number, number, number];
  /** Steps until a charging rail fires (0: not charging). */
  charge: number;
  /** The craft's own rockets that will burst near enough to matter, oldest first (at most MAX_BLASTS). */
  blasts: Blast[];
  /**
   * Counts the times the rules pushed or re-armed this craft from outside its own step (a
   * blast it did not arm itself, a rocket that burst early on someone): the owner treats a
   * change as the rules at work, like a respawn, not as a misprediction.
   */
  knocks: number;
}

export function newCraftState(x: number, y: number, aim = 0, mode: MoveMode = MoveMode.Fly): CraftState {
  return { x, y, vx: 0, vy: 0, aim, dashTicks: 0, dashCooldown: 0, fireCooldown: 0, mode, weapon: Weapon.Blaster, ammo: [0, 0, 0, 0], charge: 0, blasts: [], knocks: 0 };
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
  to.weapon = from.weapon;
  to.ammo[0] = from.ammo[0];
  to.ammo[1] = from.ammo[1];
  to.ammo[2] = from.ammo[2];
  to.ammo[3] = from.ammo[3];
  to.charge = from.charge;
  to.blasts.length = from.blasts.length;
  for (let i = 0; i < from.blasts.length; i++) {
    const b = from.blasts[i];
    const o = to.blasts[i];
    if (o && o !== b) {
      o.ticks = b.ticks;
      o.x = b.x;
      o.y = b.y;
    } else to.blasts[i] = { ticks: b.ticks, x: b.x, y: b.y };
  }
  to.knocks = from.knocks;
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
    a.mode === b.mode &&
    a.weapon === b.weapon &&
    a.ammo[1] === b.ammo[1] &&
    a.ammo[2] === b.ammo[2] &&
    a.ammo[3] === b.ammo[3] &&
    a.charge === b.charge &&
    a.knocks === b.knocks &&
    sameBlasts(a.blasts, b.blasts)
  );
}

function sameBlasts(a: readonly Blast[], b: readonly Blast[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].ticks !== b[i].ticks || a[i].x !== b[i].x || a[i].y !== b[i].y) return false;
  return true;
}

const dir: Vec = { x: 0, y: 0 };

/**
 * Advances a craft by one step of input, in place. Returns the weapon the step fires, or
 * NO_SHOT (the shot leaves from the craft's new position along `input.aim`). A rocket it fires
 * is armed in `c.blasts` when it will burst near enough to push the craft.
 */
export function stepCraft(c: CraftState, input: CraftInput, world: ArenaWorld, t: Tuning): number {
  if (c.mode !== MoveMode.Fly) return NO_SHOT;
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

  // Keys 1–4: a weapon with ammo (or the blaster) comes to hand; the trigger waits a moment.
  const wish = weaponWish(b);
  if (wish !== c.weapon && (wish === Weapon.Blaster || c.ammo[wish] > 0)) {
    c.weapon = wish;
    c.charge = 0;
    c.fireCooldown = Math.max(c.fireCooldown, t.switchTicks);
  }

  // The craft's own rockets bursting near it push it (rocket-dashing).
  for (let i = 0; i < c.blasts.length; ) {
    const blast = c.blasts[i];
    if (--blast.ticks > 0) {
      i++;
      continue;
    }
    blastPush(c, blast.x, blast.y, t.weapons[Weapon.Rocket]);
    c.blasts.splice(i, 1);
  }

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

  return pullTrigger(c, (b & Buttons.Fire) !== 0, world, t);
}

/** Fires the weapon in hand when the trigger allows; a rail charges first, then fires on its own. */
function pullTrigger(c: CraftState, held: boolean, world: ArenaWorld, t: Tuning): number {
  const w = t.weapons[c.weapon];
  if (c.charge > 0) {
    if (--c.charge > 0) return NO_SHOT;
  } else {
    if (!held || c.fireCooldown > 0) return NO_SHOT;
    c.fireCooldown = w.cadenceTicks;
    if (w.chargeTicks > 0) {
      c.charge = w.chargeTicks;
      return NO_SHOT;
    }
  }
  const fired = c.weapon;
  if (fired === Weapon.Rocket) armBlast(c, world, t);
  if (fired !== Weapon.Blaster && --c.ammo[fired] <= 0) {
    c.ammo[fired] = 0;
    c.weapon = Weapon.Blaster;
  }
  return fired;
}

/**
 * A rocket flies straight until a wall or its range: where and when it bursts is known as it
 * leaves (unless it meets a craft first: the server then says so through `knocks`). A burst
 * close enough to push its own pilot is remembered, on the position grid both sides share.
 */
function armBlast(c: CraftState, world: ArenaWorld, t: Tuning): void {
  const w = t.weapons[Weapon.Rocket];
  const flight = planFlight({ x: c.x, y: c.y, aim: c.aim, tick: 0 }, world, w);
  const x = snapPos(flight.ox + flight.dx * flight.end);
  const y = snapPos(flight.oy + flight.dy * flight.end);
  // Farther than the craft can travel before the burst plus the splash: it cannot matter.
  const reach = w.splashRadius + w.radius + t.dashSpeed * t.dt * (flight.lastStep + 1);
  if (Math.hypot(x - c.x, y - c.y) > reach) return;
  if (c.blasts.length >= MAX_BLASTS) c.blasts.shift();
  // It bursts on the tick it reaches its end; the push comes with the next input after that.
  c.blasts.push({ ticks: flight.lastStep + 1, x, y });
}
