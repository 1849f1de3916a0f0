// Sizes the codecs and the server enforce on what a client sends.

export const LIMITS = {
  /** Inputs one message may carry: enough for a quarter second of bunched-up frames. */
  maxInputsPerMessage: 16,
  /** Longest player name, in characters (room for any name a person really uses). */
  nameLength: 32,
} as const;
