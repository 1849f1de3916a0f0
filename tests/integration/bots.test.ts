import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { CraftStatus, type ArenaState } from "../../shared/schema/ArenaState";
import { join, leaveAll, startTestServer, type TestServer, waitFor, watchSnapshots } from "./harness";

// Public rooms with fewer than 3 humans are topped up with bots.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ botFill: 3 });
});
afterEach(leaveAll);
afterAll(async () => {
  await server?.stop();
});

const bots = (s: ArenaState) => [...s.crafts.values()].filter((c) => c.status & CraftStatus.Bot);

it("fills a public room with bots that give their seats to people as they arrive", async () => {
  const first = await join(server.url, "First");
  await waitFor(first, (s) => bots(s).length === 2, "two bots beside one player");
  expect(bots(first.state).every((b) => b.name.startsWith("Bot "))).toBe(true);
  const second = await join(server.url, "Second");
  expect(second.roomId).toBe(first.roomId);
  await waitFor(first, (s) => bots(s).length === 1, "one bot left for two players");
  const third = await join(server.url, "Third");
  await waitFor(first, (s) => bots(s).length === 0, "no bots for three players");
  await third.leave();
  await waitFor(first, (s) => bots(s).length === 1, "a bot back when a player leaves");
  const listing = (await (await fetch(`${server.httpUrl}/api/rooms`)).json()).rooms[0];
  expect(listing).toMatchObject({ players: 2, bots: 1 });
});

it("bots play through inputs: they move, shoot and score", async () => {
  const watcher = await join(server.url, "Eye", { spectate: true });
  await waitFor(watcher, (s) => bots(s).length === 3, "three bots for an audience of one");
  const { poses } = watchSnapshots(watcher);
  await waitFor(watcher, () => bots(watcher.state).every((b) => poses.get(b.slot)), "the bots' poses");
  const start = new Map(bots(watcher.state).map((b) => [b.slot, { ...poses.get(b.slot)! }]));
  await waitFor(watcher, (s) => bots(s).reduce((n, b) => n + b.kills, 0) >= 1, "a bot to score", 45_000);
  for (const b of bots(watcher.state)) {
    const s = start.get(b.slot)!;
    const now = poses.get(b.slot)!;
    expect(Math.hypot(now.x - s.x, now.y - s.y)).toBeGreaterThan(0);
  }
  const room = server.roomOf(watcher);
  expect(room.counters.appliedInputs).toBeGreaterThan(100);
}, 60_000);
