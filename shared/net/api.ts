// The shapes the HTTP API answers with (server/http/api.ts), shared with the page that reads them.

/** A room as the landing page lists it: GET /api/rooms, GET /api/rooms/:code. */
export interface RoomSummary {
  id: string;
  map: string;
  /** "ffa", "tdm" or "ctf". */
  mode: string;
  players: number;
  maxPlayers: number;
  spectators: number;
  bots: number;
  locked: boolean;
  /** Only in the answer to a code lookup. */
  code?: string;
}

// ---- what lasts: the pages of records (server/http/records.ts answers their data) ----

/** A round's page. */
export const matchPath = (id: string): string => `/matches/${encodeURIComponent(id)}`;
/** A player's page. */
export const playerPath = (id: string): string => `/players/${encodeURIComponent(id)}`;
/** The rankings. */
export const LEADERBOARD_PATH = "/leaderboard";
