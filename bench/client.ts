// Client benchmarks in headless Chromium (Debian's, through playwright-core):
//   - JS time per frame in a busy arena: 16 craft (15 bots and the player) firing all four
//     weapons: 150 more shots in the air (blaster bolts, scatter pellets, rockets with their
//     smoke), rail beams and rocket bursts in view, on top of what the bots fire;
//   - the first load: the bytes the server really sends for the page and the scripts and
//     styles it loads at once (brotli, as Chromium asks for it), Phaser in a chunk of its own;
//   - time from the Quick Play click to a craft that answers the keys.
// Headless Chromium renders WebGL in software (SwiftShader) on this machine's CPU, so frame
// rates are not meaningful here; JS time per frame is (GPU work happens in another process).

import { chromium } from "playwright-core";
import { build } from "vite";
import { startServer } from "../server/app";
import { DEFAULTS, NO_RECORDS } from "../server/config";
import { type FirstLoad, measureFirstLoad } from "./firstLoad";
import { median, quantile } from "./report";

export interface ClientResult {
  /**
   * JS time per frame after the arena's first seconds: the main thread's CPU time in each
   * animation-frame task (Phaser's whole step and render run in it), from Chromium's trace.
   */
  frameP50Ms: number;
  frameP95Ms: number;
  frames: number;
  /** The same frames' wall time, Phaser's prestep to postrender (waits for a core included). */
  wallP50Ms: number;
  wallP95Ms: number;
  /** The first seconds (the engine still compiling the arena's code), apart: CPU and wall p95. */
  warmupSeconds: number;
  warmupP95Ms: number;
  warmupWallP95Ms: number;
  warmupFrames: number;
  craft: number;
  shots: number;
  /** Of those, how many were in the camera's view at the end (the rest are not drawn). */
  shotsInView: number;
  /** The arsenal in the scene: the shots added by weapon, and the rail beams and rocket bursts shown a second in view. */
  arsenal: { blaster: number; pellets: number; rockets: number; beamsPerSecond: number; blastsPerSecond: number };
  /** The canvas the frames were drawn on (a 0×0 canvas would make frames look cheap). */
  canvas: { width: number; height: number };
  /** A first visit (empty cache): what crossed the wire for the page, its scripts and styles. */
  firstLoad: FirstLoad;
  /** The same in kB, bodies and headers: the figure the goal is about. */
  firstLoadKb: number;
  joinMedianMs: number;
  joinSamples: number[];
}

/** The arena's first seconds, measured apart from the rest (see ClientResult). */
const WARMUP_SECONDS = 3;
/** The shots added to the bots' own: 150, by weapon (a scatter shot is 7 pellets). */
const ADDED = { blaster: 52, scatterShots: 8, rockets: 42 };
/**
 * Rail beams and rocket bursts a second near the player: a busy fight of 16 craft, a few of
 * them with each weapon (a rail fires every 1.2 s, a rocket every 0.9 s).
 */
const BEAMS_PER_SECOND = 6;
const BLASTS_PER_SECOND = 5;

export interface ClientOptions {
  /**
   * A look that it runs, not a measure: no first load, no join timing, a few seconds of
   * frames (`node --import tsx bench/client.ts --quick`).
   */
  quick?: boolean;
  /** Also take a CPU profile of the measured seconds and print where the page's time went (`--profile`). */
  profile?: boolean;
}

