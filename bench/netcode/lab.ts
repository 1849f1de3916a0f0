// The netcode lab: real headless clients, on the game's own client netcode, play on a real
// server through a relay that adds latency, jitter and stalls; the same run measures the
// game's client beside two baselines (naive: draw the latest patch; lerp: 20% per frame) and
// beside a client built on Colyseus 0.18's own Predict with its documented defaults, which
// plays the same match in a room written the Colyseus way (PredictRoom) on the same server.
//
//   npm run bench:netcode                 (60 s per condition; writes BENCHMARKS.md)
//   npm run bench:netcode -- --seconds 20 (quicker, noisier)
//   npm run bench:netcode -- --dry        (prints the figures, writes nothing)
//   npm run bench:netcode -- --from-json  (writes BENCHMARKS.md again from bench/results/netcode.json)

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Client, type Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { matchMaker } from "@colyseus/core";
import { startServer } from "../../server/app";
import { DEFAULTS, NO_RECORDS } from "../../server/config";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom";
import { ArenaState } from "../../shared/schema/ArenaState";
import { WEAPON_NAMES } from "../../shared/sim/weapons";
import { GAME } from "../../shared/config";
import { fmt, machine, mean, quantile, rms, table, writeSection } from "../report";
import { type ClientKind, LabClient, type LabPlayer, type LabSample, RESPAWN_WINDOW_MS, type TruthLog, type WeaponHits } from "./LabClient";
import { CLEAN_LINE, LagRelay, type LineProfile } from "../../testkit/LagRelay";
import { PREDICT_DEFAULT_DELAY_MS, PredictLabClient } from "./PredictLabClient";
import { PredictRoom } from "./PredictRoom";
import { PcState, PREDICT_ROOM } from "./predictSchema";
import { recordTruth } from "./truth";

interface Condition {
  name: string;
  /** Round trip; each direction gets half the latency and half the jitter. */
  rttMs: number;
  jitterMs: number;
  stall: boolean;
}

const CONDITIONS: Condition[] = [
  { name: "0 ms", rttMs: 0, jitterMs: 0, stall: false },
  { name: "100 ± 10 ms", rttMs: 100, jitterMs: 10, stall: false },
  { name: "150 ± 30 ms", rttMs: 150, jitterMs: 30, stall: false },
  { name: "250 ± 50 ms + 500 ms stall / 10 s", rttMs: 250, jitterMs: 50, stall: true },
];
/** The kinds that play in the game's own room, PER_KIND of each. */
const ARENA_KINDS: ClientKind[] = ["ours", "naive", "lerp"];
const KINDS: ClientKind[] = [...ARENA_KINDS, "colyseus"];
const PER_KIND = 2;
/** The Colyseus-style room gets as many players as the game's, all of them "colyseus" (and all measured). */
const PREDICT_PLAYERS = ARENA_KINDS.length * PER_KIND;

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1]) || 60;
/** Print the figures but write nothing (for trying the lab out). */
const dry = args.includes("--dry");
const FRAME_MS = 1000 / 60;
/** A condition whose frame loop ran later than this at p99 is run again, up to MAX_ATTEMPTS in all. */
const CALM_LATE_MS = 50;
const MAX_ATTEMPTS = 3;

interface LoopLoad {
  lateMsP99: number;
  workMsMean: number;
  workMsP99: number;
}

/** The Colyseus room's input buffer while measuring: inputs applied, inputs still waiting behind each (mean), inputs lost to a full buffer. */
interface BufferLoad {
  applied: number;
  meanWaiting: number;
  dropped: number;
  /** Server ticks that wall time said were due but each room's loop did not run (late timers, dropped catch-up). */
  ticksLost: { ours: number; colyseus: number };
  /** Our queues (every pilot of the game's room): inputs dropped from a long backlog, and ticks given back by an extra input. */
  ourQueues?: { trimmed: number; caughtUp: number };
}

