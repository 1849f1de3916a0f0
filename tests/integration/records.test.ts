import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../server/store/Store";
import { Phase } from "../../shared/schema/ArenaState";
import { unpackReplay } from "../../game/replay/load";
import { ReplayPlayer } from "../../game/replay/ReplayPlayer";
import { join, leaveAll, startTestServer, type TestServer, waitFor } from "./harness";

// What lasts, end to end on a real server with real clients: a player identity from the API,
// joins that carry it, a round played to its end and recorded in the background (its players,
// kills, weapons and ratings, no guests, no bots), the records read back over the API, and a
// round cut short by a shutdown kept as interrupted, read back after the server has gone: that
// is how we know records survive a restart.

const dataDir = mkdtempSync(path.join(tmpdir(), "skirmish-records-"));
let server: TestServer;
let stopped = false;

beforeAll(async () => {
  server = await startTestServer({ mode: "ffa", scoreLimit: 1, resultsSeconds: 30, dataDir });
});
afterAll(async () => {
  await leaveAll();
  if (!stopped) await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.httpUrl}${url}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** Asks until `check` says yes (records are written in the background), for up to 10 s. */
async function eventually<T>(ask: () => Promise<T>, check: (v: T) => boolean, what: string): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const v = await ask();
    if (check(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Credentials {
  id: string;
  secret: string;
}

describe("a player's rounds, kept", () => {
  let ann: Credentials;
  let bob: Credentials;
  let matchId = "";

  it("gives each new player an identity, its secret shown once", async () => {
    const made = await api<Credentials>("/api/players", { method: "POST" });
    expect(made.status).toBe(201);
    ann = made.body;
    bob = (await api<Credentials>("/api/players", { method: "POST" })).body;
    expect(ann.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ann.secret.length).toBeGreaterThanOrEqual(40);
    expect(bob.id).not.toBe(ann.id);
    // A profile exists from the start, empty.
    const profile = await api<{ totals: { rounds: number } }>(`/api/players/${ann.id}`);
    expect(profile.status).toBe(200);
    expect(profile.body.totals.rounds).toBe(0);
  });

  it("records a round when it ends: the players with their kills and weapons, not the guest; ratings move", async () => {
    const a = await join(server.url, "Ann", { playerId: ann.id, secret: ann.secret });
    const b = await join(server.url, "Bob", { playerId: bob.id, secret: bob.secret });
    // Bob's id without Bob's secret gets nothing: this one plays as a guest.
    const g = await join(server.url, "Mallory", { playerId: bob.id, secret: "not-bob" });
    await waitFor(a, (s) => s.crafts.size === 3, "three players");
    const arena = server.roomOf(a);
    expect(arena.match.pilots.get(g.sessionId)!.playerId).toBeNull();
    expect(arena.match.pilots.get(b.sessionId)!.playerId).toBe(bob.id);
    // Ann takes the round (score limit 1).
    const round = a.state.round;
    arena.match.pilots.get(a.sessionId)!.kills = 1;
    await waitFor(a, (s) => s.phase === Phase.Results, "the round's end");
    matchId = `${a.roomId}-${round}`;

    const match = await eventually(() => api<{ players: { playerId: string; name: string; place: number; kills: number; weapons: Record<string, { shots: number; hits: number }>; rating: unknown }[]; mode: string; interrupted: boolean }>(`/api/matches/${matchId}`), (r) => r.status === 200, "the round's record");
    expect(match.body.mode).toBe("ffa");
    expect(match.body.interrupted).toBe(false);
    const byName = Object.fromEntries(match.body.players.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["Ann", "Bob"]);
    expect(byName.Ann.place).toBe(1);
    expect(byName.Ann.kills).toBe(1);
    expect(Object.keys(byName.Ann.weapons).sort()).toEqual(["blaster", "rail", "rocket", "scatter"]);
    expect(byName.Ann.rating).not.toBeNull();

    // The round is among the recent ones, and the profile and the leaderboard know of it.
    expect((await api<{ id: string }[]>("/api/matches")).body.map((m) => m.id)).toContain(matchId);
    const profile = await api<{ totals: { rounds: number; kills: number }; ratings: { ffa: { ordinal: number } | null } }>(`/api/players/${ann.id}`);
    expect(profile.body.totals).toMatchObject({ rounds: 1, kills: 1 });
    const bobs = await api<{ ratings: { ffa: { ordinal: number } | null } }>(`/api/players/${bob.id}`);
    expect(profile.body.ratings.ffa!.ordinal).toBeGreaterThan(bobs.body.ratings.ffa!.ordinal);
    const board = await api<{ playerId: string; rank: number }[]>("/api/leaderboard?period=day&kind=ffa");
    expect(board.body[0]).toMatchObject({ playerId: ann.id, rank: 1 });
    await leaveAll();
  });

  it("keeps the round's replay: served as stored, it plays to the round's end as the players saw it", async () => {
    const view = await eventually(() => api<{ replay: boolean }>(`/api/matches/${matchId}`), (r) => r.body.replay === true, "the replay kept");
    expect(view.status).toBe(200);
    const res = await fetch(`${server.httpUrl}/api/matches/${matchId}/replay`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/octet-stream/);
    const read = await unpackReplay(new Uint8Array(await res.arrayBuffer()));
    if (!read.ok) throw new Error(read.error);
    expect(read.value.meta).toMatchObject({ id: matchId, mode: "ffa" });
    const player = new ReplayPlayer(read.value, () => 0);
    try {
      player.seek(player.duration);
      const state = player.room.state;
      // It ends on the results, with the round's players (the guest too: a replay shows what was seen).
      expect(state.phase).toBe(Phase.Results);
      expect([...state.crafts.values()].map((c) => c.name).sort()).toEqual(["Ann", "Bob", "Mallory"]);
      expect([...state.crafts.values()].find((c) => c.name === "Ann")?.kills).toBe(1);
    } finally {
      player.close();
    }
    expect((await fetch(`${server.httpUrl}/api/matches/nope/replay`)).status).toBe(404);
  });

  it("answers bad or unknown requests plainly", async () => {
    expect((await api<{ error: string }>("/api/matches/nope")).status).toBe(404);
    expect((await api<{ error: string }>("/api/players/not-an-id")).status).toBe(400);
    const badPeriod = await api<{ error: string }>("/api/leaderboard?period=year");
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.error).toMatch(/period/);
    // The page checks its saved identity: Ann's is valid; with a guessed secret it is not.
    const check = (secret: string) => api<{ valid: boolean }>("/api/players/check", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: ann.id, secret }) });
    expect((await check(ann.secret)).body.valid).toBe(true);
    expect((await check("guess")).body.valid).toBe(false);
    const stolen = await api<{ error: string }>("/api/players/transfer", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: ann.id, secret: "guess" }) });
    expect(stolen.status).toBe(403);
  });

  it("keeps a round cut short by a shutdown, marked interrupted, and every record survives the server", async () => {
    const a = await join(server.url, "Ann", { playerId: ann.id, secret: ann.secret });
    await waitFor(a, (s) => s.phase === Phase.Playing && s.crafts.size === 1, "a new round");
    const cut = `${a.roomId}-${a.state.round}`;
    // Half a second of play: a round nobody played at all is nothing to keep.
    const from = a.state.tick;
    await waitFor(a, (s) => s.tick > from + 30, "half a second of play");
    // The operator stops the server mid-round (SIGTERM does this).
    stopped = true;
    await server.stop();
    // By the time the server has stopped, everything waiting was written (an outbox left with
    // files would mean the shutdown never flushed it: a process exits right after).
    expect(readdirSync(path.join(dataDir, "outbox")).filter((f) => f.endsWith(".json"))).toEqual([]);
    const store = await Store.open({ dataDir });
    try {
      const interrupted = await store.getMatch(cut);
      expect(interrupted?.interrupted).toBe(true);
      // Its replay too, up to where the server stopped, and the finished round's.
      expect(interrupted?.replay).toBe(true);
      const cutReplay = await unpackReplay((await store.getReplay(cut))!);
      expect(cutReplay.ok && cutReplay.value.meta.interrupted).toBe(true);
      expect((await unpackReplay((await store.getReplay(matchId))!)).ok).toBe(true);
      expect(interrupted?.players.map((p) => p.name)).toEqual(["Ann"]);
      expect((await store.getMatch(matchId))?.players.length).toBe(2);
    } finally {
      await store.close();
    }
  });
});
