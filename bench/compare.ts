// Old beside new: the figures of two runs of the benchmarks on the same machine, one of an
// older checkout (its bench/results/ folder), one of this one, in one table. Used for the
// move to Node 24 and Colyseus 0.18; it works for any two checkouts whose results share a shape.
//
//   node --import tsx bench/compare.ts OLD_RESULTS_DIR "old label" "new label"
//
// Writes BENCHMARKS.md's "Old stack beside new" section.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, table, writeSection } from "./report";

const [oldDir, oldLabel = "old", newLabel = "new"] = process.argv.slice(2);
if (!oldDir) throw new Error("usage: compare.ts OLD_RESULTS_DIR [old label] [new label]");

type Json = Record<string, any>;
const read = (dir: string, name: string): Json | undefined => (existsSync(join(dir, `${name}.json`)) ? JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) : undefined);
const runs = (dir: string) => ({ server: read(dir, "server"), floor: read(dir, "floor"), client: read(dir, "client"), netcode: read(dir, "netcode") });
const before = runs(oldDir);
const after = runs("bench/results");

/** The most players within budget, and that step's CPU per player. */
function capacity(server: Json | undefined, way: string) {
  const rows = (server?.capacity?.[way] ?? []) as Json[];
  const best = rows.filter((r) => r.withinBudget).pop();
  return best ? { players: best.players as number, perCore: Math.round(best.players / Math.max(best.serverCpu, 0.01)) } : undefined;
}
const floorPerCore = (floor: Json | undefined) => (floor?.results as Json[] | undefined)?.map((r) => r.playersPerCore as number);
const bandwidth30 = (server: Json | undefined) => (server?.bandwidth as Json[] | undefined)?.find((b) => b.patchHz === 30);
const tick = (server: Json | undefined, way: string) => (server?.replication as Json[] | undefined)?.find((r) => r.way === way);
const firstLoad = (client: Json | undefined) => client?.firstLoadKb ?? client?.firstLoadGzipKb;

const rows: string[][] = [];
const row = (what: string, a: string | undefined, b: string | undefined, goal: string) => rows.push([what, a ?? "–", b ?? "–", goal]);
const kb = (bytes: number | undefined) => (bytes === undefined ? undefined : `${fmt(bytes / 1024, 2)} KB/s`);

row("Runtime", before.server?.machine?.match(/Node v[\d.]+/)?.[0], after.server?.machine?.match(/Node v[\d.]+/)?.[0], "Node 24 LTS");
for (const way of ["ours", "straightforward"]) {
  const a = tick(before.server, way);
  const b = tick(after.server, way);
  row(`Tick cost, 10-player fight, ${way} (median / p99)`, a && `${fmt(a.tickMedianUs, 0)} / ${fmt(a.tickP99Us, 0)} µs`, b && `${fmt(b.tickMedianUs, 0)} / ${fmt(b.tickP99Us, 0)} µs`, "");
}
row("Down per player at PATCH 30 (over sockets)", kb(bandwidth30(before.server)?.downBytesPerSecond), kb(bandwidth30(after.server)?.downBytesPerSecond), "≤ 2 KB/s");
row("Up per player", kb(bandwidth30(before.server)?.upBytesPerSecond), kb(bandwidth30(after.server)?.upBytesPerSecond), "≤ 1 KB/s");
for (const way of ["ours", "straightforward"]) {
  const a = capacity(before.server, way);
  const b = capacity(after.server, way);
  row(`Capacity, ${way}: players within budget (per core)`, a && `${a.players} (${a.perCore})`, b && `${b.players} (${b.perCore})`, way === "ours" ? "≥ 2,000 per core" : "");
}
row("Bare transport floor, players per core", floorPerCore(before.floor)?.join(" / "), floorPerCore(after.floor)?.join(" / "), "");
row("Frame JS p95 (main-thread CPU)", before.client && `${fmt(before.client.frameP95Ms)} ms`, after.client && `${fmt(after.client.frameP95Ms)} ms`, "≤ 4 ms");
row("First load", firstLoad(before.client) && `${fmt(firstLoad(before.client), 0)} kB (gzip of the files)`, firstLoad(after.client) && `${fmt(firstLoad(after.client), 0)} kB (${after.client?.firstLoadKb ? "bytes transferred" : "gzip of the files"})`, "≤ 450 kB");
row("Quick Play → control (median)", before.client && `${fmt(before.client.joinMedianMs, 0)} ms`, after.client && `${fmt(after.client.joinMedianMs, 0)} ms`, "≤ 500 ms");

writeSection(
  "compare",
  `## Old stack beside new

\`node --import tsx bench/compare.ts ${oldDir} "${oldLabel}" "${newLabel}"\` — both runs on this machine (${after.server?.machine ?? "?"}),
one after the other on a quiet machine: **${oldLabel}** is the checkout before the move, run on the machine's own Node;
**${newLabel}** is this one. Each side's full tables are in its own run of the sections below (old: in that checkout's BENCHMARKS.md).
To reproduce: \`git worktree add /tmp/old OLD_COMMIT && cd /tmp/old && npm ci && npm run build && npm run bench:server && npm run bench:client\`,
then the same two here, then this script. Capacity moves by a step (100 players) from run to run on these shared cores: compare per-core figures, and more than one run.

${table(["Figure", oldLabel, newLabel, "Goal"], rows)}
`,
);
console.log(rows.map((r) => r.join(" | ")).join("\n"));
