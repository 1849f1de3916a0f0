// The one place where the server reaches past Colyseus' and ws' public API. Each reach is
// named here, typed here, and checked by tests/integration/seam.test.ts, which fails loudly
// when an upgrade moves it. Everything else talks to Colyseus through its documented API.
//
// Why each one is still needed with Colyseus 0.18:
// - Seat gate: 0.18 has no public hook between "matchmaking wants a seat" and "the seat is
//   promised", and Quick Play must count promised seats so a burst never overfills a room.
// - Frame gate: 0.18 closes a connection on an undecodable msgpack body (4002, no reason)
//   and ignores unknown frame codes silently; `maxMessagesPerSecond` closes without
//   throttling. Our guard must see each frame first to drop, refuse with a reason, or expel.
// - Promised seats at shutdown: seats reserved but never used keep a room (and the process)
//   alive for the whole reservation time.
// - Cork: each message and patch is its own ws.send; corking the TCP socket makes a client's
//   snapshot and patch one system call.
// - The ws server: counting open connections per address needs its "connection" events.
// - Patches to some clients only: watchers of a room with a watch delay must not get the
//   live game, and 0.18's broadcastPatch sends to every client (so `clients` is narrowed for it).
// - The state's encoder: a replay keeps the very patches a watcher gets (encoded once for
//   everyone, inside the serializer) and a full state every few seconds to seek from.

import { type Client, Protocol, Room } from "@colyseus/core";
import type { WebSocketTransport } from "@colyseus/ws-transport";
import type { Encoder } from "@colyseus/schema";
import type { WebSocketServer } from "ws";

/** A seat matchmaking promised and nobody has taken yet. */
export interface PromisedSeat {
  sessionId: string;
  /** The join options it was promised with. */
  options: unknown;
  /** A seat held for a dropped player's comeback, not a new player's. */
  comeback: boolean;
}

/** What Colyseus keeps per reserved seat: [joinOptions, authData, consumed, reconnection]. */
type ReservedSeat = [unknown, unknown, boolean, boolean];

interface RoomInternals {
  _reservedSeats: Record<string, ReservedSeat>;
  _reservedSeatTimeouts: Record<string, ReturnType<typeof setTimeout>>;
  _autoDisposeTimeout?: ReturnType<typeof setTimeout>;
  _reserveSeat(sessionId: string, joinOptions?: unknown, authData?: unknown, seconds?: number, allowReconnection?: boolean, devModeReconnection?: unknown): Promise<boolean>;
  _onMessage(client: Client, buffer: Buffer): void;
}

const internals = (room: Room) => room as unknown as RoomInternals;
const base = Room.prototype as unknown as RoomInternals;

/**
 * A Colyseus room with two gates in front of the framework: one for seats matchmaking is
 * about to promise, one for every frame a client sends. The arena room extends this.
 */
export abstract class GatedRoom<S extends object> extends Room<{ state: S }> {
  /** Before a new seat is promised (not a comeback): false refuses it ("room full" to matchmaking). */
  protected abstract admitsSeat(options: unknown): boolean;
  /** Every frame a client sends, before Colyseus decodes it: false drops it. */
  protected abstract admitsFrame(client: Client, frame: Buffer): boolean;

  /** Seats promised to players who have not connected yet (comebacks included). */
  protected promisedSeats(): PromisedSeat[] {
    const seats = internals(this)._reservedSeats;
    return Object.keys(seats).map((sessionId) => ({ sessionId, options: seats[sessionId][0], comeback: seats[sessionId][3] }));
  }

  /** Drops every promised seat and its timer (at shutdown: nobody will take them now). */
  protected dropPromisedSeats(): void {
    const room = internals(this);
    for (const id of Object.keys(room._reservedSeats)) {
      clearTimeout(room._reservedSeatTimeouts[id]);
      delete room._reservedSeatTimeouts[id];
      delete room._reservedSeats[id];
    }
    // Reserving a seat re-arms the empty-room timer for the whole reservation time.
    clearTimeout(room._autoDisposeTimeout);
    room._autoDisposeTimeout = undefined;
  }
}

