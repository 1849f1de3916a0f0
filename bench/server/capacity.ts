// Capacity of one server process: rooms of 10 busy players (moving, aiming and firing
// without pause, speaking the real protocol) are added until the server leaves its budget
// (event-loop delay p99 over one tick, or rooms no longer running 60 ticks a second).
// The same ramp runs against the game's room and a straightforward Colyseus room.
//   node --import tsx bench/server/capacity.ts [--ways ours,straightforward,json] [--max 4000]

import { spawn } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { freePort, sleep } from "../../testkit/net";
import { LoadClient, type Protocol } from "./LoadClient";

export interface CapacityRow {
  players: number;
  serverCpu: number;
  loopP99Ms: number;
  tickRate: number;
  loadLagMs: number;
  downPerPlayer: number;
  upPerPlayer: number;
  withinBudget: boolean;
  /** Shares of the server's CPU spent recording replays and writing records (see serve.ts). */
  recordingShare: number;
  writingShare: number;
  /** The server's CPU seconds and its seconds recording and writing, since it started (see serve.ts). */
  totals: { cpu: number; recording: number; writing: number };
  /** Cores' worth of CPU the front (RampOptions.front) used at this step; 0 without one. */
  frontCpu: number;
}

const TICK_MS = 1000 / 60;

/** What part of the CPU used over `ms` went to a counter of seconds that went from `a` to `b`. */
const share = (a = 0, b = 0, ms: number, cpu: number): number => (cpu > 0 && ms > 0 ? (b - a) / (ms / 1000) / cpu : 0);

export interface RampOptions {
  /** Added to the server's environment (the replay benchmark keeps records this way). */
  env?: Record<string, string>;
  /** Measure every step up to maxPlayers, past the budget too (a fixed load's cost, not the capacity). */
  pastBudget?: boolean;
  /** Measure the last step this long (seconds) instead of 5 s: a load held, as rounds come and go. */
  holdSeconds?: number;
  /**
   * Something in front of the server (bench/fleet.ts: nginx over TLS): given the server's port,
   * where the load clients go instead, and the CPU seconds it has used so far.
   */
  front?: (port: number) => Promise<Front>;
}

export interface Front {
  base: string;
  cpuSeconds(): number;
  stop(): void;
}

export async function rampCapacity(way: Protocol, maxPlayers: number, log: (row: CapacityRow) => void, opts: RampOptions = {}): Promise<CapacityRow[]> {
  const env = opts.env ?? {};
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "bench/server/serve.ts", way, String(port)], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, LOG_LEVEL: "error", ...env } });
  await new Promise<void>((resolve) => server.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
  const direct = `http://127.0.0.1:${port}`;
  const front = opts.front ? await opts.front(port) : undefined;
  const base = front?.base ?? direct;
  const stats = async () => (await (await fetch(`${direct}/bench/stats`)).json()) as { cpu: number; cpuSeconds: number; loopP99Ms: number; ticks: number; at: number; keeping?: Record<string, number> };
  const clients: LoadClient[] = [];
  const selfLag = monitorEventLoopDelay({ resolution: 5 });
  selfLag.enable();
  let tick = 0;
  const driver = setInterval(() => {
    tick += 2;
    for (const c of clients) c.send(tick);
  }, 2 * TICK_MS);
  const rows: CapacityRow[] = [];
  // 100 at a time while the ways differ most, so the ratio between them is not a rounding of the steps.
  const steps = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1200, 1400, 1600, 1800, 2000, 2400, 2800, 3200, 3600, 4000, 5000, 6000].filter((n) => n <= maxPlayers);
  try {
    for (const target of steps) {
      while (clients.length < target) {
        const batch = Array.from({ length: Math.min(20, target - clients.length) }, (_, i) => new LoadClient(way, base, clients.length + i));
        await Promise.all(batch.map((c) => c.join()));
        if (process.env.CAP_DEBUG) console.log("joined", clients.length + batch.length);
        clients.push(...batch);
      }
      await sleep(3000);
      await stats();
      selfLag.reset();
      const before = clients.reduce((a, c) => [a[0] + c.bytesIn, a[1] + c.bytesOut], [0, 0]);
      const first = await stats();
      const frontBefore = front?.cpuSeconds() ?? 0;
      const t0 = performance.now();
      await sleep(target === steps.at(-1) && opts.holdSeconds ? opts.holdSeconds * 1000 : 5000);
      const s = await stats();
      const seconds = (performance.now() - t0) / 1000;
      const after = clients.reduce((a, c) => [a[0] + c.bytesIn, a[1] + c.bytesOut], [0, 0]);
      const rooms = Math.ceil(clients.length / 10);
      const tickRate = (s.ticks - first.ticks) / ((s.at - first.at) / 1000) / rooms;
      const row: CapacityRow = {
        players: clients.length,
        serverCpu: s.cpu,
        loopP99Ms: s.loopP99Ms,
        tickRate,
        loadLagMs: selfLag.percentile(99) / 1e6,
        downPerPlayer: (after[0] - before[0]) / seconds / clients.length,
        upPerPlayer: (after[1] - before[1]) / seconds / clients.length,
        withinBudget: s.loopP99Ms <= TICK_MS && tickRate >= 57,
        recordingShare: share(first.keeping?.recording, s.keeping?.recording, s.at - first.at, s.cpu),
        writingShare: share(first.keeping?.writing, s.keeping?.writing, s.at - first.at, s.cpu),
        totals: { cpu: s.cpuSeconds, recording: s.keeping?.recording ?? 0, writing: s.keeping?.writing ?? 0 },
        frontCpu: front ? (front.cpuSeconds() - frontBefore) / seconds : 0,
      };
      rows.push(row);
      log(row);
      if (!row.withinBudget && !opts.pastBudget) break;
      // The load generator shares this machine: when it falls behind, its numbers stop meaning anything.
      if (row.loadLagMs > 50) break;
    }
  } finally {
    clearInterval(driver);
    for (const c of clients) c.close();
    server.kill("SIGKILL");
    front?.stop();
    selfLag.disable();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const ways = (args[args.indexOf("--ways") + 1] ?? "ours,straightforward").split(",") as Protocol[];
  const max = Number(args[args.indexOf("--max") + 1]) || 6000;
  for (const way of ways) {
    console.log(`capacity: ${way}`);
    await rampCapacity(way, max, (r) => console.log("  ", JSON.stringify(r, (_k, v) => (typeof v === "number" ? +v.toFixed(2) : v))));
  }
  process.exit(0);
}
