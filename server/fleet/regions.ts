// Quick Play's choice across regions: a page measures its latency to every region and sends
// it; a room in the nearest region with a free seat beats a fuller room farther away, and with
// no free seat near, a new room opens in the nearest region.

import type { RegionPings } from "../../shared/net/api";

/** A region within this many ms of the nearest one plays as well as it (the fuller room wins). */
export const NEAR_ENOUGH_MS = 30;

const REGION_NAME = /^[a-z0-9-]{0,24}$/;
const MOST_REGIONS = 16;

/** A page's pings, checked: a few region names, each with a latency in ms; anything else is ignored. */
export function readPings(raw: unknown): RegionPings | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const pings: RegionPings = {};
  let n = 0;
  for (const [region, ms] of Object.entries(raw)) {
    if (n >= MOST_REGIONS) break;
    if (!REGION_NAME.test(region) || typeof ms !== "number" || !Number.isFinite(ms) || ms < 0 || ms > 60_000) continue;
    pings[region] = ms;
    n++;
  }
  return n > 0 ? pings : undefined;
}

export interface Seat {
  region: string;
  players: number;
}

/**
 * The rooms to try, in order, and the region a new room opens in if none takes the player
 * (undefined: wherever the fleet has room). Without pings every region is as near.
 */
export function quickPlayOrder<T extends Seat>(rooms: readonly T[], pings: RegionPings | undefined): { rooms: T[]; createIn?: string } {
  const fullestFirst = (a: T, b: T) => b.players - a.players;
  if (!pings) return { rooms: [...rooms].sort(fullestFirst) };
  const [createIn, nearest] = Object.entries(pings).reduce((best, entry) => (entry[1] < best[1] ? entry : best));
  const ping = (r: T) => pings[r.region] ?? Number.POSITIVE_INFINITY;
  const near = rooms.filter((r) => ping(r) <= nearest + NEAR_ENOUGH_MS);
  return { rooms: near.sort((a, b) => fullestFirst(a, b) || ping(a) - ping(b)), createIn };
}
