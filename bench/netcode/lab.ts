// The netcode lab: real headless clients, on the game's own client netcode, play on a real
// server through a relay that adds latency, jitter and stalls; the same run measures the
// game's client beside two baselines (naive: draw the latest patch; lerp: 20% per frame).
//
//   npm run bench:netcode                 (60 s per condition; writes BENCHMARKS.md)
//   npm run bench:netcode -- --seconds 20 (quicker, noisier)

import { mkdirSync, writeFileSync } from "node:fs";
import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { matchMaker } from "@colyseus/core";
import { startServer } from "../../server/app";
import { DEFAULTS } from "../../server/config";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom";
import { ArenaState } from "../../shared/schema/ArenaState";
import { GAME } from "../../shared/config";
import { fmt, machine, mean, quantile, rms, table, writeSection } from "../report";
import { type ClientKind, LabClient, type LabSample, type TruthLog } from "./LabClient";
import { CLEAN_LINE, LagRelay, type LineProfile } from "./LagRelay";

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
const KINDS: ClientKind[] = ["ours", "naive", "lerp"];
const PER_KIND = 2;

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1]) || 60;
const FRAME_MS = 1000 / 60;

/** Records where every craft of a room is after every tick, read off the server's simulation. */
function recordTruth(room: ArenaRoom): TruthLog {
  const log = new Map<string, Map<number, { x: number; y: number }>>();
  const step = room.match.step.bind(room.match);
  room.match.step = (next) => {
    step(next);
    const tick = room.match.tick;
    for (const p of room.match.pilots.values()) {
      let m = log.get(p.id);
      if (!m) log.set(p.id, (m = new Map()));
      if (p.alive) m.set(tick, { x: p.craft.x, y: p.craft.y });
      m.delete(tick - 600);
    }
  };
  return {
    at(id, tick) {
      const m = log.get(id);
      const t0 = Math.floor(tick);
      const a = m?.get(t0);
      const b = m?.get(t0 + 1);
      if (!a) return undefined;
      if (!b || tick === t0) return a;
      const f = tick - t0;
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    },
  };
}

async function runCondition(port: number, c: Condition): Promise<Map<ClientKind, LabSample[]>> {
  const line: LineProfile = c.rttMs === 0 ? CLEAN_LINE : { latencyMs: c.rttMs / 2, jitterMs: c.jitterMs / 2, stallEveryMs: c.stall ? 10_000 : 0, stallMs: c.stall ? 500 : 0 };
  const relay = new LagRelay(port, line, 7);
  await relay.ready();
  const client = () =>
    new ArenaClient(`ws://127.0.0.1:${port}`, {
      urlBuilder: (url) => {
        url.port = String(relay.port);
        return url.toString();
      },
    });
  // A private room of its own per condition, so conditions never share a match.
  const first = await client().create<ArenaState>("arena", { name: "ours-0", private: true }, ArenaState);
  const rooms: Room<ArenaState>[] = [first];
  for (let i = 1; i < KINDS.length * PER_KIND; i++) {
    const kind = KINDS[i % KINDS.length];
    rooms.push(await client().joinById<ArenaState>(first.roomId, { name: `${kind}-${i}` }, ArenaState));
  }
  const arena = matchMaker.getLocalRoomById(first.roomId) as ArenaRoom;
  arena.match.configure({ scoreLimit: 1000, timeLimitSeconds: 3600 });
  const truth = recordTruth(arena);
  const labs = rooms.map((room, i) => new LabClient(KINDS[i % KINDS.length], room, truth, 100 + i));
  for (const lab of labs) lab.session.listeners.correction = (size, snapped, life) => !snapped && !life && lab.recordCorrection(size);

  // One frame clock for everyone, at 60 frames a second.
  let stop = false;
  const loop = new Promise<void>((resolve) => {
    let next = performance.now();
    const tick = () => {
      if (stop) return resolve();
      const now = performance.now();
      for (const lab of labs) lab.frame(now);
      next += FRAME_MS;
      setTimeout(tick, Math.max(0, next - performance.now()));
    };
    tick();
  });
  await new Promise((r) => setTimeout(r, 4000));
  const t0 = performance.now();
  for (const lab of labs) lab.startMeasuring(t0);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  stop = true;
  await loop;
  // Let the last shots' verdicts arrive.
  await new Promise((r) => setTimeout(r, 1500));
  const out = new Map<ClientKind, LabSample[]>();
  for (const lab of labs) out.set(lab.kind, [...(out.get(lab.kind) ?? []), lab.finish()]);
  for (const lab of labs) lab.session.close();
  await Promise.all(rooms.map((r) => Promise.race([r.leave(), new Promise((res) => setTimeout(res, 1000))])));
  await relay.close();
  return out;
}

function summarize(samples: LabSample[]) {
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
    screenHits: sum("screenHits"),
    registered: sum("registered"),
    shooterDown: sum("shooterDown"),
    targetDown: sum("targetDown"),
    missed: sum("missed"),
  };
}

