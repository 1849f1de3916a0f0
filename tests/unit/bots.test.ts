import { describe, expect, it } from "vitest";
import { GAME } from "../../shared/config";
import type { GameEvent } from "../../shared/net/events";
import { ArenaState } from "../../shared/schema/ArenaState";
import { Buttons, newCraftState } from "../../shared/sim/craft";
import { BotBrain } from "../../server/bots/BotBrain";
import { NavGrid } from "../../server/bots/NavGrid";
import { Match } from "../../server/rules/Match";
import { MAPS } from "../../server/maps";
import { castRay } from "../../shared/sim/collision";
import { worldOf } from "../../server/maps";

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

describe("bots in team modes", () => {
  function teamArena(mode: "tdm" | "ctf", map: string, count: number) {
    const state = new ArenaState();
    const match = new Match(state, { tickHz: 60, map, mode, scoreLimit: 99, timeLimitSeconds: 3600, resultsSeconds: 5, rotateMaps: false, seed: 11 });
    const brains = Array.from({ length: count }, (_, i) => {
      match.join(`bot${i}`, `Bot${i}`, { bot: true });
      return new BotBrain(`bot${i}`, 200 + i);
    });
    const events: GameEvent[] = [];
    const play = (ticks: number) => {
      for (let t = 0; t < ticks; t++) {
        const inputs = new Map(brains.map((b) => [b.pilotId, b.think(match)]));
        match.step((p) => inputs.get(p.id));
        events.push(...match.takeEvents());
      }
    };
    return { state, match, events, play };
  }

  it("never down a teammate (no friendly fire, and they aim at the other team)", () => {
    const { match, events, play } = teamArena("tdm", "foundry", 6);
    play(60 * 60);
    const team = new Map([...match.pilots.values()].map((p) => [p.slot, p.team]));
    const downs = events.filter((e) => e.kind === "down");
    expect(downs.length).toBeGreaterThanOrEqual(3);
    for (const d of downs) if (d.kind === "down") expect(team.get(d.killer)).not.toBe(team.get(d.victim));
  });

  it("play capture the flag: they take, carry home and capture, and bring their own flag back", () => {
    const { state, events, play } = teamArena("ctf", "gantry", 6);
    play(60 * 60 * 5);
    const flagEvents = events.filter((e) => e.kind === "flag");
    const did = (action: string) => flagEvents.filter((e) => e.kind === "flag" && e.action === action).length;
    expect(did("take")).toBeGreaterThanOrEqual(3);
    expect(did("capture")).toBeGreaterThanOrEqual(1);
    expect(did("return") + did("capture")).toBeGreaterThanOrEqual(2);
    expect(state.teamScores[0] + state.teamScores[1]).toBe(did("capture"));
  });
});

describe("bots and the arsenal", () => {
  it("pick up weapons and fight with each at its range", () => {
    const state = new ArenaState();
    const match = new Match(state, { tickHz: 60, map: "gantry", scoreLimit: 999, timeLimitSeconds: 3600, resultsSeconds: 5, rotateMaps: false, seed: 5 });
    const brains = Array.from({ length: 6 }, (_, i) => {
      match.join(`b${i}`, `B${i}`, { bot: true });
      return new BotBrain(`b${i}`, 300 + i);
    });
    const fired = new Map<number, number>();
    for (let t = 0; t < 60 * 150; t++) {
      const inputs = new Map(brains.map((b) => [b.pilotId, b.think(match)]));
      match.step((p) => inputs.get(p.id));
      for (const e of match.takeEvents()) if (e.kind === "shot") fired.set(e.weapon, (fired.get(e.weapon) ?? 0) + 1);
    }
    // Blaster, scatter, rail and rocket all fired in two and a half minutes.
    expect([...fired.keys()].sort()).toEqual([0, 1, 2, 3]);
  });
});
