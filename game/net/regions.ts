// The page's latency to each region of the fleet: the server names the regions and where to
// measure each (GET /api/regions), and the page measures them as Colyseus' own
// `getLatency`/`selectByLatency` do — PING frames over a WebSocket to the region's root, which
// the server answers at once — but to the region's ws(s):// address itself (the SDK opens an
// http(s):// one, which the page's Content-Security-Policy rightly refuses for other hosts).
// Quick Play sends the result, the room list shows it. Measured again after a minute.

import { Protocol } from "@colyseus/sdk";
import type { RegionPings, RegionSummary } from "../../shared/net/api";

/** Measurements are this fresh at most. */
const KEEP_MS = 60_000;
/** A region that does not answer within this is left out (Quick Play does not wait longer). */
const TIMEOUT_MS = 1500;

/**
 * Measures the latency (ms) from here to every region `home` (a ws:// or wss:// origin: the
 * page's own server) names; a region whose address is "" is home's. With one unnamed region
 * there is nothing to choose between: nothing is measured.
 */
export async function measureRegions(home: string): Promise<RegionPings> {
  const res = await fetch(`${home.replace(/^ws/, "http")}/api/regions`);
  if (!res.ok) return {};
  const { regions } = (await res.json()) as { regions: RegionSummary[] };
  if (regions.length <= 1 && !regions[0]?.region) return {};
  const pings: RegionPings = {};
  await Promise.all(
    regions.map(async ({ region, url }) => {
      try {
        pings[region] = Math.round(await latency(url || home, 3));
      } catch {
        // unreachable from here: not a choice
      }
    }),
  );
  return pings;
}

/** The mean round trip (ms) of `count` PING frames to `url`'s root, once its socket is open. */
export function latency(url: string, count: number, timeoutMs = TIMEOUT_MS): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/\/$/, "")}/`);
    socket.binaryType = "arraybuffer";
    const times: number[] = [];
    let sentAt = 0;
    const ping = () => {
      sentAt = performance.now();
      socket.send(new Uint8Array([Protocol.PING]));
    };
    const end = (error?: Error) => {
      clearTimeout(timer);
      socket.onclose = socket.onerror = socket.onmessage = null;
      socket.close();
      if (error) reject(error);
      else resolve(times.reduce((a, b) => a + b, 0) / times.length);
    };
    const timer = setTimeout(() => end(new Error(`no answer from ${url} within ${timeoutMs} ms`)), timeoutMs);
    socket.onopen = ping;
    socket.onmessage = () => {
      times.push(performance.now() - sentAt);
      if (times.length < count) ping();
      else end();
    };
    socket.onerror = () => end(new Error(`could not reach ${url}`));
    socket.onclose = () => end(new Error(`${url} closed the socket`));
  });
}

let measured: { at: number; pings: Promise<RegionPings> } | undefined;

/** A region seen (a room in it listed) but not measured is measured again after this long. */
const UNKNOWN_AGAIN_MS = 5000;

/**
 * The latencies to the regions, measured at most once a minute (never failing: {} if unknown),
 * or sooner when `seen` names a region the last measurement did not have (it joined since).
 */
export async function regionPings(home: string, seen: readonly string[] = [], now = Date.now()): Promise<RegionPings> {
  if (measured && now - measured.at > UNKNOWN_AGAIN_MS) {
    const pings = await measured.pings;
    if (seen.some((region) => region && !(region in pings))) measured = undefined;
  }
  if (!measured || now - measured.at > KEEP_MS) {
    measured = { at: now, pings: measureRegions(home).catch(() => ({})) };
  }
  return measured.pings;
}

/** The region with the lowest latency, if any was measured. */
export function nearestRegion(pings: RegionPings): string | undefined {
  let best: [string, number] | undefined;
  for (const entry of Object.entries(pings)) if (!best || entry[1] < best[1]) best = entry;
  return best?.[0];
}
