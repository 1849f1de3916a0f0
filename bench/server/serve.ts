// A server for the capacity benchmark: the game's own room, or one of the common-way rooms,
// plus GET /bench/stats (CPU, event-loop delay, ticks run) for the load generator to read.
//   node --import tsx bench/server/serve.ts <ours|straightforward|json> <port>

import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";
import { createGameServer } from "../../server/app";
import { DEFAULTS } from "../../server/config";
import { keepingSeconds, tickSeconds } from "../../server/metrics";
import { Records } from "../../server/records";
import { JsonRoom, liveCommonRooms, StraightforwardRoom } from "./commonRooms";

const way = process.argv[2] ?? "ours";
const port = Number(process.argv[3] ?? 2590);

const delay = monitorEventLoopDelay({ resolution: 2 });
delay.enable();
let lastCpu = process.cpuUsage();
let lastAt = performance.now();

async function ticksRun(): Promise<number> {
  if (way === "ours") return ((await tickSeconds.get()).values.find((v) => v.metricName === "skirmish_tick_duration_seconds_count")?.value as number) ?? 0;
  let n = 0;
  for (const r of liveCommonRooms) n += r.ticks;
  return n;
}

function statsRoute(app: express.Express): void {
  app.get("/bench/stats", async (_req, res) => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const total = process.cpuUsage();
    const body = {
      cpu: (cpu.user + cpu.system) / 1000 / (now - lastAt),
      cpuSeconds: (total.user + total.system) / 1e6,
      loopP99Ms: delay.percentile(99) / 1e6,
      loopMaxMs: delay.max / 1e6,
      ticks: await ticksRun(),
      at: now,
      // Cumulative seconds spent recording and writing what lasts (replays, records).
      keeping: Object.fromEntries((await keepingSeconds.get()).values.map((v) => [v.labels.part, v.value])),
    };
    lastCpu = process.cpuUsage();
    lastAt = now;
    delay.reset();
    res.json(body);
  });
}

if (way === "ours") {
  // BENCH_DATA_DIR: keep records as `npm start` does (rounds of BENCH_ROUND_SECONDS, so some end
  // while measured): the replay benchmark's capacity run. Without it, nothing is kept.
  const dataDir = process.env.BENCH_DATA_DIR;
  const config = { ...DEFAULTS, host: "127.0.0.1", port, botFill: 0, maxPlayers: 10, logLevel: "error", connectionsPerAddress: 0, joinsPerMinute: 1_000_000 };
  if (dataDir) Object.assign(config, { dataDir, timeLimitSeconds: Number(process.env.BENCH_ROUND_SECONDS ?? 60), resultsSeconds: 3 });
  const records = dataDir ? await Records.open(config) : undefined;
  const { app, gameServer } = createGameServer(config, { gracefulShutdown: false, records });
  statsRoute(app);
  await gameServer.listen(port, "127.0.0.1");
} else {
  const app = express();
  statsRoute(app);
  const httpServer = http.createServer(app);
  const gameServer = new Server({ transport: new WebSocketTransport({ server: httpServer }), greet: false, gracefullyShutdown: false });
  if (way === "json") gameServer.define(way, JsonRoom);
  else gameServer.define(way, StraightforwardRoom);
  await gameServer.listen(port, "127.0.0.1");
}
console.log("ready");
process.on("SIGINT", () => process.exit(0));
