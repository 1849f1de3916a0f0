import type { Browser, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, launch, openGame, type Person } from "./browser";

// A newcomer on a slow line: the page says what the game is at once, and while the game's
// code (Phaser, most of the download) is still on its way, Play shows a loading bar.

let browser: Browser;
let newcomer: Person;
let release: () => void = () => {};

beforeAll(async () => {
  browser = await launch();
  newcomer = await openGame(browser, inject("baseUrl"));
  // Hold the Phaser chunk back until the test lets it through (routing also turns the cache off).
  const held = new Promise<void>((r) => (release = r));
  await newcomer.page.route("**/assets/phaser-*.js", async (route: Route) => {
    await held;
    await route.continue();
  });
  await newcomer.page.reload({ waitUntil: "domcontentloaded" });
});
afterAll(async () => {
  release();
  await close(browser);
});

describe("a first visit", () => {
  it("says what the game is before anything has loaded", async () => {
    const page = newcomer.page;
    expect(await page.textContent("h1")).toBe("Skirmish");
    expect(await page.textContent(".pitch")).toMatch(/no install, no account/);
    expect(await page.isVisible("#loading")).toBe(false);
  });

  it("shows a loading bar from Play until the arena is drawn", async () => {
    const page = newcomer.page;
    await page.fill("#name", "Newcomer");
    await page.click("#quick-play");
    await page.waitForSelector("#loading:not([hidden])");
    expect(await page.textContent("#loading-text")).toBe("Loading the game…");
    // The join goes on meanwhile; the bar moves on when it is done, still waiting for the code.
    await page.waitForFunction(() => Number(document.getElementById("loading")!.getAttribute("aria-valuenow")) > 40);
    expect(await page.textContent("#loading-text")).toBe("Loading the game…");
    release();
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
    await page.waitForSelector("#loading", { state: "hidden" });
  });

  it("logs no errors", () => {
    expect(newcomer.errors).toEqual([]);
  });
});
