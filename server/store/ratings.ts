// Who placed where in a round, and how that moves skill ratings. The rating itself is OpenSkill's
// (Weng-Lin, the Plackett-Luce model): each side's new mu and sigma from the old ones and the
// places; the leaderboards rank by its conservative `ordinal` (mu − 3σ), so a newcomer starts at
// 0 and climbs as the system grows sure of them. Pure functions: the store does the reading and
// writing around them.

import { ordinal, rate, rating } from "openskill";
import type { ModeId } from "../../shared/maps/types";
import type { RatingKind } from "./types";

export interface Standing {
  team: number | null;
  kills: number;
  downs: number;
}

export interface Skill {
  mu: number;
  sigma: number;
}

export interface RatedSkill extends Skill {
  ordinal: number;
}

export const ratingKind = (mode: ModeId): RatingKind => (mode === "ffa" ? "ffa" : "team");

/** A fresh player's skill. */
export function startingSkill(): RatedSkill {
  const r = rating();
  return { mu: r.mu, sigma: r.sigma, ordinal: ordinal(r) };
}

/**
 * Places (1 is first; equal results share a place, the next place skips: 1, 1, 3).
 * Free-for-all: more kills first, then fewer downs. Team modes: the team's score decides, and
 * every member of a team gets the team's place.
 */
export function places(kind: RatingKind, players: readonly Standing[], teamScores: readonly number[] | null): number[] {
  if (kind === "team") {
    const scores = teamScores ?? [];
    const score = (p: Standing) => scores[p.team ?? -1] ?? 0;
    return players.map((p) => 1 + scores.filter((s) => s > score(p)).length);
  }
  const better = (a: Standing, b: Standing) => a.kills > b.kills || (a.kills === b.kills && a.downs < b.downs);
  return players.map((p) => 1 + players.filter((q) => better(q, p)).length);
}

/** The sides of a round: each player alone in free-for-all, each team together (a key per entrant). */
function sideKeys(kind: RatingKind, entrants: readonly { team: number | null }[]): string[] {
  return entrants.map((e, i) => (kind === "team" ? `t${e.team}` : `p${i}`));
}

/** Whether a round can rate anyone: two sides at least (two players in free-for-all, two teams with a player each). */
export function canRate(kind: RatingKind, entrants: readonly { team: number | null }[]): boolean {
  return new Set(sideKeys(kind, entrants)).size >= 2;
}

/** New skills for the players of one round, in the order given; null when it cannot rate anyone (see canRate). */
export function rateRound(kind: RatingKind, entrants: readonly { skill: Skill; place: number; team: number | null }[]): RatedSkill[] | null {
  const sideOf = sideKeys(kind, entrants);
  const sides = [...new Set(sideOf)];
  if (sides.length < 2) return null;
  const members = sides.map((s) => entrants.flatMap((e, i) => (sideOf[i] === s ? [i] : [])));
  const rated = rate(
    members.map((m) => m.map((i) => rating({ mu: entrants[i].skill.mu, sigma: entrants[i].skill.sigma }))),
    { rank: members.map((m) => entrants[m[0]].place) },
  );
  const out: RatedSkill[] = new Array(entrants.length);
  members.forEach((m, side) =>
    m.forEach((i, j) => {
      const r = rated[side][j];
      out[i] = { mu: r.mu, sigma: r.sigma, ordinal: ordinal(r) };
    }),
  );
  return out;
}
