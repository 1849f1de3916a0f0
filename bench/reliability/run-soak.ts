// `npm run soak -- [minutes=30] [bots=200]`: the long soak, written into BENCHMARKS.md
// ("Reliability: soak") and bench/results/soak.json.

import { mkdirSync, writeFileSync } from "node:fs";
import { fmt, machine, table, writeSection } from "../report";
import { runSoak } from "../../testkit/soak";

const minutes = Number(process.argv[2] ?? 30);
const bots = Number(process.argv[3] ?? 200);
console.log(`soak: ${bots} bots for ${minutes} min`);
const report = await runSoak({ minutes, bots, reconnectSeconds: 20, playSeconds: [15, 90], sampleSeconds: Math.max(10, Math.round((minutes * 60) / 40)), log: console.log });
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/soak.json", JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...report }, null, 2));

const handles = (h: Record<string, number>) => Object.entries(h).map(([k, n]) => `${k} ${n}`).join(", ");
const t = report.sessions;
writeSection(
  "soak",
  `## Reliability: soak

\`npm run soak -- ${minutes} ${bots}\` (\`testkit/soak.ts\`) — ${new Date().toISOString().slice(0, 10)}, ${machine()}.

${bots} bots (@colyseus/sdk, real protocol) join through Quick Play, play 15–90 s (moving, aiming,
firing at 30 inputs/s), then leave (40 %), drop and come back with their reconnection token
(40 %), or drop for good (20 %), and join again a moment later. The server runs in its own
process with the default settings (bots fill rooms, seats held 20 s); its heap is read after a
full GC.

| | |
|---|---|
| Sessions | ${t.joins} joins, ${t.leaves} leaves, ${t.drops} drops, ${t.comebacks} comebacks, ${t.abandons} abandoned seats, ${t.failedJoins} failed joins |
| Heap after warm-up (${fmt(report.warmupMinutes, 0)} min) to the end | **${report.heapGrowthPercent >= 0 ? "+" : ""}${fmt(report.heapGrowthPercent, 1)} %** (goal: < 5 %) |
| Idle before | ${report.idleBefore.rooms} rooms, ${report.idleBefore.clients} clients, heap ${fmt(report.idleBefore.heapUsed / 2 ** 20, 1)} MB; handles: ${handles(report.idleBefore.handles)} |
| Idle after everyone left | ${report.idleAfter.rooms} rooms, ${report.idleAfter.clients} clients, heap ${fmt(report.idleAfter.heapUsed / 2 ** 20, 1)} MB; handles: ${handles(report.idleAfter.handles)} |

Heap curve (after a full GC):

${table(["minute", "heap MB", "rooms", "clients"], report.curve.map(([m, h, r, c]) => [fmt(m, 1), fmt(h, 1), r, c]))}`,
);
console.log(JSON.stringify({ ...report, curve: undefined }, null, 2));
console.log("soak: BENCHMARKS.md updated");
