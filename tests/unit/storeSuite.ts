// The store's behaviour, as players and operators would notice it, written once and run against
// each backend: PGlite (tests/unit/store.test.ts) and a real PostgreSQL server
// (tests/integration/store.test.ts). Not a test file itself: the two files call storeSuite().

import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "../../server/store/migrations";
import type { Store } from "../../server/store/Store";
import type { RoundPlayer, RoundRecord } from "../../server/store/types";
import { StoreInputError } from "../../server/store/validate";

export interface StoreBackend {
  name: string;
  /** Opens the store on this backend's database; called again, opens the same database again. */
  open(clock: () => Date): Promise<Store>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const T0 = Date.parse("2026-06-01T12:00:00Z");

export function pilot(playerId: string | null, name: string, kills: number, downs: number, more: Partial<RoundPlayer> = {}): RoundPlayer {
  return { playerId, name, team: null, kills, downs, captures: 0, weapons: { blaster: { shots: 20, hits: 5 }, rail: { shots: 4, hits: 2 } }, ...more };
}

export const bot = (name: string, kills: number, downs: number, team: number | null = null): RoundPlayer => ({ name, team, kills, downs, captures: 0, weapons: { blaster: { shots: 9, hits: 3 } } });

export function round(id: string, players: RoundPlayer[], more: Partial<RoundRecord> = {}): RoundRecord {
  const endedAt = more.endedAt ?? T0 - 5 * MINUTE;
  return { id, roomId: "room1", mode: "ffa", map: "foundry", private: false, startedAt: endedAt - 5 * MINUTE, endedAt, durationMs: 5 * MINUTE, interrupted: false, teamScores: null, players, ...more };
}

export function storeSuite(backend: StoreBackend): void {
  describe(`the store on ${backend.name}`, () => {
    let store: Store;
    let now = T0;
    const clock = () => new Date(now);

    beforeAll(async () => {
      store = await backend.open(clock);
    }, 120_000);
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      now = T0;
      // Every table hangs off players or matches.
      await sql`truncate players, matches cascade`.execute(store.db);
    });

    const count = async (table: "matches" | "match_players" | "ratings" | "rating_changes" | "replays") =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(store.db)).rows[0].n;

