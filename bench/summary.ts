// Every goal of the "prove it" issue beside its latest measured figure, from bench/results/*.json.
import { existsSync, readFileSync } from "node:fs";
import { fmt, table, writeSection } from "./report";

const read = (name: string) => (existsSync(`bench/results/${name}.json`) ? JSON.parse(readFileSync(`bench/results/${name}.json`, "utf8")) : undefined);
const netcode = read("netcode");
const server = read("server");
const client = read("client");
const fuzz = read("fuzz");
const flood = read("flood");
const soak = read("soak");
const floor = read("floor");
const arsenal = read("arsenal");
const records = read("records");
const replay = read("replay");
const fleet = read("fleet");
const rows: string[][] = [];
const goal = (what: string, figure: string, met: boolean | undefined) => rows.push([what, figure, met === undefined ? "not measured" : met ? "met" : "**missed**"]);

if (netcode) {
  const ours = (i: number) => netcode.results[i].kinds.ours;
  const clean = [0, 1, 2].map(ours);
  goal("0 px prediction error at ack (no interference)", clean.map((o: any, i: number) => `${netcode.results[i].condition.name}: ${o.misses} of ${o.checks} off`).join("; "), clean.every((o: any) => o.misses === 0));
  const jitterOk = clean.every((o: any) => o.delayMs <= 1000 / 30 + 2 * o.jitterMs + 0.5);
  goal("Interpolation delay ≤ one patch interval + 2σ jitter", clean.map((o: any, i: number) => `${netcode.results[i].condition.name}: ${fmt(o.delayMs, 0)} ms vs ${fmt(1000 / 30 + 2 * o.jitterMs, 0)} ms`).join("; "), jitterOk);
  goal("≤ 1 stall per minute at 150 ± 30 ms", `${fmt(ours(2).holdsPerMin)} stalls/min (${fmt(ours(2).extrapolationsPerMin)} brief extrapolations/min)`, ours(2).holdsPerMin <= 1);
  const reg = [0, 1, 2].map((i) => { const o = ours(i); return { o, counted: o.screenHits - o.shooterDown - o.targetDown }; });
  goal("≥ 98 % hit registration up to 200 ms RTT", reg.map(({ o, counted }, i) => `${netcode.results[i].condition.name}: ${fmt((100 * o.registered) / counted)} % (${o.registered}/${counted})`).join("; "), reg.every(({ o, counted }) => o.registered / counted >= 0.98));
}
if (arsenal) {
  const names = ["blaster", "scatter", "rail", "rocket"];
  const counted = (b: any) => b.screenHits - b.shooterDown - b.targetDown;
  const perWeapon = names.map((name, w) => {
    const registered = arsenal.results.reduce((n: number, r: any) => n + r.byWeapon[w].registered, 0);
    const all = arsenal.results.reduce((n: number, r: any) => n + counted(r.byWeapon[w]), 0);
    const worst = Math.min(...arsenal.results.map((r: any) => r.byWeapon[w].registered / Math.max(1, counted(r.byWeapon[w]))));
    return { name, registered, all, worst };
  });
  goal(
    "≥ 98 % hit registration up to 200 ms RTT, per weapon (rocket splash included)",
    perWeapon.map((p) => `${p.name} ${fmt((100 * p.registered) / p.all)} % (${p.registered}/${p.all}; worst condition ${fmt(100 * p.worst)} %)`).join("; "),
    perWeapon.every((p) => p.registered / p.all >= 0.98),
  );
}
if (server) {
  const best = (way: string) => [...server.capacity[way]].filter((r: any) => r.withinBudget).pop();
  const ours = best("ours");
  const sf = best("straightforward");
  const perCore = ours ? ours.players / Math.max(ours.serverCpu, 0.01) : 0;
  const floorBest = floor ? Math.max(...floor.results.map((r: any) => r.playersPerCore)) : undefined;
  goal(
    "≥ 2,000 active players per core",
    ours ? `${Math.round(perCore)} per core (${ours.players} players at ${fmt(ours.serverCpu * 100, 0)} % CPU)${floorBest ? `; the same traffic with no game at all: ${floorBest} per core` : ""}` : "–",
    perCore >= 2000,
  );
  const sfPerCore = sf ? sf.players / Math.max(sf.serverCpu, 0.01) : 0;
  goal(
    "≥ 3× the straightforward room's capacity",
    ours && sf ? `${ours.players} vs ${sf.players} players within budget (${fmt(ours.players / sf.players, 1)}×); per core of CPU there, ${Math.round(perCore)} vs ${Math.round(sfPerCore)} (${fmt(perCore / sfPerCore, 1)}×)` : "–",
    // Both ways of counting: where a room leaves its budget moves by a whole step from run to run.
    !!ours && !!sf && ours.players >= 3 * sf.players && perCore >= 3 * sfPerCore,
  );
  const bw = server.bandwidth.find((b: any) => b.patchHz === 30 && !b.ctf);
  goal("≤ 2 KB/s down per player (10-player fight, PATCH 30)", `${fmt(bw.downBytesPerSecond / 1024, 2)} KB/s over sockets`, bw.downBytesPerSecond <= 2048);
  goal("≤ 1 KB/s up per player", `${fmt(bw.upBytesPerSecond / 1024, 2)} KB/s`, bw.upBytesPerSecond <= 1024);
}
if (client) {
  const more = client.wallP95Ms !== undefined ? ` (wall time ${fmt(client.wallP95Ms, 2)} ms on shared cores); first ${client.warmupSeconds} s of the arena: ${fmt(client.warmupP95Ms, 2)} ms` : "";
  goal("Frame JS time p95 ≤ 4 ms (16 craft firing all four weapons, 150 shots added)", `${fmt(client.frameP95Ms, 2)} ms main-thread CPU per frame, software WebGL${more}`, client.frameP95Ms <= 4);
  // Older results counted gzip sizes of the files (firstLoadGzipKb); newer ones, the bytes sent.
  const firstLoadKb = client.firstLoadKb ?? client.firstLoadGzipKb;
  goal("First load ≤ 450 kB over the wire", `${fmt(firstLoadKb, 0)} kB${client.firstLoadKb === undefined ? " (gzip sizes, older run)" : ` (${client.firstLoad.files[0]?.encoding ?? "?"}, headers included)`}`, firstLoadKb <= 450);
  goal("Quick Play to controllable craft ≤ 500 ms", `${fmt(client.joinMedianMs, 0)} ms median`, client.joinMedianMs <= 500);
}

