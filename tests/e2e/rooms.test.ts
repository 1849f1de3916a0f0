import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, inArena, launch, moveSomewhere, openGame, type Person } from "./browser";

// A host opens a private room and shares the link; a friend plays through it, a third
// person watches through the watch link. One of them has a name that is pure markup.

let browser: Browser;
let host: Person;
let friend: Person;
let watcher: Person;
let invite = "";
let watchLink = "";
const MARKUP = "<img src=x onerror=alert(1)>";

const session = <T>(page: Page, read: string): Promise<T> =>
  page.evaluate((expr) => new Function("s", `return ${expr}`)((window as any).skirmish.session), read) as Promise<T>;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await close(browser);
});

describe("a private room, shared by link", () => {
  it("is created by the host, who copies the invite link", async () => {
    host = await openGame(browser, inject("baseUrl"));
    await host.page.fill("#name", "Host");
    await host.page.click("#create-private");
    await inArena(host.page);
    const code = (await host.page.textContent("[data-testid=room-code]"))!;
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    // The links are folded under the code until the host opens them.
    expect(await host.page.isVisible("[data-testid=invite-link]")).toBe(false);
    await host.page.click("[data-testid=invite-panel] summary");
    invite = await host.page.inputValue("[data-testid=invite-link]");
    watchLink = await host.page.inputValue("[data-testid=watch-link]");
    expect(invite).toBe(`${inject("baseUrl")}/?room=${code}`);
    expect(watchLink).toBe(`${invite}&watch`);
    await host.page.click("[data-testid=invite-copy]");
    await expect.poll(() => host.page.evaluate(() => navigator.clipboard.readText())).toBe(invite);
  });

  it("is joined by a friend who opens the link and plays", async () => {
    friend = await openGame(browser, invite);
    // A newcomer is asked for a name first (once the room is found); the main button now joins the invited room.
    await expect.poll(() => friend.page.textContent("#quick-play")).toBe("Join room");
    const code = new URL(invite).searchParams.get("room");
    await expect.poll(() => friend.page.textContent("#status")).toBe(`You are invited to play in room ${code}. Type your name, then press Join room.`);
    // No Quick Play on this page to point to.
    expect(await friend.page.isVisible("#no-rooms-hint")).toBe(false);
    await friend.page.fill("#name", MARKUP);
    await friend.page.click("#quick-play");
    await inArena(friend.page);
    const roomOf = (p: Page) => session<string>(p, "s.room.roomId");
    expect(await roomOf(friend.page)).toBe(await roomOf(host.page));
    expect(await session<boolean>(friend.page, "s.playing")).toBe(true);
  });

  it("is watched through the watch link: the watcher sees both craft move", async () => {
    watcher = await openGame(browser, watchLink);
    await watcher.page.fill("#name", "Eye");
    await watcher.page.click("#quick-play");
    await inArena(watcher.page);
    expect(await session<boolean>(watcher.page, "s.playing")).toBe(false);
    await watcher.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 2);
    await host.page.waitForFunction(() => (window as any).skirmish.session.state.watchers === 1);
    for (const [mover, name] of [
      [host, "Host"],
      [friend, MARKUP],
    ] as const) {
      const before = await watcher.page.evaluate((n) => {
        for (const r of (window as any).skirmish.session.remotes.values()) if (r.schema.name === n) return { x: r.drawn.x, y: r.drawn.y };
        return undefined;
      }, name);
      expect(before, `${name} as the watcher sees it: ${JSON.stringify(await session(watcher.page, "[...s.remotes.values()].map((r) => [r.schema.name, r.drawn])"))}`).toBeDefined();
      await moveSomewhere(mover.page, 80);
      await watcher.page.waitForFunction(
        ([n, x0, y0]) => {
          for (const r of (window as any).skirmish.session.remotes.values()) {
            if (r.schema.name === n) return Math.hypot(r.drawn.x - (x0 as number), r.drawn.y - (y0 as number)) > 60;
          }
          return false;
        },
        [name, before!.x, before!.y] as const,
        { timeout: 20_000 },
      );
    }
  });

  it("shows a name made of markup as plain text, in the scoreboard and in chat", async () => {
    await friend.page.keyboard.press("Enter");
    await friend.page.keyboard.type(MARKUP);
    await friend.page.keyboard.press("Enter");
    for (const person of [host, watcher]) {
      const page = person.page;
      await page.waitForFunction((m) => [...document.querySelectorAll(".chat-lines li")].some((li) => li.textContent === `${m}: ${m}`), MARKUP);
      await page.keyboard.down("Tab");
      await expect.poll(() => page.locator("[data-testid=scoreboard] .name").allTextContents()).toContain(MARKUP);
      await page.keyboard.up("Tab");
      // Nothing the friend typed became an element (the HUD's own weapon icons are pictures of ours).
      expect(await page.evaluate(() => document.querySelectorAll(".hud img:not(.weapon-icon), .chat img, img[onerror]").length)).toBe(0);
    }
  });

  it("cuts very long text to its limit and keeps it on screen, even from a page that skips its own limits", async () => {
    // Straight through the connection, past the chat box's maxlength: one unbroken 700-letter word and markup.
    await friend.page.evaluate("window.skirmish.session.room.send(3, { text: 'W'.repeat(700) + '<b>bold</b>' })");
    const line = `${MARKUP}: ${"W".repeat(200)}`;
    for (const person of [host, watcher]) {
      const page = person.page;
      await page.waitForFunction((l) => [...document.querySelectorAll(".chat-lines li")].some((li) => li.textContent === l), line);
      const layout = await page.evaluate(() => {
        const lis = [...document.querySelectorAll(".chat-lines li")];
        return { right: Math.max(...lis.map((li) => li.getBoundingClientRect().right)), width: innerWidth, scroll: document.documentElement.scrollWidth };
      });
      expect(layout.right).toBeLessThanOrEqual(layout.width);
      expect(layout.scroll).toBeLessThanOrEqual(layout.width);
      expect(await page.evaluate(() => document.querySelectorAll(".chat b").length)).toBe(0);
    }
  });

  it("gives a player who reloads the page the same craft and score back", async () => {
    const before = await session<{ id: string; slot: number; kills: number; deaths: number }>(
      friend.page,
      "({ id: s.sessionId, slot: s.me.slot, kills: s.me.kills, deaths: s.me.deaths })",
    );
    await friend.page.reload();
    await inArena(friend.page);
    await friend.page.waitForFunction(() => (window as any).skirmish.session.me);
    const after = await session<typeof before>(friend.page, "({ id: s.sessionId, slot: s.me.slot, kills: s.me.kills, deaths: s.me.deaths })");
    expect(after).toEqual(before);
    // The others saw the same player come back, not a newcomer.
    await host.page.waitForFunction((id) => (window as any).skirmish.session.remotes.has(id), before.id);
    expect(await session<number>(host.page, "s.state.crafts.size")).toBe(2);
  });

  it("logs no errors and runs no injected script in any page", () => {
    expect(host.errors).toEqual([]);
    expect(friend.errors).toEqual([]);
    expect(watcher.errors).toEqual([]);
  });
});
