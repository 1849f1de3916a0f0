// The shapes the HTTP API answers with (server/http/api.ts, server/http/records.ts), shared with
// the page that reads them.

import type { ModeId } from "../maps/types";

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
  /** The region of the process holding it ("" where no regions are named). */
  region: string;
  /** Only in the answer to a code lookup. */
  code?: string;
}

/** A region a page can measure its latency to (GET /api/regions); `url` "" is the page's own server. */
export interface RegionSummary {
  region: string;
  url: string;
}

/** Latencies a page measured, in ms, by region name: Quick Play prefers the nearest (POST /api/quickplay `pings`). */
export type RegionPings = Record<string, number>;

// ---- what lasts: the pages of records (server/http/records.ts answers their data) ----

/** A round's page. */
export const matchPath = (id: string): string => `/matches/${encodeURIComponent(id)}`;
/** A player's page. */
/** A round's replay: the page that plays it (`?t=SECONDS` opens at that moment), and its bytes. */
export const replayPath = (id: string, seconds?: number): string => `/replay/${encodeURIComponent(id)}${seconds ? `?t=${Math.floor(seconds)}` : ""}`;
export const replayApiPath = (id: string): string => `/api/matches/${encodeURIComponent(id)}/replay`;

export const playerPath = (id: string): string => `/players/${encodeURIComponent(id)}`;
/** The rankings. */
export const LEADERBOARD_PATH = "/leaderboard";

// ---- what lasts: the API's answers (server/store/Store.ts makes them; dates as ISO strings) ----

/** Ratings are kept apart for free-for-all and for the team modes (tdm and ctf share one). */
export type RatingKind = "ffa" | "team";
export type Period = "day" | "week" | "all";

/** Shots fired and shots that hit, per weapon name (shared/sim/weapons WEAPON_NAMES). */
export type WeaponStats = Record<string, { shots: number; hits: number }>;

export interface MatchSummary {
  id: string;
  mode: ModeId;
  map: string;
  private: boolean;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  interrupted: boolean;
  /** Identified players recorded (bots never are). */
  players: number;
}

export interface MatchPlayerView {
  playerId: string;
  name: string;
  team: number | null;
  place: number;
  kills: number;
  downs: number;
  captures: number;
  weapons: WeaponStats;
  /** Set when the round moved this player's rating. */
  rating: { kind: RatingKind; before: number; after: number } | null;
}

export interface MatchView extends Omit<MatchSummary, "players"> {
  roomId: string;
  teamScores: number[] | null;
  /** A replay of the round is kept (for REPLAY_DAYS): GET replayApiPath(id), shown at replayPath(id). */
  replay: boolean;
  players: MatchPlayerView[];
}

export interface RatingView {
  mu: number;
  sigma: number;
  ordinal: number;
  rounds: number;
}

export interface PlayerRoundView extends MatchSummary {
  team: number | null;
  place: number;
  kills: number;
  downs: number;
  captures: number;
}

export interface PlayerProfile {
  id: string;
  name: string | null;
  since: string;
  totals: { rounds: number; kills: number; downs: number; captures: number; weapons: WeaponStats };
  ratings: Record<RatingKind, RatingView | null>;
  /** Newest first; public rounds only (a private room's rounds are reached by their link). */
  recent: PlayerRoundView[];
}

export interface LeaderboardRow {
  rank: number;
  playerId: string;
  name: string | null;
  ordinal: number;
  /** Rated rounds: all time for "all", within the period for "day" and "week". */
  rounds: number;
}

/** A new identity, or one carried to another device: the secret is shown once and never stored. */
export interface PlayerCredentials {
  id: string;
  secret: string;
}

export interface TransferCode {
  /** Ten characters in two groups of five (XXXXX-XXXXX); single use. */
  code: string;
  expiresAt: string;
}
