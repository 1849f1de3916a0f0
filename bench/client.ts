// Client benchmarks in headless Chromium (Debian's, through playwright-core):
//   - JS time per frame in a busy arena: 16 craft (15 bots and the player) and 150 shots;
//   - the first load: the bytes the server really sends for the page and the scripts and
//     styles it loads at once (brotli, as Chromium asks for it), Phaser in a chunk of its own;
//   - time from the Quick Play click to a craft that answers the keys.
// Headless Chromium renders WebGL in software (SwiftShader) on this machine's CPU, so frame
// rates are not meaningful here; JS time per frame is (GPU work happens in another process).

import { chromium } from "playwright-core";
import { build } from "vite";
import { startServer } from "../server/app";
import { DEFAULTS } from "../server/config";
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

export async function measureClient(): Promise<ClientResult> {
  process.env.LOG_LEVEL ??= "warn";
  await build({ configFile: "vite.config.ts", logLevel: "warn" });

  const server = await startServer({ ...DEFAULTS, host: "127.0.0.1", port: 0, botFill: 16, maxPlayers: 16, logLevel: "warn" }, { gracefulShutdown: false });
  const url = `http://127.0.0.1:${server.port}/`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true, args: ["--disable-quic", "--disable-dev-shm-usage"] });
  try {
    const firstLoad = await measureFirstLoad(browser, url);
    // Time to a controllable craft, from a warm page (assets cached, as on a second visit).
    const joinSamples: number[] = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    for (let i = 0; i < 6; i++) {
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

    // Frame cost with a full room and 150 shots in the air.
    const page = await context.newPage();
    await page.goto(url);
    await page.fill("#name", "Measure");
    await page.click("#quick-play");
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => (window as any).skirmish.session.remotes.size >= 15, undefined, { timeout: 30_000 });
    // The trace gives each animation-frame task's CPU time on the main thread ("tdur").
    const cdp = await context.newCDPSession(page);
    const trace: { name: string; ph: string; ts: number; tdur?: number }[] = [];
    cdp.on("Tracing.dataCollected", (e) => trace.push(...(e.value as unknown as typeof trace)));
    const traced = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.start", { categories: "devtools.timeline", transferMode: "ReportEvents" });
    // Passed as text: the page must not see helpers the TypeScript loader adds to functions.
    const result = (await page.evaluate(`(async () => {
      const { game, session } = window.skirmish;
      // 150 more shots on long flights out from the player, on top of whatever the bots fire.
      const tick = session.renderTick;
      for (let i = 0; i < 150; i++) {
        const angle = (i / 150) * Math.PI * 2;
        session.shots.set(100000 + i, {
          id: 100000 + i, owner: i % 16, own: false, seq: 0, viewTick: 0, hitOnScreen: false, confirmedHit: false,
          startTick: tick, serverTick: tick, endTick: tick + 100000,
          flight: { ox: 1000, oy: 700, dx: Math.cos(angle), dy: Math.sin(angle), end: 1e9, hitsWall: false, lastStep: 100000 },
        });
      }
      // Keep them on screen: restart their flights around the player now and then.
      const restart = setInterval(() => {
        const own = session.ownDrawn();
        for (let i = 0; i < 150; i++) {
          const s = session.shots.get(100000 + i);
          s.startTick = session.renderTick - (i % 30);
          s.flight.ox = own.x;
          s.flight.oy = own.y;
        }
      }, 500);
      const times = [];
      const warmup = [];
      let start = 0;
      const from = performance.now();
      const pre = () => { start = performance.now(); };
      const post = () => { (start - from < ${WARMUP_SECONDS * 1000} ? warmup : times).push(performance.now() - start); };
      game.events.on("prestep", pre);
      game.events.on("postrender", post);
      await new Promise((r) => setTimeout(r, ${(WARMUP_SECONDS + 12) * 1000}));
      game.events.off("prestep", pre);
      game.events.off("postrender", post);
      clearInterval(restart);
      let shots = 0;
      let shotsInView = 0;
      const view = game.scene.getScene("arena").cameras.main.worldView;
      const at = { x: 0, y: 0 };
      for (const s of session.visibleShots()) {
        if (!session.shotPosition(s, at)) continue;
        shots++;
        if (view.contains(at.x, at.y)) shotsInView++;
      }
      return { times, warmup, craft: session.remotes.size + 1, shots, shotsInView, canvas: { width: game.canvas.width, height: game.canvas.height } };
    })()`)) as { times: number[]; warmup: number[]; craft: number; shots: number; shotsInView: number; canvas: { width: number; height: number } };
    await cdp.send("Tracing.end");
    await traced;
    if (result.canvas.width < 640 || result.canvas.height < 360) throw new Error(`the canvas is ${result.canvas.width}×${result.canvas.height}: frames on it say nothing`);
    const frames = trace.filter((e) => e.name === "FireAnimationFrame" && e.ph === "X" && e.tdur !== undefined);
    if (frames.length < 50) throw new Error(`only ${frames.length} animation frames in the trace`);
    const from = frames[0].ts;
    const cpu = (warm: boolean) => frames.filter((e) => e.ts - from < WARMUP_SECONDS * 1e6 === warm).map((e) => e.tdur! / 1000);
    return {
      frameP50Ms: median(cpu(false)),
      frameP95Ms: quantile(cpu(false), 0.95),
      frames: cpu(false).length,
      wallP50Ms: median(result.times),
      wallP95Ms: quantile(result.times, 0.95),
      warmupSeconds: WARMUP_SECONDS,
      warmupP95Ms: quantile(cpu(true), 0.95),
      warmupWallP95Ms: quantile(result.warmup, 0.95),
      warmupFrames: cpu(true).length,
      craft: result.craft,
      shots: result.shots,
      shotsInView: result.shotsInView,
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

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureClient(), null, 1));
  process.exit(0);
}
