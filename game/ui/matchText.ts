// What the page says about the mode, the teams, the flags and the vote, worked out from the
// replicated state as plain text and plain values. No DOM and no Phaser: the HUD, the
// scoreboard, the results, the watch panel and the scene all read it, and the unit tests too.

import { GAME } from "../../shared/config";
import { getMap, type ModeId, type Team } from "../../shared/maps";
import type { FlagAction, GameEvent } from "../../shared/net/events";
import { type ArenaState, type Craft, type FlagState, NO_CARRIER } from "../../shared/schema/ArenaState";
import { WEAPON_NAMES, type WeaponName } from "../../shared/sim/weapons";

export type FlagEvent = Extract<GameEvent, { kind: "flag" }>;

/** The state's mode (a page that does not know the server's mode takes it as free-for-all). */
export function modeOf(state: Pick<ArenaState, "mode">): ModeId {
  return Object.hasOwn(GAME.modes, state.mode) ? (state.mode as ModeId) : "ffa";
}

/** True in the modes played in teams (tdm, ctf). */
export function hasTeams(state: Pick<ArenaState, "mode">): boolean {
  return GAME.modes[modeOf(state)].teams;
}

export const teamName = (team: number): string => GAME.teams[team] ?? `Team ${team + 1}`;
export const otherTeam = (team: number): Team => (team === 0 ? 1 : 0);

/** "Blue 2 – 1 Orange · first to 3": the team scores and the limit, in team modes. */
export function teamScoreLine(state: Pick<ArenaState, "teamScores" | "scoreLimit">): string {
  return `${teamName(0)} ${state.teamScores[0] ?? 0} – ${state.teamScores[1] ?? 0} ${teamName(1)} · first to ${state.scoreLimit}`;
}

/** The line over the arena: the mode, the round and its clock (and, without teams, the limit). */
export function clockLine(state: Pick<ArenaState, "mode" | "round" | "scoreLimit">, secondsLeft: number): string {
  const m = Math.floor(secondsLeft / 60);
  const s = String(secondsLeft % 60).padStart(2, "0");
  const limit = hasTeams(state) ? "" : ` · first to ${state.scoreLimit}`;
  return `${GAME.modes[modeOf(state)].name} · Round ${state.round} · ${m}:${s}${limit}`;
}

/** The craft (and its session id) in `slot`. */
export function craftInSlot(state: Pick<ArenaState, "crafts">, slot: number): [string, Craft] | undefined {
  if (slot === NO_CARRIER) return undefined;
  for (const entry of state.crafts.entries()) if (entry[1].slot === slot) return entry;
  return undefined;
}

/** The flag a craft carries, if any. */
export function flagCarriedBy(state: Pick<ArenaState, "flags">, slot: number): FlagState | undefined {
  for (const flag of state.flags) if (flag.carrier === slot) return flag;
  return undefined;
}

/** Where a flag is, in words: "home", "taken by Ann", "dropped · home in 12 s". */
export function flagWhereabouts(state: Pick<ArenaState, "crafts">, flag: FlagState, secondsToReturn?: number): string {
  if (flag.carrier !== NO_CARRIER) return `taken by ${craftInSlot(state, flag.carrier)?.[1].name ?? "someone"}`;
  if (flag.atHome) return "home";
  return secondsToReturn === undefined ? "dropped" : `dropped · home in ${secondsToReturn} s`;
}

/** Whole seconds until a dropped flag goes home by itself (the state says when), or undefined when it is not lying dropped. */
export function secondsToReturn(flag: Pick<FlagState, "atHome" | "carrier" | "returnsAtTick">, tick: number, tickHz: number): number | undefined {
  if (flag.atHome || flag.carrier !== NO_CARRIER || flag.returnsAtTick === 0) return undefined;
  return Math.max(0, Math.ceil((flag.returnsAtTick - tick) / tickHz));
}

