// What the store keeps and what it hands back: the tables as Kysely sees them, the round record a
// room hands over at round end, and the plain, JSON-ready views the API will serve.

import type { ColumnType } from "kysely";
import type { ModeId } from "../../shared/maps/types";

/** A timestamptz column: a Date both ways. */
type Timestamp = ColumnType<Date, Date, Date>;
/** A jsonb column: parsed on the way out, sent as JSON text on the way in (pg would turn an array into a Postgres array). */
type Json<T> = ColumnType<T, string, string>;

/** Ratings are kept apart for free-for-all and for the team modes (tdm and ctf share one). */
export type RatingKind = "ffa" | "team";
export const RATING_KINDS: readonly RatingKind[] = ["ffa", "team"];
export type Period = "day" | "week" | "all";
export const PERIODS: readonly Period[] = ["day", "week", "all"];

/** Shots fired and shots that hit, per weapon name (shared/sim/weapons WEAPON_NAMES). */
export type WeaponStats = Record<string, { shots: number; hits: number }>;

// ---- tables ----

export interface PlayersTable {
  id: string;
  /** sha256 of the secret, hex: the secret itself is never stored. */
  secret_hash: string;
  created_at: Timestamp;
  /** The name last played under (names are free; this is what a profile shows). */
  last_name: string | null;
}

export interface TransferCodesTable {
  /** sha256 of the normalized code: one who reads the database cannot use a live code. */
  code_hash: string;
  player_id: string;
  expires_at: Timestamp;
}

export interface MatchesTable {
  id: string;
  room_id: string;
  mode: ModeId;
  map: string;
  private: boolean;
  started_at: Timestamp;
  ended_at: Timestamp;
  duration_ms: number;
  interrupted: boolean;
  /** Score per team (index = team) in the team modes; null in free-for-all. */
  team_scores: Json<number[] | null>;
  recorded_at: Timestamp;
}

export interface MatchPlayersTable {
  match_id: string;
  player_id: string;
  name: string;
  /** null in free-for-all. */
  team: number | null;
  /** 1 is first; ties share a place. In the team modes, the team's place. */
  place: number;
  kills: number;
  downs: number;
  captures: number;
  weapons: Json<WeaponStats>;
}

export interface RatingsTable {
  player_id: string;
  kind: RatingKind;
  mu: number;
  sigma: number;
  /** The conservative rating (openskill's ordinal, mu − 3σ) the leaderboards rank by. */
  ordinal: number;
  rounds: number;
  updated_at: Timestamp;
}

export interface RatingChangesTable {
  match_id: string;
  player_id: string;
  kind: RatingKind;
  ordinal_before: number;
  ordinal_after: number;
  at: Timestamp;
}

export interface ReplaysTable {
  match_id: string;
  bytes: ColumnType<Buffer, Uint8Array, Uint8Array>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface Tables {
  players: PlayersTable;
  transfer_codes: TransferCodesTable;
  matches: MatchesTable;
  match_players: MatchPlayersTable;
  ratings: RatingsTable;
  rating_changes: RatingChangesTable;
  replays: ReplaysTable;
}

// ---- what a room hands over ----

/** One finished (or interrupted) round. Plain JSON (times in epoch ms) so it can wait in the outbox. */
export interface RoundRecord {
  /** Chosen by the room, unique per round ([A-Za-z0-9_-], ≤ 64): the same id written twice is written once. */
  id: string;
  roomId: string;
  mode: ModeId;
  map: string;
  private: boolean;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms. */
  endedAt: number;
  /** Time played (a round may pause, so not always endedAt − startedAt). */
  durationMs: number;
  /** Cut short (the server shut down mid-round): recorded, never rated. */
  interrupted: boolean;
  /** Score per team (index = team); required in the team modes, null in free-for-all. */
  teamScores: number[] | null;
  players: RoundPlayer[];
}

export interface RoundPlayer {
  /** A verified player identity; absent or null for bots (and anyone without one): such entries are never written. */
  playerId?: string | null;
  name: string;
  /** 0 or 1 in the team modes; null in free-for-all. */
  team: number | null;
  kills: number;
  downs: number;
  captures: number;
  weapons: WeaponStats;
}

// ---- what the store hands back (dates as ISO strings) ----

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