export async function measureClient(opts: ClientOptions = {}): Promise<ClientResult> {
  const warmupSeconds = opts.quick ? 1 : WARMUP_SECONDS;
  const measureSeconds = opts.quick ? 3 : 12;
  process.env.LOG_LEVEL ??= "warn";
  // Profiled, the build keeps its names: the profile then names functions, not minified letters.
  await build({ configFile: "vite.config.ts", logLevel: "warn", ...(opts.profile ? { build: { minify: false } } : {}) });

  const server = await startServer({ ...DEFAULTS, dataDir: NO_RECORDS, host: "127.0.0.1", port: 0, botFill: 16, maxPlayers: 16, logLevel: "warn" }, { gracefulShutdown: false });
  const url = `http://127.0.0.1:${server.port}/`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true, args: ["--disable-quic", "--disable-dev-shm-usage"] });
  try {
    const firstLoad: FirstLoad = opts.quick ? { kb: Number.NaN, bodyKb: Number.NaN, acceptEncoding: "", files: [] } : await measureFirstLoad(browser, url);
    // Time to a controllable craft, from a warm page (assets cached, as on a second visit).
    const joinSamples: number[] = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    for (let i = 0; i < (opts.quick ? 0 : 6); i++) {
      const page = await context.newPage();
      await page.goto(url);
      await page.fill("#name", `Timer${i}`);
      await page.waitForFunction(() => document.querySelectorAll("script").length > 0);
      await page.waitForTimeout(1500);
      // Controllable: the session runs, the craft exists and the first input has gone out.
      const ms = (await page.evaluate(`(async () => {
        const t0 = performance.now();
        document.getElementById("quick-play").click();
        for (;;) {
          const s = window.skirmish && window.skirmish.session;
          if (s && s.ready && s.me && s.stats.inputsSent > 0) return performance.now() - t0;
          await new Promise((r) => setTimeout(r, 2));
        }
      })()`)) as number;
      joinSamples.push(ms);
      // Leave properly, or the seat would be held for a reconnection.
      await page.evaluate(() => (window as any).skirmish.session.room.leave());
      await page.close();
    }

    // Frame cost with a full room and the whole arsenal in the air. A page that fails
    // (an error in the scene) would draw cheap frames: any error fails the run.
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(url);
    await page.fill("#name", "Measure");
    await page.click("#quick-play");
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => (window as any).skirmish.session.remotes.size >= 15, undefined, { timeout: 30_000 });
    // The trace gives each animation-frame task's CPU time on the main thread ("tdur").
    const cdp = await context.newCDPSession(page);
    const trace: { name: string; ph: string; ts: number; dur?: number; tdur?: number }[] = [];
    cdp.on("Tracing.dataCollected", (e) => trace.push(...(e.value as unknown as typeof trace)));
    const traced = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.start", { categories: "devtools.timeline", transferMode: "ReportEvents" });
    if (opts.profile) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
      await cdp.send("HeapProfiler.enable");
      await cdp.send("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
    // Passed as text: the page must not see helpers the TypeScript loader adds to functions.
    const result = (await page.evaluate(`(async () => {
      const { game, session } = window.skirmish;
      const added = ${JSON.stringify(ADDED)};
      // 150 more shots on long flights out from the player, on top of whatever the bots fire:
      // blaster bolts, scatter shots (7 pellets each, one id), rockets. Weapon 0 blaster, 1 scatter, 3 rocket.
      const tick = session.renderTick;
      const keys = [];
      const flight = (angle) => ({ ox: 1000, oy: 700, dx: Math.cos(angle), dy: Math.sin(angle), end: 1e9, hitsWall: false, lastStep: 100000 });
      const add = (id, pellet, weapon, angle) => {
        const key = id * 8 + pellet;
        keys.push(key);
        session.shots.set(key, {
          id, owner: id % 16, weapon, own: false, seq: id & 0xff, viewTick: 0, hitOnScreen: false, confirmedHit: false,
          startTick: tick, serverTick: tick, endTick: tick + 100000, flight: flight(angle),
        });
      };
      let id = 100000;
      for (let i = 0; i < added.blaster; i++) add(id++, 0, 0, (i / added.blaster) * Math.PI * 2);
      for (let i = 0; i < added.scatterShots; i++, id++) for (let p = 0; p < 7; p++) add(id, p, 1, (i / added.scatterShots) * Math.PI * 2 + (p - 3) * 0.07);
      for (let i = 0; i < added.rockets; i++) add(id++, 0, 3, (i / added.rockets) * Math.PI * 2 + 0.05);
      // Keep them on screen: restart their flights around the player now and then.
      const restart = setInterval(() => {
        const own = session.ownDrawn();
        keys.forEach((key, i) => {
          const s = session.shots.get(key);
          s.startTick = session.renderTick - (i % 30);
          s.flight.ox = own.x;
          s.flight.oy = own.y;
        });
      }, 500);
      // Rail beams and rocket bursts around the player, as the scene hears them from the server:
      // a rail's shot event (beam to a wall, or to a hit) and a rocket's blast event.
      let beams = 0;
      let blasts = 0;
      let seq = 0;
      const hear = (e) => session.listeners.event(e);
      const began = performance.now();
      const near = () => {
        const own = session.ownDrawn();
        const angle = (seq * 2.4) % (Math.PI * 2);
        seq = (seq + 1) & 0xff;
        return { own, owner: 1 + (seq % 15), angle, x: own.x + Math.cos(angle) * 260, y: own.y + Math.sin(angle) * 180 };
      };
      // On the clock, not per timer call: a slow frame delays the timer, not the count.
      const arsenal = setInterval(() => {
        const seconds = (performance.now() - began) / 1000;
        while (beams < seconds * ${BEAMS_PER_SECOND}) {
          const { own, owner, angle, x, y } = near();
          const aim = Math.round(((angle + Math.PI) / (Math.PI * 2)) * 65536) & 0xffff;
          const shot = (owner << 8) | seq;
          hear({ kind: "shot", tick: session.renderTick, shot, owner, seq, x: Math.round(x * 16), y: Math.round(y * 16), aim, weapon: 2 });
          // Every other beam strikes the player (it stops there).
          if (beams % 2 === 0) hear({ kind: "hit", tick: session.renderTick, shot, shooter: owner, target: session.me.slot, x: Math.round(own.x), y: Math.round(own.y), damage: 0 });
          beams++;
        }
        while (blasts < seconds * ${BLASTS_PER_SECOND}) {
          const { owner, x, y } = near();
          hear({ kind: "blast", tick: session.renderTick, owner, x: Math.round(x), y: Math.round(y) });
          blasts++;
        }
      }, 50);
      const times = [];
      const warmup = [];
      let start = 0;
      const from = performance.now();
      const pre = () => { start = performance.now(); };
      const post = () => { (start - from < ${warmupSeconds * 1000} ? warmup : times).push(performance.now() - start); };
      game.events.on("prestep", pre);
      game.events.on("postrender", post);
      await new Promise((r) => setTimeout(r, ${(warmupSeconds + measureSeconds) * 1000}));
      game.events.off("prestep", pre);
      game.events.off("postrender", post);
      clearInterval(restart);
      clearInterval(arsenal);
      const seconds = (performance.now() - from) / 1000;
      let shots = 0;
      let shotsInView = 0;
      const view = game.scene.getScene("arena").cameras.main.worldView;
      const at = { x: 0, y: 0 };
      for (const s of session.visibleShots()) {
        if (!session.shotPosition(s, at)) continue;
        shots++;
        if (view.contains(at.x, at.y)) shotsInView++;
      }
      return {
        times, warmup, craft: session.remotes.size + 1, shots, shotsInView, canvas: { width: game.canvas.width, height: game.canvas.height },
        arsenal: { blaster: added.blaster, pellets: added.scatterShots * 7, rockets: added.rockets, beamsPerSecond: beams / seconds, blastsPerSecond: blasts / seconds },
      };
    })()`)) as { times: number[]; warmup: number[]; craft: number; shots: number; shotsInView: number; canvas: { width: number; height: number }; arsenal: ClientResult["arsenal"] };
    const profile = opts.profile ? (await cdp.send("Profiler.stop")).profile : undefined;
    if (opts.profile) {
      // What a frame draws, by picture: the sprites that cost the renderer its time.
      const drawn = await page.evaluate(`(() => {
        const scene = window.skirmish.game.scene.getScene("arena");
        const view = scene.cameras.main.worldView;
        const count = {};
        for (const o of scene.children.list) {
          if (!o.visible || o.alpha === 0) continue;
          const key = o.type + ":" + (o.frame ? o.frame.name : "") + (view.contains(o.x, o.y) ? "" : " (off view)");
          count[key] = (count[key] || 0) + 1;
        }
        return count;
      })()`);
      console.log("drawn:", JSON.stringify(Object.entries(drawn as Record<string, number>).sort((a, b) => b[1] - a[1])));
    }
    if (opts.profile) printAllocations((await cdp.send("HeapProfiler.stopSampling")).profile as unknown as Allocations);
    await cdp.send("Tracing.end");
    await traced;
    if (errors.length > 0) throw new Error(`the page failed while measured: ${errors.join("; ")}`);
    if (result.canvas.width < 640 || result.canvas.height < 360) throw new Error(`the canvas is ${result.canvas.width}×${result.canvas.height}: frames on it say nothing`);
    const frames = trace.filter((e) => e.name === "FireAnimationFrame" && e.ph === "X" && e.tdur !== undefined);
    if (frames.length < (opts.quick ? 10 : 50)) throw new Error(`only ${frames.length} animation frames in the trace`);
    const from = frames[0].ts;
    const cpu = (warm: boolean) => frames.filter((e) => e.ts - from < warmupSeconds * 1e6 === warm).map((e) => e.tdur! / 1000);
    if (profile) printProfile(profile, frames.filter((e) => e.ts - from >= warmupSeconds * 1e6) as Frame[]);
    return {
      frameP50Ms: median(cpu(false)),
      frameP95Ms: quantile(cpu(false), 0.95),
      frames: cpu(false).length,
      wallP50Ms: median(result.times),
      wallP95Ms: quantile(result.times, 0.95),
      warmupSeconds,
      warmupP95Ms: quantile(cpu(true), 0.95),
      warmupWallP95Ms: quantile(result.warmup, 0.95),
      warmupFrames: cpu(true).length,
      craft: result.craft,
      shots: result.shots,
      shotsInView: result.shotsInView,
      arsenal: result.arsenal,
      canvas: result.canvas,
      firstLoad,
      firstLoadKb: firstLoad.kb,
      joinMedianMs: median(joinSamples),
      joinSamples,
    };
  } finally {
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
    await server.stop();
  }
}

