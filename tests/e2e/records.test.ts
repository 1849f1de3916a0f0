import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { matchPath, playerPath } from "../../shared/net/api";
import { close, downPlayer, launch, openGame, type Person, screenshot } from "./browser";

// What stays after a round, as two friends find it: their private room's chat links the round's
// page, which names them both; a name there opens that player's record; the leaderboard has
// them; and a code carries one of them to another browser. The pages of records never bring
// the arena (nor Phaser) with them, say plainly when there is nothing to show, and log no errors.

const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 720 } };

let browser: Browser;
const people: Person[] = [];
let host: Person;
/** The host's browser: its identity, and the tabs opened in it (the arena's page goes once the round's link is followed). */
let hostBrowser: BrowserContext;
let friend: Person;
/** The round's page, as the chat linked it. */
let roundLink = "";
/** The round's page, opened from the chat in a new tab of the host's browser. */
let tab: Person;
let hostId = "";
/** The host's own player page, in the host's browser. */
let own: Page;
let friendId = "";

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await close(browser);
});

async function open(path = "/", before?: (page: Page) => Promise<unknown>): Promise<Person> {
  const person = await openGame(browser, inject("baseUrl") + path, LAPTOP, before);
  people.push(person);
  return person;
}

/** A page the test did not open itself (a link's new tab), watched for errors like the others. */
function watch(page: Page): Person {
  const person: Person = { page, errors: [] };
  page.on("console", (m) => {
    if (m.type() === "error") person.errors.push(m.text());
  });
  page.on("pageerror", (e) => person.errors.push(e.message));
  people.push(person);
  return person;
}

/** This browser's player id, once the page has one (it asks for it in the background). */
async function identity(page: Page): Promise<string> {
  const id = await page.waitForFunction(() => JSON.parse(localStorage.getItem("skirmish.player") ?? "null")?.id as string | undefined, undefined, { timeout: 15_000 });
  return (await id.jsonValue())!;
}

async function playing(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
}

/** The round is written a moment after the room posts its link; wait for it here, so no page asks too early. */
async function recorded(path: string): Promise<void> {
  await expect.poll(async () => (await fetch(`${inject("baseUrl")}/api${path}`)).status, { timeout: 15_000 }).toBe(200);
}

/** Says a line in the chat (Enter opens it once the arena's panels are up: on a loaded machine, a moment after the join). */
async function say(page: Page, text: string): Promise<void> {
  for (let tries = 0; !(await page.isVisible("[data-testid=chat-input]")); tries++) {
    expect(tries, "the chat never opened with Enter").toBeLessThan(10);
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=chat-input]:visible", { timeout: 2_000 }).catch(() => undefined);
  }
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** Closes the browsers of people a test is done with: a running arena costs a share of two CPU cores. */
async function done(...persons: Person[]): Promise<void> {
  await Promise.all(persons.map((p) => p.page.context().close()));
}

const texts = (page: Page, selector: string) => page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent ?? ""));

