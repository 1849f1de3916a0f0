// The message table: every message either side may send, with its numeric type and limits.
// Client messages are untrusted; the server decodes each with the codec named here and
// rejects anything that does not fit.

/** The Colyseus room type every arena is an instance of (public, private, any map). */
export const ROOM_NAME = "arena";

export const ClientMessage = {
  /** Binary: a batch of input frames (see input.ts). */
  Input: 1,
  /** Binary: 4-byte token echoed back in Pong (see ping.ts). */
  Ping: 2,
  /** { text } (see chat.ts). Players and watchers. */
  Chat: 3,
  /** Host only: a partial RoomSettings (see settings.ts). */
  Settings: 4,
  /** Host only: { sessionId } of the player to remove; they cannot come back. */
  Kick: 5,
  /** Host only: start the match over. */
  Restart: 6,
  /** A player steps out to watch. */
  Spectate: 7,
  /** A watcher takes a free seat. */
  TakeSeat: 8,
  /** Binary, empty: send me every craft's pose (a client starting to draw; see poses.ts). */
  Keyframe: 9,
} as const;

export const ServerMessage = {
  /** Binary: the echoed ping token and the server tick when it was answered. */
  Pong: 10,
  /** Binary: game events, shots among them (events.ts): those that did not fit the Snapshot. */
  Events: 11,
  /** A chat line: ChatLine (see chat.ts). */
  Chat: 12,
  /**
   * Binary, once a patch and just before it: the crafts' poses that changed (poses.ts), then
   * the patch interval's events if there were any (an events batch, events.ts). A keyframe
   * is one with every pose and no events.
   */
  Snapshot: 13,
} as const;

/** Close and error codes the server uses (4000+ are the application's own). */
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
export const PROTOCOL_VERSION = 2;

/** What a page of another protocol version is told. */
export const OUTDATED_PAGE = "This page is out of date. Reload to get the new version.";

export const LIMITS = {
  /** Inputs one message may carry: enough for a quarter second of bunched-up frames. */
  maxInputsPerMessage: 16,
  /** Longest player name, in characters (room for any name a person really uses). */
  nameLength: 32,
} as const;
