// Hostile clients against the real server: floods, oversized messages, too many connections
// or joins from one address, pages of another protocol version, kicked and expelled players
// trying to come back, and what every role may send. (The fuzzer lives in bench/reliability.)

import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { afterEach, describe, expect, it } from "vitest";
import { encodeInputs } from "../../shared/net/input";
import { ClientMessage, ErrorCode, PROTOCOL_VERSION, ServerMessage } from "../../shared/net/messages";
import { encodePing } from "../../shared/net/ping";
import { ArenaState } from "../../shared/schema/ArenaState";
import type { ServerConfig } from "../../server/config";
import { leaveAll, leaveRoom, roundTrip, settled, startTestServer, SteppedClock, steppedRoomType, type TestServer, until, waitFor } from "./harness";
import { startServerProcess } from "../../testkit/processes";

const servers: TestServer[] = [];
const rooms: Room[] = [];

async function serve(over: Partial<ServerConfig> = {}): Promise<TestServer> {
  const server = await startTestServer(over);
  servers.push(server);
  return server;
}

async function enter(server: TestServer, options: Record<string, unknown> = {}, how: "joinOrCreate" | "create" = "joinOrCreate"): Promise<Room<ArenaState>> {
  const room = await new ArenaClient(server.url)[how]("arena", { name: "Someone", ...options }, ArenaState);
  rooms.push(room);
  return room;
}

const leftWith = (room: Room) => new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => leaveRoom(r)));
  await leaveAll();
  for (const s of servers.splice(0)) await s.stop();
});

describe("floods", () => {
  it("drops a flooder's messages over the rate and disconnects it within a second, while the room plays on", async () => {
    const server = await serve();
    const honest = await enter(server, { name: "Honest" });
    const flooder = await enter(server, { name: "Flood" });
    const room = server.roomOf(honest);
    await waitFor(honest, (s) => s.crafts.has(flooder.sessionId), "the flooder seated");
    const gone = leftWith(flooder);
    // 10,000 messages a second: 100 every 10 ms.
    let sent = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 100 && flooder.connection.isOpen; i++, sent++) flooder.sendBytes(ClientMessage.Ping, encodePing(sent));
    }, 10);
    const code = await gone;
    clearInterval(timer);
    expect(code).toBe(ErrorCode.Abuse);
    // Cut off before one second's worth had been sent.
    expect(sent).toBeLessThan(10_000);
    expect(room.counters.throttledMessages).toBeGreaterThan(0);
    expect(room.counters.abusers).toBe(1);
    // No seat is held for a flooder, and the honest player's room keeps ticking.
    const tick = honest.state.tick;
    await waitFor(honest, (s) => !s.crafts.has(flooder.sessionId), "the flooder's craft gone");
    await waitFor(honest, (s) => s.tick > tick + 30, "the room ticking on");
    expect(honest.connection.isOpen).toBe(true);
  });

  it("lets a client at its message rate through untouched", async () => {
    const server = await serve({ messageRate: 60 });
    // The room reads the time off a clock the test moves: the rate below is the rate it sees.
    const clock = new SteppedClock();
    const player = await new ArenaClient(server.url).create<ArenaState>(steppedRoomType(server, clock), { name: "Someone" }, ArenaState);
    rooms.push(player);
    const room = server.roomOf(player);
    const pongs: number[] = [];
    player.onMessage(ServerMessage.Pong, () => pongs.push(1));
    // 50 a second for a second and a half: under the limit of 60. Each ping is answered (or
    // dropped) before the clock moves on to the next.
    for (let i = 0; i < 75 && room.counters.throttledMessages === 0; i++) {
      clock.step(20);
      player.sendBytes(ClientMessage.Ping, encodePing(i));
      await until(() => pongs.length > i || room.counters.throttledMessages > 0, `ping ${i} answered or dropped`);
    }
    expect(room.counters.throttledMessages).toBe(0);
    expect(pongs.length).toBe(75);
    expect(player.connection.isOpen).toBe(true);
  });

  it("closes a connection that sends a message over the size limit", async () => {
    const server = await serve({ maxMessageBytes: 1024 });
    const bystander = await enter(server, { name: "Bystander" });
    const big = await enter(server, { name: "Big" });
    const gone = leftWith(big);
    big.sendBytes(ClientMessage.Input, new Uint8Array(4096));
    expect(await gone).toBe(1009); // "message too big"
    const tick = bystander.state.tick;
    await waitFor(bystander, (s) => s.tick > tick + 10, "the room ticking on");
  });
});