describe("a private room's round", () => {
  it("ends with a link to its page in the chat; a player's own line is never a link", async () => {
    [host, friend] = await Promise.all([open(), open()]);
    hostBrowser = host.page.context();
    [hostId, friendId] = await Promise.all([identity(host.page), identity(friend.page)]);
    await host.page.fill("#name", "Ace");
    await host.page.click("#create-private");
    await playing(host.page);
    // One down ends the round.
    await host.page.click("[data-testid=host-panel] summary");
    await host.page.fill("[data-testid=host-scoreLimit]", "1");
    await host.page.click("[data-testid=host-apply]");
    await host.page.waitForFunction(() => (window as any).skirmish.session.state.scoreLimit === 1);
    await host.page.click("[data-testid=host-panel] summary");
    const code = (await host.page.textContent("[data-testid=room-code]"))!;

    await friend.page.fill("#name", "Bea");
    await friend.page.fill("#code", code);
    await friend.page.click("#join-code");
    await playing(friend.page);

    // Typed by a player, a round's path stays words.
    const typed = "see /matches/notalink-1";
    await say(friend.page, typed);
    await host.page.waitForFunction((t) => [...document.querySelectorAll(".chat-lines li:not(.system) .text")].some((n) => n.textContent === t), typed);

    await host.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 1);
    await downPlayer(host.page, "Bea");
    // Bea sees the seconds before it from Ace's side, and skips it with Space.
    await friend.page.waitForSelector("[data-testid=kill-cam]", { timeout: 10_000 });
    expect(await friend.page.textContent("[data-testid=kill-cam-label]")).toBe("KILL-CAM · Ace");
    const following = await friend.page.evaluate(() => {
      const scene = (window as any).skirmish.game.scene.getScene("kill-cam");
      return scene ? [...scene.session.remotes.values()].some((r: any) => r.schema.name === "Ace") : false;
    });
    expect(following).toBe(true);
    await screenshot(friend.page, ".test-artifacts/kill-cam.png");
    await friend.page.keyboard.press("Space");
    await friend.page.waitForSelector("[data-testid=kill-cam]", { state: "detached", timeout: 5_000 });
    expect(await friend.page.evaluate(() => (window as any).skirmish.killCam.shown)).toBe(1);
    for (const person of [host, friend]) {
      const link = person.page.locator(".chat-lines li.system [data-testid=chat-link]");
      await link.waitFor({ timeout: 15_000 });
      const href = (await link.getAttribute("href"))!;
      expect(href).toMatch(/^\/matches\/[A-Za-z0-9_-]+$/);
      expect(await link.getAttribute("target")).toBe("_blank");
      expect(await link.getAttribute("rel")).toBe("noopener");
      expect(await person.page.locator(".chat-lines li.system", { has: person.page.locator("[data-testid=chat-link]") }).textContent()).toBe(`This round's results: ${href}`);
      roundLink = href;
    }
    expect(await host.page.locator(".chat-lines li:not(.system) a").count()).toBe(0);
    await done(friend);
  });
});

