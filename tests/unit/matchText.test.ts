// What the page says about modes, teams, flags and the vote: the words a player reads in the
// HUD, the feed, the scoreboard and the results, from a state as the server would send it.

import { describe, expect, it } from "vitest";
import "../../server/maps";
import { type GameEvent, shotId } from "../../shared/net/events";
import { Weapon } from "../../shared/sim/weapons";
import { ArenaState, Craft, FlagState, NO_CARRIER } from "../../shared/schema/ArenaState";
import { GAME } from "../../shared/config";
import {
  clockLine,
  feedText,
  flagCarrierToFollow,
  downFeed,
  DownWeapons,
  flagFeed,
  flagWhereabouts,
  goodNewsFor,
  pairingLabel,
  ranking,
  resultsTitle,
  returnLeft,
  secondsToReturn,
  teamScoreLine,
  teamsRanked,
  voteChoices,
  voteLine,
  wonRound,
} from "../../game/ui/matchText";
import { inviteLinks } from "../../game/ui/invite";

type FlagEvent = Extract<GameEvent, { kind: "flag" }>;

function room(mode: string, pilots: { id: string; name: string; team?: number; kills?: number; deaths?: number; captures?: number }[] = []): ArenaState {
  const state = new ArenaState();
  state.mode = mode;
  state.scoreLimit = GAME.modes[mode as keyof typeof GAME.modes]?.scoreLimit ?? 15;
  state.round = 2;
  state.tickHz = 60;
  pilots.forEach((p, slot) => {
    const c = new Craft();
    c.name = p.name;
    c.slot = slot;
    c.team = p.team ?? 0;
    c.kills = p.kills ?? 0;
    c.deaths = p.deaths ?? 0;
    c.captures = p.captures ?? 0;
    state.crafts.set(p.id, c);
  });
  return state;
}

function withFlags(state: ArenaState): ArenaState {
  for (const team of [0, 1]) {
    const flag = new FlagState();
    flag.team = team;
    state.flags.push(flag);
  }
  return state;
}

const flagEvent = (action: FlagEvent["action"], team: number, slot: number, tick = 600): FlagEvent => ({ kind: "flag", tick, action, team, slot });

describe("the line over the arena", () => {
  it("names the mode and the round; without teams it also gives the limit", () => {
    expect(clockLine(room("ffa"), 125)).toBe("Free-for-all · Round 2 · 2:05 · first to 15");
    expect(clockLine(room("ctf"), 59)).toBe("Capture the Flag · Round 2 · 0:59");
  });

  it("in team modes, the two scores and the limit: Blue 2 – 1 Orange · first to 3", () => {
    const state = room("ctf");
    state.teamScores[0] = 2;
    state.teamScores[1] = 1;
    expect(teamScoreLine(state)).toBe("Blue 2 – 1 Orange · first to 3");
  });
});

describe("the flags", () => {
  const state = withFlags(room("ctf", [{ id: "a", name: "Ann", team: 0 }, { id: "b", name: "Bob", team: 1 }]));

  it("say where each is: home, taken by whom, dropped (with its time to go home when known)", () => {
    const [blue, orange] = state.flags;
    expect(flagWhereabouts(state, blue)).toBe("home");
    orange.atHome = false;
    orange.carrier = 0;
    expect(flagWhereabouts(state, orange)).toBe("taken by Ann");
    orange.carrier = NO_CARRIER;
    expect(flagWhereabouts(state, orange)).toBe("dropped");
    expect(flagWhereabouts(state, orange, 12)).toBe("dropped · home in 12 s");
  });

  it("count down to a dropped flag going home by itself, as the state says (also for a page that came in after the drop)", () => {
    const flag = new FlagState();
    flag.team = 1;
    flag.atHome = false;
    flag.returnsAtTick = 600 + 60 * GAME.flag.returnSeconds;
    expect(secondsToReturn(flag, 600, 60)).toBe(GAME.flag.returnSeconds);
    expect(secondsToReturn(flag, 600 + 60 * 5 + 1, 60)).toBe(GAME.flag.returnSeconds - 5);
    expect(returnLeft(flag, 600 + 30 * GAME.flag.returnSeconds, 60)).toBeCloseTo(0.5);
    // Late by a tick or two: it says 0, never less.
    expect(secondsToReturn(flag, flag.returnsAtTick + 2, 60)).toBe(0);
    // Taken again, or home: no countdown.
    flag.carrier = 1;
    expect(secondsToReturn(flag, 700, 60)).toBeUndefined();
    flag.carrier = NO_CARRIER;
    flag.atHome = true;
    flag.returnsAtTick = 0;
    expect(secondsToReturn(flag, 700, 60)).toBeUndefined();
    expect(returnLeft(flag, 700, 60)).toBeUndefined();
  });

  it("make feed lines naming who did what to whose flag, and a flag that went home by itself", () => {
    expect(feedText(flagFeed(flagEvent("take", 1, 0), "Ann"))).toBe("Ann took Orange's flag");
    expect(feedText(flagFeed(flagEvent("return", 0, 1), "Bob"))).toBe("Bob returned Blue's flag");
    expect(feedText(flagFeed(flagEvent("capture", 1, 0), "Ann"))).toBe("Ann captured Orange's flag");
    expect(feedText(flagFeed(flagEvent("drop", 1, 0), "Ann"))).toBe("Ann dropped Orange's flag");
    expect(feedText(flagFeed(flagEvent("return", 1, NO_CARRIER), undefined))).toBe("Orange's flag went home");
    // The name is one part (drawn in its colour), the flag another.
    expect(flagFeed(flagEvent("take", 1, 0), "<b>Ann</b>")).toEqual([
      { text: "<b>Ann</b>", role: "who" },
      { text: " took " },
      { text: "Orange's flag", role: "flag" },
    ]);
  });

  it("sound good to the team it is good for: their flag taken or captured, ours dropped or back home", () => {
    expect(goodNewsFor(flagEvent("take", 1, 0), 0)).toBe(true);
    expect(goodNewsFor(flagEvent("take", 1, 0), 1)).toBe(false);
    expect(goodNewsFor(flagEvent("capture", 0, 1), 0)).toBe(false);
    expect(goodNewsFor(flagEvent("return", 0, 0), 0)).toBe(true);
    expect(goodNewsFor(flagEvent("drop", 0, 1), 0)).toBe(true);
    expect(goodNewsFor(flagEvent("take", 1, 0), undefined)).toBeUndefined();
  });
});