async function runCondition(port: number, c: Condition): Promise<{ samples: Map<ClientKind, LabSample[]>; rewind: Map<ClientKind, number[]>; colyseusInputs: BufferLoad; loop: LoopLoad }> {
  const line: LineProfile = c.rttMs === 0 ? CLEAN_LINE : { latencyMs: c.rttMs / 2, jitterMs: c.jitterMs / 2, stallEveryMs: c.stall ? 10_000 : 0, stallMs: c.stall ? 500 : 0 };
  const relay = new LagRelay(port, line, 7);
  await relay.ready();
  const urlBuilder = (url: URL) => {
    url.port = String(relay.port);
    return url.toString();
  };
  const client = () => new ArenaClient(`ws://127.0.0.1:${port}`, { urlBuilder });
  // A private room of its own per condition, so conditions never share a match.
  const first = await client().create<ArenaState>("arena", { name: "ours-0", private: true }, ArenaState);
  const rooms: Room<ArenaState>[] = [first];
  for (let i = 1; i < ARENA_KINDS.length * PER_KIND; i++) {
    const kind = ARENA_KINDS[i % ARENA_KINDS.length];
    rooms.push(await client().joinById<ArenaState>(first.roomId, { name: `${kind}-${i}` }, ArenaState));
  }
  const arena = matchMaker.getLocalRoomById(first.roomId) as ArenaRoom;
  arena.match.configure({ scoreLimit: 1000, timeLimitSeconds: 3600 });
  // The game's players hold every weapon in turn: keep their ammo topped up (never to empty,
  // so no weapon runs out between what a client predicted and what the server does).
  const topUp = setInterval(() => {
    for (const p of arena.match.pilots.values()) for (const w of [1, 2, 3]) if (p.craft.ammo[w] < 50) p.craft.ammo[w] = 99;
  }, 100);
  // How far back each kind's inputs ask the server to look (ms), while measuring.
  const rewind = new Map<ClientKind, number[]>(KINDS.map((k) => [k, []]));
  const kindOf = new Map<string, ClientKind>();
  let measuring = false;
  const onInput = (id: string, ticks: number) => {
    const kind = kindOf.get(id);
    if (measuring && kind) rewind.get(kind)!.push((ticks * 1000) / GAME.net.tickHz);
  };
  rooms.forEach((room, i) => kindOf.set(room.sessionId, ARENA_KINDS[i % ARENA_KINDS.length]));
  const truth = recordTruth(arena.match, onInput);
  const labs: LabPlayer[] = rooms.map((room, i) => new LabClient(ARENA_KINDS[i % ARENA_KINDS.length], room, truth, 100 + i));

  // The Colyseus way: the SDK's own Client (its defaults), a room of its own, the same relay.
  const predictClient = () => new Client(`ws://127.0.0.1:${port}`, { urlBuilder });
  const pFirst = await predictClient().create<PcState>(PREDICT_ROOM, { name: "colyseus-0" }, PcState);
  const pRooms: Room<any, PcState>[] = [pFirst];
  for (let i = 1; i < PREDICT_PLAYERS; i++) pRooms.push(await predictClient().joinById<PcState>(pFirst.roomId, { name: `colyseus-${i}` }, PcState));
  const pRoom = matchMaker.getLocalRoomById(pFirst.roomId) as PredictRoom;
  for (const room of pRooms) kindOf.set(room.sessionId, "colyseus");
  const pTruth = { ...recordTruth(pRoom.match, onInput), tickAt: (ms: number) => pRoom.tickAt(ms) };
  labs.push(...pRooms.map((room, i) => new PredictLabClient(room, pTruth, 200 + i)));

  // One frame clock for everyone, at 60 frames a second.
  let stop = false;
  // How late each frame started against its schedule, and what all the clients' frames cost:
  // on a busy machine this is where the lab itself would add jitter.
  const late: number[] = [];
  const work: number[] = [];
  const loop = new Promise<void>((resolve) => {
    let next = performance.now();
    const tick = () => {
      if (stop) return resolve();
      const now = performance.now();
      for (const lab of labs) lab.frame(now);
      if (measuring) {
        late.push(now - next);
        work.push(performance.now() - now);
      }
      next += FRAME_MS;
      setTimeout(tick, Math.max(0, next - performance.now()));
    };
    tick();
  });
  await new Promise((r) => setTimeout(r, 4000));
  const t0 = performance.now();
  for (const lab of labs) lab.startMeasuring(t0);
  const inputsBefore = { ...pRoom.inputStats };
  const ticksBefore = { at: performance.now(), ours: arena.match.tick, colyseus: pRoom.match.tick };
  const queuesBefore = { ...arena.loop.counters };
  measuring = true;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  stop = true;
  measuring = false;
  const due = ((performance.now() - ticksBefore.at) * GAME.net.tickHz) / 1000;
  const ticksLost = { ours: due - (arena.match.tick - ticksBefore.ours), colyseus: due - (pRoom.match.tick - ticksBefore.colyseus) };
  await loop;
  const st = pRoom.inputStats;
  const colyseusInputs = { applied: st.applied - inputsBefore.applied, meanWaiting: (st.waiting - inputsBefore.waiting) / Math.max(1, st.applied - inputsBefore.applied), dropped: st.dropped - inputsBefore.dropped, ticksLost, ourQueues: { trimmed: arena.loop.counters.trimmedInputs - queuesBefore.trimmedInputs, caughtUp: arena.loop.counters.caughtUpInputs - queuesBefore.caughtUpInputs } };
  // Let the last shots' verdicts arrive.
  await new Promise((r) => setTimeout(r, 1500));
  const out = new Map<ClientKind, LabSample[]>();
  for (const lab of labs) out.set(lab.kind, [...(out.get(lab.kind) ?? []), lab.finish()]);
  for (const lab of labs) lab.close();
  await Promise.all([...rooms, ...pRooms].map((r) => Promise.race([r.leave(), new Promise((res) => setTimeout(res, 1000))])));
  await relay.close();
  clearInterval(topUp);
  return { samples: out, rewind, colyseusInputs, loop: { lateMsP99: quantile(late, 0.99), workMsMean: mean(work), workMsP99: quantile(work, 0.99) } };
}

