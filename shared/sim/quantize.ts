// Fixed-point grids for everything the simulation keeps between ticks. The server snaps its
// authoritative state to these grids every tick and replicates it exactly, so a client that
// replays the same inputs from a replicated state lands on bit-identical numbers.

/** Positions are kept in 1/16 of a unit (replicated as uint16: up to 4096 units). */
export const POS_SCALE = 16;
/** Velocities are kept in 1/16 of a unit per second (replicated as int16: ±2048 u/s). */
export const VEL_SCALE = 16;
/** Aim is a 16-bit angle: 65536 steps per turn. */
export const AIM_STEPS = 65536;

export const snapPos = (v: number): number => Math.round(v * POS_SCALE) / POS_SCALE;
/** Truncates toward zero so friction always brings a craft to a full stop. */
export const snapVel = (v: number): number => Math.trunc(v * VEL_SCALE) / VEL_SCALE;

export const posToWire = (v: number): number => Math.round(v * POS_SCALE);
export const posFromWire = (w: number): number => w / POS_SCALE;
export const velToWire = (v: number): number => Math.round(v * VEL_SCALE);
export const velFromWire = (w: number): number => w / VEL_SCALE;

export function aimToRadians(aim: number): number {
  return (aim / AIM_STEPS) * Math.PI * 2;
}

export function radiansToAim(radians: number): number {
  const turn = radians / (Math.PI * 2);
  const wrapped = turn - Math.floor(turn);
  return Math.round(wrapped * AIM_STEPS) % AIM_STEPS;
}

/** The aim's 8-bit form, replicated to other players for drawing turrets. */
export const aimToByte = (aim: number): number => (aim >>> 8) & 0xff;
export const aimFromByte = (b: number): number => (b & 0xff) << 8;

// Direction vectors are rounded to a 1/32768 grid so a last-bit difference between two
// engines' Math.cos cannot change where a shot flies.
const DIR_SCALE = 32768;
export interface Vec {
  x: number;
  y: number;
}

export function aimDirection(aim: number, out: Vec = { x: 0, y: 0 }): Vec {
  const a = aimToRadians(aim);
  out.x = Math.round(Math.cos(a) * DIR_SCALE) / DIR_SCALE;
  out.y = Math.round(Math.sin(a) * DIR_SCALE) / DIR_SCALE;
  return out;
}
