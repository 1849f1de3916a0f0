// `npm run bench:fleet`: the fleet's figures.
// (1) What the balancer costs. A message's round trip through nginx over TLS (deploy/nginx/
//     skirmish-fleet.conf) beside the same message straight to the process, in turns, idle and
//     while 300 busy players play through it; and the capacity ramp of one process
//     (bench/server/capacity.ts) straight and behind nginx, with nginx's own CPU.
// (2) The faults of tests/integration/fleet.test.ts at a larger scale: three processes sharing
//     Redis and PostgreSQL behind nginx, with bots, and 24 of the page's own players
//     (testkit/pagePlayer) talking all along. Per fault: each player's time out of play
//     (p50 / max), chat lines lost in rooms that kept running, and what is inconsistent once
//     the fleet has recovered.
//
//   npm run bench:fleet                    (writes BENCHMARKS.md, section "fleet")
//   npm run bench:fleet -- --quick --dry   (shorter, prints only)

import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { Protocol } from "@colyseus/core";
import WebSocket from "ws";
import { fleetBalancer, fleetInconsistencies, startFleet, type TestFleet } from "../testkit/fleet";
import { sleep } from "../testkit/net";
import { PagePlayer } from "../testkit/pagePlayer";
import { testCertificate } from "../testkit/tls";
import { fmt, machine, median, quantile, table, writeSection } from "./report";
import { type CapacityRow, rampCapacity } from "./server/capacity";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const dry = args.includes("--dry");
process.env.LOG_LEVEL ??= "warn";

// Node trusts the test's certificate only if told when it starts: start again, told.
const { cert } = testCertificate();
if (process.env.NODE_EXTRA_CA_CERTS !== cert) {
  const again = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...args], { stdio: "inherit", env: { ...process.env, NODE_EXTRA_CA_CERTS: cert } });
  process.exit(again.status ?? 1);
}

// Stopped by a signal: exit as usual, so what was started (servers, Redis, nginx) goes too.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(1));

const PINGS = quick ? 400 : 2000;
const PLAYERS = quick ? 12 : 24;

// ---- the report ------------------------------------------------------------------------------

interface Results {
  date: string;
  machine: string;
  pings: number;
  load: number;
  players: number;
  idle: { direct: number[]; balanced: number[] };
  loaded: { direct: number[]; balanced: number[] };
  capacity: { way: string; rows: CapacityRow[] }[];
  faults: FaultRow[];
}

interface FaultRow {
  fault: string;
  affected: number;
  outP50: number;
  outMax: number;
  lost: number;
  said: number;
  inconsistent: string[];
  note: string;
}

const ms = (xs: number[], q: number) => fmt(quantile(xs, q), 2);
const added = (t: { direct: number[]; balanced: number[] }, q: number) => fmt(quantile(t.balanced, q) - quantile(t.direct, q), 2);

function renderReport(r: Results): string {
  const best = (rows: CapacityRow[]) => rows.filter((row) => row.withinBudget).pop();
  // Players per core of CPU at a step: the server's, and the server's with nginx's.
  const perCore = (row: CapacityRow, withFront: boolean) => Math.round(row.players / (row.serverCpu + (withFront ? row.frontCpu : 0)));
  return `## The fleet: the balancer's cost and faults survived

\`npm run bench:fleet\` (bench/fleet.ts), ${r.date.slice(0, 10)}, ${r.machine}.
Three game processes sharing a real Redis and PostgreSQL behind a real nginx over TLS, configured by
deploy/nginx/skirmish-fleet.conf (testkit/fleet.ts); everything on this one machine, so nginx, the
processes and the load share its two cores.

**A message through the balancer.** One PING frame answered by the process (what the SDK's
\`getLatency\` sends), ${r.pings} round trips each way in alternating blocks of 20, straight to the
process's port and through nginx's \`/p1/\` over TLS:

${table(
  ["Load", "Straight p50 / p99 (ms)", "Through nginx p50 / p99 (ms)", "Added p50 / p99 (ms)"],
  [
    ["idle", `${ms(r.idle.direct, 0.5)} / ${ms(r.idle.direct, 0.99)}`, `${ms(r.idle.balanced, 0.5)} / ${ms(r.idle.balanced, 0.99)}`, `${added(r.idle, 0.5)} / ${added(r.idle, 0.99)}`],
    [`${r.load} busy players through nginx (another process)`, `${ms(r.loaded.direct, 0.5)} / ${ms(r.loaded.direct, 0.99)}`, `${ms(r.loaded.balanced, 0.5)} / ${ms(r.loaded.balanced, 0.99)}`, `${added(r.loaded, 0.5)} / ${added(r.loaded, 0.99)}`],
  ],
)}

**Capacity of one process, straight and behind nginx** (the capacity ramp of bench/server: rooms of
ten busy players added until the server leaves its budget; nginx's CPU read from /proc; runs
alternate). Here nginx takes its CPU from the same two cores as the server and the load, so the
server leaves its budget sooner behind it; what carries over to a real machine is the CPU each
costs per player (nginx on cores of its own):

${table(
  ["Run", "Players within budget", "Server CPU there", "nginx CPU there", "Players per core: server alone", "Players per core: server + nginx"],
  r.capacity.map(({ way, rows }) => {
    const b = best(rows);
    if (!b) return [way, "none", "–", "–", "–", "–"];
    const front = way === "nginx";
    return [way, b.players, `${fmt(b.serverCpu * 100, 0)} %`, front ? `${fmt(b.frontCpu * 100, 0)} %` : "–", perCore(b, false), front ? perCore(b, true) : "–"];
  }),
)}

**Faults, injected into a running fleet** (${r.players} of the page's own players — its flow and its
matchmaking calls, testkit/pagePlayer.ts — plus bots, each player saying a chat line every 1.5 s;
*out of play*: from their room closing on them to playing again; *lost*: lines said in a room that
stayed open 2 s afterwards that never came back to the sayer; *inconsistent*: the processes'
listed rooms and clients against what they hold, 15 s after recovery at most):

${table(
  ["Fault", "Players out of play", "Out of play p50 / max (ms)", "Chat lines lost", "Inconsistent after", "Notes"],
  r.faults.map((f) => [f.fault, f.affected, f.affected ? `${fmt(f.outP50, 0)} / ${fmt(f.outMax, 0)}` : "–", `${f.lost} of ${f.said}`, f.inconsistent.length ? f.inconsistent.join("; ") : "nothing", f.note]),
)}
`;
}

