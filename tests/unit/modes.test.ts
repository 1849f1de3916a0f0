// The modes' rules on the match itself: teams, friendly fire, team scores, capture the flag,
// evening the teams, and the vote for the next round.

import { describe, expect, it } from "vitest";
import { GAME } from "../../shared/config";
import { getMap, MAP_IDS, worldOf } from "../../server/maps";
import { castRay, circleBlocked } from "../../shared/sim/collision";
import type { ModeId } from "../../shared/maps/types";
import type { GameEvent } from "../../shared/net/events";
import type { InputFrame } from "../../shared/net/input";
import { ArenaState, NO_CARRIER, Phase } from "../../shared/schema/ArenaState";
import { Buttons, newCraftState } from "../../shared/sim/craft";
import { radiansToAim } from "../../shared/sim/quantize";
import { Match, type MatchSettings, type Pilot } from "../../server/rules/Match";
import { nextInRotation, rotation, winner } from "../../server/rules/Rotation";

/** A point from which `length` units east are open floor for a craft (found by looking). */
function openStretch(match: Match, length: number): { x: number; y: number } {
  const world = worldOf(match.map);
  for (let y = 100; y < match.map.height - 100; y += 20) {
    for (let x = 100; x + length < match.map.width - 100; x += 20) {
      if (!circleBlocked(x, y, GAME.craft.radius + 2, world) && castRay(x, y, 1, 0, length, GAME.craft.radius + 2, world) >= length) return { x, y };
    }
  }
  throw new Error(`no open stretch of ${length} units on ${match.map.id}`);
}

const mapFor = (mode: ModeId) => MAP_IDS.find((id) => getMap(id)!.modes.includes(mode))!;

function arena(mode: ModeId, over: Partial<MatchSettings> = {}) {
  const state = new ArenaState();
  const match = new Match(state, { tickHz: 60, map: mapFor(mode), mode, timeLimitSeconds: 300, resultsSeconds: 2, rotateMaps: false, seed: 7, ...over });
  const events: GameEvent[] = [];
  let seq = 0;
  const step = (inputs: Partial<Record<string, Partial<InputFrame>>> = {}) => {
    match.step((p) => ({ seq: ++seq, buttons: 0, aim: 0, viewTick: match.tick, ...inputs[p.id] }));
    match.publish();
    events.push(...match.takeEvents());
  };
  const idle = (ticks: number) => {
    for (let i = 0; i < ticks; i++) step();
  };
  /** Puts a craft somewhere, unshielded. */
  const place = (p: Pilot, x: number, y: number) => {
    p.craft = newCraftState(x, y);
    p.shieldUntil = 0;
  };
  return { state, match, events, step, idle, place };
}

