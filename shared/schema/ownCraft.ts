// The owner's craft across the wire: what the server writes into the owner's view of its
// Craft, and how the owner reads it back into the simulation's CraftState to reconcile.
// One pair, side by side, used by the server, the page and the tests alike.

import type { Tuning } from "../config";
import { countdownFromSeq, countdownToSeq } from "../net/ackClock";
import { type CraftState, MoveMode, newCraftState } from "../sim/craft";
import { MAX_BLASTS } from "../sim/weapons";
import { posFromWire, posToWire, velFromWire, velToWire } from "../sim/quantize";
import { type Craft, CraftStatus, Phase } from "./ArenaState";

/** Writes a craft's simulated state into its schema, as of input `ack` (the last applied). */
export function writeOwnCraft(w: Craft, c: CraftState, ack: number): void {
  w.setPos(posToWire(c.x), posToWire(c.y));
  w.setVel(velToWire(c.vx), velToWire(c.vy));
  w.ack = ack & 0xffff;
  // A frozen craft's countdowns stand still while its inputs run on: left alone, their
  // "runs out at input" values would change on every patch, for nothing (the owner does
  // not predict a frozen craft).
  if (c.mode !== MoveMode.Fly) return;
  w.fireReadyAt = countdownToSeq(c.fireCooldown, ack, w.fireReadyAt);
  w.dashReadyAt = countdownToSeq(c.dashCooldown, ack, w.dashReadyAt);
  w.dashEndsAt = countdownToSeq(c.dashTicks, ack, w.dashEndsAt);
  w.weapon = c.weapon;
  w.ammo = (c.ammo[1] | (c.ammo[2] << 8) | (c.ammo[3] << 16)) >>> 0;
  w.chargeEndsAt = countdownToSeq(c.charge, ack, w.chargeEndsAt);
  w.knocks = c.knocks & 0xff;
  const [b0, b1] = c.blasts;
  w.blastAt0 = b0 ? countdownToSeq(b0.ticks, ack, w.blastAt0) : 0;
  w.blastPos0 = b0 ? packPos(b0.x, b0.y) : 0;
  w.blastAt1 = b1 ? countdownToSeq(b1.ticks, ack, w.blastAt1) : 0;
  w.blastPos1 = b1 ? packPos(b1.x, b1.y) : 0;
}

const packPos = (x: number, y: number): number => (((posToWire(x) & 0xffff) << 16) | (posToWire(y) & 0xffff)) >>> 0;

/**
 * Reads the owner's craft back as the simulation state right after input `ack` (the full
 * sequence number the 16-bit `w.ack` stands for). The turret is the owner's own `aim`.
 */
export function readOwnCraft(w: Craft, phase: number, ack: number, aim: number, t: Tuning, out: CraftState = newCraftState(0, 0)): CraftState {
  out.x = posFromWire(w.x);
  out.y = posFromWire(w.y);
  out.vx = velFromWire(w.vx);
  out.vy = velFromWire(w.vy);
  out.aim = aim;
  out.dashTicks = countdownFromSeq(w.dashEndsAt, ack, t.dashTicks);
  out.dashCooldown = countdownFromSeq(w.dashReadyAt, ack, t.dashCooldownTicks);
  out.fireCooldown = countdownFromSeq(w.fireReadyAt, ack, t.longestCooldownTicks);
  out.mode = (w.status & CraftStatus.Alive) !== 0 && phase === Phase.Playing ? MoveMode.Fly : MoveMode.Frozen;
  out.weapon = w.weapon as CraftState["weapon"];
  out.ammo[0] = 0;
  out.ammo[1] = w.ammo & 0xff;
  out.ammo[2] = (w.ammo >>> 8) & 0xff;
  out.ammo[3] = (w.ammo >>> 16) & 0xff;
  out.charge = countdownFromSeq(w.chargeEndsAt, ack, t.weapons[2].chargeTicks);
  out.knocks = w.knocks;
  out.blasts.length = 0;
  const life = t.weapons[3].range / t.weapons[3].projectileSpeedPerTick + 2;
  for (const [at, pos] of [
    [w.blastAt0, w.blastPos0],
    [w.blastAt1, w.blastPos1],
  ] as const) {
    const ticks = countdownFromSeq(at, ack, life);
    if (pos !== 0 && ticks > 0 && out.blasts.length < MAX_BLASTS) out.blasts.push({ ticks, x: posFromWire(pos >>> 16), y: posFromWire(pos & 0xffff) });
  }
  return out;
}
