// The arsenal through the real server and the real client netcode: a player picks a weapon up
// off the floor, switches to it with the keys, and fires every weapon while moving — rocket
// pushes included — and the client's prediction of its own craft stays exact at every ack.

import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { getMap } from "../../server/maps";
import { GAME } from "../../shared/config";
import { castRay } from "../../shared/sim/collision";
import { Buttons, newCraftState } from "../../shared/sim/craft";
import { radiansToAim } from "../../shared/sim/quantize";
import { Weapon, withWeaponWish } from "../../shared/sim/weapons";
import { worldOf } from "../../server/maps";
import { join, leaveAll, Player, startTestServer, type TestServer, until, waitFor, watchSnapshots } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ map: "foundry" });
});
afterEach(leaveAll);
afterAll(async () => {
  await server?.stop();
});

it("a weapon picked up, switched to and fired; every weapon predicted exactly, rocket pushes included", async () => {
  const player = new Player(await join(server.url, "Gunner"));
  const watcher = await join(server.url, "Eyes", { spectate: true });
  const seen = watchSnapshots(watcher);
  await waitFor(player.room, (s) => player.session.ready && s.crafts.has(player.room.sessionId), "the player's craft");
  const arena = server.roomOf(player.room);
  const pilot = arena.match.pilots.get(player.room.sessionId)!;
  pilot.shieldUntil = 0;

  // Onto the rocket pickup: the server fills the ammo and the owner sees it.
  const map = getMap("foundry")!;
  const spot = map.pickups.find((p) => p.kind === "rocket")!;
  pilot.craft = newCraftState(spot.x, spot.y);
  await waitFor(player.room, (s) => (s.crafts.get(player.room.sessionId)!.ammo >>> 16) === GAME.arsenal.rocket.ammo, "rockets in the owner's state");
  // The harness hands out the other two (as their pickups would).
  pilot.craft.ammo[Weapon.Scatter] = 200;
  pilot.craft.ammo[Weapon.Rail] = 200;
  pilot.craft.ammo[Weapon.Rocket] = 200;

  const stats = player.session.stats;
  const before = { checks: stats.predictionChecks, misses: stats.predictionMisses };
  // Each weapon in turn, while moving, aimed at the nearest wall ahead (rockets burst close: a dash).
  const world = worldOf(map);
  for (const weapon of [Weapon.Scatter, Weapon.Rail, Weapon.Rocket, Weapon.Blaster]) {
    const c = player.session.prediction.current;
    let aim = 0;
    let nearest = Infinity;
    for (let a = 0; a < 16; a++) {
      const r = (a / 16) * 2 * Math.PI;
      const d = castRay(c.x, c.y, Math.cos(r), Math.sin(r), 2000, 7, world);
      if (d < nearest) {
        nearest = d;
        aim = radiansToAim(r);
      }
    }
    player.controls = { buttons: withWeaponWish(Buttons.Fire | Buttons.Left, weapon), aim };
    await waitFor(watcher, (s) => s.crafts.get(player.room.sessionId)?.weapon === weapon, `weapon ${weapon} in hand`);
    const shots = () => seen.events.filter((e) => e.kind === "shot" && e.weapon === weapon).length;
    await until(() => shots() >= 2, `two shots of weapon ${weapon}`, 10_000);
    // A rocket at the nearest wall bursts close enough to push its pilot: armed in the prediction.
    if (weapon === Weapon.Rocket) await until(() => player.session.prediction.current.blasts.length > 0, "an own rocket armed to push", 10_000);
  }
  player.controls = { buttons: 0, aim: 0 };
  await until(() => seen.events.some((e) => e.kind === "blast"), "a rocket burst");
  // Let the last acks come back.
  const lastSeq = player.session.stats.inputsSent;
  await waitFor(player.room, (s) => s.crafts.get(player.room.sessionId)!.ack >= (lastSeq & 0xffff) - 4, "the last inputs acknowledged");

  const checks = stats.predictionChecks - before.checks;
  expect(checks).toBeGreaterThan(100);
  expect(stats.predictionMisses - before.misses).toBe(0);
});
