// The message table: every message either side may send, each with its numeric type, how
// it travels (raw bytes, or a msgpack body) and its encoder and decoder side by side.
// Client messages are untrusted: the server decodes each with the decoder named here and
// refuses anything that does not fit. Send and receive through `sendMessage` and
// `onMessage` below (both sides), so a message can only go out in the shape its decoder reads.

import { GAME } from "../config";
import type { Decoded } from "./bytes";
import { type ChatLine, decodeChat, decodeChatLine } from "./chat";
import { decodeEvents, type GameEvent } from "./events";
import { decodeInputs, encodeInputs, type InputFrame } from "./input";
import { decodePing, decodePong, encodePing, encodePong } from "./ping";
import { decodeKillCam, encodeKillCam, type KillCam } from "../replay/killCam";
import { readRecordBatch, type ReplayRecord, writeRecordBatch } from "../replay/format";
import { decodeKick, decodeSettings, decodeTeamRequest, decodeVote, type RoomSettings, type TeamRequest } from "./settings";

export { LIMITS } from "./limits";

/** The Colyseus room type every arena is an instance of (public, private, any map). */
export const ROOM_NAME = "arena";

/**
 * One message: its type id, whether it travels as raw bytes (`sendBytes`) or as a msgpack
 * body (`send`), what the sender writes, and what the receiver reads back (or why not).
 */
export interface MessageSpec<Sent, Read = Sent> {
  readonly type: number;
  readonly binary: boolean;
  encode(value: Sent): unknown;
  decode(wire: unknown): Decoded<Read>;
}

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const body = <Sent, Read = Sent>(type: number, encode: (v: Sent) => unknown, decode: (wire: unknown) => Decoded<Read>): MessageSpec<Sent, Read> => ({ type, binary: false, encode, decode });
const bytes = <Sent, Read = Sent>(type: number, encode: (v: Sent) => Uint8Array, decode: (wire: Uint8Array) => Decoded<Read>): MessageSpec<Sent, Read> => ({
  type,
  binary: true,
  encode,
  decode: (wire) => (wire instanceof Uint8Array ? decode(wire) : wire instanceof ArrayBuffer ? decode(new Uint8Array(wire)) : { ok: false, error: "must be binary" }),
});
/** A message that says only that it happened (no body). */
const bare = (type: number): MessageSpec<void> => body(type, () => undefined, () => ok(undefined));
/** Bytes passed through as they are (their framing is read by their own module). */
const raw = (wire: Uint8Array): Decoded<Uint8Array> => ok(wire);

/** What a client may send. */
export const ToServer = {
  /** A batch of input frames (input.ts). Players only. */
  Input: bytes<InputFrame[]>(1, encodeInputs, decodeInputs),
  /** A 4-byte token echoed back in Pong (ping.ts). */
  Ping: bytes<number>(2, encodePing, decodePing),
  /** A chat line (chat.ts). Players and watchers. */
  Chat: body<string>(3, (text) => ({ text }), decodeChat),
  /** Host only: a partial RoomSettings (settings.ts). */
  Settings: body<Partial<RoomSettings>>(4, (change) => change, decodeSettings),
  /** Host only: the session id of the player to remove; they cannot come back. */
  Kick: body<string>(5, (sessionId) => ({ sessionId }), decodeKick),
  /** Host only: start the match over. */
  Restart: bare(6),
  /** A player steps out to watch. */
  Spectate: bare(7),
  /** A watcher takes a free seat. */
  TakeSeat: bare(8),
  /** Send me every craft's pose (a client starting to draw; poses.ts). */
  Keyframe: bytes<void>(9, () => new Uint8Array(0), (wire) => (wire.byteLength === 0 ? ok(undefined) : { ok: false, error: "keyframe request carries nothing" })),
  /** A player asks to change team; the host may move anyone (settings.ts TeamRequest). Team modes only. */
  Team: body<TeamRequest>(14, (request) => request, decodeTeamRequest),
  /** A vote for one of the next round's choices, during a public round's results. */
  Vote: body<number>(15, (choice) => ({ choice }), decodeVote),
} as const;

