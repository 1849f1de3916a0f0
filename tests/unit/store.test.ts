// The store on the embedded database (PGlite), as `npm start` runs it with nothing set: the shared
// suite on disk (a temp DATA_DIR, so a reopen is a real restart), the in-memory mode tests use,
// the outbox over a database that goes down, and the settings that choose all this.

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../server/config";
import { Outbox, type OutboxSink } from "../../server/store/Outbox";
import { canRate, places } from "../../server/store/ratings";
import { Store } from "../../server/store/Store";
import { pilot, round, storeSuite } from "./storeSuite";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "skirmish-store-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

storeSuite({ name: "PGlite (on disk)", open: (clock) => Store.open({ dataDir, clock }) });

describe("the embedded database in memory (DATA_DIR=:memory:)", () => {
  let store: Store;
  let spool: string;
  beforeAll(async () => {
    store = await Store.open({ dataDir: ":memory:" });
    spool = mkdtempSync(path.join(os.tmpdir(), "skirmish-outbox-"));
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    rmSync(spool, { recursive: true, force: true });
  });

  it("starts empty with the whole schema, and writes nothing to disk", async () => {
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`.execute(store.db);
    expect(tables.rows.map((r) => r.name)).toEqual(["kysely_migration", "kysely_migration_lock", "match_players", "matches", "players", "rating_changes", "ratings", "replays", "transfer_codes"]);
    expect(store.backend).toBe("pglite");
    expect(readdirSync(process.cwd())).not.toContain(":memory:");
  });

  it("a round handed over while the database is down waits in the outbox, and is written exactly once when it is back", async () => {
    const a = await store.createPlayer();
    const b = await store.createPlayer();
    // The database as the outbox sees it: down, then up but losing the first answer.
    let state: "down" | "answer-lost" | "up" = "down";
    const lost = Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
    const database: OutboxSink = {
      async recordRound(r) {
        if (state === "down") throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        const written = await store.recordRound(r);
        if (state === "answer-lost") {
          state = "up";
          throw lost;
        }
        return written;
      },
      saveReplay: (id, bytes, days) => store.saveReplay(id, bytes, days),
    };
    const quiet = { info() {}, warn() {}, error() {} };
    let box = await Outbox.open({ dir: spool, sink: database, retryMinMs: 60_000, log: quiet });
    await box.add({ kind: "round", record: round("r-outage", [pilot(a.id, "Ann", 5, 1), pilot(b.id, "Bob", 1, 5)]) });
    await box.add({ kind: "replay", matchId: "r-outage", bytes: new Uint8Array([1, 2, 3]), days: 7 });
    expect(await box.flush()).toEqual({ written: 0, pending: 2 });

    // The server restarts while the database is still down: the spool on disk carries the records over.
    await box.close();
    box = await Outbox.open({ dir: spool, sink: database, retryMinMs: 60_000, log: quiet });
    expect(await box.flush()).toEqual({ written: 0, pending: 2 });

    state = "answer-lost";
    expect(await box.flush()).toEqual({ written: 0, pending: 2 });
    expect(await box.flush()).toEqual({ written: 2, pending: 0 });
    await box.close();

    expect(readdirSync(spool)).toEqual([]);
    const m = (await store.getMatch("r-outage"))!;
    expect(m.players).toHaveLength(2);
    expect((await store.getPlayer(a.id))!.ratings.ffa?.rounds).toBe(1);
    expect(await store.getReplay("r-outage")).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe("places and who can be rated", () => {
  it("places free-for-all players by kills, then fewer downs; equal results share a place", () => {
    const p = (kills: number, downs: number) => ({ team: null, kills, downs });
    expect(places("ffa", [p(3, 1), p(5, 2), p(3, 1), p(3, 0), p(0, 0)], null)).toEqual([3, 1, 3, 2, 5]);
  });

  it("places team players by their team's score", () => {
    const p = (team: number, kills: number) => ({ team, kills, downs: 0 });
    expect(places("team", [p(0, 9), p(1, 0), p(0, 1)], [2, 7])).toEqual([2, 1, 2]);
    expect(places("team", [p(0, 9), p(1, 0)], [4, 4])).toEqual([1, 1]);
  });

  it("rates only rounds with two sides of identified players", () => {
    expect(canRate("ffa", [{ team: null }])).toBe(false);
    expect(canRate("ffa", [{ team: null }, { team: null }])).toBe(true);
    expect(canRate("team", [{ team: 0 }, { team: 0 }])).toBe(false);
    expect(canRate("team", [{ team: 0 }, { team: 1 }])).toBe(true);
  });
});

describe("the operator's storage settings", () => {
  it("keeps data in ./data by default, replays for 7 days, and uses PostgreSQL only when DATABASE_URL is set", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ dataDir: "./data", replayDays: 7, databaseUrl: undefined });
    expect(readConfig({ DATA_DIR: "/var/lib/skirmish", REPLAY_DAYS: "30", DATABASE_URL: "postgres://u:p@db:5432/skirmish" })).toMatchObject({
      dataDir: "/var/lib/skirmish",
      replayDays: 30,
      databaseUrl: "postgres://u:p@db:5432/skirmish",
    });
  });

  it("refuses settings it cannot use, saying what it wants", () => {
    expect(() => readConfig({ DATABASE_URL: "mysql://db/skirmish" })).toThrow(/DATABASE_URL must be a PostgreSQL address/);
    expect(() => readConfig({ REPLAY_DAYS: "0" })).toThrow(/REPLAY_DAYS/);
    // Several processes share one database, or keep nothing: never a database each.
    expect(() => readConfig({ REDIS_URL: "redis://127.0.0.1:6379", PUBLIC_ADDRESS: "a:1" })).toThrow(/DATABASE_URL .* is required with REDIS_URL/);
    expect(readConfig({ REDIS_URL: "redis://127.0.0.1:6379", PUBLIC_ADDRESS: "a:1", DATABASE_URL: "postgres://u:p@db/s" }).databaseUrl).toBe("postgres://u:p@db/s");
    expect(readConfig({ REDIS_URL: "redis://127.0.0.1:6379", PUBLIC_ADDRESS: "a:1", DATA_DIR: "none" }).dataDir).toBe("none");
  });
});