type Allocations = { head: AllocationNode };
type AllocationNode = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: AllocationNode[] };

/** Where the page allocated during the measured seconds (what the garbage collector then pays for). */
function printAllocations(a: Allocations): void {
  const sites = new Map<string, number>();
  const walk = (n: AllocationNode, path: string[]) => {
    const here = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}`;
    const chain = [here, ...path].slice(0, 3);
    if (n.selfSize > 0) sites.set(chain.join(" < "), (sites.get(chain.join(" < ")) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, [here, ...path]);
  };
  walk(a.head, []);
  const total = [...sites.values()].reduce((x, y) => x + y, 0);
  console.log(`allocations: ${(total / 1e6).toFixed(1)} MB sampled; top 30 sites (kB):`);
  for (const [site, bytes] of [...sites].sort((x, y) => y[1] - x[1]).slice(0, 30)) console.log(`  ${(bytes / 1024).toFixed(0).padStart(7)}  ${site}`);
}

type Frame = { ts: number; dur: number; tdur: number };
type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; startTime: number; samples?: number[]; timeDeltas?: number[] };

/**
 * Where the page's time went inside animation frames (self time per function): in all of them,
 * and in the slowest twentieth (the frames that make the p95) per frame, beside the rest per frame.
 */
function printProfile(profile: Profile, frames: Frame[]): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const n = byId.get(id)!;
    return `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}`;
  };
  // A function and the two calls above it: who asked for the time.
  const name = (id: number) => {
    const up = parent.get(id);
    const upper = up === undefined ? undefined : parent.get(up);
    return [id, up, upper].filter((x): x is number => x !== undefined && byId.get(x)!.callFrame.url !== "" || x === id).map(label).join(" < ");
  };
  const sorted = [...frames].sort((a, b) => a.ts - b.ts);
  const cut = [...frames].map((f) => f.tdur).sort((a, b) => a - b)[Math.floor(frames.length * 0.95)];
  const slow = new Map<string, number>();
  const rest = new Map<string, number>();
  let t = profile.startTime;
  let f = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const dt = profile.timeDeltas?.[i] ?? 0;
    t += dt;
    while (f < sorted.length && sorted[f].ts + sorted[f].dur < t) f++;
    if (f >= sorted.length || t < sorted[f].ts) return;
    const into = sorted[f].tdur >= cut ? slow : rest;
    into.set(name(id), (into.get(name(id)) ?? 0) + dt);
  });
  const slowFrames = frames.filter((x) => x.tdur >= cut).length;
  const restFrames = frames.length - slowFrames;
  console.log(`profile: ${slowFrames} slowest frames (CPU ≥ ${(cut / 1000).toFixed(2)} ms) beside the other ${restFrames}, self time per frame (ms):`);
  const names = [...new Set([...slow.keys(), ...rest.keys()])];
  const per = (m: Map<string, number>, n: string, count: number) => (m.get(n) ?? 0) / 1000 / Math.max(1, count);
  for (const n of names.sort((a, b) => per(slow, b, slowFrames) - per(slow, a, slowFrames)).slice(0, 40)) {
    console.log(`  ${per(slow, n, slowFrames).toFixed(3).padStart(7)}  ${per(rest, n, restFrames).toFixed(3).padStart(7)}  ${n}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureClient({ quick: process.argv.includes("--quick"), profile: process.argv.includes("--profile") }), null, 1));
  process.exit(0);
}
