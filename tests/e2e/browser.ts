// Shared helpers for the browser tests.
import { type Browser, type BrowserContextOptions, type CDPSession, chromium, type Page } from "playwright-core";
import { PNG } from "pngjs";
import { NavGrid } from "../../server/bots/NavGrid";
import { getMap } from "../../server/maps";
import { CHROMIUM } from "./globalSetup";

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--disable-quic", "--disable-dev-shm-usage"],
  });
}

/** Closes the browser, but never waits on it for long (it has hung once right after install). */
export async function close(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
}

export interface Person {
  page: Page;
  /** Console errors, uncaught page errors and any dialog (an alert would mean injected script ran). */
  errors: string[];
}

/** A phone held sideways: a small landscape screen that only knows touch. */
export const PHONE: BrowserContextOptions = { viewport: { width: 844, height: 390 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

/** Opens the game for one person (a browser context of their own: own storage, own tab). */
export async function openGame(
  browser: Browser,
  url: string,
  device: BrowserContextOptions = { viewport: { width: 960, height: 600 } },
  /** Set up before the page loads (routes, scripts). */
  before?: (page: Page) => Promise<unknown>,
): Promise<Person> {
  const context = await browser.newContext(device);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await before?.(page);
  await page.goto(url);
  return { page, errors };
}

/** Waits until the page is in an arena with a running session (playing or watching). */
export async function inArena(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as any).skirmish?.session?.ready, undefined, { timeout: 30_000 });
}

export async function quickPlay(page: Page, name: string): Promise<void> {
  await page.fill("#name", name);
  await page.click("#quick-play");
  try {
    await page.waitForFunction(() => {
      const s = (window as any).skirmish?.session;
      return s?.ready && s.me;
    }, undefined, { timeout: 30_000 });
  } catch (err) {
    const status = await page.textContent("#status").catch(() => "");
    throw new Error(`${name} never got into the arena; the page says: "${status}" (${(err as Error).message})`);
  }
}

export interface Pixels {
  width: number;
  height: number;
  at(x: number, y: number): [number, number, number];
}

export async function screenshot(page: Page, path?: string): Promise<Pixels> {
  const png = PNG.sync.read(await page.screenshot(path ? { path } : {}));
  return {
    width: png.width,
    height: png.height,
    at(x, y) {
      const i = (Math.round(y) * png.width + Math.round(x)) * 4;
      return [png.data[i], png.data[i + 1], png.data[i + 2]];
    },
  };
}

/** Where fingers are on the screen (CSS px); an empty list lifts them all. */
export type Fingers = { id: number; x: number; y: number }[];

/**
 * Puts fingers on the screen through the DevTools protocol, which Chromium turns into real
 * touch and pointer events (playwright's own touchscreen can only tap).
 */
export async function touch(cdp: CDPSession, fingers: Fingers, type: "touchStart" | "touchMove" | "touchEnd" = "touchMove"): Promise<void> {
  await cdp.send("Input.dispatchTouchEvent", { type, touchPoints: fingers });
}

/** Stops these pages drawing (they still hear the server) while `task` runs: each arena drawn costs a share of two CPU cores. */
export async function restWhile(resting: Person[], task: () => Promise<void>): Promise<void> {
  await Promise.all(resting.map((p) => p.page.evaluate(() => (window as any).skirmish.game.loop.sleep())));
  try {
    await task();
  } finally {
    await Promise.all(resting.map((p) => p.page.evaluate(() => (window as any).skirmish.game.loop.wake())));
  }
}

/** Reads an expression of the page's arena session, `s` (see startArena). */
export function session<T>(page: Page, expr: string): Promise<T> {
  return page.evaluate((e) => new Function("s", `return ${e}`)((window as any).skirmish.session), expr) as Promise<T>;
}

/**
 * Holds one movement key after another until the craft has really gone `distance` units.
 * It waits on the drawn position, not on time: a loaded machine draws few frames a second.
 */
export async function moveSomewhere(page: Page, distance: number): Promise<void> {
  for (const key of ["KeyD", "KeyS", "KeyA", "KeyW"]) {
    const start = (await page.evaluate("window.skirmish.session.ownDrawn()")) as { x: number; y: number };
    await page.keyboard.down(key);
    try {
      // A function, not text: playwright evaluates a text predicate with eval on each poll,
      // which the page's Content-Security-Policy refuses.
      await page.waitForFunction(
        ([x0, y0, d]) => {
          const p = (window as any).skirmish.session.ownDrawn();
          return Math.hypot(p.x - x0, p.y - y0) > d;
        },
        [start.x, start.y, distance] as const,
        { timeout: 6000 },
      );
      return;
    } catch {
      // A wall that way: try the next direction.
    } finally {
      await page.keyboard.up(key);
    }
  }
  throw new Error("the craft did not move in any direction");
}

/** What a shooter sees of another craft: where it is from the shooter and on screen, and whether it is up. */
interface Quarry {
  up: boolean;
  dx: number;
  dy: number;
  sx: number;
  sy: number;
  hp: number;
}

/**
 * The shooter closes in on the craft named `victim` and fires at it until it is down: it
 * moves toward it while far, aims at it as drawn, and steps aside when a wall keeps it
 * from getting anywhere. The victim is expected to hold still.
 */
