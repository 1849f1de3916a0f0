// Bandwidth per player over real sockets: N scripted players (the real client netcode) in one
// room of a real server, all moving, aiming and firing; bytes counted on each socket.
// With `ctf`, the room plays capture the flag on a flag map and every player holds each weapon
// in turn (ammo kept up): the busiest round there is.
//   node --import tsx bench/bandwidth.ts [players=10] [seconds=20] [patchHz=30] [ctf]

import { startServer } from "../server/app";
import { DEFAULTS, NO_RECORDS } from "../server/config";
import { matchMaker } from "@colyseus/core";
import type { ArenaRoom } from "../server/rooms/ArenaRoom";
import { Fighter } from "./lib/fighters";

export interface BandwidthResult {
  players: number;
  /** Capture the flag with all four weapons in use (else free-for-all, blaster only). */
  ctf?: boolean;
  patchHz: number;
  seconds: number;
  downBytesPerSecond: number;
  upBytesPerSecond: number;
  bytesPerPatch: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureBandwidth(players: number, seconds: number, patchHz: number, ctf = false): Promise<BandwidthResult> {
  const arena = ctf ? { mode: "ctf" as const, map: "gantry" } : {};
  const server = await startServer({ ...DEFAULTS, dataDir: NO_RECORDS, ...arena, host: "127.0.0.1", port: 0, patchHz, maxPlayers: 16, botFill: 0, logLevel: "warn" }, { gracefulShutdown: false });
  const url = `ws://127.0.0.1:${server.port}`;
  const fighters: Fighter[] = [];
  for (let i = 0; i < players; i++) fighters.push(await Fighter.join(url, `bot${i}`, 1000 + i));
  for (const f of fighters) {
    f.arsenal = ctf;
    f.start();
  }
  // Ammo for everyone, all the time (what pickups would hand out in a busy round).
  const topUp = setInterval(() => {
    if (!ctf) return;
    const room = matchMaker.getLocalRoomById(fighters[0].room.roomId) as ArenaRoom | undefined;
    for (const p of room?.match.pilots.values() ?? []) for (const w of [1, 2, 3]) if (p.craft.ammo[w] < 50) p.craft.ammo[w] = 99;
  }, 200);
  await new Promise((r) => setTimeout(r, 3000));
  const start = fighters.map((f) => ({ down: f.session.stats.totalBytesIn, up: f.session.stats.totalBytesOut, patches: f.session.stats.totalPatches }));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const rows = fighters.map((f, i) => {
    const s = f.session.stats;
    return { down: (s.totalBytesIn - start[i].down) / elapsed, up: (s.totalBytesOut - start[i].up) / elapsed, patches: (s.totalPatches - start[i].patches) / elapsed };
  });
  clearInterval(topUp);
  for (const f of fighters) await f.stop();
  await server.stop();
  const down = median(rows.map((r) => r.down));
  const patches = median(rows.map((r) => r.patches));
  return { players, ctf, patchHz, seconds: Math.round(elapsed), downBytesPerSecond: down, upBytesPerSecond: median(rows.map((r) => r.up)), bytesPerPatch: down / patches };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.LOG_LEVEL ??= "warn";
  console.log(JSON.stringify(await measureBandwidth(Number(process.argv[2] ?? 10), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 30), process.argv[5] === "ctf")));
  process.exit(0);
}
