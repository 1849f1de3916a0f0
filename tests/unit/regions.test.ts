import { describe, expect, it } from "vitest";
import { nearestRegion } from "../../game/net/regions";
import { NEAR_ENOUGH_MS, quickPlayOrder, readPings } from "../../server/fleet/regions";

// Quick Play across regions: the page's measured latencies decide where a player goes.

const room = (id: string, region: string, players: number) => ({ id, region, players });

describe("Quick Play's order across regions", () => {
  const rooms = [room("far-full", "us", 7), room("near-half", "eu", 4), room("near-one", "eu", 1), room("mid", "asia", 6)];

  it("without pings, the fullest room with a free seat wherever it is (one region, or a page that measured nothing)", () => {
    expect(quickPlayOrder(rooms, undefined).rooms.map((r) => r.id)).toEqual(["far-full", "mid", "near-half", "near-one"]);
    expect(quickPlayOrder(rooms, undefined).createIn).toBeUndefined();
  });

  it("prefers the nearest region's rooms, fullest first, over fuller rooms farther away; a new room opens in the nearest", () => {
    const order = quickPlayOrder(rooms, { eu: 20, us: 110, asia: 240 });
    expect(order.rooms.map((r) => r.id)).toEqual(["near-half", "near-one"]);
    expect(order.createIn).toBe("eu");
  });

  it("counts a region within NEAR_ENOUGH_MS of the nearest as near: the fuller room wins between them", () => {
    const order = quickPlayOrder(rooms, { eu: 20, us: 20 + NEAR_ENOUGH_MS, asia: 240 });
    expect(order.rooms.map((r) => r.id)).toEqual(["far-full", "near-half", "near-one"]);
  });

  it("opens a room in the nearest region when it has no free seat, rather than sending the player far", () => {
    const order = quickPlayOrder([room("far", "us", 3)], { eu: 15, us: 140 });
    expect(order.rooms).toEqual([]);
    expect(order.createIn).toBe("eu");
  });

  it("leaves out rooms in a region the page could not measure", () => {
    expect(quickPlayOrder([room("x", "mars", 5), room("y", "eu", 1)], { eu: 30 }).rooms.map((r) => r.id)).toEqual(["y"]);
  });
});

describe("a page's pings, as the server reads them", () => {
  it("keeps region names with a latency, and nothing else", () => {
    expect(readPings({ eu: 23, "us-east": 140.5 })).toEqual({ eu: 23, "us-east": 140.5 });
    expect(readPings({ eu: -1, US: 5, "x y": 3, asia: "40", far: 1e9, ok: 12 })).toEqual({ ok: 12 });
    for (const junk of [undefined, null, 42, "eu", [1, 2], {}]) expect(readPings(junk)).toBeUndefined();
  });

  it("reads at most 16 regions", () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`r${i}`, i]));
    expect(Object.keys(readPings(many)!).length).toBe(16);
  });
});

describe("the page's nearest region", () => {
  it("is the one with the lowest latency, none when nothing was measured", () => {
    expect(nearestRegion({ eu: 40, us: 12, asia: 200 })).toBe("us");
    expect(nearestRegion({})).toBeUndefined();
  });
});
