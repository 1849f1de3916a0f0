import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NavGrid } from "../../server/bots/NavGrid";
import { getMap, MAP_IDS } from "../../server/maps";
import { close, downPlayer, driveTo, inArena, launch, openGame, type Person, quickPlay, restWhile, screenshot, session } from "./browser";
import { ServerProcess } from "./serverProcess";

// Capture the flag among friends, two against two: the host switches a private room to
// Capture the flag in the host controls and hands out one invite link per team; each friend
// lands on the team their link names; a watcher follows the flag carrier; a friend takes the other team's flag
// and everyone sees it taken, the carrier is told to bring it home, and the watcher's camera
// rides with the carrier. Then a public round's end: the results and the vote for the next
// map and mode.

let browser: Browser;
const people: Person[] = [];
let host: Person;
let ann: Person; // through Orange's link
let cid: Person; // through Orange's link
let bob: Person; // through Blue's link
let eye: Person; // watching
let invite = "";
const teamLinks: string[] = [];
/** The vote's server (see below), started beside the browser. */
let voteServer: ServerProcess;

beforeAll(async () => {
  // A server of the vote's own, where one down wins a round and the results stay up a while.
  [browser, voteServer] = await Promise.all([launch(), ServerProcess.start("e2e-teams-vote-server", { SCORE_LIMIT: "1", RESULTS_SECONDS: "60" })]);
});
afterAll(async () => {
  await close(browser);
  await voteServer?.stop();
});

async function open(url: string): Promise<Person> {
  const person = await openGame(browser, url);
  people.push(person);
  return person;
}