describe("limits per address", () => {
  it("refuses connections past the limit for one address, and takes them again when one closes", async () => {
    const server = await serve({ connectionsPerAddress: 2 });
    const first = await enter(server);
    await enter(server);
    await expect(enter(server)).rejects.toThrow();
    await leaveRoom(first);
    // The server counts a connection closed once it sees it close.
    await until(() => server.openSockets() === 1, "the server to see the first connection closed");
    await enter(server);
  });

  it("answers joins beyond the rate with 429, through Quick Play and through matchmaking", async () => {
    const server = await serve({ joinsPerMinute: 3 });
    const quick = () => fetch(`${server.httpUrl}/api/quickplay`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "Q" }) });
    for (let i = 0; i < 3; i++) expect((await quick()).status).toBe(200);
    const refused = await quick();
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatch(/Too many joins/);
    await expect(enter(server)).rejects.toThrow(/Too many joins/);
  });

  it("refuses matchmaking bodies that are too large before reading them", async () => {
    const server = await serve();
    const res = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/arena`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(20_000) }),
    });
    expect(res.status).toBe(413);
  });
});

describe("protocol versions", () => {
  it("refuses a page of another version with a message that says to reload, and takes the right one", async () => {
    const server = await serve();
    const err = await enter(server, { version: PROTOCOL_VERSION + 1 }).catch((e: { code?: number; message?: string }) => e);
    expect(err).toMatchObject({ code: ErrorCode.VersionMismatch, message: expect.stringMatching(/Reload/) });
    const res = await fetch(`${server.httpUrl}/api/quickplay`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "Old", version: 0 }) });
    expect(res.status).toBe(426);
    expect((await res.json()).error).toMatch(/Reload/);
    const fine = await enter(server, { version: PROTOCOL_VERSION });
    await waitFor(fine, (s) => s.crafts.has(fine.sessionId), "a craft");
  });
});

describe("roles, message by message", () => {
  it("gives a public room's players and watchers only what their role allows", async () => {
    const server = await serve({ maxPlayers: 2 });
    const player = await enter(server, { name: "Player" });
    const watcher = await enter(server, { name: "Watcher", spectate: true });
    const errors = new Map<Room, number[]>([
      [player, []],
      [watcher, []],
    ]);
    for (const [room, list] of errors) room.onError((code) => list.push(code));
    for (const room of [player, watcher]) {
      room.send(ClientMessage.Settings, { scoreLimit: 2 });
      room.send(ClientMessage.Kick, { sessionId: player.sessionId });
      room.send(ClientMessage.Restart);
    }
    player.send(ClientMessage.TakeSeat); // already playing
    watcher.send(ClientMessage.Spectate); // already watching
    watcher.sendBytes(ClientMessage.Input, encodeInputs([{ seq: 1, buttons: 8, aim: 0, viewTick: 0 }]));
    // Both have had every answer, and the player a patch made after the last of those messages.
    await roundTrip(player);
    await settled(watcher, [player]);
    const { NotAllowed } = ErrorCode;
    expect(errors.get(player)).toEqual([NotAllowed, NotAllowed, NotAllowed, NotAllowed]);
    expect(errors.get(watcher)).toEqual([NotAllowed, NotAllowed, NotAllowed, NotAllowed]);
    // A watcher's input is dropped without a word (a race just after stepping out, not garbage).
    expect(server.roomOf(watcher).counters.staleInputs).toBe(1);
    // Nothing changed, and a watcher may still chat and ping.
    expect(player.state.scoreLimit).not.toBe(2);
    expect(player.state.crafts.has(player.sessionId)).toBe(true);
    expect(player.state.crafts.has(watcher.sessionId)).toBe(false);
  });

  it("refuses a watcher's seat when the room is full, and a kicked player's way back by reconnection", async () => {
    const server = await serve({ maxPlayers: 2 });
    const host = await enter(server, { name: "Host", private: true }, "create");
    const guest = await new ArenaClient(server.url).joinById<ArenaState>(host.roomId, { name: "Guest", key: "guest-key" }, ArenaState);
    rooms.push(guest);
    const watcher = await new ArenaClient(server.url).joinById<ArenaState>(host.roomId, { name: "Eye", spectate: true }, ArenaState);
    rooms.push(watcher);
    const watcherErrors: number[] = [];
    watcher.onError((code) => watcherErrors.push(code));
    watcher.send(ClientMessage.TakeSeat);
    await roundTrip(watcher);
    expect(watcherErrors).toEqual([ErrorCode.RoomFull]);

    const token = guest.reconnectionToken;
    const gone = leftWith(guest);
    host.send(ClientMessage.Kick, { sessionId: guest.sessionId });
    expect(await gone).toBe(ErrorCode.Kicked);
    await expect(new ArenaClient(server.url).reconnect<ArenaState>(token, ArenaState)).rejects.toThrow();
    await waitFor(host, (s) => !s.crafts.has(guest.sessionId), "the guest's seat freed");
    // The freed seat is the watcher's to take now.
    watcher.send(ClientMessage.TakeSeat);
    await waitFor(host, (s) => s.crafts.has(watcher.sessionId), "the watcher seated");
  });
});

describe("shutdown", () => {
  it("tells every client the server is restarting on SIGTERM, and exits cleanly", async () => {
    const proc = await startServerProcess({ REDIS_URL: "", PUBLIC_ADDRESS: "" });
    const client = new ArenaClient(proc.url);
    const a = await client.joinOrCreate<ArenaState>("arena", { name: "A" }, ArenaState);
    const b = await client.joinOrCreate<ArenaState>("arena", { name: "B", spectate: true }, ArenaState);
    const codes = Promise.all([leftWith(a), leftWith(b)]);
    const exited = new Promise<number | null>((resolve) => proc.child.once("exit", (code) => resolve(code)));
    proc.child.kill("SIGTERM");
    expect(await codes).toEqual([ErrorCode.ServerRestarting, ErrorCode.ServerRestarting]);
    expect(await exited).toBe(0);
  });
});
