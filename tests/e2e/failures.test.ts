import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, inArena, launch, openGame, type Person, session } from "./browser";
import { KICKED } from "../../game/PageFlow";
import { ServerProcess } from "./serverProcess";

// Everything that can keep a player out of a game ends in words they understand, shown on the
// menu with a way to close it (never "Back to the menu": they are at the menu): a mistyped
// code, an invite link to a room that is not there, a full room, a locked one, a kick, an
// outdated page, a server that is gone, and one that is restarting. Stopping and restarting
// use a server of this file's own.

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

/** The notice's title, its buttons' words, and its text; it is closed with "Close". */
async function noticeSays(page: Page, title: string, buttons: string[] = ["Close"]): Promise<string> {
  await page.waitForSelector("#notice:not([hidden])", { timeout: 30_000 });
  expect(await page.textContent("#notice-title")).toBe(title);
  expect(await page.locator("#notice-actions button").allTextContents()).toEqual(buttons);
  expect(await page.isVisible("#landing")).toBe(true);
  return (await page.textContent("#notice-text")) ?? "";
}

async function closeNotice(page: Page): Promise<void> {
  await page.click("[data-testid=notice-close]");
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
    await closeNotice(page);
    await done(page);
  });

  it("says at once when an invite link's room is not there, before a name is typed, and offers Quick Play", async () => {
    const { page } = await open(`${inject("baseUrl")}/?room=ZZZZZZ`);
    expect(await noticeSays(page, "No such room")).toBe(
      "The invite link is for room ZZZZZZ, which does not exist or has ended. Ask for a new link, or press Quick Play to play now.",
    );
    // Never invited to a room that is not there; the main button is Quick Play again, and the link is gone from the address bar.
    expect(await page.textContent("#status")).not.toContain("invited");
    expect(await page.textContent("#quick-play")).toBe("Quick Play");
    expect(await page.inputValue("#code")).toBe("");
    expect(new URL(page.url()).search).toBe("");
    await closeNotice(page);
    await done(page);
  });

  let host: Person;
  let friend: Person;
  let late: Person;
  let code = "";

  it("says so when the room is full, and offers to watch instead", async () => {
    [host, friend, late] = await Promise.all([open(), open(), open()]);
    await host.page.fill("#name", "Host");
    await host.page.click("#create-private");
    await playing(host.page);
    code = (await host.page.textContent("[data-testid=room-code]"))!;
    await host.page.click("[data-testid=host-panel] summary");
    await host.page.fill("[data-testid=host-maxPlayers]", "2");
    await host.page.click("[data-testid=host-apply]");
    await host.page.waitForFunction(() => (window as any).skirmish.session.state.maxPlayers === 2);

    await friend.page.fill("#name", "Friend");
    await friend.page.fill("#code", code);
    await friend.page.click("#join-code");
    await playing(friend.page);

    await late.page.fill("#name", "Late");
    await late.page.fill("#code", code);
    await late.page.click("#join-code");
    expect(await noticeSays(late.page, "This room is full", ["Watch instead", "Close"])).toBe("This room is full. You can still watch.");
    await late.page.click("[data-testid=notice-watch]");
    await inArena(late.page);
    expect(await session<boolean>(late.page, "s.playing")).toBe(false);
    await done(late.page);
  });

  it("says a locked room is locked (not full), and offers to watch instead", async () => {
    await host.page.check("[data-testid=host-locked]");
    await host.page.click("[data-testid=host-apply]");
    await host.page.waitForFunction(() => (window as any).skirmish.session.state.locked);
    const shut = await open();
    await shut.page.fill("#name", "Shut out");
    await shut.page.fill("#code", code);
    await shut.page.click("#join-code");
    expect(await noticeSays(shut.page, "This room is locked", ["Watch instead", "Close"])).toBe("This room is locked. You can still watch.");
    await shut.page.click("[data-testid=notice-watch]");
    await inArena(shut.page);
    expect(await session<boolean>(shut.page, "s.playing")).toBe(false);
    await done(shut.page);
  });

  it("asks the host before kicking, then tells the kicked player, who cannot come back for a while", async () => {
    const kick = host.page.locator("[data-testid=host-kick]");
    await kick.click();
    // The question names the player and how long they stay out; "Cancel" kicks nobody.
    const asked = host.page.locator(".host-players .confirm");
    expect(await asked.textContent()).toContain("Remove Friend? They cannot come back for 10 minutes.");
    expect(await kick.isVisible()).toBe(false);
    await host.page.click("[data-testid=host-kick-cancel]");
    expect(await asked.isVisible()).toBe(false);
    await friend.page.waitForTimeout(500);
    expect(await session<boolean>(friend.page, "s.playing")).toBe(true);

    await kick.click();
    await host.page.click("[data-testid=host-kick-confirm]");
    expect(await noticeSays(friend.page, "Removed from the room")).toBe(KICKED);
    await closeNotice(friend.page);
    await friend.page.fill("#code", code);
    await friend.page.click("#join-code");
    expect(await noticeSays(friend.page, "Removed from the room")).toBe(KICKED);
    await closeNotice(friend.page);
    await done(host.page, friend.page);
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
    expect(await noticeSays(page, "This page is out of date", ["Reload", "Close"])).toBe("This page is out of date. Reload to get the new version.");
    await closeNotice(page);
    await page.click("#create-private");
    expect(await noticeSays(page, "This page is out of date", ["Reload", "Close"])).toContain("Reload");

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
    await closeNotice(page);

    // Back up, it holds a dropped seat for 3 s, not the default 20: the next test's server.
    await own.restart({ RECONNECT_SECONDS: "3" });
    await page.click("#quick-play");
    await playing(page);
    await done(page);
  });

  it("is retried for as long as this server holds the seat (RECONNECT_SECONDS), not a window of the page's own", async () => {
    // This file's server holds a seat for 3 s since the last test restarted it so.
    const { page } = await open(own.url);
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
    await closeNotice(page);
    await done(page);
  });

  it("that restarts brings a public player back into a game; a private room's player hears why it ended", async () => {
    const [pub, priv] = (await Promise.all([open(own.url), open(own.url)])).map((p) => p.page);
    await pub.fill("#name", "Public");
    await pub.click("#quick-play");
    await playing(pub);
    const before = await session<string>(pub, "s.room.roomId");
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
    await closeNotice(priv);
  });
});

describe("all those pages", () => {
  it("threw nothing (network errors from the stopped server aside)", () => {
    const network = /Failed to load resource|WebSocket connection|ERR_CONNECTION_REFUSED/;
    for (const p of people) expect(p.errors.filter((e) => !network.test(e))).toEqual([]);
  });
});