describe("the kill feed", () => {
  const shot = (owner: number, seq: number, weapon: number, tick = 100): GameEvent => ({ kind: "shot", tick, shot: shotId(owner, seq), owner, seq, x: 0, y: 0, aim: 0, weapon });
  const hit = (shooter: number, seq: number, target: number, tick = 101): GameEvent => ({ kind: "hit", tick, shot: shotId(shooter, seq), shooter, target, x: 0, y: 0, damage: 20 });
  const down = (victim: number, killer: number, tick = 101): GameEvent => ({ kind: "down", tick, victim, killer });

  it("names the weapon of a down from the shot of the last hit on the victim", () => {
    const weapons = new DownWeapons();
    for (const e of [shot(0, 7, Weapon.Blaster), shot(0, 9, Weapon.Rocket), hit(0, 7, 1), hit(0, 9, 1)]) expect(weapons.heard(e)).toBeUndefined();
    expect(weapons.heard(down(1, 0))).toBe("rocket");
    // A scatter's pellets are one shot: any of them names it.
    weapons.heard(shot(2, 200, Weapon.Scatter));
    weapons.heard(hit(2, 200, 3));
    weapons.heard(hit(2, 200, 3));
    expect(weapons.heard(down(3, 2))).toBe("scatter");
  });

  it("names no weapon when the last hit was someone else's, or its shot was never heard (a page that came in late)", () => {
    const weapons = new DownWeapons();
    weapons.heard(shot(0, 1, Weapon.Rail));
    weapons.heard(hit(0, 1, 1));
    // Downed by 2 (who dropped it, say) after 0's hit: the rail was 0's.
    expect(weapons.heard(down(1, 2))).toBeUndefined();
    weapons.heard(hit(4, 50, 1));
    expect(weapons.heard(down(1, 4))).toBeUndefined();
    // The last hit is used once: a later down by nobody's hit names nothing.
    weapons.heard(shot(0, 2, Weapon.Rail));
    weapons.heard(hit(0, 2, 1));
    expect(weapons.heard(down(1, 0))).toBe("rail");
    expect(weapons.heard(down(1, 0))).toBeUndefined();
  });

  it("a shot id used again later names its new weapon", () => {
    const weapons = new DownWeapons();
    weapons.heard(shot(0, 5, Weapon.Rocket));
    weapons.heard(shot(0, 5, Weapon.Blaster, 900));
    weapons.heard(hit(0, 5, 1, 901));
    expect(weapons.heard(down(1, 0, 901))).toBe("blaster");
  });

  it("reads: who downed whom with what; a pilot downed by their own rocket; a pilot who just went down", () => {
    const ann = { name: "Ann", slot: 0 };
    const bob = { name: "Bob", slot: 1 };
    expect(feedText(downFeed(ann, bob, "rail"))).toBe("Ann downed Bob with the rail");
    expect(feedText(downFeed(ann, bob, undefined))).toBe("Ann downed Bob");
    expect(feedText(downFeed(undefined, ann, "rocket"))).toBe("Ann went down to their own rocket");
    expect(feedText(downFeed(undefined, ann, undefined))).toBe("Ann went down");
    // Each name is a part of its own (drawn in its pilot's colour).
    expect(downFeed(ann, bob, "scatter").filter((p) => p.role === "who")).toEqual([
      { text: "Ann", role: "who", slot: 0 },
      { text: "Bob", role: "who", slot: 1 },
    ]);
  });
});

