// The replicated state. The server writes it from the simulation before each patch;
// Colyseus sends only the fields that changed, as binary deltas. Fields are as small as their
// precision allows, and what only the owner needs to reconcile (its exact position, ack,
// velocity, cooldowns) is visible to the owner alone. Two things that change all the time
// are not state: where others see each craft (shared/net/poses, sent as changes) and shots
// (each travels once, as an event: shared/net/events).

import { MapSchema, Schema, type, view } from "@colyseus/schema";
import { GAME } from "../config";

/** Bits of Craft.status. */
export const CraftStatus = {
  Alive: 1,
  Shielded: 2,
  Overdrive: 4,
  Dashing: 8,
  /** Flown by the server (it still plays through inputs, like everyone). */
  Bot: 16,
  /** The player's connection dropped; the seat is kept for them for a while. */
  Reconnecting: 32,
} as const;

export const Phase = {
  Playing: 0,
  Results: 1,
} as const;

export class Craft extends Schema {
  @type("string") name = "";
  /** 0..31, stable for the player's stay: picks the colour and tags the player's shots. */
  @type("uint8") slot = 0;
  // Where others see the craft travels apart, as changes (shared/net/poses).
  @type("uint8") hp: number = GAME.craft.maxHp;
  @type("uint8") status = 0;
  @type("uint16") kills = 0;
  @type("uint16") deaths = 0;

  // Seen by the owner only. `ack` is the last input applied (low 16 bits) and travels in
  // the same patch as the position it produced; the countdowns are given as the input at
  // which they run out (see shared/net/ackClock), so they cost nothing while they run.
  @view() @type("uint16") ack = 0;
  /** The owner's exact position in 1/16 units, x in the high 16 bits and y in the low. */
  @view() @type("uint32") pos = 0;
  /** Velocity in 1/16 units per second, as two int16 packed like `pos`. */
  @view() @type("uint32") vel = 0;
  @view() @type("uint16") fireReadyAt = 0;
  @view() @type("uint16") dashReadyAt = 0;
  @view() @type("uint16") dashEndsAt = 0;

  /** The owner's position on the wire grid (1/16 units). */
  get x(): number {
    return this.pos >>> 16;
  }
  get y(): number {
    return this.pos & 0xffff;
  }
  /** Velocity on the wire grid (1/16 units per second). */
  get vx(): number {
    return (this.vel >> 16);
  }
  get vy(): number {
    return (this.vel << 16) >> 16;
  }
  setPos(x: number, y: number): void {
    this.pos = (((x & 0xffff) << 16) | (y & 0xffff)) >>> 0;
  }
  setVel(vx: number, vy: number): void {
    this.vel = (((vx & 0xffff) << 16) | (vy & 0xffff)) >>> 0;
  }
}

export class ArenaState extends Schema {
  // The simulation tick this patch describes, in two halves: the low half changes on every
  // patch (3 bytes), the high half every 18 minutes.
  @type("uint16") tickLow = 0;
  @type("uint16") tickHigh = 0;
  @type("uint8") tickHz = 60;
  @type("uint8") patchHz = 30;
  @type("string") map = "";
  @type("uint8") phase: number = Phase.Playing;
  /** Tick at which the current phase ends (time limit, or the end of the results screen). */
  @type("uint32") phaseEndsTick = 0;
  @type("uint16") scoreLimit = 0;
  @type("uint16") round = 1;
  /** Bit i set: pickup i of the map is there to take. */
  @type("uint32") pickupsReady = 0;
  @type({ map: Craft }) crafts = new MapSchema<Craft>();

  // The room around the match (see shared/net/settings for what a host may change).
  /** Session id of the host of a private room; empty in public rooms. */
  @type("string") hostId = "";
  /** The private room's code; empty in public rooms. */
  @type("string") code = "";
  @type("uint8") maxPlayers: number = GAME.room.maxPlayers;
  /** Seconds a round lasts at most. */
  @type("uint16") timeLimit = 300;
  @type("boolean") bots = false;
  @type("boolean") locked = false;
  /** How many are watching. */
  @type("uint8") watchers = 0;
  /** Seconds a dropped player's seat is held (so a reloaded page knows whether to try). */
  @type("uint16") reconnectSeconds: number = GAME.room.reconnectSeconds;

  /** The simulation tick this patch describes. */
  get tick(): number {
    return this.tickHigh * 65536 + this.tickLow;
  }
  setTick(tick: number): void {
    this.tickLow = tick % 65536;
    this.tickHigh = Math.floor(tick / 65536);
  }
}

/** Expands a replicated 16-bit tick to the full tick nearest to `reference`. */
export function fullTick(low16: number, reference: number): number {
  const diff = ((low16 - reference) % 65536 + 65536 + 32768) % 65536 - 32768;
  return reference + diff;
}