function summarize(samples: LabSample[], rewindMs: number[]) {
  const all = <K extends keyof LabSample>(k: K) => samples.flatMap((s) => s[k] as unknown as number[]);
  const sum = (k: keyof LabSample) => samples.reduce((n, s) => n + (s[k] as number), 0);
  const minutes = samples.reduce((n, s) => n + s.seconds, 0) / 60;
  return {
    checks: sum("predictionChecks"),
    misses: sum("predictionMisses"),
    largestError: Math.max(...samples.map((s) => s.largestPredictionError)),
    correctionsPerMin: sum("corrections") / minutes,
    correctionMean: mean(all("correctionSizes")),
    correctionP99: quantile(all("correctionSizes"), 0.99),
    ownLagMean: mean(all("ownLag")),
    ownLagP99: quantile(all("ownLag"), 0.99),
    ownJumpP99: quantile(all("ownJump"), 0.99),
    extrapolationsPerMin: sum("extrapolations") / minutes,
    holdsPerMin: sum("holds") / minutes,
    freezesPerMin: sum("freezes") / minutes,
    delayMs: mean(all("delayMs")),
    jitterMs: mean(all("jitterMs")),
    remoteErrorMean: mean(all("remoteError")),
    remoteErrorP99: quantile(all("remoteError"), 0.99),
    smoothness: rms(all("jerkDrawn")) / rms(all("jerkTrue")),
    behindMs: mean(all("behindMs")),
    respawnLagMean: mean(all("respawnLag")),
    respawnLagP99: quantile(all("respawnLag"), 0.99),
    rttMs: mean(all("rttMs")),
    rewindMean: mean(rewindMs),
    rewindP99: quantile(rewindMs, 0.99),
    /** Share of applied inputs asking to look further back than the server's rewind limit. */
    rewindBeyond: rewindMs.length ? rewindMs.filter((ms) => ms > GAME.net.maxRewindMs).length / rewindMs.length : Number.NaN,
    screenHits: sum("screenHits"),
    registered: sum("registered"),
    shooterDown: sum("shooterDown"),
    targetDown: sum("targetDown"),
    missed: sum("missed"),
    /** Per weapon: screen hits and how the server judged them. */
    byWeapon: [0, 1, 2, 3].map((w) => {
      const total = (k: keyof WeaponHits) => samples.reduce((n, s) => n + (s.byWeapon?.[w]?.[k] ?? 0), 0);
      return { screenHits: total("screenHits"), registered: total("registered"), shooterDown: total("shooterDown"), targetDown: total("targetDown"), missed: total("missed") };
    }),
  };
}

type Summary = ReturnType<typeof summarize>;
type Result = { condition: Condition; kinds: Map<ClientKind, Summary>; loop: LoopLoad; colyseusInputs: BufferLoad };

interface RunInfo {
  date: string;
  machine: string;
  seconds: number;
}

