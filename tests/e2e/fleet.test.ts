// The game in Chromium through the balancer an operator deploys: nginx over TLS
// (deploy/nginx/skirmish-fleet.conf) in front of three processes that share Redis
// (testkit/fleet). A player, a private room with a friend and a watcher, a dropped connection,
// and then every process restarted in turn while they play.

import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MOVED } from "../../game/PageFlow";
import { ArenaClient } from "../../game/net/ArenaClient";
import { ArenaState } from "../../shared/schema/ArenaState";
import { startFleet, type TestFleet } from "../../testkit/fleet";
import { LagRelay } from "../../testkit/LagRelay";
import { freePort } from "../../testkit/net";
import { type Redis, type ServerProcess, startRedis, startServerProcess } from "../../testkit/processes";
import { close, inArena, launch, openGame, type Person, quickPlay, session } from "./browser";

let fleet: TestFleet;
let browser: Browser;
let player: Person;

beforeAll(async () => {
  // The client the global setup built; two bots keep a lone player company.
  fleet = await startFleet({ env: { CLIENT_DIR: path.resolve("dist/client"), BOTS: "2" } });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await close(browser);
  await fleet?.stop();
});

/** The test's certificate is its own: the browser is told to accept it. */
const open = (url: string) => openGame(browser, url, { viewport: { width: 960, height: 600 }, ignoreHTTPSErrors: true });
/** Which process (0–2) holds the page's room, by the path its WebSocket took. */
const processOf = async (page: Page) => fleet.indexOf(await session<string>(page, "s.room.connection.url"));
const roomOf = (page: Page) => session<string>(page, "s.room.roomId");

describe("the game through nginx over TLS, in front of three processes", () => {
  it("plays: Quick Play, a private room joined by a friend's link and watched, a dropped connection got back", async () => {
    player = await open(fleet.httpUrl);
    await quickPlay(player.page, "Ann");
    expect(await session<string>(player.page, "s.room.connection.url")).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/p[123]\//);

    const host = await open(fleet.httpUrl);
    await host.page.fill("#name", "Host");
    await host.page.click("#create-private");
    await inArena(host.page);
    const code = (await host.page.textContent("[data-testid=room-code]"))!;
    const friend = await open(`${fleet.httpUrl}/?room=${code}`);
    await expect.poll(() => friend.page.textContent("#quick-play")).toBe("Join room");
    await friend.page.fill("#name", "Friend");
    await friend.page.click("#quick-play");
    await inArena(friend.page);
    expect(await roomOf(friend.page)).toBe(await roomOf(host.page));

    const watcher = await open(`${fleet.httpUrl}/?room=${code}&watch`);
    await watcher.page.fill("#name", "Eye");
    await watcher.page.click("#quick-play");
    await inArena(watcher.page);
    await watcher.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 2);

    // The friend's connection drops: the page gets the same seat back through the balancer.
    const seat = await session<string>(friend.page, "s.room.sessionId");
    await friend.page.evaluate(() => (window as any).skirmish.session.room.connection.close(4999, "cut"));
    await friend.page.waitForFunction((id) => {
      const s = (window as any).skirmish?.session;
      return s?.ready && s.room.sessionId === id && s.room.connection.isOpen;
    }, seat, { timeout: 30_000 });
    for (const person of [host, friend, watcher]) await person.page.context().close();
    expect(player.errors).toEqual([]);
  });

  it("keeps the player playing while every process is restarted in turn, saying so in one line each time it moves", async () => {
    let moves = 0;
    for (let i = 0; i < 3; i++) {
      const before = await roomOf(player.page);
      const wasHere = (await processOf(player.page)) === i;
      const stoppedAt = Date.now();
      await fleet.procs[i]!.stop("SIGTERM");
      fleet.procs[i] = undefined;
      if (wasHere) {
        // In another game on another process, with the line that says why.
        await player.page.waitForFunction((room) => {
          const s = (window as any).skirmish?.session;
          return s?.ready && s.me && s.room.roomId !== room;
        }, before, { timeout: 30_000 });
        console.log(`the page played again ${Date.now() - stoppedAt} ms after its process was told to stop`);
        moves++;
        expect(await processOf(player.page)).not.toBe(i);
      }
      await fleet.start(i);
    }
    expect(moves).toBeGreaterThan(0);
    const lines = await player.page.evaluate(() => [...document.querySelectorAll(".chat-lines li.system .text")].map((t) => t.textContent));
    expect(lines.filter((l) => l === MOVED.restart).length).toBe(1); // the chat starts afresh in each game
    expect(player.errors).toEqual([]);
    await player.page.context().close();
  }, 120_000);
});

describe("regions in the room list", () => {
  it("shows each room's region and the page's ping to it, the far one farther", async () => {
    // Two regions sharing a Redis: "near" straight, "far" only through a relay adding 60 ms each way.
    const redis: Redis = await startRedis();
    const [nearPort, farPort] = [await freePort(), await freePort()];
    const relay = new LagRelay(farPort, { latencyMs: 60, jitterMs: 0, stallEveryMs: 0, stallMs: 0 });
    await relay.ready();
    const farAddress = `127.0.0.1:${relay.port}`;
    const client = path.resolve("dist/client");
    const procs: ServerProcess[] = await Promise.all([
      startServerProcess({ REDIS_URL: redis.url, REGION: "near", REGION_URL: `ws://127.0.0.1:${nearPort}`, CLIENT_DIR: client }, undefined, undefined, nearPort),
      startServerProcess({ REDIS_URL: redis.url, REGION: "far", REGION_URL: `ws://${farAddress}`, PUBLIC_ADDRESS: farAddress, CLIENT_DIR: client }, undefined, undefined, farPort),
    ]);
    try {
      const rooms = [
        await new ArenaClient(`ws://127.0.0.1:${nearPort}`).create("arena", { name: "Near", region: "near" }, ArenaState),
        await new ArenaClient(`ws://${farAddress}`).create("arena", { name: "Far", region: "far" }, ArenaState),
      ];
      const visitor = await openGame(browser, `http://127.0.0.1:${nearPort}`);
      // Both rooms listed, each with its region and this page's ping to it.
      // (A region that joined after the page measured is measured on a later refresh of the list.)
      await visitor.page.waitForFunction(() => [...document.querySelectorAll("[data-testid=room-region]")].filter((t) => / · \d+ ms$/.test(t.textContent ?? "")).length === 2, undefined, { timeout: 30_000 });
      const tags = await visitor.page.$$eval("[data-testid=room-region]", (els) => els.map((e) => e.textContent ?? ""));
      const ping = (region: string) => Number(tags.find((t) => t.startsWith(`${region} · `))?.match(/(\d+) ms/)?.[1]);
      // The relay adds 120 ms to every round trip to "far": its ping is at least that, and more than near's.
      expect(ping("far")).toBeGreaterThanOrEqual(110);
      expect(ping("near")).toBeLessThan(ping("far"));
      await visitor.page.context().close();
      await Promise.all(rooms.map((r) => r.leave()));
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
      await relay.close();
      redis.stop();
    }
  }, 60_000);
});