export async function downPlayer(shooter: Page, victim: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const view = shooter.viewportSize() ?? { width: 960, height: 600 };
  const held = new Set<string>();
  const hold = async (keys: string[]) => {
    for (const k of [...held]) if (!keys.includes(k)) (held.delete(k), await shooter.keyboard.up(k));
    for (const k of keys) if (!held.has(k)) (held.add(k), await shooter.keyboard.down(k));
  };
  await shooter.mouse.move(view.width / 2, view.height / 2);
  await shooter.mouse.down();
  let best = Infinity;
  let bestAt = Date.now();
  let detour: { keys: string[]; until: number } | undefined;
  try {
    for (;;) {
      if (Date.now() > until) throw new Error(`${victim} was not downed within ${timeoutMs / 1000} s`);
      const q = await shooter.evaluate((name): Quarry | undefined => {
        const { game, session } = (window as any).skirmish;
        const cam = game.scene.getScene("arena").cameras.main;
        const own = session.ownDrawn();
        for (const r of session.remotes.values()) {
          if (r.schema.name !== name) continue;
          return {
            up: (r.schema.status & 1) !== 0,
            hp: r.schema.hp,
            dx: r.drawn.x - own.x,
            dy: r.drawn.y - own.y,
            sx: (r.drawn.x - cam.worldView.x) * cam.zoom,
            sy: (r.drawn.y - cam.worldView.y) * cam.zoom,
          };
        }
        return undefined;
      }, victim);
      if (!q) throw new Error(`the shooter sees no craft named ${victim}`);
      if (!q.up) return;
      await shooter.mouse.move(Math.min(view.width - 5, Math.max(5, q.sx)), Math.min(view.height - 5, Math.max(5, q.sy)));
      const distance = Math.hypot(q.dx, q.dy);
      // Progress is getting closer or doing damage; none for two seconds means a wall is in the way.
      const score = Math.max(distance, 250) + q.hp * 10;
      if (score < best - 5) {
        best = score;
        bestAt = Date.now();
      } else if (Date.now() - bestAt > 2000 && !detour) {
        const sideways = Math.abs(q.dx) > Math.abs(q.dy) ? ["KeyW", "KeyS"] : ["KeyA", "KeyD"];
        detour = { keys: [sideways[Math.floor(Math.random() * 2)]], until: Date.now() + 900 };
        bestAt = Date.now();
        best = Infinity;
      }
      if (detour && Date.now() > detour.until) detour = undefined;
      const toward: string[] = [];
      if (distance > 220) {
        if (Math.abs(q.dx) > 60) toward.push(q.dx > 0 ? "KeyD" : "KeyA");
        if (Math.abs(q.dy) > 60) toward.push(q.dy > 0 ? "KeyS" : "KeyW");
      }
      await hold(detour?.keys ?? toward);
      await shooter.waitForTimeout(100);
    }
  } finally {
    await hold([]);
    await shooter.mouse.up();
  }
}

/**
 * Drives the player's craft to (x, y) along a route around the walls (the bots' own route
 * finder, on the map the page plays). The steering runs in the page, a frame at a time, and
 * presses the movement keys as a player would (key events on the window): from here, each
 * look at the craft takes a few hundred milliseconds on a busy machine, and the craft would
 * overshoot every turn. It re-plans whenever the craft stops getting closer.
 */
export async function driveTo(page: Page, x: number, y: number, near = 20, timeoutMs = 60_000): Promise<void> {
  const grid = NavGrid.of(getMap(await session<string>(page, "s.map.id"))!);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const at = await session<{ x: number; y: number }>(page, "s.ownDrawn()");
    const route = [...grid.route(at.x, at.y, x, y), { x, y }];
    const outcome = await page.evaluate(
      async ({ route, near, ms }) => {
        const s = (window as any).skirmish.session;
        const held = new Set<string>();
        const press = (code: string, down: boolean) => {
          if (held.has(code) === down) return;
          if (down) held.add(code);
          else held.delete(code);
          window.dispatchEvent(new KeyboardEvent(down ? "keydown" : "keyup", { code, bubbles: true }));
        };
        const goal = route[route.length - 1];
        const end = performance.now() + ms;
        let still = s.ownDrawn();
        let stillSince = performance.now();
        try {
          for (;;) {
            await new Promise((r) => setTimeout(r, 16));
            const now = performance.now();
            if (now > end) return "late";
            const at = s.ownDrawn();
            if (Math.hypot(goal.x - at.x, goal.y - at.y) < near) return "there";
            // Held against a wall (or another craft): plan again from here.
            if (Math.hypot(at.x - still.x, at.y - still.y) > 10) {
              still = at;
              stillSince = now;
            } else if (now - stillSince > 1500) return "stuck";
            // Toward the first waypoint not yet reached, looking a cell and a half ahead: a
            // slow page draws a frame every 30 units or so, and would circle a nearer one.
            while (route.length > 1 && Math.hypot(route[0].x - at.x, route[0].y - at.y) < 48) route.shift();
            const dx = route[0].x - at.x;
            const dy = route[0].y - at.y;
            press("KeyD", dx > 6);
            press("KeyA", dx < -6);
            press("KeyS", dy > 6);
            press("KeyW", dy < -6);
          }
        } finally {
          for (const code of [...held]) press(code, false);
        }
      },
      { route, near, ms: Math.max(0, until - Date.now()) },
    );
    if (outcome === "there") return;
    if (outcome === "late") throw new Error(`the craft did not reach ${x},${y} within ${timeoutMs / 1000} s`);
  }
}