type Summary = ReturnType<typeof summarize>;

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= "warn";
  const server = await startServer({ ...DEFAULTS, host: "127.0.0.1", port: 0, botFill: 0, maxPlayers: 16, logLevel: "warn" }, { gracefulShutdown: false });
  const results: { condition: Condition; kinds: Map<ClientKind, Summary> }[] = [];
  for (const c of CONDITIONS) {
    console.log(`lab: ${c.name} (${seconds} s)…`);
    const samples = await runCondition(server.port, c);
    const kinds = new Map([...samples].map(([k, s]) => [k, summarize(s)]));
    results.push({ condition: c, kinds });
    for (const [k, s] of kinds) console.log(`  ${k.padEnd(5)} ${JSON.stringify(s, (_k, v) => (typeof v === "number" ? +v.toFixed(2) : v))}`);
  }
  await server.stop();
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/netcode.json",
    JSON.stringify({ date: new Date().toISOString(), machine: machine(), seconds, results: results.map((r) => ({ condition: r.condition, kinds: Object.fromEntries(r.kinds) })) }, null, 1),
  );
  writeSection("netcode", report(results));
  console.log("lab: BENCHMARKS.md updated");
  process.exit(0);
}

function report(results: { condition: Condition; kinds: Map<ClientKind, Summary> }[]): string {
  const tickMs = 1000 / GAME.net.tickHz;
  const patchMs = 1000 / GAME.net.patchHz;
  const pct = (a: number, b: number) => (b > 0 ? `${fmt((100 * a) / b)} % (${a}/${b})` : "–");
  const own = table(
    ["Condition (RTT)", "Client", "Prediction error at ack", "Corrections /min", "Correction mean / p99 (u)", "Own craft behind inputs, mean / p99 (u)", "p99 visible correction / frame (u)"],
    results.flatMap(({ condition, kinds }) =>
      KINDS.map((k) => {
        const s = kinds.get(k)!;
        const prediction = k === "ours" ? (s.misses === 0 ? `0 of ${s.checks} acks off (exactly 0)` : `${s.misses} of ${s.checks} acks off, max ${fmt(s.largestError, 2)} u`) : "no prediction";
        return [condition.name, k, prediction, k === "ours" ? fmt(s.correctionsPerMin) : "–", k === "ours" ? `${fmt(s.correctionMean, 2)} / ${fmt(s.correctionP99, 2)}` : "–", `${fmt(s.ownLagMean)} / ${fmt(s.ownLagP99)}`, fmt(s.ownJumpP99, 2)];
      }),
    ),
  );
  const remote = table(
    ["Condition (RTT)", "Client", "Late patches /min (extrapolated)", "Stalls /min (held)", "Visible freezes /min", "Interp. delay used", "Error vs true path, mean / p99 (u)", "Jerk vs true path (RMS ratio)", "Hit registration", "Unregistered: shooter down / target down / miss"],
    results.flatMap(({ condition, kinds }) =>
      KINDS.map((k) => {
        const s = kinds.get(k)!;
        return [
          condition.name,
          k,
          k === "ours" ? fmt(s.extrapolationsPerMin) : "–",
          k === "ours" ? fmt(s.holdsPerMin) : "–",
          fmt(s.freezesPerMin),
          k === "ours" ? `${fmt(s.delayMs, 0)} ms (bound ${fmt(patchMs + 2 * s.jitterMs, 0)}: σ ${fmt(s.jitterMs)} ms)` : "0 (latest patch)",
          `${fmt(s.remoteErrorMean)} / ${fmt(s.remoteErrorP99)}`,
          fmt(s.smoothness, 2),
          pct(s.registered, s.screenHits - s.shooterDown - s.targetDown),
          `${s.shooterDown} / ${s.targetDown} / ${s.missed}`,
        ];
      }),
    ),
  );
  return `## Netcode lab

\`npm run bench:netcode\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}, ${seconds} s of measured play per condition.

Six headless players (two each of the game's client **ours** and the baselines **naive** — draws the latest
patch — and **lerp** — moves 20 % of the way to the latest patch each frame) fight in one room on a real
server, each through a WebSocket relay that delays every message by half the round trip ± half the jitter in
each direction (in order, like TCP); the last condition also stalls the line for 500 ms every 10 s. All
clients run the same netcode and send the same inputs; they differ only in what they draw. Ground truth is
read off the server's simulation every tick. Distances are world units (a craft is 36 wide; full speed is
${GAME.craft.maxSpeed} u/s, ${fmt(GAME.craft.maxSpeed / GAME.net.tickHz)} u per ${fmt(tickMs)} ms tick; a patch every ${fmt(patchMs)} ms).

### Your own craft

- *Prediction error at ack*: the server's position for the last input it applied, against what the client
  predicted for that input (downs, respawns and round changes excluded: the rules move the craft there).
- *Own craft behind inputs*: how far the drawn craft is from where the player's inputs have put it.
- *Visible correction per frame*: how much the drawn craft moved differently from the inputs' motion in one frame.

${own}

### Everyone else, and hits

- *Error vs true path*: the drawn position against the server's true position at the tick the client means
  to show (ours: the render tick; baselines: the latest patch's tick).
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

${remote}
`;
}

void main();
