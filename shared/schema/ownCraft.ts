// The owner's craft across the wire: what the server writes into the owner's view of its
// Craft, and how the owner reads it back into the simulation's CraftState to reconcile.
// One pair, side by side, used by the server, the page and the tests alike.

import type { Tuning } from "../config";
import { countdownFromSeq, countdownToSeq } from "../net/ackClock";
import { type CraftState, MoveMode, newCraftState } from "../sim/craft";
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
}

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
  out.fireCooldown = countdownFromSeq(w.fireReadyAt, ack, t.fireCooldownTicks);
  out.mode = (w.status & CraftStatus.Alive) !== 0 && phase === Phase.Playing ? MoveMode.Fly : MoveMode.Frozen;
  return out;
}