const RESULTS_FILE = "bench/results/netcode.json";

/** Rebuilds the section from the last run's results (after a change to the report's wording). */
function fromJson(): void {
  // JSON has no NaN: a figure that was not measured comes back as null.
  const json = JSON.parse(readFileSync(RESULTS_FILE, "utf8"), (_k, v) => (v === null ? Number.NaN : v)) as RunInfo & {
    results: (Omit<Result, "kinds"> & { kinds: Record<ClientKind, Summary> })[];
  };
  const results = json.results.map((r) => ({ ...r, kinds: new Map(Object.entries(r.kinds) as [ClientKind, Summary][]) }));
  writeSection("netcode", report(results, json));
  console.log(`lab: BENCHMARKS.md written again from ${RESULTS_FILE} (${json.date})`);
}

async function main(): Promise<void> {
  if (args.includes("--from-json")) return fromJson();
  process.env.LOG_LEVEL ??= "warn";
  const server = await startServer({ ...DEFAULTS, dataDir: NO_RECORDS, host: "127.0.0.1", port: 0, botFill: 0, maxPlayers: 16, logLevel: "warn" }, { gracefulShutdown: false });
  server.gameServer.define(PREDICT_ROOM, PredictRoom);
  const results: Result[] = [];
  for (const c of CONDITIONS) {
    // The machine may be shared: a run whose frame loop fell far behind its schedule measured the
    // machine as much as the netcode. Such a condition is run again (up to MAX_ATTEMPTS in all),
    // and the calmest attempt is kept.
    let run: Awaited<ReturnType<typeof runCondition>> | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      console.log(`lab: ${c.name} (${seconds} s)${attempt > 1 ? `, attempt ${attempt}` : ""}…`);
      const next = await runCondition(server.port, c);
      if (!run || next.loop.lateMsP99 < run.loop.lateMsP99) run = next;
      if (run.loop.lateMsP99 <= CALM_LATE_MS) break;
      console.log(`  frame loop p99 ${fmt(next.loop.lateMsP99)} ms late: a busy machine`);
    }
    const { samples, rewind, colyseusInputs, loop } = run!;
    const kinds = new Map([...samples].map(([k, s]) => [k, summarize(s, rewind.get(k) ?? [])]));
    results.push({ condition: c, kinds, loop, colyseusInputs });
    console.log(`  colyseus input buffer: ${colyseusInputs.applied} applied, ${fmt(colyseusInputs.meanWaiting)} waiting behind each, ${colyseusInputs.dropped} dropped; ticks lost: ours ${fmt(colyseusInputs.ticksLost.ours)}, colyseus ${fmt(colyseusInputs.ticksLost.colyseus)}; our queues: ${colyseusInputs.ourQueues?.trimmed} trimmed, ${colyseusInputs.ourQueues?.caughtUp} ticks given back`);
    console.log(`  frame loop: p99 ${fmt(loop.lateMsP99)} ms late; clients' work ${fmt(loop.workMsMean)} ms a frame (p99 ${fmt(loop.workMsP99)})`);
    for (const [k, s] of kinds) console.log(`  ${k.padEnd(8)} ${JSON.stringify(s, (_k, v) => (typeof v === "number" ? +v.toFixed(2) : v))}`);
  }
  await server.stop();
  if (dry) {
    console.log("lab: --dry, nothing written");
    process.exit(0);
  }
  mkdirSync("bench/results", { recursive: true });
  const info: RunInfo = { date: new Date().toISOString(), machine: machine(), seconds };
  writeFileSync(RESULTS_FILE, JSON.stringify({ ...info, results: results.map((r) => ({ condition: r.condition, loop: r.loop, colyseusInputs: r.colyseusInputs, kinds: Object.fromEntries(r.kinds) })) }, null, 1));
  writeSection("netcode", report(results, info));
  console.log("lab: BENCHMARKS.md updated");
  process.exit(0);
}

/** One figure where lower is better (or higher, for `higher`), read off a summary; NaN where not measured. */
interface Figure {
  name: string;
  value: (s: Summary) => number;
  /** Differences smaller than this (absolute) are not called either way. */
  eps: number;
  higher?: boolean;
  digits?: number;
  unit?: string;
}

const counted = (s: Summary) => s.screenHits - s.shooterDown - s.targetDown;

