// What the store keeps and what it hands back: the tables as Kysely sees them, the round record a
// room hands over at round end, and the plain, JSON-ready views the API will serve.

import type { ColumnType } from "kysely";
import type { ModeId } from "../../shared/maps/types";

/** A timestamptz column: a Date both ways. */
type Timestamp = ColumnType<Date, Date, Date>;
/** A jsonb column: parsed on the way out, sent as JSON text on the way in (pg would turn an array into a Postgres array). */
type Json<T> = ColumnType<T, string, string>;

// The views the API answers with live in shared/net/api.ts (the page reads them too).
import type { MatchPlayerView, MatchSummary, MatchView, Period, PlayerCredentials, PlayerProfile, PlayerRoundView, RatingKind, RatingView, LeaderboardRow, TransferCode, WeaponStats } from "../../shared/net/api";

export type { LeaderboardRow, MatchPlayerView, MatchSummary, MatchView, Period, PlayerCredentials, PlayerProfile, PlayerRoundView, RatingKind, RatingView, TransferCode, WeaponStats };
export const RATING_KINDS: readonly RatingKind[] = ["ffa", "team"];
export const PERIODS: readonly Period[] = ["day", "week", "all"];

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