describe("teams", () => {
  it("newcomers even out the teams, and the state says each craft's team and the mode", () => {
    const { state, match } = arena("tdm");
    const teams = ["a", "b", "c", "d"].map((id) => match.join(id, id).team);
    expect(teams.sort()).toEqual([0, 0, 1, 1]);
    expect(state.mode).toBe("tdm");
    expect([...state.crafts.values()].map((c) => c.team).sort()).toEqual([0, 0, 1, 1]);
  });

  it("a team's shots pass through its own crafts and hit the other team's; a down scores for the team", () => {
    const { state, match, events, step, idle, place } = arena("tdm");
    const ann = match.join("a", "Ann", { team: 0 });
    const amy = match.join("m", "Amy", { team: 0 });
    const bob = match.join("b", "Bob", { team: 1 });
    // Ann shoots east through Amy (a teammate) at Bob, along a stretch of open floor.
    const { x: x0, y } = openStretch(match, 260);
    place(ann, x0, y);
    place(amy, x0 + 100, y);
    place(bob, x0 + 220, y);
    for (let i = 0; i < 5; i++) {
      step({ a: { buttons: Buttons.Fire, aim: radiansToAim(0) } });
      idle(Math.ceil(GAME.gun.cadenceSeconds * 60) + 20);
    }
    expect(amy.hp).toBe(GAME.craft.maxHp);
    const onBob = events.filter((e) => e.kind === "hit" && e.target === bob.slot);
    expect(onBob.length).toBeGreaterThan(0);
    if (!bob.alive) expect(state.teamScores[0]).toBe(1);
    expect(state.teamScores[1]).toBe(0);
  });

  it("a round of team deathmatch ends when a team reaches the score limit", () => {
    const { state, match } = arena("tdm", { scoreLimit: 2 });
    match.join("a", "Ann", { team: 0 });
    match.join("b", "Bob", { team: 1 });
    state.teamScores[1] = 2;
    match.step(() => undefined);
    expect(state.phase).toBe(Phase.Results);
  });

  it("evening the teams moves a bot before a person, the newest person first, never a flag carrier", () => {
    const { match, step } = arena("tdm");
    const old = match.join("p1", "Old", { team: 0 });
    step();
    const bot = match.join("bot", "Bix", { team: 0, bot: true });
    const earlier = match.join("p2", "Earlier", { team: 0 });
    step();
    match.join("p3", "Newest", { team: 0 });
    expect(match.teamSizes()).toEqual([4, 0]);
    const moved = match.evenTeams();
    expect(moved.map((p) => p.id)).toEqual(["bot", "p3"]);
    expect(match.teamSizes()).toEqual([2, 2]);
    expect(bot.team).toBe(1);
    expect(old.team).toBe(0);
    expect(earlier.team).toBe(0);
  });

  it("a team change puts the craft back at once at one of its new team's spawns, with no death counted", () => {
    const { match, idle } = arena("tdm");
    const ann = match.join("a", "Ann", { team: 0 });
    idle(2);
    expect(match.setTeam("a", 1)).toBe(true);
    expect(ann.alive).toBe(true);
    expect(ann.deaths).toBe(0);
    const ownSpawns = match.map.spawns.filter((s) => s.team === undefined || s.team === 1);
    expect(ownSpawns.some((s) => s.x === ann.craft.x && s.y === ann.craft.y)).toBe(true);
  });

  it("in team modes crafts spawn at their own team's spawns", () => {
    const { match } = arena("tdm");
    for (let i = 0; i < 8; i++) {
      const p = match.join(`p${i}`, `P${i}`);
      const spot = match.map.spawns.find((s) => s.x === p.craft.x && s.y === p.craft.y)!;
      expect(spot.team === undefined || spot.team === p.team).toBe(true);
    }
  });
});

describe("capture the flag", () => {
  function ctf() {
    const a = arena("ctf");
    const ann = a.match.join("a", "Ann", { team: 0 });
    const bob = a.match.join("b", "Bob", { team: 1 });
    const flags = a.state.flags;
    const base = (team: 0 | 1) => a.match.map.flags.find((f) => f.team === team)!;
    return { ...a, ann, bob, flags, base };
  }

  it("both flags start at home", () => {
    const { flags, base } = ctf();
    expect(flags.length).toBe(2);
    for (const f of flags) {
      expect(f.atHome).toBe(true);
      expect(f.carrier).toBe(NO_CARRIER);
      expect([f.x, f.y]).toEqual([Math.round(base(f.team as 0 | 1).x), Math.round(base(f.team as 0 | 1).y)]);
    }
  });

  it("take the other flag, carry it to your base while yours is home: a capture, and the flag goes home", () => {
    const { state, events, ann, flags, base, step, place } = ctf();
    const theirs = flags.find((f) => f.team === 1)!;
    place(ann, base(1).x, base(1).y);
    step();
    expect(theirs.carrier).toBe(ann.slot);
    expect(events.some((e) => e.kind === "flag" && e.action === "take" && e.slot === ann.slot)).toBe(true);
    place(ann, base(0).x, base(0).y);
    step();
    expect(state.teamScores[0]).toBe(1);
    expect(ann.captures).toBe(1);
    expect(ann.schema.captures).toBe(1);
    expect(theirs.atHome).toBe(true);
    expect(theirs.carrier).toBe(NO_CARRIER);
    expect(events.some((e) => e.kind === "flag" && e.action === "capture")).toBe(true);
  });

  it("no capture while your own flag is away", () => {
    const { state, ann, bob, flags, base, step, place } = ctf();
    place(bob, base(0).x, base(0).y);
    place(ann, base(1).x, base(1).y);
    step();
    expect(flags.find((f) => f.team === 0)!.carrier).toBe(bob.slot);
    expect(flags.find((f) => f.team === 1)!.carrier).toBe(ann.slot);
    place(ann, base(0).x, base(0).y);
    step();
    expect(state.teamScores[0]).toBe(0);
  });

  it("a downed carrier drops the flag where it was; its team touching it sends it home", () => {
    const { match, ann, bob, flags, base, step, place, events } = ctf();
    place(ann, base(1).x, base(1).y);
    step();
    const theirs = flags.find((f) => f.team === 1)!;
    expect(theirs.carrier).toBe(ann.slot);
    const spot = openStretch(match, 50);
    place(ann, spot.x, spot.y);
    match.away("a");
    expect(theirs.carrier).toBe(NO_CARRIER);
    expect(theirs.atHome).toBe(false);
    expect([theirs.x, theirs.y]).toEqual([Math.round(spot.x), Math.round(spot.y)]);
    expect(match.takeEvents().some((e) => e.kind === "flag" && e.action === "drop" && e.slot === ann.slot)).toBe(true);
    place(bob, spot.x, spot.y);
    step();
    expect(theirs.atHome).toBe(true);
    expect(events.some((e) => e.kind === "flag" && e.action === "return" && e.slot === bob.slot)).toBe(true);
  });

  it("a dropped flag left alone goes home by itself", () => {
    const { match, ann, flags, base, step, idle, place } = ctf();
    place(ann, base(1).x, base(1).y);
    step();
    const spot = openStretch(match, 50);
    place(ann, spot.x, spot.y);
    match.away("a");
    const theirs = flags.find((f) => f.team === 1)!;
    idle(GAME.flag.returnSeconds * 60 - 5);
    expect(theirs.atHome).toBe(false);
    idle(10);
    expect(theirs.atHome).toBe(true);
  });

  it("changing team drops the flag", () => {
    const { match, ann, flags, base, step, place } = ctf();
    place(ann, base(1).x, base(1).y);
    step();
    match.setTeam("a", 1);
    expect(flags.every((f) => f.carrier === NO_CARRIER)).toBe(true);
  });
});