describe("the scoreboard and the results", () => {
  it("rank a free-for-all by kills, then fewer downs, and name the winner", () => {
    const state = room("ffa", [
      { id: "a", name: "Ann", kills: 3, deaths: 2 },
      { id: "b", name: "Bob", kills: 5 },
      { id: "c", name: "Cat", kills: 3, deaths: 1 },
    ]);
    expect(ranking(state).map((c) => c.name)).toEqual(["Bob", "Cat", "Ann"]);
    expect(resultsTitle(state)).toBe("Bob wins round 2");
    expect(wonRound(state, state.crafts.get("b")!)).toBe(true);
    expect(wonRound(state, state.crafts.get("a")!)).toBe(false);
  });

  it("group pilots by team, the leading team first, captures first in capture the flag", () => {
    const state = room("ctf", [
      { id: "a", name: "Ann", team: 0, kills: 9 },
      { id: "b", name: "Bob", team: 1, kills: 1, captures: 1 },
      { id: "c", name: "Cat", team: 1, kills: 4 },
      { id: "d", name: "Dan", team: 0, kills: 2, captures: 1 },
    ]);
    state.teamScores[0] = 1;
    state.teamScores[1] = 2;
    expect(teamsRanked(state).map((t) => [t.team, t.score, t.crafts.map((c) => c.name)])).toEqual([
      [1, 2, ["Bob", "Cat"]],
      [0, 1, ["Dan", "Ann"]],
    ]);
    expect(resultsTitle(state)).toBe("Orange wins round 2 · 1 – 2");
    expect(wonRound(state, state.crafts.get("c")!)).toBe(true);
    expect(wonRound(state, state.crafts.get("a")!)).toBe(false);
  });

  it("call a level team round a draw", () => {
    const state = room("tdm", [{ id: "a", name: "Ann", team: 0 }]);
    state.teamScores[0] = 4;
    state.teamScores[1] = 4;
    expect(resultsTitle(state)).toBe("Round 2 is a draw · 4 – 4");
    expect(wonRound(state, state.crafts.get("a")!)).toBe(false);
  });
});

describe("the vote", () => {
  const state = room("ffa");
  state.voteChoices.push("gantry:ctf", "foundry:tdm", "silo:ffa");
  state.votes.push(0, 2, 1);

  it("offers each choice by map and mode name, with its votes; the first is the next in rotation", () => {
    expect(pairingLabel("gantry:ctf")).toBe("Gantry · Capture the Flag");
    expect(voteChoices(state)).toEqual([
      { index: 0, label: "Gantry · Capture the Flag", votes: 0, nextInRotation: true },
      { index: 1, label: "Foundry · Team Deathmatch", votes: 2, nextInRotation: false },
      { index: 2, label: "Silo · Free-for-all", votes: 1, nextInRotation: false },
    ]);
  });

  it("says what the player's vote is, and what comes without votes", () => {
    const choices = voteChoices(state);
    expect(voteLine(choices, undefined, false)).toBe("Press 1–3 or click to vote. No votes: next in rotation.");
    expect(voteLine(choices, 1, false)).toBe("Your vote: Foundry · Team Deathmatch. Press 1–3 or click to change it.");
    expect(voteLine(choices, undefined, true)).toBe("Players vote for the next round; you are watching.");
  });
});

describe("following the flag carrier", () => {
  const state = withFlags(room("ctf", [{ id: "a", name: "Ann", team: 0 }, { id: "b", name: "Bob", team: 1 }, { id: "c", name: "Cat", team: 0 }]));

  it("follows whoever carries a flag, staying with the one followed while they still carry", () => {
    expect(flagCarrierToFollow(state, "a")).toBeUndefined();
    state.flags[1].carrier = 2; // Cat has Orange's flag
    expect(flagCarrierToFollow(state, "a")).toBe("c");
    state.flags[0].carrier = 1; // and Bob has Blue's
    expect(flagCarrierToFollow(state, "c")).toBe("c");
    expect(flagCarrierToFollow(state, "b")).toBe("b");
    state.flags[1].carrier = NO_CARRIER;
    expect(flagCarrierToFollow(state, "c")).toBe("b");
  });
});

describe("a private room's invite links", () => {
  it("are the plain link, one per team (which puts whoever opens it on that team), and the watch link", () => {
    expect(inviteLinks("7KX2QF", "https://play.example")).toEqual({
      play: "https://play.example/?room=7KX2QF",
      watch: "https://play.example/?room=7KX2QF&watch",
      teams: ["https://play.example/?room=7KX2QF&team=0", "https://play.example/?room=7KX2QF&team=1"],
    });
  });
});
