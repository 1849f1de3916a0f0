// The replicated state. The server writes it from the simulation before each patch;
// Colyseus sends only the fields that changed, as binary deltas. Fields are as small as their
// precision allows, and what only the owner needs to reconcile (its exact position, ack,
// velocity, cooldowns) is visible to the owner alone. Two things that change all the time
// are not state: where others see each craft (shared/net/poses, sent as changes) and shots
// (each travels once, as an event: shared/net/events).

import { ArraySchema, MapSchema, Schema, type, view } from "@colyseus/schema";
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
  /** 0 or 1 in team modes (unused in free-for-all). */
  @type("uint8") team = 0;
  /** Flags brought home (capture the flag). */
  @type("uint8") captures = 0;
  /** The weapon in hand (shared/sim/weapons Weapon): everyone sees which gun a craft carries. */
  @type("uint8") weapon = 0;

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
  /** Shots left: scatter, rail and rocket in bytes 0, 1 and 2. */
  @view() @type("uint32") ammo = 0;
  /** A charging rail fires at this input (ackClock). */
  @view() @type("uint16") chargeEndsAt = 0;
  /** The craft's own rockets bursting near it: at which input, and where (pos format; 0: none). */
  @view() @type("uint16") blastAt0 = 0;
  @view() @type("uint32") blastPos0 = 0;
  @view() @type("uint16") blastAt1 = 0;
  @view() @type("uint32") blastPos1 = 0;
  /** Times the rules pushed or re-armed the craft from outside its own step (CraftState.knocks). */
  @view() @type("uint8") knocks = 0;

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

/** No craft carries the flag (FlagState.carrier). */
export const NO_CARRIER = 255;

/** One team's flag in capture the flag: at home, carried by a craft, or dropped on the floor. */
export class FlagState extends Schema {
  @type("uint8") team = 0;
  /** Slot of the craft carrying it, or NO_CARRIER. */
  @type("uint8") carrier = NO_CARRIER;
  @type("boolean") atHome = true;
  /** Where it lies when at home or dropped (units); a carried flag is drawn on its carrier. */
  @type("uint16") x = 0;
  @type("uint16") y = 0;
  /** A dropped flag goes home by itself at this tick (0 unless dropped). */
  @type("uint32") returnsAtTick = 0;
}

export class ArenaState extends Schema {
  // The simulation tick this patch describes, in two halves: the low half changes on every
  // patch (3 bytes), the high half every 18 minutes.
  @type("uint16") tickLow = 0;
  @type("uint16") tickHigh = 0;
  @type("uint8") tickHz = 60;
  @type("uint8") patchHz = 30;
  @type("string") map = "";
  /** "ffa", "tdm" or "ctf" (shared/maps ModeId). */
  @type("string") mode = "ffa";
  @type("uint8") phase: number = Phase.Playing;
  /** Tick at which the current phase ends (time limit, or the end of the results screen). */
  @type("uint32") phaseEndsTick = 0;
  @type("uint16") scoreLimit = 0;
  @type("uint16") round = 1;
  /** Bit i set: pickup i of the map is there to take. */
  @type("uint32") pickupsReady = 0;
  @type({ map: Craft }) crafts = new MapSchema<Craft>();
  /** Team 0's and team 1's score in team modes (kills in tdm, captures in ctf). */
  @type(["uint16"]) teamScores = new ArraySchema<number>(0, 0);
  /** Capture the flag: one per team (empty in other modes). */
  @type([FlagState]) flags = new ArraySchema<FlagState>();
  /**
   * The vote for the next round, during the results of a public round: each choice is
   * "map:mode", with how many voted for it.
   */
  @type(["string"]) voteChoices = new ArraySchema<string>();
  @type(["uint8"]) votes = new ArraySchema<number>();

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
  /** Players may not change team (the host still may move them). */
  @type("boolean") teamsLocked = false;
  /** How many are watching. */
  @type("uint8") watchers = 0;
  /** Seconds late that watchers see the game (a private room's host sets it; 0: live). */
  @type("uint8") watchDelay = 0;
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
