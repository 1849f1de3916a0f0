// What the pages of records say, worked out as plain text from the API's answers: accuracy,
// ratings, places, periods, durations and dates. No DOM: the pages and the unit tests read it.

import { GAME } from "../../shared/config";
import { getMap, type ModeId } from "../../shared/maps";
import { WEAPON_NAMES } from "../../shared/sim/weapons";
import { teamName } from "../ui/matchText";
import type { Period, RatingKind, RatingView, WeaponStats } from "./api";

export const PERIODS: readonly Period[] = ["day", "week", "all"];
export const KINDS: readonly RatingKind[] = ["ffa", "team"];

export const PERIOD_LABEL: Record<Period, string> = { day: "Today", week: "This week", all: "All time" };
export const KIND_LABEL: Record<RatingKind, string> = { ffa: "Free-for-all", team: "Teams" };

/** What the leaderboard's address asks for (?period=week&kind=team); anything else is the default. */
export function leaderboardChoice(search: string): { period: Period; kind: RatingKind } {
  const q = new URLSearchParams(search);
  const period = q.get("period") as Period;
  const kind = q.get("kind") as RatingKind;
  return { period: PERIODS.includes(period) ? period : "day", kind: KINDS.includes(kind) ? kind : "ffa" };
}

/** The leaderboard's address for a choice (the default one is the bare path). */
export function leaderboardSearch(choice: { period: Period; kind: RatingKind }): string {
  const q = new URLSearchParams();
  if (choice.period !== "day") q.set("period", choice.period);
  if (choice.kind !== "ffa") q.set("kind", choice.kind);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The empty leaderboard, in words. */
export function emptyLeaderboard(period: Period, kind: RatingKind): string {
  const when = { day: " in the last 24 hours", week: " in the last 7 days", all: "" }[period];
  return `Nobody has played a rated ${kind === "ffa" ? "free-for-all" : "team"} round${when} yet.`;
}

/** hits/shots as a whole percentage ("40%"); "–" before any shot. */
export function accuracy(s: { shots: number; hits: number }): string {
  if (!(s.shots > 0)) return "–";
  return `${Math.round((Math.min(s.hits, s.shots) / s.shots) * 100)}%`;
}

export interface WeaponLine {
  weapon: string;
  shots: number;
  hits: number;
  /** "40%". */
  accuracy: string;
}

/** Each weapon fired, in the arsenal's order (names the page does not know after them). */
export function weaponLines(stats: WeaponStats): WeaponLine[] {
  const known: readonly string[] = WEAPON_NAMES;
  const names = Object.keys(stats).sort((a, b) => rank(known, a) - rank(known, b) || a.localeCompare(b));
  return names.filter((w) => stats[w].shots > 0).map((weapon) => ({ weapon, ...stats[weapon], accuracy: accuracy(stats[weapon]) }));
}

const rank = (list: readonly string[], item: string) => (list.includes(item) ? list.indexOf(item) : list.length);

/** "blaster 40% · rail 67%", or "no shots". */
export function accuracyLine(stats: WeaponStats): string {
  const lines = weaponLines(stats);
  return lines.length ? lines.map((l) => `${l.weapon} ${l.accuracy}`).join(" · ") : "no shots";
}

/** A conservative rating as shown: whole (never "-0"). */
export function ratingText(ordinal: number): string {
  const r = Math.round(ordinal);
  return String(r === 0 ? 0 : r);
}

/** A rating on a profile: "12 · 3 rounds rated", or "not rated yet". */
export function ratingLine(rating: RatingView | null): string {
  if (!rating || rating.rounds <= 0) return "not rated yet";
  return `${ratingText(rating.ordinal)} · ${rating.rounds} round${rating.rounds === 1 ? "" : "s"} rated`;
}

/** A round's change to a rating: "3 → 5". */
export function ratingChange(change: { before: number; after: number }): string {
  return `${ratingText(change.before)} → ${ratingText(change.after)}`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… */
export function placeText(place: number): string {
  const tens = place % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[place % 10] ?? "th";
  return `${place}${suffix}`;
}

/** A round's length: "4:05"; an hour or more "1:02:05". */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** When something happened, from now: "just now", "5 min ago", "3 h ago", else the date. */
export function whenText(iso: string, now = Date.now(), locale?: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "";
  const ago = now - at;
  if (ago < 60_000) return "just now";
  if (ago < 3600_000) return `${Math.floor(ago / 60_000)} min ago`;
  if (ago < 24 * 3600_000) return `${Math.floor(ago / 3600_000)} h ago`;
  return dateText(iso, locale);
}

/** A day as the reader's locale writes it ("2 Dec 2026"). */
export function dateText(iso: string, locale?: string): string {
  return new Date(iso).toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric" });
}

/** A moment as the reader's locale writes it ("2 Dec 2026, 03:12"). */
export function dateTimeText(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** How long a transfer code lasts: "Use it on your other device within 10 minutes (before 03:42)." */
export function expiryText(iso: string, now = Date.now(), locale?: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(iso) - now) / 60_000));
  const time = new Date(iso).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  return `Use it on your other device within ${minutes} minute${minutes === 1 ? "" : "s"} (before ${time}). It works once.`;
}

export const modeName = (mode: string): string => (Object.hasOwn(GAME.modes, mode) ? GAME.modes[mode as ModeId].name : mode);
export const modeHasTeams = (mode: string): boolean => Object.hasOwn(GAME.modes, mode) && GAME.modes[mode as ModeId].teams;
export const mapName = (id: string): string => getMap(id)?.name ?? id;

/** "Blue 3 – 1 Orange". */
export function teamScoresText(scores: readonly number[]): string {
  return `${teamName(0)} ${scores[0] ?? 0} – ${scores[1] ?? 0} ${teamName(1)}`;
}

/** A name as a record shows it (a player who never finished a round has none yet). */
export const playerName = (name: string | null): string => (name?.trim() ? name : "Unnamed pilot");
