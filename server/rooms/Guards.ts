// The abuse guards of one room: a message budget per client, checked before anything
// decodes a frame; strikes for refused messages; and who has been sent away (kicked,
// abusive, shut down), whose seat is not held for a comeback. Plain rules, no Colyseus.

import { Protocol } from "@colyseus/core";
import { unpack } from "@colyseus/msgpackr";
import { decode } from "@colyseus/schema";
import { MessageBudget } from "../guard/MessageBudget";

/** What the guards keep about one session, for as long as it may come back. */
interface Guard {
  /** Messages a second (see MessageBudget). */
  budget: MessageBudget;
  /** Refused messages, forgiven as time passes; past the limit the client is sent away. */
  strikes: number;
  /** When `strikes` was last brought up to date. */
  strikesAt: number;
  /** Sent away: the seat is not held for a comeback. */
  expelled: boolean;
}

/**
 * One strike is forgiven every this many ms: a page that slips now and then (an honest bug,
 * a race) never adds up to a disconnect; garbage sent in earnest still does, within seconds.
 */
export const STRIKE_FORGIVEN_MS = 5000;

export interface GuardLimits {
  /** Messages a client may send per second; more are dropped, twice as many is a flood. */
  messageRate: number;
  /** Refused messages a client may send before it is sent away. */
  badMessageLimit: number;
}

/** What to do with a frame: handle it, drop it quietly, or send its sender away for flooding. */
export type Admission = "ok" | "drop" | "flood";

export class Guards {
  private readonly guards = new Map<string, Guard>();

  constructor(
    private readonly limits: GuardLimits,
    private readonly now: () => number,
  ) {}

  private of(id: string): Guard {
    let guard = this.guards.get(id);
    if (!guard) this.guards.set(id, (guard = { budget: new MessageBudget(this.limits.messageRate), strikes: 0, strikesAt: this.now(), expelled: false }));
    return guard;
  }

  /** Counts a frame against its sender's budget (an expelled sender's frames are dropped). */
  admit(id: string): Admission {
    const guard = this.of(id);
    if (guard.expelled) return "drop";
    return guard.budget.take(this.now());
  }

  /** A refused message: true when that was one too many and the sender must go. */
  strike(id: string): boolean {
    const guard = this.forgive(id);
    return ++guard.strikes > this.limits.badMessageLimit;
  }

  /** Strikes standing now (whole ones). */
  strikes(id: string): number {
    return Math.ceil(this.forgive(id).strikes);
  }

  private forgive(id: string): Guard {
    const guard = this.of(id);
    const now = this.now();
    guard.strikes = Math.max(0, guard.strikes - (now - guard.strikesAt) / STRIKE_FORGIVEN_MS);
    guard.strikesAt = now;
    return guard;
  }

  /** Marks a session sent away; false if it already was. */
  expel(id: string): boolean {
    const guard = this.of(id);
    if (guard.expelled) return false;
    guard.expelled = true;
    return true;
  }

  isExpelled(id: string): boolean {
    return this.guards.get(id)?.expelled === true;
  }

  /** A comeback starts with a fresh message budget. */
  freshBudget(id: string): void {
    this.of(id).budget = new MessageBudget(this.limits.messageRate);
  }

  forget(id: string): void {
    this.guards.delete(id);
  }
}

/** Colyseus frames a client may send: the join handshake, leave, data, binary data and ping. */
const KNOWN_FRAMES = new Set<number>([Protocol.JOIN_ROOM, Protocol.LEAVE_ROOM, Protocol.ROOM_DATA, Protocol.ROOM_DATA_BYTES, Protocol.PING]);

/**
 * What is wrong with a frame's envelope, if anything. Colyseus closes a connection outright
 * on a body it cannot unpack and ignores unknown frame codes: checked first, each is a
 * refused message with a reason, like any other.
 */
export function frameProblem(frame: Uint8Array): string | undefined {
  if (!KNOWN_FRAMES.has(frame[0])) return `unknown frame ${frame[0]}`;
  if (frame[0] === Protocol.ROOM_DATA && !unpacks(frame)) return "malformed message";
  return undefined;
}

/** Whether a ROOM_DATA frame's type and msgpack body decode (such frames are rare: no inputs). */
function unpacks(frame: Uint8Array): boolean {
  const it = { offset: 1 };
  try {
    const buffer = frame as Buffer;
    if (decode.stringCheck(buffer, it)) decode.string(buffer, it);
    else decode.number(buffer, it);
    if (frame.byteLength > it.offset) unpack(frame.subarray(it.offset));
    return it.offset <= frame.byteLength;
  } catch {
    return false;
  }
}