/** Opens a link, types a name and presses the main button (Join room, or Watch room). */
async function arrive(url: string, name: string, playing: boolean): Promise<Person> {
  const person = await open(url);
  await expect.poll(() => person.page.textContent("#quick-play")).toBe(playing ? "Join room" : "Watch room");
  await person.page.fill("#name", name);
  await person.page.click("#quick-play");
  await inArena(person.page);
  if (playing) await person.page.waitForFunction(() => (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
  return person;
}

const ctfMaps = () => MAP_IDS.filter((id) => getMap(id)!.modes.includes("ctf"));

describe("capture the flag in a private room", () => {
  // Their pages go when this is over: the next block's pages get the machine to themselves.
  afterAll(async () => {
    await Promise.all([host, ann, cid, bob, eye].map((person) => person?.page.context().close()));
  });

  it("is set by the host in the host controls, which offer only maps made for it", async () => {
    host = await open(inject("baseUrl"));
    await host.page.fill("#name", "Host");
    await host.page.click("#create-private");
    await inArena(host.page);
    const page = host.page;
    await page.click("[data-testid=host-panel] summary");
    await page.selectOption("[data-testid=host-mode]", "ctf");
    const offered = await page.$$eval("[data-testid=host-map] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(ctfMaps());
    expect(await page.textContent("[data-testid=host-map-note]")).toMatch(/^Not made for Capture the Flag: /);
    expect(await page.inputValue("[data-testid=host-scoreLimit]")).toBe("3");
    await page.click("[data-testid=host-apply]");
    await page.waitForFunction(() => {
      const s = (window as any).skirmish.session.state;
      return s.mode === "ctf" && s.flags.length === 2;
    });
    expect(ctfMaps()).toContain(await session<string>(page, "s.state.map"));
    await expect.poll(() => page.textContent("[data-testid=round-clock]")).toMatch(/^Capture the Flag · Round \d+ · \d:\d\d$/);
    await expect.poll(() => page.textContent("[data-testid=team-score]")).toBe("Blue 0 – 0 Orange · first to 3");
    expect(await page.textContent("[data-testid=flag-0]")).toBe("Blue flag: home");
    expect(await page.textContent("[data-testid=flag-1]")).toBe("Orange flag: home");
    await page.click("[data-testid=host-panel] summary");
  });

  it("gives the host an invite link per team, beside the plain one", async () => {
    const page = host.page;
    await page.click("[data-testid=invite-panel] summary");
    invite = await page.inputValue("[data-testid=invite-link]");
    for (const team of [0, 1]) teamLinks[team] = await page.inputValue(`[data-testid=invite-team-${team}-link]`);
    expect(teamLinks).toEqual([`${invite}&team=0`, `${invite}&team=1`]);
    await page.click("[data-testid=invite-team-1-copy]");
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(teamLinks[1]);
  });

  it("puts each friend on the team their link names: two against two", async () => {
    // All three at once, as friends handed their links would; the host's page rests meanwhile.
    await restWhile([host], async () => {
      [ann, cid, bob] = await Promise.all([arrive(teamLinks[1], "Ann", true), arrive(teamLinks[1], "Cid", true), arrive(teamLinks[0], "Bob", true)]);
    });
    expect(await session<number>(ann.page, "s.me.team")).toBe(1);
    expect(await session<number>(cid.page, "s.me.team")).toBe(1);
    expect(await session<number>(bob.page, "s.me.team")).toBe(0);
    await expect.poll(() => ann.page.textContent("[data-testid=my-team]")).toBe("You are on Orange");
    await expect.poll(() => bob.page.textContent("[data-testid=my-team]")).toBe("You are on Blue");
    // The host's scoreboard lists each under their team.
    await host.page.waitForFunction(() => (window as any).skirmish.session.state.crafts.size === 4);
    await host.page.keyboard.down("Tab");
    const groups = await host.page.$$eval("[data-testid=scoreboard] tbody tr", (rows) => {
      const out: Record<string, string[]> = {};
      let team = "";
      for (const row of rows) {
        if (row.classList.contains("team-row")) team = row.getAttribute("data-team")!;
        else out[team] = [...(out[team] ?? []), row.querySelector(".name span:not(.swatch)")?.textContent ?? ""].sort();
      }
      return out;
    });
    await host.page.keyboard.up("Tab");
    expect(groups).toEqual({ "0": ["Bob", "Host"], "1": ["Ann", "Cid"] });
  });

  it("is watched by someone who follows the flag carrier", async () => {
    // The players' pages rest while the watcher's starts.
    await restWhile([host, ann, cid, bob], async () => {
      eye = await arrive(`${invite}&watch`, "Eye", false);
    });
    expect(await session<boolean>(eye.page, "s.playing")).toBe(false);
    await eye.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 4);
    await eye.page.click("[data-testid=watch-panel] summary");
    await eye.page.click("[data-testid=follow-carrier]");
    // Nobody carries a flag yet: the view stays on someone, and says so.
    await expect.poll(() => eye.page.textContent("[data-testid=watch-title]")).toMatch(/^Watching .+ · no carrier now$/);
  });

  it("shows everyone a flag taken: the feed, the flags' line, the carrier's call, and the watcher's camera on the carrier", async () => {
    // Bob (Blue) goes for Orange's flag at its base.
    const base = await session<{ x: number; y: number }>(bob.page, "(() => { const f = [...s.state.flags].find((f) => f.team === 1); return { x: f.x, y: f.y }; })()");
    const bobSlot = await session<number>(bob.page, "s.me.slot");
    const bobId = await session<string>(bob.page, "s.sessionId");
    // Five pages draw on a machine that may have two cores: the other players' rest while Bob drives.
    await restWhile([host, ann, cid], () => driveTo(bob.page, base.x, base.y));
    await bob.page.waitForFunction((slot) => (window as any).skirmish.session.state.flags[1].carrier === slot, bobSlot, { timeout: 10_000 });

    await expect.poll(() => bob.page.textContent("[data-testid=carrier-call]")).toMatch(/^You have Orange's flag — bring it home/);
    for (const person of [host, ann, cid, eye]) {
      await expect.poll(() => person.page.textContent("[data-testid=flag-1]")).toBe("Orange flag: taken by Bob");
    }
    await host.page.waitForFunction(() => [...document.querySelectorAll("[data-testid=flag-news]")].some((li) => li.textContent === "Bob took Orange's flag"));
    expect(await ann.page.isVisible("[data-testid=carrier-call]")).toBe(false);
    expect(await cid.page.isVisible("[data-testid=carrier-call]")).toBe(false);

    // The watcher's camera is on Bob now (held inside the map's bounds, so by the map's edge
    // he may be off its middle), and stays with him as he carries the flag away.
    await expect.poll(() => eye.page.textContent("[data-testid=watch-title]")).toBe("Watching Bob · flag carrier");
    const carrierSeen = () =>
      eye.page.evaluate((id) => {
        const { game, session: s } = (window as any).skirmish;
        const cam = game.scene.getScene("arena").cameras.main;
        const bob = s.remotes.get(id).drawn;
        const view = cam.worldView;
        return {
          fromMiddle: Math.round(Math.hypot(cam.midPoint.x - bob.x, cam.midPoint.y - bob.y)),
          wellInView: bob.x > view.x + view.width * 0.15 && bob.x < view.right - view.width * 0.15 && bob.y > view.y + view.height * 0.15 && bob.y < view.bottom - view.height * 0.15,
        };
      }, bobId);
    await expect.poll(async () => (await carrierSeen()).wellInView, { timeout: 10_000 }).toBe(true);
    const home = await session<{ x: number; y: number }>(bob.page, "(() => { const f = [...s.state.flags].find((f) => f.team === 0); return { x: f.x, y: f.y }; })()");
    const from = await session<{ x: number; y: number }>(bob.page, "s.ownDrawn()");
    // Halfway home is far enough to see the camera ride along.
    const route = NavGrid.of(getMap(await session<string>(bob.page, "s.map.id"))!).route(from.x, from.y, home.x, home.y);
    const halfway = route[Math.floor(route.length / 2)];
    await restWhile([host, ann, cid], () => driveTo(bob.page, halfway.x, halfway.y, 40));
    expect(await session<number>(eye.page, "s.state.flags[1].carrier")).toBe(bobSlot);
    await expect.poll(async () => (await carrierSeen()).fromMiddle, { timeout: 10_000 }).toBeLessThan(60);
    // For a look at how it reads: the carrier's screen and the watcher's.
    await screenshot(bob.page, ".test-artifacts/teams-carrier.png");
    await screenshot(eye.page, ".test-artifacts/teams-watcher.png");
  });

  it("drops the flag where its carrier changes team (T), with its countdown home; the watcher stays put", async () => {
    await bob.page.keyboard.press("KeyT");
    await bob.page.waitForFunction(() => (window as any).skirmish.session.me.team === 1);
    await expect.poll(() => bob.page.textContent("[data-testid=my-team]")).toBe("You are on Orange");
    expect(await bob.page.isVisible("[data-testid=carrier-call]")).toBe(false);
    for (const person of [host, eye]) {
      await expect.poll(() => person.page.textContent("[data-testid=flag-1]")).toMatch(/^Orange flag: dropped · home in \d+ s$/);
      await person.page.waitForFunction(() => [...document.querySelectorAll("[data-testid=flag-news]")].some((li) => li.textContent === "Bob dropped Orange's flag"));
    }
    // Nobody carries a flag now: the watcher stays on Bob, and says so.
    await expect.poll(() => eye.page.textContent("[data-testid=watch-title]")).toBe("Watching Bob · no carrier now");
    await screenshot(eye.page, ".test-artifacts/teams-dropped.png");
  });

});

describe("the vote at the end of a public round", () => {
  let winner: Person;
  let loser: Person;

  it("shows the ranking and three map+mode choices, the first the next in rotation", async () => {
    [winner, loser] = await Promise.all([open(voteServer.url), open(voteServer.url)]);
    await quickPlay(winner.page, "Vic");
    // The room list says each room's mode beside its map.
    await expect.poll(() => loser.page.textContent("#room-list [data-testid=room-mode]"), { timeout: 10_000 }).toBe("FFA");
    expect(await loser.page.getAttribute("#room-list [data-testid=room-mode]", "title")).toBe("Free-for-all");
    await quickPlay(loser.page, "Lou");
    await winner.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 1);
    await downPlayer(winner.page, "Lou");
    for (const person of [winner, loser]) {
      await person.page.waitForSelector("[data-testid=results]:visible", { timeout: 15_000 });
      await expect.poll(() => person.page.textContent("[data-testid=results-title]")).toMatch(/^Vic wins round \d+$/);
      await expect.poll(() => person.page.locator("[data-testid=vote-choice]").count()).toBe(3);
      expect(await person.page.textContent("[data-testid=vote-line]")).toBe("Press 1–3 or click to vote. No votes: next in rotation.");
    }
    const first = await winner.page.textContent("[data-testid=vote-choice] >> nth=0");
    expect(first).toMatch(/^1.+ · .+next in rotation0 votes$/);
  });

  it("takes a vote by key or click, shows the counts as they come, and marks the player's own", async () => {
    await winner.page.keyboard.press("Digit2");
    await loser.page.click("[data-testid=vote-choice] >> nth=1");
    for (const person of [winner, loser]) {
      await expect.poll(() => person.page.textContent("[data-testid=vote-choice] >> nth=1")).toMatch(/2 votes$/);
      expect(await person.page.getAttribute("[data-testid=vote-choice] >> nth=1", "aria-pressed")).toBe("true");
      expect(await person.page.textContent("[data-testid=vote-line]")).toMatch(/^Your vote: .+ · .+\. Press 1–3 or click to change it\.$/);
    }
    // A change of mind moves the vote.
    await loser.page.keyboard.press("Digit3");
    await expect.poll(() => winner.page.textContent("[data-testid=vote-choice] >> nth=1")).toMatch(/1 vote$/);
    await expect.poll(() => winner.page.textContent("[data-testid=vote-choice] >> nth=2")).toMatch(/1 vote$/);
    expect(await loser.page.getAttribute("[data-testid=vote-choice] >> nth=1", "aria-pressed")).toBe("false");
    await screenshot(loser.page, ".test-artifacts/teams-vote.png");
  });
});

describe("all those pages", () => {
  it("logged no errors", () => {
    for (const p of people) expect(p.errors).toEqual([]);
  });
});
