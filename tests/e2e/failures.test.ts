import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, inArena, launch, openGame, type Person, session } from "./browser";
import { KICKED } from "../../game/PageFlow";
import { ServerProcess } from "./serverProcess";

// Everything that can keep a player out of a game ends in words they understand and a way
// back to the menu: a mistyped code, a full room, a kick, an outdated page, a server that is
// gone, and one that is restarting. Stopping and restarting use a server of this file's own.

let browser: Browser;
let own: ServerProcess;
const people: Person[] = [];

beforeAll(async () => {
  browser = await launch();
  own = await ServerProcess.start("e2e-failures-server");
});
afterAll(async () => {
  await close(browser);
  await own?.stop("SIGKILL");
});

async function open(url = inject("baseUrl")): Promise<Person> {
  const person = await openGame(browser, url);
  people.push(person);
  return person;
}

/** Closes the tabs a test is done with: each running arena costs a share of two CPU cores. */
async function done(...pages: Page[]): Promise<void> {
  await Promise.all(pages.map((p) => p.context().close()));
}

async function noticeSays(page: Page, title: string): Promise<string> {
  await page.waitForSelector("#notice:not([hidden])", { timeout: 30_000 });
  expect(await page.textContent("#notice-title")).toBe(title);
  expect(await page.isVisible("#notice-back")).toBe(true);
  return (await page.textContent("#notice-text")) ?? "";
}

async function backToMenu(page: Page): Promise<void> {
  await page.click("#notice-back");
  expect(await page.isVisible("#notice")).toBe(false);
  expect(await page.isEnabled("#quick-play")).toBe(true);
}

async function playing(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
}

describe("a join that fails", () => {
  it("says so when a room code matches no room", async () => {
    const { page } = await open();
    await page.fill("#code", "ZZZZZZ");
    await page.click("#join-code");
    expect(await noticeSays(page, "No such room")).toContain("No room has the code ZZZZZZ");
    await backToMenu(page);
  });

  let host: Person;
  let friend: Person;
  let late: Person;
  let code = "";

  it("says so when the room is full, and offers to watch instead", async () => {
    host = await open();
    await host.page.fill("#name", "Host");
    await host.page.click("#create-private");
    await playing(host.page);
    code = (await host.page.textContent("[data-testid=room-code]"))!;
    await host.page.click("[data-testid=host-panel] summary");
    await host.page.fill("[data-testid=host-maxPlayers]", "2");
    await host.page.click("[data-testid=host-apply]");
    await host.page.waitForFunction(() => (window as any).skirmish.session.state.maxPlayers === 2);

    friend = await open();
    await friend.page.fill("#name", "Friend");
    await friend.page.fill("#code", code);
    await friend.page.click("#join-code");
    await playing(friend.page);

    late = await open();
    await late.page.fill("#name", "Late");
    await late.page.fill("#code", code);
    await late.page.click("#join-code");
    expect(await noticeSays(late.page, "This room is full")).toBe("This room is full. You can still watch.");
    await late.page.click("[data-testid=notice-watch]");
    await inArena(late.page);
    expect(await session<boolean>(late.page, "s.playing")).toBe(false);
  });

  it("tells a kicked player, who cannot come back for a while", async () => {
    await host.page.click("[data-testid=host-kick]");
    expect(await noticeSays(friend.page, "Removed from the room")).toBe(KICKED);
    await backToMenu(friend.page);
    await friend.page.fill("#code", code);
    await friend.page.click("#join-code");
    expect(await noticeSays(friend.page, "Removed from the room")).toBe(KICKED);
    await backToMenu(friend.page);
    await done(host.page, friend.page, late.page);
  });

  it("asks an out-of-date page to reload, for Quick Play and for rooms", async () => {
    const { page } = await open();
    await page.fill("#name", "Stale");
    // This page claims an older protocol than the server speaks, as a tab left open across a deploy would.
    const stale = async (route: import("playwright-core").Route) => {
      const body = JSON.parse(route.request().postData() ?? "{}");
      await route.continue({ postData: JSON.stringify({ ...body, version: 0 }) });
    };
    await page.route("**/api/quickplay", stale);
    await page.route("**/matchmake/**", stale);
    await page.click("#quick-play");
    expect(await noticeSays(page, "This page is out of date")).toBe("This page is out of date. Reload to get the new version.");
    expect(await page.isVisible("[data-testid=notice-reload]")).toBe(true);
    await backToMenu(page);
    await page.click("#create-private");
    expect(await noticeSays(page, "This page is out of date")).toContain("Reload");

    // The new version is what a reload brings.
    await page.unrouteAll();
    await page.click("[data-testid=notice-reload]");
    await page.waitForLoadState("load");
    await page.click("#quick-play");
    await playing(page);
    await done(page);
  });
});

