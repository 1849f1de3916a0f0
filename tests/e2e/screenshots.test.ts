import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { close, launch, type Person, screenshot } from "./browser";
import { ServerProcess } from "./serverProcess";

// The README's pictures, taken from a real match: one player against bots on a server of this
// file's own. They are always written to .test-artifacts/; docs/ gets them only when they are
// missing or UPDATE_SCREENSHOTS=1 is set, so an ordinary test run leaves the tree clean.

const UPDATE = process.env.UPDATE_SCREENSHOTS === "1";

let browser: Browser;
let server: ServerProcess;
let player: Person;

beforeAll(async () => {
  browser = await launch();
  server = await ServerProcess.start("e2e-screenshots-server", { BOTS: "5" });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  player = { page, errors };
  await page.goto(server.url);
});
afterAll(async () => {
  await close(browser);
  await server?.stop();
});

/** Keeps a picture for the README (see the note at the top). */
function keep(artifact: string, docsName: string): void {
  const target = `docs/${docsName}`;
  if (!UPDATE && existsSync(target)) return;
  mkdirSync("docs", { recursive: true });
  copyFileSync(artifact, target);
}

interface Scene {
  /** Screen position of the nearest other craft, to aim at. */
  target?: { x: number; y: number };
  /** Craft on screen (not just respawned, not at the very edge), shots on screen, and this player's craft up and healthy. */
  inView: number;
  shots: number;
  ready: boolean;
}

function lookAround(page: Page): Promise<Scene> {
  return page.evaluate(() => {
    const { game, session } = (window as any).skirmish;
    const arena = game.scene.getScene("arena");
    const cam = arena.cameras.main;
    const view = cam.worldView;
    const onScreen = (x: number, y: number) => x > view.x + 60 && x < view.right - 60 && y > view.y + 60 && y < view.bottom - 60;
    const own = session.ownDrawn();
    const [alive, shielded] = [1, 2];
    // The player's own name tag (an image cut from the shared sheet of names) is up and on screen.
    const tag = arena.crafts.get(session.sessionId)?.tag;
    const tagShown = !!tag && tag.visible && tag.alpha > 0 && onScreen(tag.x, tag.y);
    const scene: Scene = { inView: 0, shots: 0, ready: tagShown && (session.me.status & (alive | shielded)) === alive && session.me.hp > 40 };
    const at = { x: 0, y: 0 };
    for (const shot of session.visibleShots()) if (session.shotPosition(shot, at) && onScreen(at.x, at.y)) scene.shots++;
    let nearest = Infinity;
    for (const r of session.remotes.values()) {
      if (!r.drawn.alive) continue;
      if (onScreen(r.drawn.x, r.drawn.y) && !(r.schema.status & shielded)) scene.inView++;
      const d = Math.hypot(r.drawn.x - own.x, r.drawn.y - own.y);
      if (d < nearest) {
        nearest = d;
        scene.target = { x: (r.drawn.x - cam.worldView.x) * cam.zoom, y: (r.drawn.y - cam.worldView.y) * cam.zoom };
      }
    }
    return scene;
  });
}

describe("the README's pictures", () => {
  it("show a match in progress", async () => {
    const page = player.page;
    await page.fill("#name", "You");
    await page.click("#quick-play");
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
    await page.click("[data-testid=controls-hint-ok]");
    await page.waitForFunction(() => (window as any).skirmish.session.remotes.size >= 3, undefined, { timeout: 30_000 });

    // Keep firing at the nearest bot until the fight is on screen (or a minute has passed:
    // the picture is then a quieter moment). Then hold the frame still for the picture.
    await page.mouse.down();
    const until = Date.now() + 60_000;
    for (;;) {
      const scene = await lookAround(page);
      if ((scene.ready && scene.inView >= 1 && scene.shots >= 2) || Date.now() > until) break;
      const at = scene.target ?? { x: 900, y: 360 };
      await page.mouse.move(Math.min(1270, Math.max(10, at.x)), Math.min(710, Math.max(10, at.y)));
      await page.waitForTimeout(200);
    }
    await page.evaluate(() => (window as any).skirmish.game.loop.sleep());
    const shot = await screenshot(page, ".test-artifacts/screenshot.png");
    await page.evaluate(() => (window as any).skirmish.game.loop.wake());
    await page.mouse.up();

    const colours = new Set<string>();
    for (let y = 0; y < shot.height; y += 7) for (let x = 0; x < shot.width; x += 7) colours.add(shot.at(x, y).join());
    expect(colours.size).toBeGreaterThan(60);
    keep(".test-artifacts/screenshot.png", "screenshot.png");
  });

  it("show the network panel with live numbers", async () => {
    const page = player.page;
    await page.keyboard.press("F3");
    const panel = page.locator("[data-testid=net-panel]");
    await expect.poll(() => panel.isVisible()).toBe(true);
    // Rates are per second: wait until they have filled in.
    await page.waitForFunction(() => {
      const cell = (key: string) => document.querySelector(`[data-key=${key}]`)?.textContent ?? "";
      return /^\d+ ms$/.test(cell("ping")) && /[1-9]/.test(cell("bytesIn")) && /[1-9]/.test(cell("patchRate")) && /[1-9]/.test(cell("fps"));
    }, undefined, { timeout: 15_000 });
    await panel.screenshot({ path: ".test-artifacts/net-panel.png" });
    expect(await panel.textContent()).toMatch(/KB\/s/);
    keep(".test-artifacts/net-panel.png", "net-panel.png");
  });

  it("show the landing page with that match live behind the menu", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(server.url);
    await page.waitForFunction(() => {
      const b = (window as any).skirmishBackdrop;
      const scene = b?.game.scene.getScene("backdrop");
      return b?.session?.ready && b.session.remotes.size >= 3 && scene?.cameraPlaced;
    }, undefined, { timeout: 30_000 });
    // The whole arena, settled: the camera eases to it.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: ".test-artifacts/landing.png" });
    keep(".test-artifacts/landing.png", "landing.png");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("logs no errors", () => {
    expect(player.errors).toEqual([]);
  });
});
