// The store on a real PostgreSQL server (DATABASE_URL), as several processes behind Redis run it:
// the same suite as on PGlite, then the server itself stopped and started again under the outbox.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Outbox } from "../../server/store/Outbox";
import { Store } from "../../server/store/Store";
import { type Postgres, startPostgres } from "../../testkit/postgres";
import { pilot, round, storeSuite } from "../unit/storeSuite";
import { Phase } from "../../shared/schema/ArenaState";
import { join, leaveAll, startTestServer, waitFor } from "./harness";

let postgres: Postgres;
beforeAll(async () => {
  // Fails (never skips) with the apt-get command when PostgreSQL is not installed.
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.destroy();
});

storeSuite({ name: "PostgreSQL", open: (clock) => Store.open({ databaseUrl: postgres.url, dataDir: ":memory:", clock }) });

describe("PostgreSQL going away", () => {
  it("a round finished while the database server is stopped waits in the outbox and is written once it is back", async () => {
    const spool = mkdtempSync(path.join(os.tmpdir(), "skirmish-outbox-"));
    const store = await Store.open({ databaseUrl: postgres.url, dataDir: ":memory:" });
    const quiet = { info() {}, warn() {}, error() {} };
    const box = await Outbox.open({ dir: spool, sink: store, retryMinMs: 100, retryMaxMs: 400, log: quiet });
    try {
      const a = await store.createPlayer();
      const b = await store.createPlayer();
      await postgres.stop();

      await box.add({ kind: "round", record: round("r-while-down", [pilot(a.id, "Ann", 6, 1), pilot(b.id, "Bob", 1, 6)]) });
      expect(await box.flush()).toEqual({ written: 0, pending: 1 });

      await postgres.start();
      // The outbox notices by itself: no flush.
      const deadline = Date.now() + 15_000;
      while (box.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(box.pending).toBe(0);
      const match = await store.getMatch("r-while-down");
      expect(match?.players.map((p) => p.name)).toEqual(["Ann", "Bob"]);
      expect((await store.getPlayer(a.id))!.ratings.ffa?.rounds).toBe(1);
    } finally {
      await box.close();
      await store.close();
      rmSync(spool, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("a database that hangs", () => {
  it("keeps nobody waiting to join: past half a second, a player with an identity plays as a guest", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "skirmish-pg-hang-"));
    const server = await startTestServer({ mode: "ffa", databaseUrl: postgres.url, dataDir });
    try {
      const ann = (await (await fetch(`${server.httpUrl}/api/players`, { method: "POST" })).json()) as { id: string; secret: string };
      // Known while the database answers (the connection is made and warm)...
      const first = await join(server.url, "Ann", { playerId: ann.id, secret: ann.secret });
      expect(server.roomOf(first).match.pilots.get(first.sessionId)!.playerId).toBe(ann.id);
      await leaveAll();
      // ...and frozen: the query is sent and nothing ever comes back.
      postgres.pause();
      try {
        const started = performance.now();
        const again = await join(server.url, "Ann", { playerId: ann.id, secret: ann.secret });
        const waited = performance.now() - started;
        expect(server.roomOf(again).match.pilots.get(again.sessionId)!.playerId).toBeNull();
        // Half a second and the join itself, not the database pool's 30 s query timeout.
        expect(waited).toBeLessThan(10_000);
      } finally {
        postgres.resume();
      }
    } finally {
      await leaveAll();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("a game on PostgreSQL when the database goes away mid-round", () => {
  it("plays on, keeps the round on disk, and writes it once the database is back", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "skirmish-pg-game-"));
    const server = await startTestServer({ mode: "ffa", scoreLimit: 1, resultsSeconds: 30, databaseUrl: postgres.url, dataDir });
    try {
      const made = async () => (await (await fetch(`${server.httpUrl}/api/players`, { method: "POST" })).json()) as { id: string; secret: string };
      const ann = await made();
      const bob = await made();
      const a = await join(server.url, "Ann", { playerId: ann.id, secret: ann.secret });
      const b = await join(server.url, "Bob", { playerId: bob.id, secret: bob.secret });
      await waitFor(a, (s) => s.crafts.size === 2, "both players");
      const round = a.state.round;

      await postgres.stop();
      // The round ends while the database is away; the room neither stops nor waits.
      server.roomOf(a).match.pilots.get(a.sessionId)!.kills = 1;
      await waitFor(b, (s) => s.phase === Phase.Results, "the round's end");
      const tick = b.state.tick;
      await waitFor(b, (s) => s.tick > tick + 60, "a second more of ticks");
      expect((await fetch(`${server.httpUrl}/api/matches/${a.roomId}-${round}`)).status).toBe(503);

      await postgres.start();
      const deadline = Date.now() + 30_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = (await fetch(`${server.httpUrl}/api/matches/${a.roomId}-${round}`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
      const match = (await (await fetch(`${server.httpUrl}/api/matches/${a.roomId}-${round}`)).json()) as { players: { name: string }[] };
      expect(match.players.map((p) => p.name).sort()).toEqual(["Ann", "Bob"]);
    } finally {
      await leaveAll();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