const FIGURES: Figure[] = [
  { name: "share of acks mispredicted", value: (s) => (s.checks ? s.misses / s.checks : Number.NaN), eps: 0.002, digits: 3 },
  { name: "largest prediction error", value: (s) => (s.checks ? (s.misses ? s.largestError : 0) : Number.NaN), eps: 1, unit: "u" },
  { name: "corrections /min", value: (s) => s.correctionsPerMin, eps: 1 },
  { name: "own craft behind inputs, p99", value: (s) => s.ownLagP99, eps: 0.5, unit: "u" },
  { name: "p99 visible correction / frame", value: (s) => s.ownJumpP99, eps: 0.5, digits: 2, unit: "u" },
  { name: "own craft after a respawn, p99 distance from its inputs", value: (s) => s.respawnLagP99, eps: 2, unit: "u" },
  { name: "stalls /min", value: (s) => s.holdsPerMin, eps: 1 },
  { name: "visible freezes /min", value: (s) => s.freezesPerMin, eps: 2 },
  { name: "drawn behind the server", value: (s) => s.behindMs, eps: 5, digits: 0, unit: "ms" },
  { name: "error vs true path, mean", value: (s) => s.remoteErrorMean, eps: 0.1, digits: 2, unit: "u" },
  { name: "error vs true path, p99", value: (s) => s.remoteErrorP99, eps: 0.5, unit: "u" },
  { name: "jerk vs true path (distance from 1.0)", value: (s) => Math.abs(s.smoothness - 1), eps: 0.1, digits: 2 },
  { name: "rewind asked, mean", value: (s) => s.rewindMean, eps: 5, digits: 0, unit: "ms" },
  { name: "hit registration", value: (s) => (counted(s) >= 10 ? s.registered / counted(s) : Number.NaN), eps: 0.03, higher: true, digits: 2 },
];

/** Where one client kind beats another in this run, figure by figure, with both values. */
function compare(results: Result[], a: ClientKind, b: ClientKind): { better: string[]; worse: string[] } {
  const better: string[] = [];
  const worse: string[] = [];
  for (const { condition, kinds } of results) {
    const sa = kinds.get(a);
    const sb = kinds.get(b);
    if (!sa || !sb) continue;
    for (const f of FIGURES) {
      const va = f.value(sa);
      const vb = f.value(sb);
      if (!Number.isFinite(va) || !Number.isFinite(vb) || Math.abs(va - vb) < f.eps) continue;
      // Small against small is noise: ask for a tenth of difference as well.
      if (Math.abs(va - vb) < 0.1 * Math.max(Math.abs(va), Math.abs(vb))) continue;
      const show = (v: number) => `${fmt(v, f.digits ?? 1)}${f.unit ? ` ${f.unit}` : ""}`;
      const line = `${condition.name}: ${f.name} — ${a} ${show(va)}, ${b} ${show(vb)}`;
      if (f.higher ? va > vb : va < vb) better.push(line);
      else worse.push(line);
    }
  }
  return { better, worse };
}

