// The soak: bots that join through Quick Play, play, leave, drop and come back, for a long
// time, against a server in its own process. After warm-up the server's heap (after a full
// GC) must stay flat; at the end, with everyone gone, no room, client or timer may be left.
//   npm run soak -- [minutes=30] [bots=200]

import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../game/net/ArenaClient";
import { encodeInputs } from "../shared/net/input";
import { ClientMessage, PROTOCOL_VERSION } from "../shared/net/messages";
import { ArenaState } from "../shared/schema/ArenaState";
import { SeededRandom } from "../shared/sim/random";
import { DEFAULTS } from "../server/config";
import { sleep } from "./net";
import { startServerProcess } from "./processes";

export interface SoakOptions {
  minutes: number;
  bots: number;
  /** Seconds a dropped seat is held (the server's RECONNECT_SECONDS). */
  reconnectSeconds: number;
  /** How long a bot plays before it leaves or drops, in seconds (min, max). */
  playSeconds: [number, number];
  /** Heap samples: one every this many seconds. */
  sampleSeconds: number;
  log?: (line: string) => void;
}

export interface SoakStats {
  heapUsed: number;
  rooms: number;
  liveRooms: number;
  clients: number;
  handles: Record<string, number>;
}

export interface SoakReport {
  minutes: number;
  bots: number;
  /** [minutes since start, heap MB after GC, rooms, clients] */
  curve: [number, number, number, number][];
  warmupMinutes: number;
  /** Heap growth from the end of warm-up to the end, in percent (medians of three samples each). */
  heapGrowthPercent: number;
  sessions: { joins: number; leaves: number; drops: number; comebacks: number; abandons: number; failedJoins: number };
  idleBefore: SoakStats;
  idleAfter: SoakStats;
}


const stats = async (httpUrl: string): Promise<SoakStats> => (await fetch(`${httpUrl}/soak/stats`)).json() as Promise<SoakStats>;

/** One bot's life: join, play, then leave, drop and come back, or drop for good; repeat. */
async function live(url: string, httpUrl: string, r: SeededRandom, until: () => boolean, opts: SoakOptions, tally: SoakReport["sessions"]): Promise<void> {
  const client = new ArenaClient(url);
  while (!until()) {
    let room: Room<ArenaState>;
    try {
      const res = await fetch(`${httpUrl}/api/quickplay`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "Soak", version: PROTOCOL_VERSION }) });
      room = await client.consumeSeatReservation(await res.json(), ArenaState);
      tally.joins++;
    } catch {
      tally.failedJoins++;
      await sleep(1000);
      continue;
    }
    let playing = true;
    while (playing && !until()) {
      const stop = play(room, r);
      await sleep(1000 * r.range(opts.playSeconds[0], opts.playSeconds[1]));
      stop();
      const fate = r.next();
      if (fate < 0.4 || until()) {
        tally.leaves++;
        await room.leave(true).catch(() => undefined);
        playing = false;
      } else {
        // The connection drops (no goodbye): the server holds the seat.
        tally.drops++;
        const token = room.reconnectionToken;
        room.leave(false).catch(() => undefined);
        if (fate < 0.8) {
          await sleep(1000 * r.range(1, Math.max(1.5, opts.reconnectSeconds / 2)));
          try {
            room = await client.reconnect<ArenaState>(token, ArenaState);
            tally.comebacks++;
          } catch {
            playing = false;
          }
        } else {
          tally.abandons++;
          playing = false;
        }
      }
    }
    // The run ended while this bot was in a room: it says goodbye like anyone closing the tab.
    if (playing) {
      tally.leaves++;
      await room.leave(true).catch(() => undefined);
    }
    await sleep(1000 * r.range(0.5, 3));
  }
}

/** Sends a moving, firing player's inputs at 30 Hz; returns how to stop. */
function play(room: Room<ArenaState>, r: SeededRandom): () => void {
  room.onMessage("*", () => {});
  let seq = 0;
  let buttons = 1 << r.int(4);
  const timer = setInterval(() => {
    if (r.int(60) === 0) buttons = (1 << r.int(4)) | (r.int(2) ? 16 : 0);
    const tick = room.state.tick;
    if (room.connection.isOpen) room.sendBytes(ClientMessage.Input, encodeInputs([1, 2].map(() => ({ seq: ++seq, buttons, aim: r.int(65536), viewTick: tick }))));
  }, 33);
  return () => clearInterval(timer);
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? (() => {});
  // The default settings (bots fill rooms), but no per-address limits: every bot is 127.0.0.1.
  const server = await startServerProcess(
    { BOTS: String(DEFAULTS.botFill), RECONNECT_SECONDS: String(opts.reconnectSeconds), CONNECTIONS_PER_ADDRESS: "0", JOINS_PER_MINUTE: "1000000", REDIS_URL: "" },
    "testkit/soak-server.ts",
    ["--expose-gc"],
  );
  try {
    const idleBefore = await stats(server.httpUrl);
    const started = performance.now();
    const endAt = started + opts.minutes * 60_000;
    const until = () => performance.now() >= endAt;
    const tally = { joins: 0, leaves: 0, drops: 0, comebacks: 0, abandons: 0, failedJoins: 0 };
    const curve: SoakReport["curve"] = [];
    const bots = Array.from({ length: opts.bots }, async (_, i) => {
      await sleep(i * 50); // arrive over a few seconds, not all at once
      await live(server.url, server.httpUrl, new SeededRandom(1000 + i), until, opts, tally);
    });
    const sampler = (async () => {
      while (!until()) {
        await sleep(opts.sampleSeconds * 1000);
        const s = await stats(server.httpUrl);
        const minute = (performance.now() - started) / 60_000;
        curve.push([minute, s.heapUsed / 2 ** 20, s.rooms, s.clients]);
        log(`  ${minute.toFixed(1)} min: heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MB, ${s.rooms} rooms, ${s.clients} clients, joins ${tally.joins}, drops ${tally.drops}, comebacks ${tally.comebacks}`);
      }
    })();
    await Promise.all([...bots, sampler]);
    // Everyone is gone; held seats run out, then every room must have been disposed.
    await sleep((opts.reconnectSeconds + 3) * 1000);
    const idleAfter = await stats(server.httpUrl);
    const warmupMinutes = Math.min(opts.minutes / 3, 5);
    const after = curve.filter(([m]) => m >= warmupMinutes);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const first = med(after.slice(0, 3).map(([, h]) => h));
    const last = med(after.slice(-3).map(([, h]) => h));
    return {
      minutes: opts.minutes,
      bots: opts.bots,
      curve,
      warmupMinutes,
      heapGrowthPercent: (100 * (last - first)) / first,
      sessions: tally,
      idleBefore,
      idleAfter,
    };
  } finally {
    await server.stop("SIGKILL");
  }
}
