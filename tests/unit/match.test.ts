import { describe, expect, it } from "vitest";
import { GAME } from "../../shared/config";
import type { GameEvent } from "../../shared/net/events";
import type { InputFrame } from "../../shared/net/input";
import { ArenaState, CraftStatus, Phase } from "../../shared/schema/ArenaState";
import { Buttons, newCraftState } from "../../shared/sim/craft";
import { radiansToAim } from "../../shared/sim/quantize";
import { Match, type MatchSettings, type Pilot } from "../../server/rules/Match";

const EAST = radiansToAim(0);

function arena(over: Partial<MatchSettings> = {}) {
  const state = new ArenaState();
  const match = new Match(state, {
    tickHz: 60,
    map: "causeway",
    scoreLimit: 3,
    timeLimitSeconds: 300,
    resultsSeconds: 2,
    rotateMaps: true,
    seed: 5,
    ...over,
  });
  // Two craft face to face in Causeway's open middle lane, 300 units apart.
  const shooter = match.join("a", "Ann");
  const target = match.join("b", "Bob");
  shooter.craft = newCraftState(700, 600);
  target.craft = newCraftState(1000, 600);
  shooter.shieldUntil = 0;
  target.shieldUntil = 0;
  const events: GameEvent[] = [];
  let seq = 0;
  // Like real clients, every player sends an input each tick; `inputs` overrides some.
  const step = (inputs: Partial<Record<string, Partial<InputFrame>>> = {}) => {
    match.step((p) => ({ seq: ++seq, buttons: 0, aim: 0, viewTick: match.tick, ...inputs[p.id] }));
    match.publish();
    events.push(...match.takeEvents());
  };
  const fireOnce = (extra: Partial<InputFrame> = {}) => step({ a: { buttons: Buttons.Fire, aim: EAST, ...extra } });
  const idle = (ticks: number) => {
    for (let i = 0; i < ticks; i++) step();
  };
  return { state, match, shooter, target, events, step, fireOnce, idle };
}

const hits = (events: GameEvent[]) => events.filter((e) => e.kind === "hit");

