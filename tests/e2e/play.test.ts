import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, launch, moveSomewhere, openGame, quickPlay, screenshot } from "./browser";

// Two people open the game, press Quick Play, land in the same arena and see each other.

let browser: Browser;
let alpha: { page: Page; errors: string[] };
let bravo: { page: Page; errors: string[] };

beforeAll(async () => {
  browser = await launch();
  alpha = await openGame(browser, inject("baseUrl"));
  bravo = await openGame(browser, inject("baseUrl"));
  await quickPlay(alpha.page, "Alpha");
  await quickPlay(bravo.page, "Bravo");
});

afterAll(async () => {
  await close(browser);
});

/** Where the page draws a remote craft (world units), by that craft's name. */
function remoteAt(page: Page, name: string): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate((n) => {
    const s = (window as any).skirmish.session;
    for (const r of s.remotes.values()) if (r.schema.name === n && r.drawn.kind !== "empty") return { x: r.drawn.x, y: r.drawn.y };
    return undefined;
  }, name);
}

const ownAt = (page: Page) => page.evaluate(() => (window as any).skirmish.session.ownDrawn() as { x: number; y: number });

describe("quick play", () => {
  it("puts both players in the same room, and each sees the other", async () => {
    const room = (p: Page) => p.evaluate(() => (window as any).skirmish.session.room.roomId as string);
    expect(await room(alpha.page)).toBe(await room(bravo.page));
    await alpha.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 1);
    await bravo.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 1);
    expect(await remoteAt(alpha.page, "Bravo")).toBeDefined();
    expect(await remoteAt(bravo.page, "Alpha")).toBeDefined();
  });

  it("shows each player the other one moving", async () => {
    for (const [mover, watcher, name] of [
      [alpha, bravo, "Alpha"],
      [bravo, alpha, "Bravo"],
    ] as const) {
      const before = await remoteAt(watcher.page, name);
      expect(before).toBeDefined();
      await moveSomewhere(mover.page, 100);
      await watcher.page.waitForFunction(
        ([n, x0, y0]) => {
          const s = (window as any).skirmish.session;
          for (const r of s.remotes.values()) if (r.schema.name === n) return Math.hypot(r.drawn.x - x0, r.drawn.y - y0) > 60;
          return false;
        },
        [name, before!.x, before!.y] as const,
        { timeout: 20_000 },
      );
    }
  });

  it("draws the arena and the craft (not a blank or broken WebGL frame)", async () => {
    const geometry = await alpha.page.evaluate(() => {
      const { game, session } = (window as any).skirmish;
      const cam = game.scene.getScene("arena").cameras.main;
      const own = session.ownDrawn();
      const colour = game.scene.getScene("arena").children.list.find((o: any) => o.frame?.name === "craft" && Math.abs(o.x - own.x) < 1 && Math.abs(o.y - own.y) < 1)?.tintTopLeft;
      return { sx: (own.x - cam.worldView.x) * cam.zoom, sy: (own.y - cam.worldView.y) * cam.zoom, zoom: cam.zoom, colour };
    });
    // Aim sideways, toward the middle of the screen (the pointer must stay on the page).
    const side = geometry.sx < 480 ? 1 : -1;
    await alpha.page.mouse.move(geometry.sx + side * 150, geometry.sy);
    await alpha.page.waitForTimeout(1000);
    // Hold the game still so the screenshot and the positions describe the same frame.
    const pos = await alpha.page.evaluate(() => {
      const { game, session } = (window as any).skirmish;
      game.loop.sleep();
      const cam = game.scene.getScene("arena").cameras.main;
      const own = session.ownDrawn();
      return { sx: (own.x - cam.worldView.x) * cam.zoom, sy: (own.y - cam.worldView.y) * cam.zoom };
    });
    const shot = await screenshot(alpha.page, ".test-artifacts/arena.png");

    // Not blank: the floor, walls, crates, pickups and HUD give many distinct colours.
    const colours = new Set<string>();
    for (let y = 0; y < shot.height; y += 7) for (let x = 0; x < shot.width; x += 7) colours.add(shot.at(x, y).join());
    expect(colours.size).toBeGreaterThan(40);

    // The craft's body shows its player colour near its centre.
    const tint = geometry.colour as number;
    const want = [(tint >> 16) & 255, (tint >> 8) & 255, tint & 255];
    let bodyPixels = 0;
    const r = 14 * geometry.zoom;
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const [pr, pg, pb] = shot.at(pos.sx + dx, pos.sy + dy);
        if (Math.abs(pr - want[0]) + Math.abs(pg - want[1]) + Math.abs(pb - want[2]) < 90) bodyPixels++;
      }
    }
    expect(bodyPixels).toBeGreaterThan(20);

    // The turret, a rotated sprite (the kind Phaser 4's WebGL bug turns invisible), is drawn
    // where the player aims: grey barrel pixels over the body on that side, none on the other.
    const barrel = (side: number) => {
      let n = 0;
      for (let d = 9; d <= 15; d++) {
        for (let w = -2; w <= 2; w++) {
          const [pr, pg, pb] = shot.at(pos.sx + side * d * geometry.zoom, pos.sy + w);
          if (pr + pg + pb < 360 && Math.max(pr, pg, pb) - Math.min(pr, pg, pb) < 30) n++;
        }
      }
      return n;
    };
    expect(barrel(side)).toBeGreaterThan(15);
    expect(barrel(-side)).toBeLessThan(5);
    await alpha.page.evaluate(() => (window as any).skirmish.game.loop.wake());
  });

  it("logs no errors in either page", () => {
    expect(alpha.errors).toEqual([]);
    expect(bravo.errors).toEqual([]);
  });
});
