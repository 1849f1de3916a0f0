import { describe, expect, it } from "vitest";
import { LeaderboardCache } from "../../server/http/records";

describe("the leaderboards handed out", () => {
  function board() {
    let now = 0;
    let computed = 0;
    let rows = ["first"];
    const cache = new LeaderboardCache(
      async (period) => {
        if (period === "year") throw new Error("period is one of day, week, all");
        computed++;
        return [...rows];
      },
      30_000,
      () => now,
    );
    return { cache, computed: () => computed, later: (ms: number) => (now += ms), change: (r: string[]) => (rows = r) };
  }

  it("are computed once and handed out from memory while young", async () => {
    const b = board();
    expect(await b.cache.get("week", "ffa", undefined)).toEqual(["first"]);
    b.change(["second"]);
    b.later(10_000);
    expect(await b.cache.get("week", "ffa", undefined)).toEqual(["first"]);
    expect(b.computed()).toBe(1);
    // Another board is another computation.
    await b.cache.get("day", "ffa", undefined);
    expect(b.computed()).toBe(2);
  });

  it("once old, are still handed out while a fresh one is computed, then the fresh one", async () => {
    const b = board();
    await b.cache.get("week", "team", undefined);
    b.change(["second"]);
    b.later(31_000);
    expect(await b.cache.get("week", "team", undefined)).toEqual(["first"]);
    await new Promise((r) => setTimeout(r, 0));
    expect(await b.cache.get("week", "team", undefined)).toEqual(["second"]);
    expect(b.computed()).toBe(2);
  });

  it("refuse bad input every time and keep nothing for it", async () => {
    const b = board();
    await expect(b.cache.get("year", "ffa", undefined)).rejects.toThrow(/period/);
    await expect(b.cache.get("year", "ffa", undefined)).rejects.toThrow(/period/);
  });
});
