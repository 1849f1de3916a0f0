import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../shared/net/messages";
import { ArenaState } from "../../shared/schema/ArenaState";
import { leaveRoom, waitFor } from "./harness";
import { type Redis, type ServerProcess, startRedis, startServerProcess } from "../../testkit/processes";

// Three server processes sharing rooms and matchmaking through a real Redis.
let redis: Redis;
let procs: ServerProcess[] = [];
const joined: Room[] = [];

beforeAll(async () => {
  redis = await startRedis();
  procs = await Promise.all([0, 1, 2].map(() => startServerProcess({ REDIS_URL: redis.url })));
}, 60_000);

afterAll(async () => {
  await Promise.all(joined.map((r) => leaveRoom(r)));
  await Promise.all(procs.map((p) => p.stop()));
  redis?.stop();
});

const via = (p: ServerProcess) => new ArenaClient(p.url);
const track = <T extends Room>(r: T) => (joined.push(r), r);
/** The port of the process a client's WebSocket went to: the process holding its room. */
const portOf = (room: Room) => Number(new URL(room.connection.url!).port);
const listed = async (p: ServerProcess) => ((await (await fetch(`${p.httpUrl}/api/rooms`)).json()) as { rooms: { id: string }[] }).rooms.map((r) => r.id);

async function quickPlay(p: ServerProcess, name: string) {
  const res = await fetch(`${p.httpUrl}/api/quickplay`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name }) });
  const reservation = await res.json();
  const room = track(await via(p).consumeSeatReservation(reservation, ArenaState));
  return { room, address: reservation.publicAddress as string };
}

describe("several processes through Redis", () => {
  const rooms: { room: Room<ArenaState>; address: string }[] = [];

  it("spread new rooms over the processes, and list every process's rooms everywhere", async () => {
    for (let i = 0; i < 3; i++) {
      const room = track(await via(procs[0]).create("arena", { name: `Opener${i}` }, ArenaState));
      await waitFor(room, (s) => s.tick > 0, "the room running");
      rooms.push({ room, address: "" });
      // Processes publish their room counts at most once a second; new rooms go to the emptiest.
      await new Promise((r) => setTimeout(r, 1200));
    }
    const hosts = new Set(rooms.map((r) => portOf(r.room)));
    expect(hosts.size).toBeGreaterThanOrEqual(2);
    for (const p of procs) expect((await listed(p)).sort()).toEqual(rooms.map((r) => r.room.roomId).sort());
  });

  it("lets quick play through any process land in a room on another", async () => {
    const seen = new Set<string>();
    for (const p of procs) {
      const { room, address } = await quickPlay(p, `Quick-${p.port}`);
      expect(rooms.map((r) => r.room.roomId)).toContain(room.roomId);
      await waitFor(room, (s) => s.crafts.has(room.sessionId), "own craft");
      seen.add(`${p.port}->${address}`);
    }
    // At least one player was served by a process other than the one it asked.
    expect([...seen].some((hop) => { const [from, to] = hop.split("->"); return !to.endsWith(`:${from}`); })).toBe(true);
  });

  it("resolves a private code made on one process through another, and joins it", async () => {
    const host = track(await via(procs[0]).create("arena", { name: "Host", private: true }, ArenaState));
    await waitFor(host, (s) => s.code.length === 6, "the code");
    const res = await fetch(`${procs[2].httpUrl}/api/rooms/${host.state.code}`);
    expect(res.status).toBe(200);
    const { id } = await res.json();
    const friend = track(await via(procs[1]).joinById(id, { name: "Friend" }, ArenaState));
    await waitFor(host, (s) => s.crafts.has(friend.sessionId), "the friend in the host's room");
  });

  it("gives a dropped player the seat back through another process", async () => {
    const { room } = await quickPlay(procs[1], "Dropper");
    await waitFor(room, (s) => s.crafts.has(room.sessionId), "own craft");
    const token = room.reconnectionToken;
    await room.leave(false);
    const back = track(await via(procs[2]).reconnect<ArenaState>(token, ArenaState));
    expect(back.sessionId).toBe(room.sessionId);
    await waitFor(back, (s) => s.crafts.has(back.sessionId), "the same craft");
  });

  it("drops a stopped process's rooms from the list while the others keep serving", async () => {
    // Stop a process that holds some of the public rooms.
    const victim = procs.find((p) => p.port === portOf(rooms[0].room))!;
    const doomed = rooms.filter((r) => portOf(r.room) === victim.port).map((r) => r.room.roomId);
    const before = await listed(procs.find((p) => p !== victim)!);
    const told = Promise.all(
      rooms.filter((r) => portOf(r.room) === victim.port).map((r) => new Promise<number>((resolve) => r.room.onLeave((code) => resolve(code)))),
    );
    await victim.stop("SIGTERM");
    // Its players heard why (and no ghost of their rooms stays listed, below).
    expect(new Set(await told)).toEqual(new Set([ErrorCode.ServerRestarting]));
    const survivors = procs.filter((p) => p !== victim);
    // Which rooms lived on the stopped process: the ones whose players were disconnected.
    await new Promise((r) => setTimeout(r, 1000));
    const after = await listed(survivors[0]);
    expect(after.sort()).toEqual(before.filter((id) => !doomed.includes(id)).sort());
    expect(doomed.length).toBeGreaterThan(0);
    expect((await listed(survivors[1])).sort()).toEqual([...after].sort());
    // The survivors still serve: quick play through one of them gets a running room.
    const { room } = await quickPlay(survivors[1], "Survivor");
    const start = room.state.tick;
    await waitFor(room, (s) => s.tick > start + 30, "the room ticking");
  });

  it("drops a killed process's rooms (SIGKILL: no goodbye) from every list within seconds, and never offers them", async () => {
    const alive = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    // A private room on each living process, so the one that dies surely held one. Matchmaking
    // puts a new room on the least busy process, whichever process was asked: keep creating
    // until each holds one (the busier one's turn comes as the other fills up).
    const held = new Map<ServerProcess, string>();
    for (let i = 0; i < 40 && held.size < alive.length; i++) {
      const room = track(await via(alive[i % alive.length]).create("arena", { name: `Held${i}`, private: true }, ArenaState));
      await waitFor(room, (s) => s.code !== "", "the room's code");
      const owner = alive.find((q) => q.port === portOf(room));
      if (owner && !held.has(owner)) held.set(owner, room.state.code);
    }
    const [victim, survivor] = alive;
    const code = held.get(victim)!;
    expect(code).toBeTruthy();
    const ghosts = await listed(survivor);
    const killedAt = Date.now();
    await victim.stop("SIGKILL");
    // Poll the survivor's list until the victim's rooms are gone (the bound is the figure to meet, not a sleep).
    let lookup = 200;
    while (Date.now() - killedAt < 10_000) {
      lookup = (await fetch(`${survivor.httpUrl}/api/rooms/${code}`)).status;
      if (lookup === 404) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(lookup).toBe(404);
    console.log(`a killed process's rooms left the other lists ${Date.now() - killedAt} ms after SIGKILL`);
    expect(ghosts.length).toBeGreaterThan(0);
    // Quick play through the survivor lands in a running room on a living process.
    const { room } = await quickPlay(survivor, "After the crash");
    expect(portOf(room)).not.toBe(victim.port);
    const start = room.state.tick;
    await waitFor(room, (s) => s.tick > start + 30, "the room ticking");
  });
});