function report(results: Result[], info: RunInfo): string {
  const tickMs = 1000 / GAME.net.tickHz;
  const patchMs = 1000 / GAME.net.patchHz;
  const pct = (a: number, b: number) => (b > 0 ? `${fmt((100 * a) / b)} % (${a}/${b})` : "–");
  const own = table(
    ["Condition (RTT)", "Client", "Prediction error at ack", "Corrections /min", "Correction mean / p99 (u)", "Own craft behind inputs, mean / p99 (u)", "p99 visible correction / frame (u)"],
    results.flatMap(({ condition, kinds }) =>
      KINDS.map((k) => {
        const s = kinds.get(k)!;
        const predicts = k === "ours" || k === "colyseus";
        const prediction = predicts ? (s.misses === 0 ? `0 of ${s.checks} acks off (exactly 0)` : `${s.misses} of ${s.checks} acks off, max ${fmt(s.largestError, 2)} u`) : "no prediction";
        return [condition.name, k, prediction, predicts ? fmt(s.correctionsPerMin) : "–", predicts ? `${fmt(s.correctionMean, 2)} / ${fmt(s.correctionP99, 2)}` : "–", `${fmt(s.ownLagMean)} / ${fmt(s.ownLagP99)}`, fmt(s.ownJumpP99, 2)];
      }),
    ),
  );
  const remote = table(
    [
      "Condition (RTT)",
      "Client",
      "Late patches /min (extrapolated)",
      "Stalls /min (held)",
      "Visible freezes /min",
      "Interp. delay used",
      "Drawn behind the server, mean (ms)",
      "Error vs true path, mean / p99 (u)",
      "Jerk vs true path (RMS ratio)",
      "Hit registration",
      "Unregistered: shooter down / target down / miss",
      `Rewind asked, mean / p99 (ms); past ${GAME.net.maxRewindMs} ms`,
    ],
    results.flatMap(({ condition, kinds }) =>
      KINDS.map((k) => {
        const s = kinds.get(k)!;
        return [
          condition.name,
          k,
          k === "ours" ? fmt(s.extrapolationsPerMin) : k === "colyseus" ? "– (never extrapolates)" : "–",
          k === "ours" || k === "colyseus" ? fmt(s.holdsPerMin) : "–",
          fmt(s.freezesPerMin),
          k === "ours"
            ? `${fmt(s.delayMs, 0)} ms (bound ${fmt(patchMs + 2 * s.jitterMs, 0)}: σ ${fmt(s.jitterMs)} ms)`
            : k === "colyseus"
              ? `${fmt(PREDICT_DEFAULT_DELAY_MS, 0)} ms (fixed default)`
              : "0 (latest patch)",
          fmt(s.behindMs, 0),
          `${fmt(s.remoteErrorMean)} / ${fmt(s.remoteErrorP99)}`,
          fmt(s.smoothness, 2),
          pct(s.registered, counted(s)),
          `${s.shooterDown} / ${s.targetDown} / ${s.missed}`,
          `${fmt(s.rewindMean, 0)} / ${fmt(s.rewindP99, 0)}; ${fmt(100 * s.rewindBeyond, 0)} %`,
        ];
      }),
    ),
  );
  const extra = table(
    ["Condition (RTT)", "Colyseus input buffer: inputs waiting behind each applied (≈ ms)", "Inputs lost to the full buffer", "Round trip the client believes, ours / colyseus (ms)", "Own craft within 300 ms of a respawn, p99 distance from its inputs: ours / naive / lerp / colyseus (u)", "Server ticks lost to late timers: ours / colyseus", "Our queues: inputs trimmed / ticks given back", "Lab frame loop: p99 late / clients' work a frame (ms)"],
    results.map(({ condition, kinds, colyseusInputs: b, loop }) => {
      const g = (k: ClientKind) => kinds.get(k)!;
      return [
        condition.name,
        `${fmt(b.meanWaiting)} (${fmt(b.meanWaiting * tickMs, 0)} ms)`,
        `${b.dropped} of ${b.applied + b.dropped}`,
        `${fmt(g("ours").rttMs, 0)} / ${fmt(g("colyseus").rttMs, 0)}`,
        KINDS.map((k) => fmt(g(k).respawnLagP99, 0)).join(" / "),
        `${fmt(Math.max(0, b.ticksLost.ours), 0)} / ${fmt(Math.max(0, b.ticksLost.colyseus), 0)}`,
        b.ourQueues ? `${b.ourQueues.trimmed} / ${b.ourQueues.caughtUp}` : "not measured",
        `${fmt(loop.lateMsP99)} / ${fmt(loop.workMsMean)}`,
      ];
    }),
  );
  const perWeapon = table(
    ["Condition (RTT)", ...WEAPON_NAMES.map((w) => `${w}: registered of counted screen hits, ours / naive / lerp`)],
    results.map(({ condition, kinds }) => [
      condition.name,
      ...WEAPON_NAMES.map((_, w) =>
        ARENA_KINDS.map((k) => {
          const b = kinds.get(k)?.byWeapon?.[w];
          const counted = b ? b.screenHits - b.shooterDown - b.targetDown : 0;
          return b && counted > 0 ? `${b.registered}/${counted}` : "–";
        }).join(" · "),
      ),
    ]),
  );
  const { better, worse } = compare(results, "colyseus", "ours");
  const list = (lines: string[]) => (lines.length ? lines.map((l) => `- ${l}`).join("\n") : "- nowhere in this run");
  return `## Netcode lab

\`npm run bench:netcode\` — ${info.date.slice(0, 10)}, ${info.machine}, ${info.seconds} s of measured play per condition.

Six headless players (two each of the game's client **ours** and the baselines **naive** — draws the latest
patch — and **lerp** — moves 20 % of the way to the latest patch each frame) fight in one room on a real
server; at the same time, on the same server, six players on **colyseus** — a client built on Colyseus 0.18's
own \`Predict\` with its documented defaults — fight in a room written the way a Colyseus user would write it
(below). Every player goes through a WebSocket relay that delays every message by half the round trip ± half
the jitter in each direction (in order, like TCP); the last condition also stalls the line for 500 ms every
10 s. ours, naive and lerp run the same netcode and send the same inputs; they differ only in what they draw.
All four kinds play the same scripted player (bench/netcode/pilot.ts) on the same map with the same shared
simulation (shared/sim) at the same tick and patch rates, so their errors are comparable. Ground truth is read
off each server simulation every tick. Distances are world units (a craft is 36 wide; full speed is
${GAME.craft.maxSpeed} u/s, ${fmt(GAME.craft.maxSpeed / GAME.net.tickHz)} u per ${fmt(tickMs)} ms tick; a patch every ${fmt(patchMs)} ms).
The machine may be shared: a condition during which the lab's own frame loop ran more than ${CALM_LATE_MS} ms late at
p99 is run again (up to ${MAX_ATTEMPTS} times in all) and the calmest attempt kept; the last table says how late it was.

### The Colyseus Predict client and its room

The game's own room cannot host \`Predict\`: it sends other crafts' positions in a binary Snapshot message, not
in the schema, and does not use \`defineInput\`. So the colyseus players play in \`bench/netcode/PredictRoom.ts\`:
positions and every other field of the shared step's craft state in the schema (float64 \`number\` for
position and velocity, so the wire loses nothing), inputs declared with \`defineInput\` and consumed one per
player per step with \`next()\` (the docs' pattern for a shared world, which a match with shots is; default
32-input buffer, no idle policy), \`setFixedTimestep\` at ${GAME.net.tickHz} Hz, Colyseus' own patch timer at
${GAME.net.patchHz} Hz, and \`allowRewindState()\` with the crafts attached, which makes the SDK stamp every input
with the instant its player was drawing the others at. The match is the game's own (server/rules/Match): its
shots are judged by the game's lag compensation, rewound to the tick that the input's Colyseus render-time
stamp names, within the game's ${GAME.net.maxRewindMs} ms limit (Colyseus' own default would allow 500 ms).
The client (\`bench/netcode/PredictLabClient.ts\`) uses only defaults: \`Predict.get(room)\` (mode \`lerp\`,
delay ${PREDICT_DEFAULT_DELAY_MS} ms, no output spring, no snap), \`attachAll("crafts", { mode: "lerp", fields: ["x", "y"] })\`,
\`predict.reconciler(me, { input: room.input(), step })\` with the shared \`stepCraft\` as \`step\` (every scalar
field mirrored; corrections eased with a time constant of one patch interval; no snap), one input per step
that \`predict.tick(now)\` says is due, and everything drawn with \`predict.value(craft, "x" | "y")\`. Own shots
are drawn at once from the predicted craft and flown on the input timeline with the shared flight, as the
game does (the room tells the shooter when the server fired each and whether it hit). Where a column is
measured differently for it: *late patches* do not exist (its lerp never extrapolates; past the newest patch
it holds at once, counted as a *stall*); its *interpolation delay* is the fixed default; the tick it *means to
show* is its lerp's render instant (server clock minus delay minus half its round trip) mapped to a tick
through the server's own patch stamps. All six colyseus players are measured (two per kind elsewhere).

### Your own craft

- *Prediction error at ack*: the server's position for the last input it applied, against what the client
  predicted for that input (downs, respawns and round changes excluded: the rules move the craft there).
- *Own craft behind inputs*: how far the drawn craft is from where the player's inputs have put it (not
  counting the first ${RESPAWN_WINDOW_MS} ms after a respawn, which the last table shows apart).
- *Visible correction per frame*: how much the drawn craft moved differently from the inputs' motion in one frame.

${own}

### Everyone else, and hits

- *Error vs true path*: the drawn position against the server's true position at the tick the client means
  to show (ours: the render tick; baselines: the latest patch's tick; colyseus: its lerp's render instant).
- *Drawn behind the server*: how far the tick the client means to show is behind the server's present tick.
- *Jerk*: RMS third difference of the drawn positions from frame to frame, over the same for the true path
  sampled at a steadily advancing time (1.0 = as smooth as the motion itself; the naive client's 30 Hz steps
  on a 60 Hz screen show up here).
- *Interpolation delay used*: the game's adaptive delay, against its bound of one patch interval plus twice
  the measured arrival jitter (σ) — the delay is set to exactly that, eased.
- *Stalls*: moments when a remote craft had to be held still because no newer state had arrived even after
  the 100 ms extrapolation allowance; *late patches*: moments it was briefly carried forward on its velocity.
  Both count episodes (all craft at once count as one). *Visible freezes*: a craft drawn still for three
  frames while it really moved.
- *Hit registration*: of the shots that crossed a craft as drawn on the shooter's screen, the share the server
  counted (as a hit, or stopped by a spawn shield). Not counted against it, but listed: shots the server
  never fired because the shooter had already been downed there (the shooter's screen learns of it a
  round trip later), and shots at a craft the server had already downed by the time the shot got there.
- *Rewind asked*: for every input the server applied, how far back the world its player was looking at lay
  (the server's tick then, minus the tick the input names); past ${GAME.net.maxRewindMs} ms the server judges shots against
  a later world than the one on the shooter's screen.

${remote}

### Behind the figures

${extra}

### Hit registration per weapon

The game's players (ours, naive, lerp) hold each weapon in turn, ${fmt(6)} s each (the lab keeps their ammo
topped up); the colyseus players keep the blaster. A screen hit is an own shot's drawn path crossing a craft as
drawn (a scatter pellet, a rocket touching a craft, a rail's beam from the muzzle to where it stops); the server
counts it when it says that shot struck a craft; as in the totals, hits on a craft the server had already downed,
or by a shooter already down there, are not counted. A rocket's splash on a craft it did not touch is not counted
either way (its push and damage are judged at the server's present, like any blast). The scripted players land
few hits per weapon in a minute: these cells are small samples, read them as "none lost" or not, not as rates.

${perWeapon}

### Colyseus Predict against ours, in this run

Figure by figure and condition by condition (differences under a tenth, or too small to matter, left out;
hit registration only with at least 10 counted shots each):

Where Predict (defaults) does better than ours:

${list(better)}

Where ours does better:

${list(worse)}

Why, from how each is built (see the tables for the sizes):

- Own craft. Predict's reconciler replays the unacknowledged inputs on the shared step from a float64 mirror
  of the whole craft, so its prediction is exact for as long as the server applies every input it was sent, one
  a tick, in order: it misses only when Colyseus' input buffer overflows (32 inputs) and drops some. Ours is
  exact on the same terms, but its room trims an input queue longer than ${DEFAULTS.inputQueueMs} ms and its
  client paces inputs on the server's tick clock; when inputs bunch up (jitter, stalls, a busy machine) ours
  trims and corrects, where Colyseus keeps them all and they wait.
- Input delay. Colyseus' buffer is drained one input a tick, and only an overflow shortens it, while the SDK
  sends on the client's own clock. Whatever piles up — a stall on the line, or the steps past five that
  Colyseus' fixed-step loop drops when its timer fires late — stays queued as added input delay for the rest of
  the session. The SDK's round trip (input sent → its ack back) includes that wait, and so does the rewind its
  players ask of the server (the rewind column); past the game's ${GAME.net.maxRewindMs} ms limit a shot is judged
  against a later world than the one on its shooter's screen.
- Others' craft. Its lerp draws them a fixed ${PREDICT_DEFAULT_DELAY_MS} ms behind the server clock minus half its round trip, where ours
  draws one patch interval plus twice the measured jitter behind the newest patch. It interpolates between the
  server's millisecond clock stamps, and Colyseus stamps a patch with the clock of the last fixed-step timer
  callback, not with the simulated time of the state it carries: the stamps wobble by up to a tick against the
  states, and the drawn speed wobbles with them (the jerk column). It never extrapolates, so a late patch holds
  the craft at once; a patch stamped more than 1.5 patch intervals after the one before reads as "the craft was
  idle" and is held, then caught up.
- Respawns. With \`snap\` off by default, a respawn (or any teleport) of the own craft glides across the map on
  the correction easing (one patch interval) instead of cutting; ours cuts past 96 u.
`;
}

void main();