if (records) {
  const worst = records.rows.reduce((a: any, b: any) => (b.p95 > a.p95 ? b : a));
  goal(
    `A leaderboard request ≤ 20 ms p95 (${records.players.toLocaleString("en")} players, ${records.rounds.toLocaleString("en")} rounds, PostgreSQL)`,
    `worst ${fmt(worst.p95, 1)} ms (${worst.kind} ${worst.period}); a fresh board costs the database up to ${fmt(Math.max(...records.rows.map((r: any) => r.computeMs)), 0)} ms, at most every 30 s`,
    records.rows.every((r: any) => r.p95 <= 20),
  );
}
if (replay) {
  const worstSize = Math.max(...replay.sizes.map((s: any) => s.kbPerMin));
  goal("A replay ≤ 50 KB per minute of a 10-player round", replay.sizes.map((s: any) => `${s.name}: ${fmt(s.kbPerMin, 1)} KB/min`).join("; "), worstSize <= 50);
  const seekP95 = [...replay.seek.drawnMs].sort((a: number, b: number) => a - b)[Math.floor(replay.seek.drawnMs.length * 0.95)];
  goal("Seek to any moment ≤ 200 ms in the browser", `p95 ${fmt(seekP95, 0)} ms to drawn (worst ${fmt(Math.max(...replay.seek.drawnMs), 0)} ms), Chromium with software GL`, Math.max(...replay.seek.drawnMs) <= 200);
  const held = replay.capacity[replay.capacity.length - 1];
  const share = held.recordingShare + held.writingShare;
  goal("Recording and writing records ≤ 5 % of server CPU at the capacity load", `${fmt(share * 100, 2)} % with ${held.players} players held through a round (${fmt(held.recordingShare * 100, 2)} % recording, ${fmt(held.writingShare * 100, 2)} % writing)`, share <= 0.05);
}
if (fleet) {
  const killed = fleet.faults.find((f: any) => f.fault.includes("SIGKILL"));
  if (killed) goal("A process killed: its public players in a game on another process within 3 s", `${killed.affected} players out of play p50 ${fmt(killed.outP50, 0)} ms, max ${fmt(killed.outMax, 0)} ms`, killed.affected > 0 && killed.outMax <= 3000);
  const lost = fleet.faults.reduce((n: number, f: any) => n + f.lost, 0);
  const said = fleet.faults.reduce((n: number, f: any) => n + f.said, 0);
  const inconsistent = fleet.faults.flatMap((f: any) => f.inconsistent);
  goal("Every fault: 0 messages lost in running rooms, 0 rooms or seats inconsistent after", `${lost} of ${said} chat lines lost; ${inconsistent.length ? inconsistent.join("; ") : "nothing inconsistent"} (${fleet.faults.map((f: any) => f.fault).join(", ")})`, lost === 0 && inconsistent.length === 0);
}
if (fuzz) {
  goal("Fuzzing: ≥ 1,000,000 messages, 0 crashes, rooms keep ticking", `${fuzz.messages.toLocaleString("en")} messages, ${fuzz.crashes} crashes, rooms ticking: ${fuzz.roomsTicking ? "yes" : "no"}`, fuzz.messages >= 1_000_000 && fuzz.crashes === 0 && fuzz.roomsTicking);
}
if (flood) {
  const worst = Math.max(...flood.runs.map((f: any) => f.cutOffMs));
  goal("Flood of 10,000 messages/s cut off within about a second", `after ${fmt(worst, 0)} ms at the longest (${flood.runs.length} runs)`, worst <= 1000 && flood.runs.every((f: any) => f.honestStillPlaying));
}
if (soak) {
  const clean = soak.idleAfter.rooms === 0 && soak.idleAfter.clients === 0;
  goal("Soak: heap flat after warm-up (< 5 % growth), nothing left behind", `${fmt(soak.heapGrowthPercent, 1)} % over ${soak.minutes} min with ${soak.bots} bots; ${soak.idleAfter.rooms} rooms and ${soak.idleAfter.clients} clients left`, soak.heapGrowthPercent < 5 && clean);
}

writeSection("goals", `## Goals at a glance\n\nLatest figures from \`bench/results/\` (\`npm run bench\` refreshes all; \`node --import tsx bench/summary.ts\` rebuilds this table).\n\n${table(["Goal", "Measured", ""], rows)}`);
console.log("summary: BENCHMARKS.md updated");
