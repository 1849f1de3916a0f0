import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, launch, openGame, type Person } from "./browser";

// A player sets things up once (name, sound, shake, network panel) and finds them as they
// left them after a reload, on the landing page and in the arena.

let browser: Browser;
let player: Person;

beforeAll(async () => {
  browser = await launch();
  player = await openGame(browser, inject("baseUrl"));
});
afterAll(async () => {
  await close(browser);
});

const panel = (page: Page) => page.locator("[data-testid=settings]");

async function setVolume(page: Page, percent: number): Promise<void> {
  await page.locator("[data-testid=settings-volume]").evaluate((input: HTMLInputElement, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, percent);
}

async function shown(page: Page) {
  const field = (id: string) => page.locator(`[data-testid=settings-${id}]`);
  return {
    name: await field("name").inputValue(),
    volume: await field("volume").inputValue(),
    muted: await field("muted").isChecked(),
    screenShake: await field("screenShake").isChecked(),
    netPanel: await field("netPanel").isChecked(),
  };
}

describe("settings", () => {
  it("are changed in a panel opened from the landing page", async () => {
    const page = player.page;
    expect(await panel(page).isVisible()).toBe(false);
    await page.click("[data-testid=settings-open]");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await shown(page)).toEqual({ name: "", volume: "60", muted: false, screenShake: true, netPanel: false });
    await page.fill("[data-testid=settings-name]", "Keeper");
    await setVolume(page, 30);
    await page.check("[data-testid=settings-muted]");
    await page.uncheck("[data-testid=settings-screenShake]");
    await page.check("[data-testid=settings-netPanel]");
    await page.click("[data-testid=settings-done]");
    expect(await panel(page).isVisible()).toBe(false);
    // The name on the landing page is the same setting.
    expect(await page.inputValue("#name")).toBe("Keeper");
  });

  it("are remembered across a reload", async () => {
    const page = player.page;
    await page.reload();
    expect(await page.inputValue("#name")).toBe("Keeper");
    await page.click("[data-testid=settings-open]");
    expect(await shown(page)).toEqual({ name: "Keeper", volume: "30", muted: true, screenShake: false, netPanel: true });
    await page.keyboard.press("Escape");
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("skirmish.settings")!));
    expect(stored).toMatchObject({ name: "Keeper", volume: 0.3, muted: true, screenShake: false, netPanel: true });
  });

  it("shape the arena: the network panel shows, no touch sticks on a desktop, the keyboard controls once", async () => {
    const page = player.page;
    await page.click("#quick-play");
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
    expect(await page.isVisible("[data-testid=net-panel]")).toBe(true);
    expect(await page.isVisible("[data-testid=touch-controls]")).toBe(false);
    const hint = page.locator("[data-testid=controls-hint]");
    await expect.poll(() => hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toContain("WASD");
    await page.click("[data-testid=controls-hint-ok]");
    expect(await hint.count()).toBe(0);
  });

  it("open from the arena with the gear button or Esc, and act at once", async () => {
    const page = player.page;
    await page.click("[data-testid=hud-settings]");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await page.uncheck("[data-testid=settings-netPanel]");
    await expect.poll(() => page.isVisible("[data-testid=net-panel]")).toBe(false);
    await page.click("[data-testid=settings-done]");
    expect(await panel(page).isVisible()).toBe(false);

    // Esc from the game opens it; F3 in the game and the panel's box are one switch.
    await page.keyboard.press("F3");
    await expect.poll(() => page.isVisible("[data-testid=net-panel]")).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await page.isChecked("[data-testid=settings-netPanel]")).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => panel(page).isVisible()).toBe(false);
  });

  it("stay put when the page is reloaded in the middle of a game", async () => {
    const page = player.page;
    await page.reload();
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
    expect(await page.isVisible("[data-testid=net-panel]")).toBe(true);
    // The controls were seen once; they are not shown again.
    await page.waitForTimeout(500);
    expect(await page.locator("[data-testid=controls-hint]").count()).toBe(0);
    await page.click("[data-testid=hud-settings]");
    expect(await shown(page)).toEqual({ name: "Keeper", volume: "30", muted: true, screenShake: false, netPanel: true });
  });

  it("logs no errors", () => {
    expect(player.errors).toEqual([]);
  });
});