// \`--report\`: only write the report again from bench/results/fleet.json.
if (args.includes("--report")) {
  const report = renderReport(JSON.parse(readFileSync("bench/results/fleet.json", "utf8")) as Results);
  console.log(report);
  if (!dry) writeSection("fleet", report);
  process.exit(0);
}

// ---- (1a) a message's round trip, straight and through the balancer --------------------------

/**
 * Round trips of one PING frame to a process's root, answered PING for PING (what the SDK's
 * getLatency measures). Colyseus closes such a socket after a second: a new one is opened for
 * each block of pings, and the opening is not timed.
 */
async function pingBlock(url: string, count: number): Promise<number[]> {
  const ws = new WebSocket(url, { ca: readFileSync(cert) });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      times.push(
        await new Promise<number>((resolve, reject) => {
          const t0 = performance.now();
          ws.once("message", () => resolve(performance.now() - t0));
          ws.once("close", () => reject(new Error("closed")));
          ws.send(Buffer.from([Protocol.PING]));
        }),
      );
      ws.removeAllListeners("close");
    }
  } catch {
    // closed under us (past its second): the block is shorter
  }
  ws.close();
  return times;
}

/** Round trips straight to process 1 and through the balancer's /p1/, in alternating blocks of 20. */
async function roundTrips(fleet: TestFleet): Promise<{ direct: number[]; balanced: number[] }> {
  const out = { direct: [] as number[], balanced: [] as number[] };
  while (out.direct.length < PINGS || out.balanced.length < PINGS) {
    out.direct.push(...(await pingBlock(fleet.procs[0]!.url, 20)));
    out.balanced.push(...(await pingBlock(`${fleet.url}/p1/`, 20)));
  }
  return out;
}

console.log("fleet: starting three processes, Redis, PostgreSQL and nginx (TLS)…");
// Every load client comes from this one address: no per-address limits.
const fleet = await startFleet({ database: true, env: { BOTS: "2", CONNECTIONS_PER_ADDRESS: "0" } });
console.log("fleet: round trips, idle…");
const idle = await roundTrips(fleet);
console.log(`  straight p50 ${ms(idle.direct, 0.5)} ms, through nginx p50 ${ms(idle.balanced, 0.5)} ms`);

const LOAD = quick ? 100 : 300;
console.log(`fleet: round trips while ${LOAD} busy players play through nginx…`);
const load = spawn(process.execPath, ["--import", "tsx", "bench/lib/load.ts", fleet.httpUrl, String(LOAD)], { stdio: ["ignore", "pipe", "inherit"] });
process.once("exit", () => load.kill("SIGKILL"));
await new Promise<void>((resolve) => load.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
await sleep(3000);
const loaded = await roundTrips(fleet);
load.kill("SIGKILL");
console.log(`  straight p50 ${ms(loaded.direct, 0.5)} ms, through nginx p50 ${ms(loaded.balanced, 0.5)} ms`);

// ---- (2) the faults ------------------------------------------------------------------------


const players: PagePlayer[] = [];
const processOf = (p: PagePlayer) => fleet.indexOf(p.room!.connection.url!);

async function everyonePlaying(timeoutMs = 20_000): Promise<void> {
  await Promise.all(players.map((p) => p.until(() => p.playing, timeoutMs, "playing")));
}

/** Out-of-play times (ms) of the outages that began since `since`, and chat lines lost so far. */
function measure(fault: string, since: number, inconsistent: string[], note: string): FaultRow {
  const outs = players.flatMap((p) => p.outages.filter((o) => o.from >= since && o.to !== undefined).map((o) => o.to! - o.from));
  const lost = players.reduce((n, p) => n + p.lostLines().length, 0);
  const said = players.reduce((n, p) => n + p.said.length, 0);
  const row = { fault, affected: outs.length, outP50: outs.length ? median(outs) : 0, outMax: outs.length ? Math.max(...outs) : 0, lost, said, inconsistent, note };
  console.log(`  ${fault}: ${outs.length} players out of play, p50 ${fmt(row.outP50, 0)} ms, max ${fmt(row.outMax, 0)} ms; ${lost} of ${said} chat lines lost; inconsistent: ${inconsistent.length ? inconsistent.join("; ") : "nothing"}`);
  return row;
}

/** Waits for the fleet to agree with itself (at most 15 s) and says what still does not. */
async function settle(): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let problems = await fleetInconsistencies(fleet);
  while (problems.length > 0 && Date.now() < deadline) {
    await sleep(500);
    problems = await fleetInconsistencies(fleet);
  }
  return problems;
}

