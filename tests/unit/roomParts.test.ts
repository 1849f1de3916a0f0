// The arena room's plain parts, without Colyseus: who is in the room, the abuse guards,
// the host's rules and the fixed-step loop (on a clock the test steps).

import { describe, expect, it } from "vitest";
import { frameProblem, Guards, STRIKE_FORGIVEN_MS } from "../../server/rooms/Guards";
import { applySettings, hostRefusal } from "../../server/rooms/hostCommands";
import { Roster } from "../../server/rooms/Roster";
import { TickLoop } from "../../server/rooms/TickLoop";
import { Match } from "../../server/rules/Match";
import { Protocol } from "@colyseus/core";
import { ArenaState } from "../../shared/schema/ArenaState";
import { Buttons } from "../../shared/sim/craft";

function newMatch(state = new ArenaState()): Match {
  return new Match(state, { tickHz: 60, map: "foundry", scoreLimit: 10, timeLimitSeconds: 300, resultsSeconds: 5, rotateMaps: false, seed: 3 });
}

describe("the roster", () => {
  it("counts players and watchers, and passes hosting to the longest-present player before any watcher", () => {
    const r = new Roster();
    r.add("w", "Eye", "", true);
    r.add("a", "Ann", "", false);
    r.add("b", "Bo", "", false);
    expect([r.players, r.watchers]).toEqual([2, 1]);
    expect(r.nextHost()?.id).toBe("a");
    r.remove("a");
    expect(r.nextHost()?.id).toBe("b");
    r.remove("b");
    expect(r.nextHost()?.id).toBe("w");
  });

  it("keeps a kicked browser's key out for a while, not forever; no key is never banned", () => {
    const r = new Roster();
    r.ban("k1", 600_000);
    r.ban("", 600_000);
    expect([r.isBanned("k1", 0), r.isBanned("k2", 0), r.isBanned("", 0)]).toEqual([true, false, false]);
    expect(r.isBanned("k1", 600_000)).toBe(false);
  });

  it("keeps quiet backdrop watchers out of the counts, the host role and the bots' reckoning", () => {
    const r = new Roster();
    r.add("menu", "", "", false, true);
    expect([r.players, r.watchers, r.allWatchers]).toEqual([0, 0, 1]);
    expect(r.nextHost()).toBeUndefined();
    expect(r.botsWanted(4, 10, true)).toBe(0);
  });

  it("fills seats with bots only while people are in the room and bots are on", () => {
    const r = new Roster();
    expect(r.botsWanted(4, 10, true)).toBe(0);
    r.add("a", "Ann", "", false);
    expect(r.botsWanted(4, 10, true)).toBe(3);
    expect(r.botsWanted(4, 2, true)).toBe(1);
    expect(r.botsWanted(4, 10, false)).toBe(0);
    const first = r.newBot();
    const second = r.newBot();
    expect(first.id).not.toBe(second.id);
    expect(r.dropBot()).toBe(second.id);
  });
});

describe("the abuse guards", () => {
  it("let a client through at its rate, drop what is over it, and call twice the rate a flood", () => {
    let now = 0;
    const g = new Guards({ messageRate: 10, badMessageLimit: 3 }, () => now);
    const seen = Array.from({ length: 21 }, () => g.admit("c"));
    expect(seen.filter((v) => v === "ok")).toHaveLength(10);
    expect(seen.filter((v) => v === "drop")).toHaveLength(10);
    expect(seen[20]).toBe("flood");
    now = 1000;
    expect(g.admit("c")).toBe("ok");
  });

  it("send a client away after too many refused messages, and drop everything from it after", () => {
    const g = new Guards({ messageRate: 10, badMessageLimit: 2 }, () => 0);
    expect([g.strike("c"), g.strike("c"), g.strike("c")]).toEqual([false, false, true]);
    expect(g.expel("c")).toBe(true);
    expect(g.expel("c")).toBe(false);
    expect(g.admit("c")).toBe("drop");
  });

  it("forgive strikes as time passes: a page that slips now and then is never sent away", () => {
    let now = 0;
    const g = new Guards({ messageRate: 10, badMessageLimit: 3 }, () => now);
    for (let i = 0; i < 100; i++) {
      expect(g.strike("c")).toBe(false);
      now += STRIKE_FORGIVEN_MS;
    }
    // Garbage in earnest still adds up within moments.
    expect([g.strike("c"), g.strike("c"), g.strike("c"), g.strike("c")]).toContain(true);
  });

  it("refuse frames Colyseus would mishandle: unknown codes and bodies that do not unpack", () => {
    expect(frameProblem(new Uint8Array([99]))).toBe("unknown frame 99");
    expect(frameProblem(new Uint8Array([Protocol.ROOM_DATA, 3, 0x92, 0x01]))).toBe("malformed message");
    expect(frameProblem(new Uint8Array([Protocol.ROOM_DATA_BYTES, 2, 0, 0, 0, 0]))).toBeUndefined();
  });
});

describe("host commands", () => {
  it("are the private room host's alone", () => {
    const state = new ArenaState();
    state.hostId = "h";
    expect(hostRefusal(state, true, "h", "restart")).toBeUndefined();
    expect(hostRefusal(state, true, "x", "restart")).toBe("only the host can restart");
    expect(hostRefusal(state, false, "h", "restart")).toBe("public rooms have no host: nobody can restart");
  });

  it("change the room and say so in words, with the map's name", () => {
    const state = new ArenaState();
    const match = newMatch(state);
    expect(applySettings(state, match, { map: "causeway", locked: true, scoreLimit: 5 })).toBe("The host set map Causeway, score limit 5, locked");
    expect([state.map, state.locked, state.scoreLimit]).toEqual(["causeway", true, 5]);
  });
});

describe("the tick loop", () => {
  it("runs the ticks its clock says are due, applies one input per tick, and patches at the patch rate", () => {
    let now = 0;
    const match = newMatch();
    match.join("p", "Pilot");
    let patches = 0;
    const loop = new TickLoop(match, { tickHz: 60, patchHz: 30, inputQueueMs: 1000 }, { now: () => now }, () => patches++);
    loop.addPilot("p");
    loop.push("p", Array.from({ length: 10 }, (_, i) => ({ seq: i + 1, buttons: Buttons.Right, aim: 0, viewTick: 0 })));
    now = 100; // 6 ticks
    loop.advance();
    expect(match.tick).toBe(6);
    expect(loop.counters.appliedInputs).toBe(6);
    expect(patches).toBe(3);
    for (; now < 1000; now += 10) loop.advance();
    now = 1000;
    loop.advance();
    expect(match.tick).toBe(60);
    expect(loop.counters.appliedInputs).toBe(10);
    expect(patches).toBe(30);
  });
});
