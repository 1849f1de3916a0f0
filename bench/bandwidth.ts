// Bandwidth per player over real sockets: N scripted players (the real client netcode) in one
// room of a real server, all moving, aiming and firing; bytes counted on each socket.
//   node --import tsx bench/bandwidth.ts [players=10] [seconds=20] [patchHz=30]

import { startServer } from "../server/app";
import { DEFAULTS } from "../server/config";
import { Fighter } from "./lib/fighters";

export interface BandwidthResult {
  players: number;
  patchHz: number;
  seconds: number;
  downBytesPerSecond: number;
  upBytesPerSecond: number;
  bytesPerPatch: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureBandwidth(players: number, seconds: number, patchHz: number): Promise<BandwidthResult> {
  const server = await startServer({ ...DEFAULTS, host: "127.0.0.1", port: 0, patchHz, maxPlayers: 16, botFill: 0, logLevel: "warn" }, { gracefulShutdown: false });
  const url = `ws://127.0.0.1:${server.port}`;
  const fighters: Fighter[] = [];
  for (let i = 0; i < players; i++) fighters.push(await Fighter.join(url, `bot${i}`, 1000 + i));
  for (const f of fighters) f.start();
  await new Promise((r) => setTimeout(r, 3000));
  const start = fighters.map((f) => ({ down: f.session.stats.totalBytesIn, up: f.session.stats.totalBytesOut, patches: f.session.stats.totalPatches }));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const rows = fighters.map((f, i) => {
    const s = f.session.stats;
    return { down: (s.totalBytesIn - start[i].down) / elapsed, up: (s.totalBytesOut - start[i].up) / elapsed, patches: (s.totalPatches - start[i].patches) / elapsed };
  });
  for (const f of fighters) await f.stop();
  await server.stop();
  const down = median(rows.map((r) => r.down));
  const patches = median(rows.map((r) => r.patches));
  return { players, patchHz, seconds: Math.round(elapsed), downBytesPerSecond: down, upBytesPerSecond: median(rows.map((r) => r.up)), bytesPerPatch: down / patches };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.LOG_LEVEL ??= "warn";
  console.log(JSON.stringify(await measureBandwidth(Number(process.argv[2] ?? 10), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 30))));
  process.exit(0);
}