Object.defineProperties(GatedRoom.prototype, {
  _reserveSeat: {
    value: function (this: GatedRoom<object>, sessionId: string, joinOptions: unknown = true, authData?: unknown, seconds?: number, allowReconnection = false, devMode?: unknown) {
      if (!allowReconnection && !this["admitsSeat"](joinOptions)) return Promise.resolve(false);
      return base._reserveSeat.call(this, sessionId, joinOptions, authData, seconds, allowReconnection, devMode);
    },
  },
  _onMessage: {
    value: function (this: GatedRoom<object>, client: Client, frame: Buffer) {
      if (frame && this["admitsFrame"](client, frame)) base._onMessage.call(this, client, frame);
    },
  },
});

/** The TCP socket under a client's WebSocket, to cork writes. */
export function tcpSocketOf(client: Client): Corkable | undefined {
  return tcpSocketOfWs((client as unknown as { ref?: object }).ref);
}

/** The TCP socket under a `ws` WebSocket (ws keeps it as `_socket`). */
export function tcpSocketOfWs(ws: object | undefined): Corkable | undefined {
  return (ws as { _socket?: Corkable } | undefined)?._socket;
}

export interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The transport's ws server (kept `protected` by Colyseus), for its "connection" events. */
export function wsServerOf(transport: WebSocketTransport): WebSocketServer {
  return (transport as unknown as { wss: WebSocketServer }).wss;
}

/** Calls `onSend` with every frame sent to a client (patches and messages alike) before it leaves. */
export function watchSends(client: Client, onSend: (frame: Uint8Array) => void): void {
  const raw = client.raw.bind(client);
  client.raw = (data, options, cb) => {
    onSend(data as Uint8Array);
    raw(data, options, cb);
  };
}

/** The encoder of a room's state (its serializer is Colyseus' own; set when the state is). */
export function stateEncoderOf(room: Room): Encoder {
  const encoder = (room as unknown as { _serializer?: { encoder?: Encoder } })._serializer?.encoder;
  if (!encoder) throw new Error("the room has no schema state yet: set it before asking for its encoder");
  return encoder;
}

/**
 * Calls `onShared` with every patch's shared part (what a client without a view of its own,
 * a watcher, is sent) as Colyseus encodes it once for all. The bytes are the encoder's own
 * buffer: copy them to keep them.
 */
export function watchSharedPatches(encoder: Encoder, onShared: (patch: Uint8Array) => void): void {
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (it, view, buffer, initialOffset) => {
    const out = encode(it, view, buffer, initialOffset);
    if (view === undefined) onShared(out);
    return out;
  };
}

/** Where full states are encoded before they are copied out (one buffer for every room: the rooms share a thread). */
let fullStateBuffer: Uint8Array = new Uint8Array(16 * 1024);

/** The room's whole state as a watcher would be sent it on joining (a copy). */
export function fullStateOf(encoder: Encoder): Uint8Array {
  const it = { offset: 1 };
  const out = encoder.encodeAll(it, fullStateBuffer);
  // A state past the buffer comes back in a larger one: keep that for next time.
  if (out.buffer !== fullStateBuffer.buffer) fullStateBuffer = new Uint8Array(out.buffer);
  out[0] = Protocol.ROOM_STATE;
  return out.slice();
}

/**
 * Sends the state's patch to `clients` only (the room's other clients miss it: to take part
 * again they need the full state, see fullStateOf, sent with `client.raw`).
 */
export function broadcastPatchTo(room: Room, clients: Client[]): boolean {
  const all = room.clients;
  // The room's own array type (a ClientArray, with its index by id), filled through push.
  const some = new (all.constructor as new () => typeof all)();
  for (const c of all) if (clients.includes(c)) some.push(c);
  const writable = room as unknown as { clients: typeof all };
  writable.clients = some;
  try {
    return room.broadcastPatch();
  } finally {
    writable.clients = all;
  }
}