describe("the round's page", () => {
  it("opens from the chat in a new tab, and names both players, the winner first", async () => {
    await recorded(roundLink);
    const [page] = await Promise.all([host.page.context().waitForEvent("page"), host.page.click("[data-testid=chat-link]")]);
    tab = watch(page);
    // The game stays where it was.
    expect(new URL(host.page.url()).pathname).toBe("/");
    await page.waitForSelector("[data-testid=match-player]", { timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe(roundLink);
    expect(await page.textContent("[data-testid=match-title]")).toMatch(/^Free-for-all on .+$/);
    expect(await page.textContent("[data-testid=match-facts]")).toMatch(/ · \d+:\d\d played · private room$/);
    expect(await texts(page, "[data-testid=match-player-link]")).toEqual(["Ace", "Bea"]);
    const rows = await page.$$eval("[data-testid=match-player]", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    // Place, pilot, kills, downs, accuracy, rating before → after.
    expect(rows[0].slice(0, 4)).toEqual(["1st", "Ace", "1", "0"]);
    expect(rows[1].slice(0, 4)).toEqual(["2nd", "Bea", "0", "1"]);
    expect(rows[0][4]).toMatch(/^(blaster|scatter|rail|rocket) \d+%/);
    for (const row of rows) expect(row[5]).toMatch(/^-?\d+ → -?\d+$/);
    expect(await page.isVisible("[data-testid=match-interrupted]")).toBe(false);
    await screenshot(page, ".test-artifacts/records-match.png");
    // The arena's page is done with; the host's browser goes on with the records.
    await host.page.close();
  });

  it("links each name to that player's record, which counts the one round", async () => {
    const page = tab.page;
    await page.click('[data-testid=match-player-link]:text-is("Bea")');
    await page.waitForSelector("[data-testid=player-name]");
    expect(new URL(page.url()).pathname).toBe(playerPath(friendId));
    expect(await page.textContent("[data-testid=player-name]")).toBe("Bea");
    expect(await page.textContent("[data-testid=total-rounds]")).toBe("1");
    expect(await page.textContent("[data-testid=total-downs]")).toBe("1");
    expect(await page.textContent("[data-testid=rating-ffa]")).toMatch(/^-?\d+ · 1 round rated$/);
    expect(await page.textContent("[data-testid=rating-team]")).toBe("not rated yet");
    // A private room's round is reached by its link, not listed; and this is not the host's own page.
    expect(await page.locator("[data-testid=recent-round]").count()).toBe(0);
    expect(await page.locator("[data-testid=transfer]").count()).toBe(0);
    expect(await page.getAttribute("[data-testid=records-play]", "href")).toBe("/");
    await screenshot(page, ".test-artifacts/records-player.png");
  });
});

describe("the round's replay", () => {
  let replay: Page;
  const replayTime = async (page: Page) => page.evaluate(() => (window as any).skirmish.replay.time as number);

  it("opens from the round's page and plays the round as it was", async () => {
    // Back on the round's page (the tab went on to a player's page).
    const page = watch(await hostBrowser.newPage()).page;
    await page.goto(`${inject("baseUrl")}${roundLink}`);
    await page.click("[data-testid=match-replay]", { timeout: 15_000 });
    await page.waitForSelector("[data-testid=replay-bar]", { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toMatch(/^\/replay\//);
    await page.waitForFunction(() => (window as any).skirmish?.session?.ready, undefined, { timeout: 30_000 });
    // It plays: its clock moves on.
    const t0 = await replayTime(page);
    await page.waitForFunction((t) => (window as any).skirmish.replay.time > t + 0.5, t0, { timeout: 10_000 });
    // At its end, the round as it ended: Ace's one down of Bea.
    const end = await page.evaluate(() => {
      const { replay, session } = (window as any).skirmish;
      replay.seek(replay.duration);
      return [...session.state.crafts.values()].map((c: any) => `${c.name} ${c.kills}/${c.deaths}`).sort();
    });
    expect(end).toEqual(["Ace 1/0", "Bea 0/1"]);
    replay = page;
  });

  it("pauses, seeks anywhere, and follows a player", async () => {
    const page = replay;
    const paused = () => page.evaluate(() => (window as any).skirmish.replay.paused as boolean);
    // It stopped at its end: Play plays it again from the start, and the same button pauses it.
    expect(await paused()).toBe(true);
    await page.click("[data-testid=replay-play]");
    expect(await paused()).toBe(false);
    expect(await replayTime(page)).toBeLessThan(1);
    expect(await page.textContent("[data-testid=replay-play]")).toMatch(/Pause/);
    await page.click("[data-testid=replay-play]");
    expect(await paused()).toBe(true);
    const duration = await page.evaluate(() => (window as any).skirmish.replay.duration as number);
    expect(duration).toBeGreaterThan(1);
    // The slider to a third of the way: the time and the world show that moment.
    const target = Math.round(duration * 3.3) / 10;
    await page.$eval("[data-testid=replay-seek]", (input: HTMLInputElement, v) => {
      input.value = String(v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }, target);
    expect(await replayTime(page)).toBeCloseTo(target, 1);
    const shown = `${Math.floor(target / 60)}:${String(Math.floor(target) % 60).padStart(2, "0")} / `;
    await expect.poll(() => page.textContent("[data-testid=replay-time]")).toMatch(new RegExp(`^${shown}`));
    // Paused, it stays there.
    await page.waitForTimeout(500);
    expect(await replayTime(page)).toBeCloseTo(target, 1);
    // Follow Bea from the watcher's panel: the camera goes to her craft.
    await page.click("[data-testid=watch-panel] summary");
    await page.click('[data-testid=follow-player]:text-is("Bea")');
    await expect.poll(() => page.textContent("[data-testid=watch-title]")).toBe("Watching Bea");
    await page.click("[data-testid=replay-play]");
    // The camera aims at her craft as drawn, and she is in view (it may stop short of centring her at the map's edge).
    await page.waitForFunction(() => {
      const { game, session } = (window as any).skirmish;
      const scene = game.scene.getScene("arena");
      const bea = [...session.remotes.values()].find((r: any) => r.schema.name === "Bea");
      if (!bea?.drawn.alive) return false;
      const aimed = Math.hypot(scene.camTarget.x - bea.drawn.x, scene.camTarget.y - bea.drawn.y) < 1;
      return aimed && scene.cameras.main.worldView.contains(bea.drawn.x, bea.drawn.y);
    }, undefined, { timeout: 10_000 });
    await page.click("[data-testid=replay-scoreboard]");
    expect(await page.isVisible("[data-testid=scoreboard]")).toBe(true);
    await screenshot(page, ".test-artifacts/replay.png");
    await page.close();
  });

  it("opens at a moment given by ?t=, and refuses a damaged file with a sentence", async () => {
    const id = roundLink.split("/").pop()!;
    const [at, damaged] = await Promise.all([
      open(`/replay/${id}?t=1`),
      open(`/replay/${id}`, (page) =>
        page.route("**/api/matches/*/replay", async (route) => {
          const bytes = Buffer.from(await (await route.fetch()).body());
          bytes[Math.floor(bytes.length / 2)] ^= 0x55;
          await route.fulfill({ status: 200, contentType: "application/octet-stream", body: bytes });
        }),
      ),
    ]);
    await at.page.waitForFunction(() => (window as any).skirmish?.replay !== undefined, undefined, { timeout: 30_000 });
    expect(await at.page.evaluate(() => (window as any).skirmish.replay.time)).toBeGreaterThanOrEqual(1);
    await done(at);
    await expect.poll(() => damaged.page.textContent("[data-testid=replay-problem-text]"), { timeout: 15_000 }).toBe("This replay is damaged or incomplete and cannot be played.");
    expect(await damaged.page.isVisible("#arena")).toBe(false);
    await done(damaged);
  });
});

describe("the leaderboard", () => {
  it("has both players today in free-for-all, and nobody yet in teams", async () => {
    const page = tab.page;
    await page.click("[data-testid=records-leaderboard]");
    await page.waitForSelector("[data-testid=leaderboard-row]");
    expect(new URL(page.url()).pathname).toBe("/leaderboard");
    expect(await page.getAttribute("[data-testid=period-day]", "aria-pressed")).toBe("true");
    expect(await page.getAttribute("[data-testid=kind-ffa]", "aria-pressed")).toBe("true");
    const names = await texts(page, "[data-testid=leaderboard-name]");
    expect(names).toEqual(expect.arrayContaining(["Ace", "Bea"]));
    expect(names.indexOf("Ace")).toBeLessThan(names.indexOf("Bea"));
    await screenshot(page, ".test-artifacts/records-leaderboard.png");

    await page.click("[data-testid=kind-team]");
    await expect.poll(() => page.textContent("[data-testid=leaderboard-result]")).toBe("Nobody has played a rated team round in the last 24 hours yet.");
    expect(new URL(page.url()).search).toBe("?kind=team");
    await page.click("[data-testid=kind-ffa]");
    await page.click("[data-testid=period-all]");
    await expect.poll(() => texts(page, "[data-testid=leaderboard-name]")).toEqual(expect.arrayContaining(["Ace", "Bea"]));
    expect(new URL(page.url()).search).toBe("?period=all");
  });
});

describe("your record", () => {
  it("is linked from the landing page, beside the leaderboard, once the browser has an identity", async () => {
    // A page of the host's own browser (not the tab the chat opened, which goes on with the records).
    const page = watch(await hostBrowser.newPage()).page;
    await page.goto(inject("baseUrl"));
    await page.waitForSelector("#quick-play");
    expect(await page.isVisible("[data-testid=leaderboard-link]")).toBe(true);
    await page.waitForSelector("[data-testid=my-record-link]:visible");
    await screenshot(page, ".test-artifacts/records-landing.png");
    await page.click("[data-testid=my-record-link]");
    await page.waitForSelector("[data-testid=transfer]");
    expect(new URL(page.url()).pathname).toBe(playerPath(hostId));
    expect(await page.textContent("[data-testid=player-name]")).toBe("Ace");
    expect(await page.textContent("[data-testid=total-kills]")).toBe("1");
    own = page;
  });

  it("moves to another browser with a code made on the first", async () => {
    await own.click("[data-testid=transfer-make]");
    const code = (await own.locator("[data-testid=transfer-code]").textContent({ timeout: 10_000 }))!;
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await own.textContent("[data-testid=transfer-expiry]")).toMatch(/^Use it on your other device within 10 minutes \(before .+\)\. It works once\.$/);
    await screenshot(own, ".test-artifacts/records-own.png");

    // Another browser, and a third that will try the code once it is used.
    const [laptop, again] = await Promise.all([open(), open()]);
    const ownId = await identity(laptop.page);
    expect(ownId).not.toBe(hostId);
    await laptop.page.click("[data-testid=redeem] summary");
    await laptop.page.fill("[data-testid=redeem-code]", code.toLowerCase());
    await laptop.page.click("[data-testid=redeem-submit]");
    await expect.poll(() => laptop.page.textContent("[data-testid=redeem-status]"), { timeout: 10_000 }).toMatch(/^Done: this browser now plays as you/);
    expect(await identity(laptop.page)).toBe(hostId);
    expect(await laptop.page.isVisible("[data-testid=my-record-link]")).toBe(true);
    await screenshot(laptop.page, ".test-artifacts/records-redeemed.png");

    await laptop.page.goto(`${inject("baseUrl")}/me`);
    await laptop.page.waitForSelector("[data-testid=transfer]");
    expect(new URL(laptop.page.url()).pathname).toBe(playerPath(hostId));
    expect(await laptop.page.textContent("[data-testid=player-name]")).toBe("Ace");
    expect(await laptop.page.textContent("[data-testid=total-rounds]")).toBe("1");

    // Used once: the code brings nobody a second time.
    await identity(again.page);
    await again.page.click("[data-testid=redeem] summary");
    await again.page.fill("[data-testid=redeem-code]", code);
    await again.page.click("[data-testid=redeem-submit]");
    await expect.poll(() => again.page.textContent("[data-testid=redeem-status]"), { timeout: 10_000 }).toBe(
      "That code is unknown, used or too old. Make a new one on your other device.",
    );
    // That refusal is a 404 the browser reports itself; nothing else may be on the page.
    again.errors.splice(0, again.errors.length, ...again.errors.filter((e) => !/status of 404/.test(e)));
    await done(laptop, again);
  });
});

describe("the pages of records", () => {
  it("never load the arena or Phaser", async () => {
    const scripts: string[] = [];
    const visitor = await open("/leaderboard", async (page) => page.on("request", (r) => (r.resourceType() === "script" ? scripts.push(new URL(r.url()).pathname) : undefined)));
    await visitor.page.waitForSelector("[data-testid=leaderboard-result] table, [data-testid=leaderboard-empty]");
    await visitor.page.waitForLoadState("networkidle");
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => /phaser|startArena/.test(s))).toEqual([]);
    expect(await visitor.page.isVisible("#landing")).toBe(false);
    expect(await visitor.page.isVisible("#arena")).toBe(false);
    await done(visitor);
  });

  it("say plainly when there is no such player or round", async () => {
    const lost = await open("/players/not-a-player");
    await expect.poll(() => lost.page.textContent("[data-testid=records-problem]"), { timeout: 10_000 }).toBe("No such player.");
    await lost.page.goto(`${inject("baseUrl")}${matchPath("nosuchround-1")}`);
    await expect.poll(() => lost.page.textContent("[data-testid=records-problem]"), { timeout: 10_000 }).toBe("No such round.");
    expect(await lost.page.isVisible("[data-testid=records-play]")).toBe(true);
    // The browser reports the 400 and 404 answers itself; nothing else may be on the page.
    expect(lost.errors.filter((e) => !/status of (400|404)/.test(e))).toEqual([]);
    lost.errors.length = 0;
    await done(lost);
  });

  it("say the records are unavailable when the server cannot be reached", async () => {
    const cut = await open("/leaderboard", (page) => page.route("**/api/leaderboard*", (route) => route.abort("connectionfailed")));
    await expect.poll(() => cut.page.textContent("[data-testid=records-problem]"), { timeout: 10_000 }).toMatch(/^Records are unavailable right now\./);
    await cut.page.route(`**/api/players/${hostId}`, (route) => route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"down"}' }));
    await cut.page.goto(`${inject("baseUrl")}${playerPath(hostId)}`);
    await expect.poll(() => cut.page.textContent("[data-testid=records-problem]"), { timeout: 10_000 }).toMatch(/^Records are unavailable right now\./);
    // The browser reports the failed and refused requests itself; nothing else may be on the page.
    expect(cut.errors.filter((e) => !/ERR_FAILED|ERR_CONNECTION_FAILED|status of 503/.test(e))).toEqual([]);
    cut.errors.length = 0;
    await done(cut);
  });
});

describe("all those pages", () => {
  it("logged no errors", () => {
    for (const p of people) expect(p.errors).toEqual([]);
  });
});