console.log(`fleet: ${PLAYERS} players join through nginx and talk…`);
for (let i = 0; i < PLAYERS; i++) {
  const p = new PagePlayer(fleet.url, `Bench${i}`);
  players.push(p);
  await p.quickPlay();
  p.talk(1500);
}
await sleep(3000);
const faults: FaultRow[] = [];

// A process killed: the one holding the most players.
{
  const counts = [0, 1, 2].map((i) => players.filter((p) => processOf(p) === i).length);
  const victim = counts.indexOf(Math.max(...counts));
  const since = Date.now();
  await fleet.procs[victim]!.stop("SIGKILL");
  fleet.procs[victim] = undefined;
  await everyonePlaying();
  await sleep(2000);
  faults.push(measure("a process killed (SIGKILL)", since, await settle(), `${counts[victim]} of ${PLAYERS} players were on it`));
  await fleet.start(victim);
  await sleep(2000);
}

// Redis away for 10 s, and three players asking to join meanwhile.
{
  const since = Date.now();
  fleet.redis.pause();
  await sleep(1000);
  const latecomers = [0, 1, 2].map((i) => new PagePlayer(fleet.url, `Late${i}`));
  const asked = Date.now();
  for (const p of latecomers) p.flow.send({ type: "quick-play" });
  await sleep(9000);
  fleet.redis.resume();
  const back = Date.now();
  await Promise.all(latecomers.map((p) => p.until(() => p.playing, 20_000, "playing once Redis is back")));
  const waited = latecomers.map((p) => (p.shown.find((s) => s.state.kind === "playing")?.at ?? back) - back);
  await sleep(2000);
  faults.push(
    measure(
      "Redis away 10 s (frozen)",
      since,
      await settle(),
      `joins asked during it were told to retry and got in ${fmt(median(waited), 0)} ms (median, max ${fmt(Math.max(...waited), 0)}) after Redis came back, ${fmt((back - asked) / 1000, 0)} s after asking`,
    ),
  );
  for (const p of latecomers) await p.leave();
}

// A rolling restart: each process told to stop (SIGTERM), started again once its players are elsewhere.
{
  const since = Date.now();
  for (let i = 0; i < 3; i++) {
    await fleet.procs[i]!.stop("SIGTERM");
    fleet.procs[i] = undefined;
    await everyonePlaying();
    await fleet.start(i);
    await sleep(1000);
  }
  await sleep(2000);
  faults.push(measure("a rolling restart (SIGTERM each in turn)", since, await settle(), "each process started again before the next was stopped"));
}

for (const p of players) await p.leave();

// ---- (1b) capacity straight and behind nginx ---------------------------------------------------

await fleet.stop();
const MAX = quick ? 400 : 900;
const capacity: { way: string; rows: CapacityRow[] }[] = [];
for (const way of quick ? ["straight", "nginx"] : ["straight", "nginx", "straight", "nginx"]) {
  console.log(`fleet: capacity of one process, ${way}…`);
  const rows = await rampCapacity("ours", MAX, (r) => console.log(`   ${r.players} players: server ${fmt(r.serverCpu * 100, 0)} % of a core, nginx ${fmt(r.frontCpu * 100, 0)} %, ${r.withinBudget ? "within" : "over"} budget`), {
    front:
      way === "nginx"
        ? async (port) => {
            const nginx = await fleetBalancer([port]);
            return { base: nginx.httpUrl, cpuSeconds: () => nginx.cpuSeconds(), stop: () => nginx.stop() };
          }
        : undefined,
  });
  capacity.push({ way, rows });
}

// ---- written down -------------------------------------------------------------------------------

const results: Results = { date: new Date().toISOString(), machine: machine(), pings: PINGS, load: LOAD, players: PLAYERS, idle, loaded, capacity, faults };
const report = renderReport(results);
console.log(report);
if (!dry) {
  writeSection("fleet", report);
  writeFileSync("bench/results/fleet.json", JSON.stringify(results, null, 2));
}
process.exit(0);
