// `npm run bench:server`: per-tick cost and bytes side by side, bandwidth over real sockets
// at three patch rates, and the capacity of one process. Writes BENCHMARKS.md's server section.

import { mkdirSync, writeFileSync } from "node:fs";
import { measureBandwidth } from "../bandwidth";
import { fmt, machine, table, writeSection } from "../report";
import { rampCapacity } from "./capacity";
import { measureReplication, type Way } from "./replication";

process.env.LOG_LEVEL ??= "warn";
const quick = process.argv.includes("--quick");

const WAYS: Way[] = ["ours", "straightforward", "json"];
console.log("server: replication side by side…");
const replication = WAYS.map((w) => measureReplication(w, 30, quick ? 20 : 60));
const replicationByRate = [20, 60].map((hz) => measureReplication("ours", hz, quick ? 20 : 60));

console.log("server: bandwidth over sockets…");
const bandwidth = [];
for (const hz of [20, 30, 60]) bandwidth.push(await measureBandwidth(10, quick ? 10 : 20, hz));
bandwidth.push(await measureBandwidth(10, quick ? 10 : 20, 30, true));

console.log("server: capacity…");
const capacity: Record<string, Awaited<ReturnType<typeof rampCapacity>>> = {};
for (const way of ["ours", "straightforward", "json"] as const) {
  capacity[way] = await rampCapacity(way, way === "ours" ? 6000 : 3000, (r) => console.log(`  ${way}`, JSON.stringify(r)));
}

mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/server.json", JSON.stringify({ date: new Date().toISOString(), machine: machine(), replication, replicationByRate, bandwidth, capacity }, null, 1));

const best = (way: string) => [...capacity[way]].filter((r) => r.withinBudget).pop();
const capRow = (way: string) => {
  const b = best(way);
  const rows = capacity[way];
  const broke = rows.find((r) => !r.withinBudget);
  return [
    way,
    b ? String(b.players) : "< 100",
    b ? `${fmt(b.serverCpu * 100, 0)} %` : "–",
    b ? `${fmt((b.serverCpu * 1000) / b.players, 2)} ms/s` : "–",
    b ? String(Math.round(b.players / Math.max(b.serverCpu, 0.01))) : "–",
    broke ? `${broke.players}: loop p99 ${fmt(broke.loopP99Ms)} ms, ${fmt(broke.tickRate)} ticks/s` : "not reached",
    b ? `${fmt(b.downPerPlayer / 1024, 2)} / ${fmt(b.upPerPlayer / 1024, 2)}` : "–",
  ];
};

writeSection(
  "server",
  `## Server

\`npm run bench:server\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}. Raw figures: \`bench/results/server.json\`.

### One 10-player room in combat, three ways side by side

Ten bots fight (their inputs are computed outside the timed part). Per tick: the simulation step and, on
patch ticks, encoding what goes to every player. Down: bytes each player receives per second (payloads,
events included); up: bytes each player sends per second. In-process (\`bench/server/replication.ts\`).

${table(
  ["Way", "Tick cost median", "Tick cost p99", "Down per player", "Up per player"],
  replication.map((r) => [r.way, `${fmt(r.tickMedianUs)} µs`, `${fmt(r.tickP99Us)} µs`, `${fmt(r.downBytesPerSecond / 1024, 2)} KB/s`, `${fmt(r.upBytesPerSecond / 1024, 2)} KB/s`]),
)}

- **ours**: others' poses as 3-byte changes in one Snapshot message a patch, quantized schema fields for the rest, owner-only fields in a view, shots sent once as 9-byte events, inputs 7 bytes each, two a message.
- **straightforward**: the common way — \`number\` (float64) fields, projectiles moved in the state every tick, one msgpack message per input.
- **json**: the whole state as JSON to everyone on every patch.

### Bandwidth per player over real sockets (10 players fighting)

Ten scripted players on the real client netcode, bytes counted on each socket (\`bench/bandwidth.ts\`): a
free-for-all with the blaster at three patch rates, and a capture-the-flag round on Gantry in which every
player holds each of the four weapons in turn (pellets, beams, rockets and their bursts all in the air).

${table(
  ["Round", "Down per player", "Up per player", "Bytes per patch"],
  bandwidth.map((b) => [b.ctf ? `${b.patchHz} Hz, CTF, all four weapons` : `${b.patchHz} Hz`, `${fmt(b.downBytesPerSecond / 1024, 2)} KB/s`, `${fmt(b.upBytesPerSecond / 1024, 2)} KB/s`, fmt(b.bytesPerPatch, 0)]),
)}

In-process, the same fight at other patch rates: ${replicationByRate.map((r, i) => `${[20, 60][i]} Hz ${fmt(r.downBytesPerSecond / 1024, 2)} KB/s down`).join(", ")}.

### Capacity of one process

Rooms of 10 players that move, aim and fire without pause, speaking the real protocol (matchmaking, handshake,
inputs, two ticks a message like the game's client; they decode nothing), are added 100 at a time (up to 1,000;
then 200 to 1,000). Budget: event-loop delay p99 within one tick
(16.7 ms) and every room still running 60 ticks a second. The load generator runs on the machine's other core
(\`bench/server/capacity.ts\`, server in \`bench/server/serve.ts\`).

${table(
  ["Room", "Players within budget", "Server CPU there", "CPU per player", "Players per core", "First step over budget", "Down / up per player (KB/s)"],
  ["ours", "straightforward", "json"].map(capRow),
)}
`,
);
console.log("server: BENCHMARKS.md updated");
process.exit(0);