describe("match rules", () => {
  it("a hit takes 20 health, and the state says so", () => {
    const { target, events, fireOnce, idle } = arena();
    fireOnce();
    idle(30);
    expect(hits(events)).toHaveLength(1);
    expect(target.hp).toBe(GAME.craft.maxHp - GAME.gun.damage);
    expect(target.schema.hp).toBe(80);
  });

  it("five hits down a craft, score a kill, and it respawns after about 3 s with a shield", () => {
    const { match, shooter, target, events, fireOnce, idle } = arena();
    for (let i = 0; i < 5; i++) {
      fireOnce();
      idle(GAME.gun.cadenceSeconds * 60 + 30);
    }
    expect(events.filter((e) => e.kind === "down")).toEqual([
      expect.objectContaining({ victim: target.slot, killer: shooter.slot }),
    ]);
    expect(shooter.schema.kills).toBe(1);
    expect(target.schema.deaths).toBe(1);
    expect(target.alive).toBe(false);
    const downAt = events.find((e) => e.kind === "down")!.tick;
    while (!target.alive) idle(1);
    expect(match.tick - downAt).toBe(GAME.life.respawnSeconds * 60);
    expect(target.hp).toBe(100);
    expect(match.tick < target.shieldUntil).toBe(true);
  });

  it("a spawn shield stops shots, and firing gives it up", () => {
    const { match, target, events, fireOnce, idle, step } = arena();
    target.shieldUntil = match.tick + 600;
    fireOnce();
    idle(30);
    expect(target.hp).toBe(100);
    expect(events.some((e) => e.kind === "blocked")).toBe(true);
    step({ b: { buttons: Buttons.Fire, aim: radiansToAim(Math.PI / 2) } });
    expect(match.tick < target.shieldUntil).toBe(false);
  });

  // The shot needs 17 ticks to cross the 300 units to the target. The target leaves the line
  // of fire (moves 200 units south) `moveOffset` ticks after the shot is fired (negative:
  // before). The shooter sees the world `lag` ticks late, so on its screen the shot hits
  // when 17 - lag < moveOffset.
  function shoot(lag: number, moveOffset: number): number {
    const a = arena();
    const fireAt = 40;
    for (let t = 1; t <= 100; t++) {
      if (t === fireAt + moveOffset) a.target.craft.y = 800;
      if (t === fireAt) a.step({ a: { buttons: Buttons.Fire, aim: EAST, viewTick: a.match.tick + 1 - lag } });
      else a.step();
    }
    return hits(a.events).length;
  }

  it("judges a shot against the target as the shooter saw it (lag compensation)", () => {
    // Seen 10 ticks late, the target is still in the way when the shot arrives on the
    // shooter's screen; the server agrees, although in its present the target has moved.
    expect(shoot(10, 10)).toBe(1);
    // A shooter with no lag sees the target leave in time: a miss.
    expect(shoot(0, 10)).toBe(0);
  });

  it("does not rewind further than its bound: beyond it, the shooter must lead", () => {
    const bound = arena().match.tuning.maxRewindTicks;
    expect(bound).toBe(24);
    // Seen as late as the bound allows: honoured.
    expect(shoot(bound, 8)).toBe(1);
    // Seen 30 ticks late: on that screen the target was still there, but the server only
    // rewinds 24 ticks (400 ms), where the target is gone.
    expect(shoot(30, -10)).toBe(0);
  });

  it("a claimed view from the future is not honoured either", () => {
    const { match, target, events, step, idle } = arena();
    target.craft.y = 800;
    idle(2);
    step({ a: { buttons: Buttons.Fire, aim: EAST, viewTick: match.tick + 1000 } });
    idle(30);
    expect(hits(events)).toHaveLength(0);
  });

  it("ends the round at the score limit, shows results, then starts the next round on the next map", () => {
    const { match, state, shooter, target, fireOnce, idle } = arena({ scoreLimit: 1 });
    for (let i = 0; i < 5 && state.phase === Phase.Playing; i++) {
      fireOnce();
      idle(20);
    }
    expect(state.phase).toBe(Phase.Results);
    expect(shooter.schema.kills).toBe(1);
    const round = state.round;
    while (state.phase === Phase.Results) idle(1);
    expect(state.round).toBe(round + 1);
    expect(state.map).toBe("foundry");
    expect(shooter.schema.kills).toBe(0);
    expect(target.schema.deaths).toBe(0);
    expect(target.alive && shooter.alive).toBe(true);
    expect(match.tick).toBeGreaterThan(0);
  });

  it("ends the round at the time limit", () => {
    const { state, idle } = arena({ timeLimitSeconds: 10 });
    idle(10 * 60 + 1);
    expect(state.phase).toBe(Phase.Results);
  });

  it("health pickups heal a hurt craft and come back later", () => {
    const { match, target, state, idle } = arena();
    const spot = match.map.pickups.findIndex((p) => p.kind === "health");
    const p = match.map.pickups[spot];
    target.hp = 30;
    target.craft = newCraftState(p.x, p.y);
    idle(1);
    expect(target.hp).toBe(70);
    expect((state.pickupsReady >>> spot) & 1).toBe(0);
    target.craft = newCraftState(p.x, p.y + 200);
    idle(GAME.pickups.health.respawnSeconds * 60);
    expect((state.pickupsReady >>> spot) & 1).toBe(1);
  });

  it("overdrive doubles damage for a while", () => {
    const { match, shooter, target, fireOnce, idle } = arena();
    shooter.overdriveUntil = match.tick + 600;
    fireOnce();
    idle(30);
    expect(target.hp).toBe(100 - 2 * GAME.gun.damage);
  });

  it("takes a dropped player's craft off the field: no target, no shots, no death, and back shielded at a spawn point", () => {
    const { match, shooter, target, events, fireOnce, idle } = arena();
    match.away("b");
    idle(1);
    expect(target.schema.status & (CraftStatus.Alive | CraftStatus.Reconnecting)).toBe(CraftStatus.Reconnecting);
    for (let i = 0; i < 10; i++) {
      fireOnce();
      idle(12);
    }
    expect(hits(events)).toHaveLength(0);
    idle(60 * 10);
    expect(target.alive).toBe(false);
    expect([target.deaths, shooter.kills]).toEqual([0, 0]);
    match.back("b");
    idle(1);
    expect(target.alive).toBe(true);
    expect(target.schema.status & CraftStatus.Shielded).toBeTruthy();
    expect(match.map.spawns.some((s) => s.x === target.craft.x && s.y === target.craft.y)).toBe(true);
  });

  it("counts a drop within 5 s of being hit as a down by the hitter: pulling the plug does not pay", () => {
    const { match, shooter, target, fireOnce, idle } = arena();
    fireOnce();
    idle(30);
    expect(target.hp).toBe(80);
    idle(60 * 3);
    match.away("b");
    expect([target.deaths, shooter.kills]).toEqual([1, 1]);
    // Hit longer ago than that: a drop is only a drop.
    const late = arena();
    late.fireOnce();
    late.idle(30 + 60 * 6);
    late.match.away("b");
    expect([late.target.deaths, late.shooter.kills]).toEqual([0, 0]);
  });

  it("a dropped player's shots in flight stop with them", () => {
    const { match, events, fireOnce, idle } = arena();
    fireOnce();
    match.away("a");
    idle(60);
    expect(hits(events)).toHaveLength(0);
  });

  it("players who leave free their slot, and newcomers take the lowest free one", () => {
    const { match } = arena();
    match.leave("a");
    const c: Pilot = match.join("c", "Cy");
    expect(c.slot).toBe(0);
  });
});