/** How much of a dropped flag's wait to go home is left, 1 at the drop down to 0 (undefined when not dropped). */
export function returnLeft(flag: Pick<FlagState, "atHome" | "carrier" | "returnsAtTick">, tick: number, tickHz: number): number | undefined {
  if (secondsToReturn(flag, tick, tickHz) === undefined) return undefined;
  return Math.max(0, Math.min(1, (flag.returnsAtTick - tick) / (GAME.flag.returnSeconds * tickHz)));
}

// ---- the feed ------------------------------------------------------------------------------

/** A piece of a feed line: a pilot's name, a flag (both drawn in their colours), or words between. */
export interface FeedPart {
  text: string;
  role?: "who" | "flag";
  /** A pilot's slot, when the line names more than one. */
  slot?: number;
}

const DID: Record<FlagAction, string> = { take: "took", drop: "dropped", return: "returned", capture: "captured" };
const WAS: Record<FlagAction, string> = { take: "was taken", drop: "was dropped", return: "went home", capture: "was captured" };

/** "Ann took Orange's flag", "Bob returned Blue's flag", "Orange's flag went home" (nobody: it went by itself). */
export function flagFeed(e: FlagEvent, who: string | undefined): FeedPart[] {
  const flag: FeedPart = { text: `${teamName(e.team)}'s flag`, role: "flag" };
  if (e.slot === NO_CARRIER || who === undefined) return [flag, { text: ` ${WAS[e.action]}` }];
  return [{ text: who, role: "who" }, { text: ` ${DID[e.action]} ` }, flag];
}

export const feedText = (parts: readonly FeedPart[]): string => parts.map((p) => p.text).join("");

/**
 * Which weapon downed whom. The down event does not say; the last hit on the victim does,
 * through its shot, whose own event named the weapon. Hear every released event, in order.
 */
export class DownWeapons {
  /** Each shot id's weapon plus one (0: not heard). Ids are an owner's slot and a byte: a few thousand at most. */
  private readonly shots = new Uint8Array(65536);
  /** Each craft's last hit: by whom (slot) and with what (Weapon, or -1 when the shot was not heard). */
  private readonly lastHit = new Map<number, { shooter: number; weapon: number }>();

  /** Takes in an event; for a down, answers what it was made with (undefined: not known). */
  heard(e: GameEvent): WeaponName | undefined {
    if (e.kind === "shot") {
      this.shots[e.shot & 0xffff] = e.weapon + 1;
    } else if (e.kind === "hit") {
      this.lastHit.set(e.target, { shooter: e.shooter, weapon: this.shots[e.shot & 0xffff] - 1 });
    } else if (e.kind === "down") {
      const hit = this.lastHit.get(e.victim);
      this.lastHit.delete(e.victim);
      // A down by someone else than the last hitter (or by nobody) names no weapon.
      if (hit && hit.shooter === e.killer && hit.weapon >= 0) return WEAPON_NAMES[hit.weapon];
    }
    return undefined;
  }
}

/** A pilot in the feed: their name and slot (which gives the colour). */
export interface FeedPilot {
  name: string;
  slot: number;
}

/** "Ann downed Bob with the rocket", "Ann went down to their own rocket", "Ann went down". `killer` undefined: nobody else. */
export function downFeed(killer: FeedPilot | undefined, victim: FeedPilot, weapon: WeaponName | undefined): FeedPart[] {
  const who = (p: FeedPilot): FeedPart => ({ text: p.name, role: "who", slot: p.slot });
  if (!killer) return [who(victim), { text: weapon ? ` went down to their own ${weapon}` : " went down" }];
  return [who(killer), { text: " downed " }, who(victim), ...(weapon ? [{ text: ` with the ${weapon}` }] : [])];
}

/** Whether a flag's news is good for `team` (taking or capturing theirs, theirs dropping or ours going home); watchers: undefined. */
export function goodNewsFor(e: FlagEvent, team: number | undefined): boolean | undefined {
  if (team === undefined) return undefined;
  const ours = e.team === team;
  return e.action === "take" || e.action === "capture" ? !ours : ours;
}

// ---- the ranking -------------------------------------------------------------------------

