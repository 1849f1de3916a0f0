import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { CraftStatus, Phase } from "../../shared/schema/ArenaState";
import { Buttons, newCraftState } from "../../shared/sim/craft";
import { radiansToAim } from "../../shared/sim/quantize";
import { join, leaveAll, Player, startTestServer, type TestServer, waitFor } from "./harness";

// A server whose rounds end at the first kill and whose results show for a second.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scoreLimit: 1, resultsSeconds: 1 });
});
afterEach(leaveAll);
afterAll(async () => {
  await server?.stop();
});

it("a round ends at the score limit, shows results, and the next round starts by itself", async () => {
  const a = new Player(await join(server.url, "Winner"));
  const b = new Player(await join(server.url, "Runner-up"));
  await waitFor(a.room, (s) => a.session.ready && b.session.ready && s.crafts.has(b.room.sessionId), "both players");
  const arena = server.roomOf(a.room);
  const shooter = arena.match.pilots.get(a.room.sessionId)!;
  const target = arena.match.pilots.get(b.room.sessionId)!;
  shooter.craft = newCraftState(700, 480);
  target.craft = newCraftState(1000, 480);
  shooter.shieldUntil = target.shieldUntil = 0;
  const firstMap = a.room.state.map;
  a.controls = { buttons: Buttons.Fire, aim: radiansToAim(0) };

  await waitFor(b.room, (s) => s.phase === Phase.Results, "the results screen", 15_000);
  await waitFor(a.room, (s) => s.phase === Phase.Results, "the results screen on the winner's side");
  a.controls = { buttons: 0, aim: 0 };
  // Both players see the same final standings while the results show.
  expect(b.room.state.crafts.get(a.room.sessionId)!.kills).toBe(1);
  expect(a.room.state.crafts.get(b.room.sessionId)!.deaths).toBe(1);
  const round = a.room.state.round;

  await waitFor(a.room, (s) => s.phase === Phase.Playing, "the next round", 10_000);
  const state = a.room.state;
  expect(state.round).toBe(round + 1);
  expect(state.map).not.toBe(firstMap);
  for (const craft of state.crafts.values()) {
    expect(craft.kills).toBe(0);
    expect(craft.deaths).toBe(0);
    expect(craft.hp).toBe(100);
    expect(craft.status & CraftStatus.Alive).toBeTruthy();
  }
  // The clients followed the map change (their simulation now collides against the new map).
  expect(a.session.map.id).toBe(state.map);
});
