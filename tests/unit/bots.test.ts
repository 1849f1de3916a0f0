import { describe, expect, it } from "vitest";
import { GAME } from "../../shared/config";
import { ArenaState } from "../../shared/schema/ArenaState";
import { Buttons, newCraftState } from "../../shared/sim/craft";
import { BotBrain } from "../../server/bots/BotBrain";
import { NavGrid } from "../../server/bots/NavGrid";
import { Match } from "../../server/rules/Match";
import { MAPS } from "../../shared/maps";
import { castRay } from "../../shared/sim/collision";
import { worldOf } from "../../shared/maps";

function arena(map = "foundry") {
  const state = new ArenaState();
  const match = new Match(state, { tickHz: 60, map, scoreLimit: 999, timeLimitSeconds: 3600, resultsSeconds: 5, rotateMaps: false, seed: 3 });
  return { state, match };
}

describe("bots", () => {
  it("find a way around walls", () => {
    const grid = NavGrid.of(MAPS.foundry);
    // From inside the top-left corner to the bottom-right one, past the centre walls.
    const route = grid.route(120, 120, 1880, 1280);
    expect(route.length).toBeGreaterThan(10);
    const world = worldOf(MAPS.foundry);
    let prev = { x: 120, y: 120 };
    for (const p of route) {
      const d = Math.hypot(p.x - prev.x, p.y - prev.y);
      if (d > 0) expect(castRay(prev.x, prev.y, (p.x - prev.x) / d, (p.y - prev.y) / d, d, GAME.craft.radius, world)).toBeGreaterThanOrEqual(d);
      prev = p;
    }
  });

  it("fight each other through the same inputs as players, and keep moving", () => {
    const { match } = arena();
    const brains = ["a", "b", "c", "d"].map((id, i) => {
      match.join(id, id, { bot: true });
      return new BotBrain(id, 100 + i);
    });
    const travelled = new Map<string, number>();
    const last = new Map([...match.pilots.values()].map((p) => [p.id, { x: p.craft.x, y: p.craft.y }]));
    let fired = 0;
    for (let t = 0; t < 60 * 60; t++) {
      const inputs = new Map(brains.map((b) => [b.pilotId, b.think(match)]));
      for (const f of inputs.values()) if (f && f.buttons & Buttons.Fire) fired++;
      match.step((p) => inputs.get(p.id));
      match.takeEvents();
      for (const p of match.pilots.values()) {
        const before = last.get(p.id)!;
        if (p.alive) travelled.set(p.id, (travelled.get(p.id) ?? 0) + Math.min(50, Math.hypot(p.craft.x - before.x, p.craft.y - before.y)));
        last.set(p.id, { x: p.craft.x, y: p.craft.y });
      }
    }
    const kills = [...match.pilots.values()].reduce((n, p) => n + p.kills, 0);
    // A minute of four bots: plenty of fighting, and nobody stuck against a wall.
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(fired).toBeGreaterThan(1000);
    for (const [id, d] of travelled) expect(d, id).toBeGreaterThan(1500);
  });

  it("go for health when hurt", () => {
    const { match } = arena();
    const bot = match.join("bot", "bot", { bot: true });
    const brain = new BotBrain("bot", 7);
    bot.hp = 30;
    bot.craft = newCraftState(1000, 400);
    for (let t = 0; t < 60 * 20 && bot.hp < 70; t++) {
      const f = brain.think(match);
      match.step(() => f);
    }
    expect(bot.hp).toBe(70);
  });

  it("lead a moving target: they hit it often, but not always", () => {
    const { match } = arena("causeway");
    const bot = match.join("bot", "bot", { bot: true });
    const target = match.join("target", "target");
    // The target runs up and down an open column of Causeway, 400 units to the bot's right.
    target.craft = newCraftState(2100, 100);
    bot.shieldUntil = target.shieldUntil = 0;
    const brain = new BotBrain("bot", 11);
    let hits = 0;
    let shots = 0;
    let seq = 0;
    let dir: number = Buttons.Down;
    for (let t = 0; t < 60 * 30; t++) {
      target.hp = 100;
      target.overdriveUntil = bot.overdriveUntil = 0;
      // Hold the bot in place (it would otherwise close in), keeping its gun's cadence.
      Object.assign(bot.craft, { x: 1700, y: 600, vx: 0, vy: 0 });
      if (target.craft.y > 1050) dir = Buttons.Up;
      if (target.craft.y < 150) dir = Buttons.Down;
      const f = brain.think(match);
      match.step((p) => (p === bot ? f : { seq: ++seq, buttons: dir, aim: 0, viewTick: match.tick }));
      for (const e of match.takeEvents()) {
        if (e.kind === "shot") shots++;
        if (e.kind === "hit") hits++;
      }
    }
    expect(shots).toBeGreaterThan(40);
    expect(hits / shots).toBeGreaterThan(0.3);
    expect(hits / shots).toBeLessThan(0.9);
  });
});
