// A private room's watch delay, end to end on a real server with real clients: with a delay
// set, a watcher gets nothing of the live game (no patches, no poses, no events), only the
// delayed stream, which shows the game as it was that many seconds ago; taking a seat brings
// the live game back whole; lifting the delay does the same for every watcher.

import { Room } from "@colyseus/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ArenaSession } from "../../game/net/ArenaSession";
import { ArenaClient } from "../../game/net/ArenaClient";
import { feedRecord } from "../../game/replay/feed";
import { ReplayRoom } from "../../game/replay/ReplayRoom";
import { GAME } from "../../shared/config";
import { onMessage, ServerMessage, ToClient, ToServer, sendMessage } from "../../shared/net/messages";
import { RecordKind, type ReplayRecord } from "../../shared/replay/format";
import { ArenaState } from "../../shared/schema/ArenaState";
import { leaveAll, leaveRoom, startTestServer, type TestServer, until, waitFor } from "./harness";

let server: TestServer;
const rooms: Room<ArenaState>[] = [];
beforeAll(async () => {
  server = await startTestServer({ mode: "ffa" });
});
afterAll(() => server.stop());
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => leaveRoom(r)));
  await leaveAll();
});

/** A private room of its own, with its host. */
async function privateRoom(): Promise<Room<ArenaState>> {
  const host = await new ArenaClient(server.url).create("arena", { name: "Host", private: true }, ArenaState);
  rooms.push(host);
  await waitFor(host, (s) => s.code.length > 0, "the room's code");
  return host;
}

async function joinRoom(host: Room<ArenaState>, name: string, options: Record<string, unknown> = {}): Promise<Room<ArenaState>> {
  const room = await new ArenaClient(server.url).joinById(host.roomId, { name, ...options }, ArenaState);
  rooms.push(room);
  return room;
}

/** What a watcher's page makes of the delayed stream: a ReplayRoom fed as batches come, over the real room. */
function delayedView(room: Room<ArenaState>) {
  const late = new ReplayRoom(room);
  const session = new ArenaSession(late.asRoom(), { pingIntervalMs: 3_600_000 });
  const batches: ReplayRecord[][] = [];
  onMessage(room, ToClient.Delayed, (records) => {
    batches.push(records);
    for (let i = 0; i < records.length; ) i = feedRecord(late, session, records, i);
  });
  return { late, session, batches };
}

/** Counts what a client gets of the live game (the state on joining is not a patch: it is the first state seen). */
function liveCount(room: Room<ArenaState>) {
  const got = { patches: 0, snapshots: 0, states: 0 };
  room.onStateChange(() => (got.states++ > 0 ? got.patches++ : undefined));
  room.onMessage(ServerMessage.Snapshot, () => got.snapshots++);
  return got;
}

describe("a watch delay", () => {
  it("shows watchers the game as it was, never as it is, until they take a seat", async () => {
    const host = await privateRoom();
    const arena = server.roomOf(host);
    sendMessage(host, ToServer.Settings, { watchDelay: 10 });
    await waitFor(host, (s) => s.watchDelay === 10, "the delay set");

    const watcher = await joinRoom(host, "Eye", { spectate: true });
    const live = liveCount(watcher);
    const view = delayedView(watcher);
    await until(() => live.states > 0, "the state on joining");
    const joinedTick = watcher.state.tick;
    // Asking for everyone's pose (as a page does on joining) brings nothing either.
    sendMessage(watcher, ToServer.Keyframe, undefined);
    // Nothing is due until the room is ten seconds old; then it comes in step with the game.
    await until(() => view.session.ready && view.late.state.tick > 0, "the delayed game", 20_000);
    const lag = arena.match.tick - view.late.state.tick;
    const delayTicks = 10 * GAME.net.tickHz;
    expect(lag).toBeGreaterThanOrEqual(delayTicks);
    expect(lag).toBeLessThan(delayTicks + GAME.net.tickHz);
    expect(view.batches[0][0].kind).toBe(RecordKind.Reset);
    // The live game never came: no patch after the join's state, no poses, no events.
    expect(live.patches).toBe(0);
    expect(live.snapshots).toBe(0);
    expect(watcher.state.tick).toBe(joinedTick);
    // What it shows is the room as it was: the host's craft under its name.
    expect([...view.late.state.crafts.values()].map((c) => c.name)).toEqual(["Host"]);
    // Every record sent was ten seconds old when sent (checked at the end: nothing newer ever arrives).
    const newest = Math.max(...view.batches.flat().map((r) => r.tick));
    expect(arena.match.tick - newest).toBeGreaterThanOrEqual(delayTicks - GAME.net.tickHz / GAME.net.patchHz);

    // A seat: the whole live state at once, then patches as any player gets.
    sendMessage(watcher, ToServer.TakeSeat, undefined);
    await waitFor(watcher, (s) => s.crafts.has(watcher.sessionId) && s.tick > arena.match.tick - GAME.net.tickHz, "the live game, with a craft");
    const after = live.patches;
    await until(() => live.patches > after + 5, "patches again");
    expect(watcher.state.crafts.get(watcher.sessionId)?.name).toBe("Eye");
    expect(watcher.state.tick).toBeGreaterThan(arena.match.tick - GAME.net.tickHz);
  }, 40_000);

  it("when lifted, gives every watcher the live game back", async () => {
    const host = await privateRoom();
    const arena = server.roomOf(host);
    sendMessage(host, ToServer.Settings, { watchDelay: 30 });
    await waitFor(host, (s) => s.watchDelay === 30, "the delay set");
    const watcher = await joinRoom(host, "Eye", { spectate: true });
    const live = liveCount(watcher);
    await until(() => live.states > 0, "the state on joining");
    // A moment with the delay on: nothing live arrives.
    const tick = arena.match.tick;
    await until(() => arena.match.tick > tick + 30, "half a second");
    expect(live.patches).toBe(0);
    sendMessage(host, ToServer.Settings, { watchDelay: 0 });
    await waitFor(watcher, (s) => s.watchDelay === 0 && s.tick > arena.match.tick - GAME.net.tickHz, "the live game back");
    const back = live.patches;
    await until(() => live.patches > back + 5, "patches again");
    expect(live.snapshots).toBeGreaterThan(0);
  });

  it("is the host's alone to set, and only to 0, 10 or 30 seconds", async () => {
    const host = await privateRoom();
    const guest = await joinRoom(host, "Guest");
    const errors: string[] = [];
    guest.onError((_code, message) => errors.push(message ?? ""));
    host.onError((_code, message) => errors.push(message ?? ""));
    sendMessage(guest, ToServer.Settings, { watchDelay: 30 });
    sendMessage(host, ToServer.Settings, { watchDelay: 5 });
    await until(() => errors.length >= 2, "both refused");
    expect(errors.join(" | ")).toMatch(/only the host/);
    expect(errors.join(" | ")).toMatch(/watchDelay must be one of 0, 10, 30/);
    expect(host.state.watchDelay).toBe(0);
  });
});
