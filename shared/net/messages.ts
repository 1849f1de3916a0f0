// The message table: every message either side may send, with its numeric type and limits.
// Client messages are untrusted; the server decodes each with the codec named here and
// rejects anything that does not fit.

export const ClientMessage = {
  /** Binary: a batch of input frames (see input.ts). */
  Input: 1,
  /** Binary: 4-byte token echoed back in Pong (see ping.ts). */
  Ping: 2,
} as const;

export const ServerMessage = {
  /** Binary: the echoed ping token and the server tick when it was answered. */
  Pong: 10,
  /** Binary: game events since the last patch, shots among them (see events.ts). */
  Events: 11,
} as const;

/** Close and error codes the server uses (4000+ are the application's own). */
export const ErrorCode = {
  BadInput: 4400,
  Abuse: 4408,
} as const;

export const LIMITS = {
  /** Inputs one message may carry: enough for a quarter second of bunched-up frames. */
  maxInputsPerMessage: 16,
  /** Bad messages a client may send before it is disconnected. */
  maxBadMessages: 20,
  /** Longest player name, in characters. */
  nameLength: 16,
} as const;