describe("the vote for the next round", () => {
  it("the rotation lists every map with each of its modes and never follows a map with itself", () => {
    const all = rotation();
    expect(all.length).toBe(MAP_IDS.reduce((n, id) => n + getMap(id)!.modes.length, 0));
    for (const p of all) if (MAP_IDS.length > 1) expect(nextInRotation(p).map).not.toBe(p.map);
    expect(winner([0, 0, 0])).toBe(0);
    expect(winner([1, 2, 2])).toBe(1);
  });

  it("a public round's end offers three choices; the most votes decide the next map and mode", () => {
    const { state, match, idle } = arena("ffa", { rotateMaps: true, scoreLimit: 1 });
    match.join("a", "Ann");
    match.join("b", "Bob");
    match.join("c", "Cat");
    match.pilots.get("a")!.kills = 1;
    idle(1);
    expect(state.phase).toBe(Phase.Results);
    const choices = [...state.voteChoices];
    expect(choices).toHaveLength(GAME.voteChoices);
    expect(new Set(choices).size).toBe(choices.length);
    expect(match.vote("a", 2)).toBeUndefined();
    expect(match.vote("b", 2)).toBeUndefined();
    expect(match.vote("c", 1)).toBeUndefined();
    // A changed vote replaces the last one.
    expect(match.vote("c", 2)).toBeUndefined();
    expect([...state.votes]).toEqual([0, 0, 3]);
    expect(match.vote("watcher", 0)).toBe("only players vote");
    idle(2 * 60 + 1);
    expect(state.phase).toBe(Phase.Playing);
    expect(`${state.map}:${state.mode}`).toBe(choices[2]);
    expect(state.voteChoices.length).toBe(0);
  });

  it("with no votes the next in turn is played; a private room has no vote", () => {
    const pub = arena("ffa", { rotateMaps: true, scoreLimit: 1 });
    pub.match.join("a", "Ann").kills = 1;
    pub.idle(1);
    const first = pub.state.voteChoices[0];
    pub.idle(2 * 60 + 1);
    expect(`${pub.state.map}:${pub.state.mode}`).toBe(first);

    const priv = arena("ffa", { scoreLimit: 1 });
    priv.match.join("a", "Ann").kills = 1;
    priv.idle(1);
    expect(priv.state.voteChoices.length).toBe(0);
    expect(priv.match.vote("a", 0)).toMatch(/host/);
  });
});
