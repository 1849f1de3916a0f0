// `npm run fuzz -- [messages] [rooms]`: the full fuzz run and the flood, written into
// BENCHMARKS.md ("Reliability: fuzzing", "Reliability: floods") and bench/results/.

import { mkdirSync, writeFileSync } from "node:fs";
import { fmt, machine, table, writeSection } from "../report";
import { runFlood } from "./flood";
import { closeName, runFuzz } from "../../testkit/fuzz";

const messages = Number(process.argv[2] ?? 1_000_000);
const rooms = Number(process.argv[3] ?? 4);
console.log(`fuzz: ${messages.toLocaleString("en")} messages into ${rooms} rooms`);
const report = await runFuzz({ messages, rooms, log: console.log });
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/fuzz.json", JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...report }, null, 2));

const honestRows = report.honest.map((h, i) => [
  `room ${Math.floor(i / 2) + 1}, player ${(i % 2) + 1}`,
  fmt(h.before.ticksPerSecond, 1),
  fmt(h.during.ticksPerSecond, 1),
  fmt(h.before.patchGapP99Ms, 0),
  fmt(h.during.patchGapP99Ms, 0),
]);
writeSection(
  "fuzz",
  `## Reliability: fuzzing

\`npm run fuzz\` (\`testkit/fuzz.ts\`) — ${new Date().toISOString().slice(0, 10)}, ${machine()}.

A live server in its own process; ${rooms} rooms (half private with a fuzzing host, half public),
each with two honest players (@colyseus/sdk, sending inputs) and three fuzzing connections (host or
player, player, watcher) speaking the real protocol. The server's message-rate and bad-message
limits are opened up for this run so every message reaches a decoder; the size limit stays.

| | |
|---|---|
| Messages sent, in ${fmt(report.seconds, 0)} s (${Math.round(report.messagesPerSecond).toLocaleString("en")}/s); surely read by the server (in bursts it answered; the rest went with connections it closed) | ${report.messages.toLocaleString("en")}; ${report.received.toLocaleString("en")} |
| Crashes (process exits, uncaught exceptions, unhandled rejections) | **${report.crashes}** |
| Server healthy after the run; every room still ticking | ${report.serverHealthy ? "yes" : "**no**"}; ${report.roomsTicking ? "yes" : "**no**"} |
| Refused by the server (counted at /metrics); error replies the fuzzers received | ${report.refusedByServer.toLocaleString("en")}; ${report.errorReplies.toLocaleString("en")} |
| Fuzzing connections closed by the server | ${Object.entries(report.closes).map(([c, n]) => `${closeName(c)}: ${n}`).join(", ") || "none"} |
| By generator | ${Object.entries(report.byKind).map(([k, n]) => `${k} ${n.toLocaleString("en")}`).join(", ")} |

The server's own tick time (all rooms; p99 as the histogram bucket it falls in): before,
${report.server.before.ticks} ticks with p99 ≤ ${fmt(report.server.before.p99UpToMs, 2)} ms; during, ${report.server.during.ticks} ticks with p99 ≤
${fmt(report.server.during.p99UpToMs, 2)} ms (budget: ${fmt(1000 / 60, 1)} ms).

What the honest players in the same rooms saw (ticks per second from their patches; p99 gap
between patches, ms), in the 2 s before the fuzzing and during it. They run in the fuzzer's
process, so their patch gaps also show that process being busy sending:

${table(["Player", "ticks/s before", "ticks/s during", "patch gap p99 before", "during"], honestRows)}`,
);
console.log(JSON.stringify({ ...report, honest: undefined }, null, 2));

console.log("flood: one client at 10,000 messages a second, three runs");
const floods = [];
for (let i = 0; i < 3; i++) floods.push(await runFlood(10_000));
writeFileSync("bench/results/flood.json", JSON.stringify({ date: new Date().toISOString(), machine: machine(), runs: floods }, null, 2));
writeSection(
  "flood",
  `## Reliability: floods

\`npm run fuzz\` (\`bench/reliability/flood.ts\`) — ${new Date().toISOString().slice(0, 10)}, ${machine()}.

One client floods a room (4 players) with pings at 10,000 messages a second, with the server's
default limits (\`MESSAGE_RATE\` 120: messages over it are dropped, twice over it disconnects).
Cut-off: from the flooder's first message to the server closing its connection. Server tick
time: all rooms, p99 as the histogram bucket it falls in, in the second before the flood and
the second from its start (budget ${fmt(1000 / 60, 1)} ms).

${table(
  ["Run", "Sent at", "Cut off after", "Messages sent before the close", "Close code", "Tick p99 before", "Tick p99 during", "Honest players still playing"],
  floods.map((f, i) => [i + 1, `${Math.round(f.rate).toLocaleString("en")}/s`, `${fmt(f.cutOffMs, 0)} ms`, f.sentBeforeClose, f.closeCode, `≤ ${fmt(f.server.before.p99UpToMs, 2)} ms`, `≤ ${fmt(f.server.during.p99UpToMs, 2)} ms`, f.honestStillPlaying ? "yes" : "**no**"]),
)}`,
);
console.log(JSON.stringify(floods, null, 2));
console.log("fuzz, flood: BENCHMARKS.md updated");
const floodsOk = floods.every((f) => f.closeCode === 4408 && f.honestStillPlaying);
process.exit(report.crashes === 0 && report.roomsTicking && report.serverHealthy && floodsOk ? 0 : 1);
