// What the store accepts. Everything that reaches SQL passes through here first: ids have a shape,
// counts are whole and bounded, names are trimmed. A refusal is a StoreInputError, which the API
// turns into a 400 and the outbox drops (trying again cannot make it valid).

import { LIMITS } from "../../shared/net/limits";
import { MODE_IDS } from "../../shared/maps/types";
import type { Period, RatingKind, RoundPlayer, RoundRecord, WeaponStats } from "./types";
import { PERIODS, RATING_KINDS } from "./types";

export class StoreInputError extends Error {
  override name = "StoreInputError";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SLUG = /^[A-Za-z0-9_-]{1,64}$/;
const WEAPON = /^[a-z0-9_-]{1,32}$/;

/** Most players one round may record (humans and bots alike). */
const MAX_ROUND_PLAYERS = 64;
const MAX_COUNT = 1_000_000;
/** A day: no round lasts longer. */
const MAX_DURATION_MS = 24 * 3600 * 1000;

export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);
export const isMatchId = (v: unknown): v is string => typeof v === "string" && MATCH_ID.test(v);

export function checkPlayerId(v: unknown): string {
  if (!isUuid(v)) throw new StoreInputError("a player id is a UUID");
  return v.toLowerCase();
}

export function checkMatchId(v: unknown): string {
  if (!isMatchId(v)) throw new StoreInputError("a match id is 1 to 64 letters, digits, - or _");
  return v;
}

export function checkPeriod(v: unknown): Period {
  if (!PERIODS.includes(v as Period)) throw new StoreInputError(`period is one of ${PERIODS.join(", ")}`);
  return v as Period;
}

export function checkKind(v: unknown): RatingKind {
  if (!RATING_KINDS.includes(v as RatingKind)) throw new StoreInputError(`kind is one of ${RATING_KINDS.join(", ")}`);
  return v as RatingKind;
}

/** A page size: whole, clamped to 1…max (absent: `fallback`). */
export function checkLimit(v: unknown, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new StoreInputError("limit is a whole number");
  return Math.min(max, Math.max(1, v));
}

export function checkDays(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 3650) throw new StoreInputError("days is a whole number from 1 to 3650");
  return v;
}

function count(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > MAX_COUNT) throw new StoreInputError(`${what} is a whole number from 0 to ${MAX_COUNT}`);
  return v;
}

function time(v: unknown, what: string): number {
  // 2000-01-01 to 2200-01-01: catches seconds passed as ms and the like.
  if (typeof v !== "number" || !Number.isInteger(v) || v < 946_684_800_000 || v > 7_258_118_400_000) throw new StoreInputError(`${what} is a time in epoch milliseconds`);
  return v;
}

/** A name as shown: control characters dropped, trimmed, at most LIMITS.nameLength characters. */
export function cleanName(v: unknown): string {
  if (typeof v !== "string") throw new StoreInputError("a name is text");
  const name = [...v.replace(/[\p{Cc}\p{Cf}]/gu, "").trim()].slice(0, LIMITS.nameLength).join("");
  return name || "?";
}

function checkWeapons(v: unknown): WeaponStats {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new StoreInputError("weapons is an object of { shots, hits } by weapon name");
  const entries = Object.entries(v);
  if (entries.length > 16) throw new StoreInputError("at most 16 weapons");
  const out: WeaponStats = {};
  for (const [name, s] of entries) {
    if (!WEAPON.test(name)) throw new StoreInputError(`weapon name "${name.slice(0, 40)}" is not a weapon name`);
    const stats = (s ?? {}) as { shots?: unknown; hits?: unknown };
    out[name] = { shots: count(stats.shots, `${name} shots`), hits: count(stats.hits, `${name} hits`) };
  }
  return out;
}

function checkPlayer(v: unknown, teamMode: boolean, teams: number): RoundPlayer {
  if (typeof v !== "object" || v === null) throw new StoreInputError("a round's player is an object");
  const p = v as Record<string, unknown>;
  // No id: a bot or a guest, left out when written. An id that is not a UUID is the room's mistake.
  const playerId = p.playerId === undefined || p.playerId === null ? null : checkPlayerId(p.playerId);
  let team: number | null = null;
  if (teamMode) {
    if (typeof p.team !== "number" || !Number.isInteger(p.team) || p.team < 0 || p.team >= teams) throw new StoreInputError(`in a team mode a player's team is 0 to ${teams - 1}`);
    team = p.team;
  }
  return {
    playerId,
    name: cleanName(p.name),
    team,
    kills: count(p.kills, "kills"),
    downs: count(p.downs, "downs"),
    captures: count(p.captures, "captures"),
    weapons: checkWeapons(p.weapons),
  };
}

/** A round record as the room handed it, checked and tidied; throws StoreInputError. */
export function checkRound(v: unknown): RoundRecord {
  if (typeof v !== "object" || v === null) throw new StoreInputError("a round record is an object");
  const r = v as Record<string, unknown>;
  if (!MODE_IDS.includes(r.mode as RoundRecord["mode"])) throw new StoreInputError(`mode is one of ${MODE_IDS.join(", ")}`);
  const mode = r.mode as RoundRecord["mode"];
  const teamMode = mode !== "ffa";
  if (typeof r.map !== "string" || !SLUG.test(r.map)) throw new StoreInputError("map is a map id");
  if (typeof r.roomId !== "string" || !SLUG.test(r.roomId)) throw new StoreInputError("roomId is a room id");
  if (typeof r.private !== "boolean" || typeof r.interrupted !== "boolean") throw new StoreInputError("private and interrupted are true or false");
  const startedAt = time(r.startedAt, "startedAt");
  const endedAt = time(r.endedAt, "endedAt");
  if (endedAt < startedAt) throw new StoreInputError("a round ends after it starts");
  if (typeof r.durationMs !== "number" || !Number.isInteger(r.durationMs) || r.durationMs < 0 || r.durationMs > MAX_DURATION_MS) {
    throw new StoreInputError("durationMs is a whole number of milliseconds, at most a day");
  }
  let teamScores: number[] | null = null;
  if (teamMode) {
    if (!Array.isArray(r.teamScores) || r.teamScores.length < 2 || r.teamScores.length > 8) throw new StoreInputError("a team round has a score per team");
    teamScores = r.teamScores.map((s) => count(s, "a team score"));
  }
  if (!Array.isArray(r.players) || r.players.length > MAX_ROUND_PLAYERS) throw new StoreInputError(`players is a list of at most ${MAX_ROUND_PLAYERS}`);
  return {
    id: checkMatchId(r.id),
    roomId: r.roomId,
    mode,
    map: r.map,
    private: r.private,
    startedAt,
    endedAt,
    durationMs: r.durationMs,
    interrupted: r.interrupted,
    teamScores,
    players: r.players.map((p) => checkPlayer(p, teamMode, teamScores?.length ?? 0)),
  };
}
