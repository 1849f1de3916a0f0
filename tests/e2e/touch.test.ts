import type { Browser, CDPSession } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Buttons } from "../../shared/sim/craft";
import { aimToRadians } from "../../shared/sim/quantize";
import { close, type Fingers, launch, openGame, type Person, PHONE, session, touch } from "./browser";

// A phone held sideways: the player taps through the menu, then moves with the left thumb,
// aims and fires with the right one, and dashes, all through real touch events.

let browser: Browser;
let phone: Person;
let cdp: CDPSession;

const LEFT = { x: 150, y: 290 };
const RIGHT = { x: 660, y: 260 };

beforeAll(async () => {
  browser = await launch();
  phone = await openGame(browser, inject("baseUrl"), PHONE);
  cdp = await phone.page.context().newCDPSession(phone.page);
  // Every pointer event the page sees, to prove the sticks are driven by touch, not a mouse.
  await phone.page.evaluate(() => {
    (window as any).pointerTypes = new Set<string>();
    window.addEventListener("pointerdown", (e) => (window as any).pointerTypes.add(e.pointerType), true);
  });
});
afterAll(async () => {
  await close(browser);
});

describe("playing on a touch screen", () => {
  it("has a menu sized for thumbs, and gets into a game by taps", async () => {
    const page = phone.page;
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
    for (const target of ["#quick-play", "#create-private", "#join-code", "#open-settings"]) {
      expect((await page.locator(target).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await page.tap("#name");
    await page.keyboard.type("Thumbs");
    await page.tap("#quick-play");
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
  });

  it("fills the screen, shows the sticks, and explains them once", async () => {
    const page = phone.page;
    expect(await page.locator("#arena canvas").boundingBox()).toEqual({ x: 0, y: 0, width: 844, height: 390 });
    await expect.poll(() => page.isVisible("[data-testid=touch-controls]")).toBe(true);
    for (const part of ["stick-move", "stick-aim", "touch-dash"]) expect(await page.isVisible(`[data-testid=${part}]`)).toBe(true);
    const hint = page.locator("[data-testid=controls-hint]");
    await expect.poll(() => hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toContain("Right thumb");
    await page.tap("[data-testid=controls-hint-ok]");
    expect(await hint.count()).toBe(0);
  });

  it("keeps the craft clear of the HUD and the screen's edges, even at a spawn point by the map's edge", async () => {
    const page = phone.page;
    const at = await page.evaluate(() => {
      const { game, session } = (window as any).skirmish;
      const cam = game.scene.getScene("arena").cameras.main;
      const own = session.ownDrawn();
      return { x: (own.x - cam.worldView.x) * cam.zoom, y: (own.y - cam.worldView.y) * cam.zoom };
    });
    // The camera looks past the map's edge rather than leave the craft under the buttons.
    expect(at.x).toBeGreaterThan(844 * 0.25);
    expect(at.x).toBeLessThan(844 * 0.75);
    expect(at.y).toBeGreaterThan(390 * 0.25);
    expect(at.y).toBeLessThan(390 * 0.75);
    for (const part of [".hud-buttons", ".hp-bar", ".hud-side", ".round-clock"]) {
      const box = (await page.locator(`#arena ${part}`).boundingBox())!;
      const under = at.x > box.x - 20 && at.x < box.x + box.width + 20 && at.y > box.y - 20 && at.y < box.y + box.height + 20;
      expect(under, `the craft at ${Math.round(at.x)},${Math.round(at.y)} is under ${part}`).toBe(false);
    }
  });

  it("moves the craft with the left stick", async () => {
    const page = phone.page;
    // Push one way after another until the craft has really gone somewhere (a wall may be in the way).
    const pushes = [
      [1, 0, Buttons.Right],
      [0, 1, Buttons.Down],
      [-1, 0, Buttons.Left],
      [0, -1, Buttons.Up],
    ] as const;
    let moved = false;
    for (const [dx, dy, button] of pushes) {
      const start = await session<{ x: number; y: number }>(page, "s.ownDrawn()");
      await touch(cdp, [{ id: 1, ...LEFT }], "touchStart");
      await touch(cdp, [{ id: 1, x: LEFT.x + dx * 50, y: LEFT.y + dy * 50 }]);
      await page.waitForFunction((b) => ((window as any).skirmish.session.controls.buttons & b) !== 0, button);
      moved = await page
        .waitForFunction(
          (from) => {
            const at = (window as any).skirmish.session.ownDrawn();
            return Math.hypot(at.x - from.x, at.y - from.y) > 80;
          },
          start,
          { timeout: 3000 },
        )
        .then(() => true, () => false);
      await touch(cdp, [], "touchEnd");
      if (moved) break;
    }
    expect(moved).toBe(true);
    await page.waitForFunction(() => (window as any).skirmish.session.controls.buttons === 0);
  });

  it("aims and fires with the right stick while the left one moves", async () => {
    const page = phone.page;
    const left: Fingers[number] = { id: 1, ...LEFT };
    const right: Fingers[number] = { id: 2, ...RIGHT };
    await touch(cdp, [left], "touchStart");
    await touch(cdp, [left, right], "touchStart");
    // Pull the aim stick up and to the right.
    await touch(cdp, [{ ...left, x: LEFT.x + 40 }, { ...right, x: RIGHT.x + 40, y: RIGHT.y - 40 }]);
    await page.waitForFunction((fire) => ((window as any).skirmish.session.controls.buttons & fire) !== 0, Buttons.Fire);
    const aim = aimToRadians(await session<number>(page, "s.controls.aim"));
    expect(Math.cos(aim)).toBeGreaterThan(0.5);
    expect(Math.sin(aim)).toBeLessThan(-0.5);
    // The server fired it: a shot of this player's comes back from the server, either paired
    // with the page's own prediction of it (it then has the server's id) or on its own.
    await page.waitForFunction(() => {
      const s = (window as any).skirmish.session;
      return s.ownShots.some((shot: any) => shot.id >= 0) || [...s.shots.values()].some((shot: any) => shot.owner === s.me.slot);
    }, undefined, { timeout: 10_000 });
    await touch(cdp, [], "touchEnd");
    await page.waitForFunction(() => (window as any).skirmish.session.controls.buttons === 0);
    // The turret keeps pointing where the thumb left it.
    expect(Math.sin(aimToRadians(await session<number>(page, "s.controls.aim")))).toBeLessThan(-0.5);
  });

  it("dashes while the dash button is held", async () => {
    const page = phone.page;
    const box = (await page.locator("[data-testid=touch-dash]").boundingBox())!;
    await touch(cdp, [{ id: 3, x: box.x + box.width / 2, y: box.y + box.height / 2 }], "touchStart");
    await page.waitForFunction((dash) => ((window as any).skirmish.session.controls.buttons & dash) !== 0, Buttons.Dash);
    await touch(cdp, [], "touchEnd");
    await page.waitForFunction(() => (window as any).skirmish.session.controls.buttons === 0);
  });

  it("saw only touch pointers, never a mouse", async () => {
    expect(await phone.page.evaluate(() => [...(window as any).pointerTypes])).toEqual(["touch"]);
  });

  it("asks to turn the phone sideways when it is held upright", async () => {
    const page = phone.page;
    const hint = page.locator("#rotate-hint");
    expect(await hint.isVisible()).toBe(false);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => hint.isVisible()).toBe(true);
    await page.setViewportSize({ width: 844, height: 390 });
    await expect.poll(() => hint.isVisible()).toBe(false);
  });

  it("logs no errors", () => {
    expect(phone.errors).toEqual([]);
  });
});
