// What the host of a private room may do, as plain rules: who may, and what a settings
// change does to the room and its match (and how the room says it in chat).

import { GAME } from "../../shared/config";
import { getMap, MAPS } from "../maps";
import type { RoomSettings } from "../../shared/net/settings";
import type { ArenaState } from "../../shared/schema/ArenaState";
import type { Match } from "../rules/Match";

/** Why `sessionId` may not do `what` in this room, or undefined when it may. */
export function hostRefusal(state: ArenaState, isPrivate: boolean, sessionId: string, what: string): string | undefined {
  if (isPrivate && state.hostId === sessionId) return undefined;
  return isPrivate ? `only the host can ${what}` : `public rooms have no host: nobody can ${what}`;
}

/** Why a settings change cannot be made as asked (a mode the map is not made for), or undefined. */
export function settingsRefusal(state: ArenaState, change: Partial<RoomSettings>): string | undefined {
  const map = getMap(change.map ?? state.map);
  const mode = change.mode ?? (state.mode as RoomSettings["mode"]);
  if (map && !map.modes.includes(mode)) return `${map.name} is not made for ${GAME.modes[mode].name}: pick one of its modes (${map.modes.map((m) => GAME.modes[m].name).join(", ")}) or another map`;
  return undefined;
}

/** Applies a host's change to the room's state and match; returns what the room says about it. */
export function applySettings(state: ArenaState, match: Match, change: Partial<RoomSettings>): string {
  if (change.maxPlayers !== undefined) state.maxPlayers = change.maxPlayers;
  if (change.locked !== undefined) state.locked = change.locked;
  if (change.bots !== undefined) state.bots = change.bots;
  if (change.teamsLocked !== undefined) state.teamsLocked = change.teamsLocked;
  if (change.watchDelay !== undefined) state.watchDelay = change.watchDelay;
  match.configure({ map: change.map, mode: change.mode, scoreLimit: change.scoreLimit, timeLimitSeconds: change.timeLimit });
  const said: string[] = [];
  if (change.mode !== undefined) said.push(GAME.modes[change.mode].name);
  if (change.map !== undefined) said.push(`map ${MAPS[state.map]?.name ?? state.map}`);
  if (change.scoreLimit !== undefined) said.push(`score limit ${state.scoreLimit}`);
  if (change.timeLimit !== undefined) said.push(`time limit ${Math.round(state.timeLimit / 60)} min`);
  if (change.maxPlayers !== undefined) said.push(`max players ${state.maxPlayers}`);
  if (change.bots !== undefined) said.push(`bots ${state.bots ? "on" : "off"}`);
  if (change.locked !== undefined) said.push(state.locked ? "locked" : "unlocked");
  if (change.teamsLocked !== undefined) said.push(state.teamsLocked ? "teams locked" : "teams open");
  if (change.watchDelay !== undefined) said.push(state.watchDelay ? `a ${state.watchDelay} s watch delay (watchers see the game ${state.watchDelay} s late)` : "no watch delay");
  return `The host set ${said.join(", ")}`;
}
