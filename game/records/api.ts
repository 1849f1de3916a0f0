// The records API (server/http/records.ts), as the page asks it. Every answer is either the data
// or what went wrong in the player's words: no such page, or records away for now (a database
// down, the network gone). Nothing here throws.

import type { PlayerIdentity } from "../net/identity";
// The answers' shapes, as the server's store makes them.
import type {
  LeaderboardRow,
  MatchPlayerView,
  MatchView,
  Period,
  PlayerCredentials,
  PlayerProfile,
  PlayerRoundView,
  RatingKind,
  RatingView,
  TransferCode,
  WeaponStats,
} from "../../shared/net/api";

export type { LeaderboardRow, MatchPlayerView, MatchView, Period, PlayerCredentials, PlayerProfile, PlayerRoundView, RatingKind, RatingView, TransferCode, WeaponStats };

/** Why there is nothing to show: the thing does not exist, or the records cannot be reached now. */
export type Problem = "missing" | "unavailable" | "refused";

export type Answer<T> = { ok: true; data: T } | { ok: false; problem: Problem; message?: string };

export const UNAVAILABLE = "Records are unavailable right now. The game goes on; try again in a moment.";

async function ask<T>(path: string, init?: RequestInit): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    return { ok: false, problem: "unavailable" };
  }
  const body = (await res.json().catch(() => undefined)) as (T & { error?: unknown }) | undefined;
  if (res.ok && body !== undefined) return { ok: true, data: body };
  const message = typeof body?.error === "string" ? body.error : undefined;
  // Without an answer of the API's own (JSON), it is not there: a server that keeps no records.
  if (body === undefined) return { ok: false, problem: "unavailable" };
  // A malformed id is a page that does not exist, like an unknown one.
  if (res.status === 404 || res.status === 400) return { ok: false, problem: "missing", message };
  if (res.status === 403 || res.status === 429) return { ok: false, problem: "refused", message };
  return { ok: false, problem: "unavailable" };
}

const post = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export const getPlayer = (id: string) => ask<PlayerProfile>(`/api/players/${encodeURIComponent(id)}`);
export const getMatch = (id: string) => ask<MatchView>(`/api/matches/${encodeURIComponent(id)}`);
export const getLeaderboard = (period: Period, kind: RatingKind) => ask<LeaderboardRow[]>(`/api/leaderboard?period=${period}&kind=${kind}`);

/** A single-use code that carries this identity to another device. */
export const makeTransferCode = (identity: PlayerIdentity) => ask<TransferCode>("/api/players/transfer", post({ id: identity.id, secret: identity.secret }));

/** The identity a code from another device carries (the code is used up). */
export async function redeemCode(code: string): Promise<Answer<PlayerCredentials>> {
  const answer = await ask<PlayerCredentials>("/api/players/redeem", post({ code: code.trim() }));
  if (answer.ok && (typeof answer.data.id !== "string" || typeof answer.data.secret !== "string")) return { ok: false, problem: "unavailable" };
  return answer;
}