describe("a server that goes away", () => {
  it("is a lost connection with a way back to the menu, and then unreachable", async () => {
    const { page } = await open(own.url);
    await page.fill("#name", "Stranded");
    await page.click("#quick-play");
    await playing(page);
    await own.stop("SIGKILL");
    await page.waitForSelector("#overlay:not([hidden])");
    expect(await page.textContent("#overlay-text")).toContain("Connection lost");
    await page.click("#overlay-back");
    expect(await page.isVisible("#landing")).toBe(true);
    await page.click("#quick-play");
    expect(await noticeSays(page, "Can't reach the server")).toContain("did not answer");
    await backToMenu(page);

    await own.restart();
    await page.click("#quick-play");
    await playing(page);
    await done(page);
  });

  it("is retried for as long as this server holds the seat (RECONNECT_SECONDS), not a window of the page's own", async () => {
    const brief = await ServerProcess.start("e2e-brief-hold-server", { RECONNECT_SECONDS: "3" });
    try {
      const { page } = await open(brief.url);
      await page.fill("#name", "Brief");
      await page.click("#quick-play");
      await playing(page);
      // The way back stays shut (every comeback request fails), then the connection drops.
      await page.route("**/matchmake/reconnect/**", (route) => route.abort());
      await page.evaluate(() => (window as any).skirmish.session.room.connection.close());
      await page.waitForSelector("#overlay:not([hidden])");
      // The server gives the seat up after 3 s; the page says so then, not after a window of its own.
      const text = await noticeSays(page, "Connection lost");
      expect(text).toContain("did not answer for 3 seconds");
      await backToMenu(page);
      await done(page);
    } finally {
      await brief.stop("SIGKILL");
    }
  });

  it("that restarts brings a public player back into a game; a private room's player hears why it ended", async () => {
    const pub = (await open(own.url)).page;
    await pub.fill("#name", "Public");
    await pub.click("#quick-play");
    await playing(pub);
    const before = await session<string>(pub, "s.room.roomId");
    const priv = (await open(own.url)).page;
    await priv.fill("#name", "Private");
    await priv.click("#create-private");
    await playing(priv);

    await own.stop("SIGTERM");
    await pub.waitForSelector("#overlay:not([hidden])");
    expect(await pub.textContent("#overlay-text")).toContain("The server is restarting");
    expect(await noticeSays(priv, "The server is restarting")).toContain("ended");

    await own.restart();
    await pub.waitForFunction((old) => {
      const s = (window as any).skirmish?.session;
      return s?.ready && s.me && s.room.roomId !== old;
    }, before, { timeout: 30_000 });
    expect(await pub.isVisible("#overlay")).toBe(false);
    await backToMenu(priv);
  });
});

describe("all those pages", () => {
  it("threw nothing (network errors from the stopped server aside)", () => {
    const network = /Failed to load resource|WebSocket connection|ERR_CONNECTION_REFUSED/;
    for (const p of people) expect(p.errors.filter((e) => !network.test(e))).toEqual([]);
  });
});