/** Best first: captures (in ctf), then kills, then fewer downs. */
export function ranking(state: Pick<ArenaState, "crafts" | "mode">): Craft[] {
  const ctf = modeOf(state) === "ctf";
  return [...state.crafts.values()].sort((a, b) => (ctf ? b.captures - a.captures : 0) || b.kills - a.kills || a.deaths - b.deaths || a.slot - b.slot);
}

/** Each team with its score and its pilots best first, the leading team first (Blue on a tie). */
export function teamsRanked(state: Pick<ArenaState, "crafts" | "mode" | "teamScores">): { team: Team; score: number; crafts: Craft[] }[] {
  const ranked = ranking(state);
  const teams = ([0, 1] as const).map((team) => ({ team, score: state.teamScores[team] ?? 0, crafts: ranked.filter((c) => c.team === team) }));
  return teams[1].score > teams[0].score ? [teams[1], teams[0]] : teams;
}

/** The winning team at a round's end, or undefined on a draw. */
export function winningTeam(state: Pick<ArenaState, "teamScores">): Team | undefined {
  const [a, b] = [state.teamScores[0] ?? 0, state.teamScores[1] ?? 0];
  return a === b ? undefined : a > b ? 0 : 1;
}

/** What the results say on top: who won the round (a team, a pilot) or that it is a draw. */
export function resultsTitle(state: Pick<ArenaState, "crafts" | "mode" | "teamScores" | "round">): string {
  if (hasTeams(state)) {
    const winner = winningTeam(state);
    const score = `${state.teamScores[0] ?? 0} – ${state.teamScores[1] ?? 0}`;
    return winner === undefined ? `Round ${state.round} is a draw · ${score}` : `${teamName(winner)} wins round ${state.round} · ${score}`;
  }
  const best = ranking(state)[0];
  return best ? `${best.name} wins round ${state.round}` : `Round ${state.round} over`;
}

/** Whether the round just over was won by `me` (their team, in team modes). */
export function wonRound(state: Pick<ArenaState, "crafts" | "mode" | "teamScores">, me: Craft): boolean {
  if (hasTeams(state)) return winningTeam(state) === me.team;
  return ranking(state)[0] === me;
}

// ---- the vote ----------------------------------------------------------------------------

export interface VoteChoice {
  /** 0-based; the key to press is one more. */
  index: number;
  /** "Gantry · Capture the Flag". */
  label: string;
  votes: number;
  /** The first choice is the next in rotation: what comes when nobody votes. */
  nextInRotation: boolean;
}

/** "gantry:ctf" as a player reads it: "Gantry · Capture the Flag". */
export function pairingLabel(key: string): string {
  const [map, mode] = key.split(":");
  const modeName = Object.hasOwn(GAME.modes, mode) ? GAME.modes[mode as ModeId].name : mode;
  return `${getMap(map)?.name ?? map} · ${modeName}`;
}

/** The vote's choices as offered now (none outside a public round's results). */
export function voteChoices(state: Pick<ArenaState, "voteChoices" | "votes">): VoteChoice[] {
  return [...state.voteChoices].map((key, index) => ({ index, label: pairingLabel(key), votes: state.votes[index] ?? 0, nextInRotation: index === 0 }));
}

/** The line under the choices: what the player's vote is, and what comes without votes. */
export function voteLine(choices: readonly VoteChoice[], myVote: number | undefined, watching: boolean): string {
  if (watching) return "Players vote for the next round; you are watching.";
  const mine = myVote === undefined ? undefined : choices[myVote];
  if (mine) return `Your vote: ${mine.label}. Press 1–${choices.length} or click to change it.`;
  return `Press 1–${choices.length} or click to vote. No votes: next in rotation.`;
}

// ---- watching ----------------------------------------------------------------------------

/**
 * Whom "follow the flag carrier" follows: the one followed now if they still carry a flag,
 * else whoever carries one; undefined when nobody does.
 */
export function flagCarrierToFollow(state: Pick<ArenaState, "crafts" | "flags">, current: string | undefined): string | undefined {
  const carriers = [...state.flags].map((f) => craftInSlot(state, f.carrier)?.[0]).filter((id): id is string => id !== undefined);
  return current !== undefined && carriers.includes(current) ? current : carriers[0];
}
