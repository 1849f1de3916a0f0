import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { close, launch, openGame, type Person, PHONE, quickPlay, screenshot } from "./browser";
import { ServerProcess } from "./serverProcess";

// The landing page shows the game behind the menu: a live, dimmed view of the busiest public
// room, on a desktop screen, while the tab is looked at. It is nobody in the room's eyes (not
// announced, not counted), gone the moment the player joins a game, and never on a phone.
// A server of this file's own, so which public rooms exist is up to this file.

const DESKTOP = { viewport: { width: 1280, height: 720 } };

let browser: Browser;
let server: ServerProcess;
const people: Person[] = [];

beforeAll(async () => {
  browser = await launch();
  server = await ServerProcess.start("e2e-backdrop-server");
});
afterAll(async () => {
  await close(browser);
  await server?.stop("SIGKILL");
});

async function open(device: Parameters<typeof openGame>[2] = DESKTOP): Promise<Person> {
  const person = await openGame(browser, server.url, device);
  people.push(person);
  return person;
}

const backdropReady = (page: Page) =>
  page.waitForFunction(() => {
    const b = (window as any).skirmishBackdrop;
    // Drawn: the map is down and the camera is on it.
    const scene = b?.game.scene.getScene("backdrop");
    return b?.session?.ready && b.session.remotes.size > 0 && scene?.floor && scene.cameraPlaced && document.querySelector("#arena.backdrop:not([hidden]) canvas");
  }, undefined, { timeout: 30_000 });

const noBackdrop = (page: Page) =>
  page.evaluate(() => ({
    backdrop: (window as any).skirmishBackdrop !== undefined,
    arenaShown: !document.getElementById("arena")!.hidden,
    dimmed: document.getElementById("arena")!.classList.contains("backdrop"),
  }));

let player: Person;
let visitor: Person;

describe("the game behind the menu", () => {
  it("is nothing while no public room exists", async () => {
    visitor = await open();
    await visitor.page.waitForSelector("#no-rooms:not([hidden])");
    await visitor.page.waitForTimeout(3500); // past a refresh of the room list
    expect(await noBackdrop(visitor.page)).toEqual({ backdrop: false, arenaShown: false, dimmed: false });
  });

  it("is a live, dimmed view of the busiest public room on a desktop, counted by nobody", async () => {
    player = await open();
    await quickPlay(player.page, "Ace");
    const page = visitor.page;
    await page.waitForSelector("[data-room]");
    await backdropReady(page);
    // The player is drawn behind the menu, which stays on top and usable.
    const seen = await page.evaluate(() => [...(window as any).skirmishBackdrop.session.remotes.values()].map((r: any) => r.schema.name));
    expect(seen).toEqual(["Ace"]);
    expect(await page.isVisible("#landing")).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.getElementById("arena")!).opacity)).toBe("0.3");
    await page.waitForTimeout(500);
    const shot = await screenshot(page, ".test-artifacts/backdrop.png");
    const colours = new Set<string>();
    for (let y = 0; y < shot.height; y += 9) for (let x = 0; x < 300; x += 9) colours.add(shot.at(x, y).join());
    expect(colours.size).toBeGreaterThan(10); // the arena, beside the menu's column
    // Not a watcher anyone sees: the room counts none, and says nothing in chat.
    await player.page.waitForTimeout(500);
    expect(await player.page.evaluate(() => (window as any).skirmish.session.state.watchers)).toBe(0);
    expect(await player.page.locator(".chat-lines li", { hasText: "watching" }).count()).toBe(0);
    // No HUD, no second game: one canvas on the page.
    expect(await page.locator("#arena .hud").count()).toBe(0);
    expect(await page.locator("canvas").count()).toBe(1);
  });

  it("leaves the room while the tab is hidden, and comes back with it", async () => {
    const page = visitor.page;
    const setVisibility = (state: "hidden" | "visible") =>
      page.evaluate((s) => {
        Object.defineProperty(document, "visibilityState", { value: s, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    expect(await noBackdrop(page)).toEqual({ backdrop: false, arenaShown: false, dimmed: false });
    await setVisibility("visible");
    await backdropReady(page);
  });

  it("is gone the moment the player joins a game, and the game is the same one canvas", async () => {
    const page = visitor.page;
    await page.fill("#name", "Visitor");
    await page.click("#quick-play");
    expect(await page.evaluate(() => (window as any).skirmishBackdrop)).toBeUndefined();
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => document.getElementById("arena")!.classList.contains("backdrop"))).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.getElementById("arena")!).opacity)).toBe("1");
    expect(await page.locator("canvas").count()).toBe(1);
    // Back at the menu, it shows again.
    await page.click("[data-testid=leave]");
    await page.waitForSelector("#landing:not([hidden])");
    await backdropReady(page);
  });

  it("is not there on a phone", async () => {
    const phone = await open(PHONE);
    await phone.page.waitForSelector("[data-room]");
    await phone.page.waitForTimeout(3500);
    expect(await noBackdrop(phone.page)).toEqual({ backdrop: false, arenaShown: false, dimmed: false });
  });

  it("goes when its room has no players left", async () => {
    await player.page.click("[data-testid=leave]");
    await visitor.page.waitForFunction(() => (window as any).skirmishBackdrop === undefined, undefined, { timeout: 15_000 });
    expect(await noBackdrop(visitor.page)).toEqual({ backdrop: false, arenaShown: false, dimmed: false });
  });

  it("logged no errors", () => {
    for (const p of people) expect(p.errors).toEqual([]);
  });
});
