// What a host may change about a private room, with the bounds the server enforces.

import { GAME } from "../config";
import { MAP_IDS } from "../maps";
import { MODE_IDS, type ModeId, type Team } from "../maps/types";
import type { Decoded } from "./bytes";

export interface RoomSettings {
  map: string;
  mode: ModeId;
  /** The score that ends a round: kills (ffa), team kills (tdm) or captures (ctf). */
  scoreLimit: number;
  /** Seconds a round lasts at most. */
  timeLimit: number;
  maxPlayers: number;
  /** Top the room up with bots while few people play. */
  bots: boolean;
  /** No new players (watchers are still welcome). */
  locked: boolean;
  /** Players may not change team (the host still may move them). */
  teamsLocked: boolean;
  /** Seconds late that watchers see the game (WATCH_DELAYS): nobody can watch to tell a player where the others are. */
  watchDelay: number;
}

/** The watch delays a host may choose (seconds). */
export const WATCH_DELAYS = [0, 10, 30] as const;

export const SETTING_RANGES = {
  scoreLimit: [1, 100],
  timeLimit: [60, 3600],
  maxPlayers: [2, GAME.room.maxPlayersEver],
} as const;

/** Checks a host's change request: known keys only, each of the right type and in range. */
export function decodeSettings(message: unknown): Decoded<Partial<RoomSettings>> {
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    return { ok: false, error: "settings must be an object" };
  }
  const out: Partial<RoomSettings> = {};
  for (const [key, value] of Object.entries(message)) {
    switch (key) {
      case "map":
        if (typeof value !== "string" || !MAP_IDS.includes(value)) return { ok: false, error: `map must be one of ${MAP_IDS.join(", ")}` };
        out.map = value;
        break;
      case "mode":
        if (typeof value !== "string" || !(MODE_IDS as readonly string[]).includes(value)) return { ok: false, error: `mode must be one of ${MODE_IDS.join(", ")}` };
        out.mode = value as ModeId;
        break;
      case "scoreLimit":
      case "timeLimit":
      case "maxPlayers": {
        const [lo, hi] = SETTING_RANGES[key];
        if (!Number.isInteger(value) || (value as number) < lo || (value as number) > hi) {
          return { ok: false, error: `${key} must be a whole number from ${lo} to ${hi}` };
        }
        out[key] = value as number;
        break;
      }
      case "watchDelay":
        if (!(WATCH_DELAYS as readonly unknown[]).includes(value)) return { ok: false, error: `watchDelay must be one of ${WATCH_DELAYS.join(", ")} seconds` };
        out.watchDelay = value as number;
        break;
      case "bots":
      case "locked":
      case "teamsLocked":
        if (typeof value !== "boolean") return { ok: false, error: `${key} must be true or false` };
        out[key] = value;
        break;
      default:
        return { ok: false, error: `unknown setting "${key.slice(0, 32)}"` };
    }
  }
  if (Object.keys(out).length === 0) return { ok: false, error: "no settings to change" };
  return { ok: true, value: out };
}

export function decodeKick(message: unknown): Decoded<string> {
  const id = typeof message === "object" && message !== null ? (message as { sessionId?: unknown }).sessionId : undefined;
  if (typeof id !== "string" || id.length === 0 || id.length > 64) return { ok: false, error: "kick needs { sessionId: string }" };
  return { ok: true, value: id };
}

/** A team asked for (by a player for themself, or by the host for `sessionId`). */
export interface TeamRequest {
  team: Team;
  /** Host only: the player to move (absent: the sender). */
  sessionId?: string;
}

export function decodeTeamRequest(message: unknown): Decoded<TeamRequest> {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return { ok: false, error: "team needs { team: 0 | 1 }" };
  const { team, sessionId, ...rest } = message as { team?: unknown; sessionId?: unknown };
  if (Object.keys(rest).length > 0) return { ok: false, error: "team takes only team and sessionId" };
  if (team !== 0 && team !== 1) return { ok: false, error: "team must be 0 or 1" };
  if (sessionId === undefined) return { ok: true, value: { team } };
  if (typeof sessionId !== "string" || sessionId.length === 0 || sessionId.length > 64) return { ok: false, error: "sessionId must be a session id" };
  return { ok: true, value: { team, sessionId } };
}

/** A vote for one of the round's choices (state.voteChoices). */
export function decodeVote(message: unknown): Decoded<number> {
  const choice = typeof message === "object" && message !== null ? (message as { choice?: unknown }).choice : undefined;
  if (!Number.isInteger(choice) || (choice as number) < 0 || (choice as number) >= GAME.voteChoices) {
    return { ok: false, error: `vote needs { choice: 0 to ${GAME.voteChoices - 1} }` };
  }
  return { ok: true, value: choice as number };
}