    describe("identity without an account", () => {
      it("gives a newcomer an id and a secret that proves it; anyone else's secret, or none, gets nothing", async () => {
        const me = await store.createPlayer();
        const other = await store.createPlayer();
        expect(me.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(me.secret.length).toBeGreaterThanOrEqual(43);
        expect(await store.verifyPlayer(me.id, me.secret)).toBe(true);
        expect(await store.verifyPlayer(me.id, other.secret)).toBe(false);
        expect(await store.verifyPlayer(me.id, "")).toBe(false);
        expect(await store.verifyPlayer(me.id, undefined)).toBe(false);
        expect(await store.verifyPlayer("not-a-uuid", me.secret)).toBe(false);
        expect(await store.verifyPlayer(crypto.randomUUID(), me.secret)).toBe(false);
        // Only a hash is kept: a copy of the database does not hold anyone's secret.
        const rows = await store.db.selectFrom("players").selectAll().execute();
        expect(JSON.stringify(rows)).not.toContain(me.secret);
      });

      it("carries an identity to another device with a code that works once, for ten minutes", async () => {
        const me = await store.createPlayer();
        expect(await store.makeTransferCode(me.id, "wrong")).toBeNull();
        const { code } = (await store.makeTransferCode(me.id, me.secret))!;
        expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
        // Typed on a phone: lower case, a space for the dash.
        const moved = await store.redeemTransferCode(code.toLowerCase().replace("-", " "));
        expect(moved?.id).toBe(me.id);
        expect(await store.verifyPlayer(me.id, moved!.secret)).toBe(true);
        // The identity moved: the old secret no longer works, and the code is spent.
        expect(await store.verifyPlayer(me.id, me.secret)).toBe(false);
        expect(await store.redeemTransferCode(code)).toBeNull();

        const late = (await store.makeTransferCode(me.id, moved!.secret))!;
        now += 11 * MINUTE;
        expect(await store.redeemTransferCode(late.code)).toBeNull();
        expect(await store.verifyPlayer(me.id, moved!.secret)).toBe(true);
        expect(await store.redeemTransferCode("ABCDE-FGHJK")).toBeNull();
        expect(await store.redeemTransferCode(42)).toBeNull();
      });

      it("keeps one live code per player: a new code replaces the last", async () => {
        const me = await store.createPlayer();
        const first = (await store.makeTransferCode(me.id, me.secret))!;
        const second = (await store.makeTransferCode(me.id, me.secret))!;
        expect(await store.redeemTransferCode(first.code)).toBeNull();
        expect((await store.redeemTransferCode(second.code))?.id).toBe(me.id);
      });
    });

    describe("round records", () => {
      it("writes a round once however often it is handed over, and rates it once", async () => {
        const a = await store.createPlayer();
        const b = await store.createPlayer();
        const r = round("r-once", [pilot(a.id, "Ann", 8, 2), pilot(b.id, "Bob", 2, 8)]);
        expect(await store.recordRound(r)).toBe(true);
        expect(await store.recordRound(r)).toBe(false);
        // Two hand-overs racing (two writers, or a retry while the first is still in flight).
        const again = round("r-race", [pilot(a.id, "Ann", 8, 2), pilot(b.id, "Bob", 2, 8)]);
        expect((await Promise.all([store.recordRound(again), store.recordRound(again)])).sort()).toEqual([false, true]);
        expect(await count("matches")).toBe(2);
        expect(await count("match_players")).toBe(4);
        expect(await count("rating_changes")).toBe(4);
        const profile = (await store.getPlayer(a.id))!;
        expect(profile.ratings.ffa?.rounds).toBe(2);
        expect(profile.totals.rounds).toBe(2);
      });

      it("never records bots, nor an id that is not a player's", async () => {
        const a = await store.createPlayer();
        const b = await store.createPlayer();
        const stranger = crypto.randomUUID();
        await store.recordRound(round("r-bots", [bot("Bot Alpha", 20, 0), pilot(a.id, "Ann", 5, 3), pilot(stranger, "Ghost", 9, 1), bot("Bot Beta", 1, 9), pilot(b.id, "Bob", 1, 5)]));
        const match = (await store.getMatch("r-bots"))!;
        expect(match.players.map((p) => p.name)).toEqual(["Ann", "Bob"]);
        // Places still count everyone who played: Ann came behind a bot and the stranger.
        expect(match.players.map((p) => p.place)).toEqual([3, 4]);
        const board = await store.leaderboard("all", "ffa");
        expect(board.map((r) => r.playerId).sort()).toEqual([a.id, b.id].sort());
        expect((await store.recentMatches())[0].players).toBe(2);
      });

      it("keeps a round as it was played: mode, map, duration, teams, kills, downs, captures, accuracy per weapon", async () => {
        const [a, b, c] = await Promise.all([store.createPlayer(), store.createPlayer(), store.createPlayer()]);
        const weapons = { blaster: { shots: 40, hits: 10 }, rocket: { shots: 3, hits: 1 } };
        await store.recordRound(
          round("r-ctf", [pilot(a.id, "  Ann\u0007  ", 4, 1, { team: 0, captures: 2, weapons }), bot("Bot", 3, 3, 0), pilot(b.id, "Bob", 6, 2, { team: 1 }), pilot(c.id, "Cy", 0, 4, { team: 1 })], {
            mode: "ctf",
            map: "twinbase",
            teamScores: [3, 1],
            durationMs: 301_500,
            private: true,
            roomId: "AbC_12-x",
          }),
        );
        const m = (await store.getMatch("r-ctf"))!;
        expect(m).toMatchObject({ id: "r-ctf", roomId: "AbC_12-x", mode: "ctf", map: "twinbase", private: true, durationMs: 301_500, interrupted: false, teamScores: [3, 1] });
        expect(m.endedAt).toBe(new Date(T0 - 5 * MINUTE).toISOString());
        const ann = m.players.find((p) => p.playerId === a.id)!;
        expect(ann).toMatchObject({ name: "Ann", team: 0, place: 1, kills: 4, downs: 1, captures: 2, weapons });
        expect(m.players.filter((p) => p.team === 1).map((p) => p.place)).toEqual([2, 2]);
        expect(ann.rating?.kind).toBe("team");
        expect(await store.getMatch("no-such-round")).toBeNull();
      });

      it("records a round cut short, but does not rate it", async () => {
        const a = await store.createPlayer();
        const b = await store.createPlayer();
        expect(await store.recordRound(round("r-cut", [pilot(a.id, "Ann", 3, 0), pilot(b.id, "Bob", 0, 3)], { interrupted: true }))).toBe(true);
        expect((await store.getMatch("r-cut"))?.interrupted).toBe(true);
        expect(await count("ratings")).toBe(0);
      });
    });

    describe("ratings", () => {
      it("moves the winner of a free-for-all up and the loser down; one person alone changes nothing", async () => {
        const a = await store.createPlayer();
        const b = await store.createPlayer();
        await store.recordRound(round("r-solo", [pilot(a.id, "Ann", 9, 0), bot("Bot", 0, 9)]));
        expect(await count("ratings")).toBe(0);

        await store.recordRound(round("r-duel", [pilot(a.id, "Ann", 9, 2), bot("Bot", 5, 5), pilot(b.id, "Bob", 3, 7)]));
        const ann = (await store.getPlayer(a.id))!.ratings.ffa!;
        const bob = (await store.getPlayer(b.id))!.ratings.ffa!;
        expect(ann.mu).toBeGreaterThan(25);
        expect(bob.mu).toBeLessThan(25);
        expect(ann.ordinal).toBeGreaterThan(bob.ordinal);
        expect(ann.ordinal).toBeCloseTo(ann.mu - 3 * ann.sigma, 6);
        expect((await store.getPlayer(a.id))!.ratings.team).toBeNull();
        const change = (await store.getMatch("r-duel"))!.players[0].rating!;
        expect(change).toMatchObject({ kind: "ffa", after: ann.ordinal });
        expect(change.before).toBeCloseTo(0, 6);
      });

      it("breaks a tie on kills by fewer downs", async () => {
        const a = await store.createPlayer();
        const b = await store.createPlayer();
        await store.recordRound(round("r-tie", [pilot(a.id, "Ann", 5, 4), pilot(b.id, "Bob", 5, 1)]));
        expect((await store.getMatch("r-tie"))!.players.map((p) => [p.name, p.place])).toEqual([
          ["Bob", 1],
          ["Ann", 2],
        ]);
        expect((await store.leaderboard("all", "ffa"))[0].playerId).toBe(b.id);
      });

      it("rates team rounds by the team's score, whoever made the kills", async () => {
        const [a, b, c] = await Promise.all([store.createPlayer(), store.createPlayer(), store.createPlayer()]);
        // Cy has the most kills, but Cy's team lost.
        await store.recordRound(round("r-tdm", [pilot(a.id, "Ann", 2, 5, { team: 0 }), pilot(b.id, "Bob", 3, 5, { team: 0 }), pilot(c.id, "Cy", 9, 1, { team: 1 }), bot("Bot", 0, 4, 1)], { mode: "tdm", teamScores: [15, 9] }));
        const team = async (id: string) => (await store.getPlayer(id))!.ratings.team!;
        expect((await team(a.id)).mu).toBeGreaterThan(25);
        expect((await team(b.id)).mu).toBeGreaterThan(25);
        expect((await team(c.id)).mu).toBeLessThan(25);
        expect((await store.getPlayer(a.id))!.ratings.ffa).toBeNull();

        // Two people on one team against bots: nobody to be measured against.
        await store.recordRound(round("r-coop", [pilot(a.id, "Ann", 2, 5, { team: 0 }), pilot(b.id, "Bob", 3, 5, { team: 0 }), bot("Bot", 9, 0, 1)], { mode: "tdm", teamScores: [5, 9] }));
        expect((await team(a.id)).rounds).toBe(1);
      });
    });

    describe("leaderboards", () => {
      it("ranks by the conservative rating for the last day, the last week and all time", async () => {
        const [x, y, z, w] = await Promise.all([store.createPlayer(), store.createPlayer(), store.createPlayer(), store.createPlayer()]);
        const beat = async (id: string, winner: string, name: string) => store.recordRound(round(id, [pilot(winner, name, 10, 0), pilot(w.id, "Wes", 0, 10)], { endedAt: now - MINUTE }));
        now = T0 - 10 * DAY;
        await beat("r-old", x.id, "Xia");
        now = T0 - 3 * DAY;
        await beat("r-week", y.id, "Yan");
        now = T0 - HOUR;
        await beat("r-day", z.id, "Zed");
        now = T0;

        const names = async (period: "day" | "week" | "all") => (await store.leaderboard(period, "ffa")).map((r) => r.name);
        const all = await store.leaderboard("all", "ffa");
        expect(all.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
        expect(all.at(-1)).toMatchObject({ name: "Wes", rounds: 3 });
        expect(all.map((r) => r.ordinal)).toEqual([...all.map((r) => r.ordinal)].sort((p, q) => q - p));
        expect((await names("all")).sort()).toEqual(["Wes", "Xia", "Yan", "Zed"]);
        expect((await names("week")).sort()).toEqual(["Wes", "Yan", "Zed"]);
        expect((await names("day")).sort()).toEqual(["Wes", "Zed"]);
        // Within a period, a player stands at their latest rating, and counts their rounds in it.
        const wesWeek = (await store.leaderboard("week", "ffa")).find((r) => r.name === "Wes")!;
        expect(wesWeek.ordinal).toBeCloseTo(all.at(-1)!.ordinal, 9);
        expect(wesWeek.rounds).toBe(2);
        expect(await store.leaderboard("all", "team")).toEqual([]);
        expect(await store.leaderboard("all", "ffa", 2)).toHaveLength(2);
      });
    });

    describe("reading", () => {
      it("lists recent public rounds, newest first, never private ones", async () => {
        const a = await store.createPlayer();
        await store.recordRound(round("r-early", [pilot(a.id, "Ann", 1, 0)], { endedAt: T0 - 2 * HOUR }));
        await store.recordRound(round("r-secret", [pilot(a.id, "Ann", 1, 0)], { endedAt: T0 - 90 * MINUTE, private: true }));
        await store.recordRound(round("r-late", [pilot(a.id, "Ann", 1, 0)], { endedAt: T0 - HOUR }));
        expect((await store.recentMatches()).map((m) => m.id)).toEqual(["r-late", "r-early"]);
        expect((await store.recentMatches(1)).map((m) => m.id)).toEqual(["r-late"]);
        expect(await store.recentMatches(1_000_000)).toHaveLength(2);
        expect(await store.recentMatches(0)).toHaveLength(1);
        // A private round is still reachable by its link.
        expect((await store.getMatch("r-secret"))?.private).toBe(true);
      });

      it("shows a player's profile: name, totals, rating per kind, recent public rounds", async () => {
        const a = await store.createPlayer();
        const b = await store.createPlayer();
        await store.recordRound(round("r-1", [pilot(a.id, "Ann", 3, 1), pilot(b.id, "Bob", 1, 3)], { endedAt: T0 - 2 * HOUR }));
        await store.recordRound(round("r-2", [pilot(a.id, "Annie", 4, 2, { weapons: { blaster: { shots: 10, hits: 1 }, scatter: { shots: 5, hits: 5 } } }), pilot(b.id, "Bob", 0, 4)], { endedAt: T0 - HOUR }));
        await store.recordRound(round("r-3", [pilot(a.id, "Annie", 1, 0), pilot(b.id, "Bob", 0, 1)], { endedAt: T0 - 30 * MINUTE, private: true }));
        const p = (await store.getPlayer(a.id))!;
        expect(p.name).toBe("Annie");
        expect(p.since).toBe(new Date(T0).toISOString());
        expect(p.totals).toEqual({
          rounds: 3,
          kills: 8,
          downs: 3,
          captures: 0,
          weapons: { blaster: { shots: 50, hits: 11 }, rail: { shots: 8, hits: 4 }, scatter: { shots: 5, hits: 5 } },
        });
        expect(p.ratings.ffa?.rounds).toBe(3);
        expect(p.recent.map((r) => [r.id, r.place, r.kills, r.players])).toEqual([
          ["r-2", 1, 4, 2],
          ["r-1", 1, 3, 2],
        ]);
        expect(await store.getPlayer(crypto.randomUUID())).toBeNull();
      });

      it("refuses malformed input with a StoreInputError, and bounds every list", async () => {
        await expect(store.getPlayer("nope")).rejects.toThrow(StoreInputError);
        await expect(store.getMatch("no spaces; please")).rejects.toThrow(StoreInputError);
        await expect(store.getMatch("x".repeat(65))).rejects.toThrow(StoreInputError);
        await expect(store.leaderboard("month", "ffa")).rejects.toThrow(StoreInputError);
        await expect(store.leaderboard("all", "duel")).rejects.toThrow(StoreInputError);
        await expect(store.recentMatches("5")).rejects.toThrow(StoreInputError);
        await expect(store.getReplay("'; drop table replays; --")).rejects.toThrow(StoreInputError);
        const a = await store.createPlayer();
        const ok = round("r-bad", [pilot(a.id, "Ann", 1, 0)]);
        for (const bad of [
          { ...ok, id: "" },
          { ...ok, mode: "duel" },
          { ...ok, endedAt: ok.startedAt - 1 },
          { ...ok, startedAt: ok.startedAt / 1000 },
          { ...ok, durationMs: -1 },
          { ...ok, players: [pilot(a.id, "Ann", -1, 0)] },
          { ...ok, players: [pilot(a.id, "Ann", 1.5, 0)] },
          { ...ok, players: [pilot("someone", "Ann", 1, 0)] },
          { ...ok, players: [pilot(a.id, "Ann", 1, 0, { weapons: { "<script>": { shots: 1, hits: 0 } } })] },
          { ...ok, mode: "tdm" as const },
          { ...ok, mode: "tdm" as const, teamScores: [1, 2], players: [pilot(a.id, "Ann", 1, 0, { team: 2 })] },
          { ...ok, players: new Array(65).fill(bot("Bot", 0, 0)) },
        ]) {
          await expect(store.recordRound(bad as RoundRecord), JSON.stringify(bad).slice(0, 120)).rejects.toThrow(StoreInputError);
        }
        expect(await count("matches")).toBe(0);
        // Names are tidied, not refused.
        await store.recordRound({ ...ok, players: [pilot(a.id, `\u202e${"N".repeat(50)}`, 1, 0)] });
        expect((await store.getMatch("r-bad"))!.players[0].name).toBe("N".repeat(32));
      });
    });

    describe("replays", () => {
      it("keeps a round's replay for its days, then prunes it", async () => {
        const a = await store.createPlayer();
        await store.recordRound(round("r-replay", [pilot(a.id, "Ann", 1, 0)]));
        const bytes = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
        expect(await store.saveReplay("r-replay", bytes, 7)).toBe(true);
        expect(await store.saveReplay("r-replay", new Uint8Array([1]), 7)).toBe(false);
        expect(await store.getReplay("r-replay")).toEqual(bytes);
        // The round's page says it has one (its link to the replay page).
        expect((await store.getMatch("r-replay"))?.replay).toBe(true);
        await expect(store.saveReplay("r-unrecorded", bytes, 7)).rejects.toThrow(StoreInputError);
        await expect(store.saveReplay("r-replay", new Uint8Array(0), 7)).rejects.toThrow(StoreInputError);
        await expect(store.saveReplay("r-replay", bytes, 0)).rejects.toThrow(StoreInputError);
        expect(await store.getReplay("r-missing")).toBeNull();

        now = T0 + 6 * DAY;
        expect(await store.pruneReplays()).toBe(0);
        expect(await store.getReplay("r-replay")).not.toBeNull();
        now = T0 + 7 * DAY;
        // Expired is gone to readers at once, and from the disk at the next prune.
        expect(await store.getReplay("r-replay")).toBeNull();
        expect(await store.pruneReplays()).toBe(1);
        expect(await count("replays")).toBe(0);
        // The round outlives its replay, and no longer offers one.
        expect((await store.getMatch("r-replay"))?.replay).toBe(false);
      });
    });

    describe("what lasts", () => {
      it("keeps everything across a close and reopen (this is how we know records survive a server restart)", async () => {
        const a = await store.createPlayer();
        const b = await store.createPlayer();
        await store.recordRound(round("r-kept", [pilot(a.id, "Ann", 4, 1), pilot(b.id, "Bob", 1, 4)]));
        await store.saveReplay("r-kept", new Uint8Array([9, 8, 7]), 7);
        const before = { match: await store.getMatch("r-kept"), board: await store.leaderboard("all", "ffa"), profile: await store.getPlayer(a.id) };

        await store.close();
        store = await backend.open(clock);

        expect(await store.getMatch("r-kept")).toEqual(before.match);
        expect(await store.leaderboard("all", "ffa")).toEqual(before.board);
        expect(await store.getPlayer(a.id)).toEqual(before.profile);
        expect(await store.getReplay("r-kept")).toEqual(new Uint8Array([9, 8, 7]));
        expect(await store.verifyPlayer(a.id, a.secret)).toBe(true);
        // The schema was there already: opening again applied no migration.
        expect(await migrate(store.db)).toEqual([]);
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
        expect(applied.rows.map((r) => r.name)).toEqual(["0001_initial"]);
      }, 60_000);
    });
  });
}