/** What the server sends. */
export const ToClient = {
  /** The echoed ping token and the server tick when it was answered. */
  Pong: bytes<{ token: number; tick: number }>(10, ({ token, tick }) => encodePong(token, tick), decodePong),
  /** A batch of game events (events.ts: encodeEvents makes them): those that did not fit the Snapshot. */
  Events: bytes<Uint8Array, GameEvent[]>(11, (batch) => batch, decodeEvents),
  /** A chat line. */
  Chat: body<ChatLine>(12, (line) => line, decodeChatLine),
  /**
   * Once a patch and just before it: the crafts' poses that changed (poses.ts), then the
   * patch interval's events if there were any (an events batch). A keyframe is one with
   * every pose and no events. Read with `readSnapshot` against the reader's pose table.
   */
  Snapshot: bytes<Uint8Array>(13, (snapshot) => snapshot, raw),
  /** To a player just downed: the seconds before it, to watch from the downer's side (replay/killCam.ts). */
  KillCam: bytes<KillCam>(16, encodeKillCam, decodeKillCam),
  /**
   * To a watcher of a room with a watch delay, instead of patches: the watcher's stream as it
   * was that many seconds ago (replay records, shared/replay/format), as it becomes due.
   */
  Delayed: bytes<ReplayRecord[]>(17, writeRecordBatch, readRecordBatch),
} as const;

type Ids<T> = { readonly [K in keyof T]: number };
const ids = <T extends Record<string, MessageSpec<never, unknown>>>(table: T): Ids<T> =>
  Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, spec.type])) as Ids<T>;

/** The type ids alone, for tools and tests that write frames by hand. */
export const ClientMessage = ids(ToServer);
export const ServerMessage = ids(ToClient);

// ---- typed send and receive, the same on both sides -------------------------------------

/** Anything that sends messages: the SDK's room on the page, a Colyseus client on the server. */
export interface MessageSender {
  send(type: number, body?: unknown): void;
  sendBytes(type: number, bytes: Uint8Array): void;
}

/** Anything that receives them: the SDK's room (returns a function that stops listening). */
export interface MessageSource {
  onMessage(type: number, handler: (wire: any) => void): unknown;
}

export function sendMessage<Sent>(to: MessageSender, spec: MessageSpec<Sent, unknown>, value: Sent): void {
  const wire = spec.encode(value);
  if (spec.binary) to.sendBytes(spec.type, wire as Uint8Array);
  else to.send(spec.type, wire);
}

/** Listens for one message; what does not decode goes to `refused` (if given), never to `handler`. */
export function onMessage<Read>(from: MessageSource, spec: MessageSpec<never, Read>, handler: (value: Read) => void, refused?: (error: string) => void): unknown {
  return from.onMessage(spec.type, (wire: unknown) => {
    const decoded = spec.decode(wire);
    if (decoded.ok) handler(decoded.value);
    else refused?.(decoded.error);
  });
}

// ---- close and error codes ----------------------------------------------------------------

/** Close and error codes the server uses (4400+ are the application's own; Colyseus uses 4000-4010). */
export const ErrorCode = {
  /** A message was refused (error; the connection stays). */
  BadInput: 4400,
  /** The action needs a role this client does not have (error). */
  NotAllowed: 4401,
  /** Chat or another action came too fast (error). */
  TooFast: 4429,
  /** The host removed this player (close). */
  Kicked: 4403,
  /** Too many bad messages (close). */
  Abuse: 4408,
  /** Join refused: no free seat, or the room is locked (join error). */
  RoomFull: 4409,
  /** The server is shutting down or restarting (close). */
  ServerRestarting: 4503,
  /** Join refused: the page speaks another protocol version than the server (reload it). */
  VersionMismatch: 4426,
} as const;

/**
 * The wire protocol's version. Pages send it when they join (option `version`); a server
 * refuses a page of another version with VersionMismatch, so a tab left open across a
 * deploy asks for a reload instead of misreading patches. Bump on any wire change.
 */
export const PROTOCOL_VERSION = 4;

/** What a player the host removed is told, by the server on a retry and by the page on the close. */
export const KICKED = `The host removed you from this room. You can come back in ${GAME.room.kickMinutes} minutes.`;

/**
 * What a join is told while matchmaking cannot answer (the Redis the processes share is away):
 * the page says it and tries again by itself. Sent with HTTP 503; the page knows it by these words.
 */
export const MATCHMAKING_BUSY = "Matchmaking is busy, retrying…";

/** What a page of another protocol version is told. */
export const OUTDATED_PAGE = "This page is out of date. Reload to get the new version.";
