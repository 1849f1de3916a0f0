// What a public room plays next: every map with every mode it is made for, in turn. At the end
// of a round the players get three choices (the next in turn and two others) and vote; the
// most votes win, a tie goes to the earlier choice, and no vote at all keeps the turn.

import { getMap, MAP_IDS } from "../maps";
import type { ModeId } from "../../shared/maps/types";
import type { SeededRandom } from "../../shared/sim/random";

export interface Pairing {
  map: string;
  mode: ModeId;
}

/** "map:mode", as the vote's choices are replicated. */
export const pairingKey = (p: Pairing): string => `${p.map}:${p.mode}`;

export function parsePairing(key: string): Pairing | undefined {
  const [map, mode] = key.split(":");
  const found = getMap(map);
  return found && (found.modes as string[]).includes(mode) ? { map, mode: mode as ModeId } : undefined;
}

/** Every map with each of its modes, maps in their listed order. */
export function rotation(): Pairing[] {
  return MAP_IDS.flatMap((map) => getMap(map)!.modes.map((mode) => ({ map, mode })));
}

/** The pairing after `current` in the rotation (the first, if current is not in it). */
export function nextInRotation(current: Pairing): Pairing {
  const all = rotation();
  const i = all.findIndex((p) => p.map === current.map && p.mode === current.mode);
  // Step past pairings on the same map, so a round is never followed by its own map.
  for (let k = 1; k <= all.length; k++) {
    const next = all[(i + k) % all.length];
    if (next.map !== current.map || all.every((p) => p.map === current.map)) return next;
  }
  return all[0];
}

/** The vote's choices: the next in turn first, then others picked at random (none the current one). */
export function voteChoices(current: Pairing, count: number, rng: SeededRandom): Pairing[] {
  const first = nextInRotation(current);
  const choices = [first];
  const others = rotation().filter((p) => pairingKey(p) !== pairingKey(current) && pairingKey(p) !== pairingKey(first));
  while (choices.length < count && others.length > 0) choices.push(others.splice(rng.int(others.length), 1)[0]);
  return choices;
}

/** The winning choice: most votes, ties to the earlier choice (so no votes at all picks the first). */
export function winner(votes: readonly number[]): number {
  let best = 0;
  votes.forEach((n, i) => {
    if (n > votes[best]) best = i;
  });
  return best;
}
