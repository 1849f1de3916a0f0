// Two regions on one machine, sharing one Redis: "near", a process reached directly, and "far",
// a process reached only through a relay that holds every message 60 ms each way
// (testkit/LagRelay): its game traffic and the page's pings to it alike. The page's own
// matchmaking (game/net/connect, game/net/regions) measures both and Quick Play goes near.

import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArenaClient } from "../../game/net/ArenaClient";
import { measureRegions } from "../../game/net/regions";
import type { RoomSummary } from "../../shared/net/api";
import { ArenaState } from "../../shared/schema/ArenaState";
import { LagRelay } from "../../testkit/LagRelay";
import { freePort } from "../../testkit/net";
import { PagePlayer } from "../../testkit/pagePlayer";
import { type Redis, type ServerProcess, startRedis, startServerProcess } from "../../testkit/processes";
import { leaveRoom, waitFor } from "./harness";

let redis: Redis;
let relay: LagRelay;
let near: ServerProcess;
let far: ServerProcess;
const rooms: Room[] = [];
const players: PagePlayer[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const [nearPort, farPort] = [await freePort(), await freePort()];
  relay = new LagRelay(farPort, { latencyMs: 60, jitterMs: 0, stallEveryMs: 0, stallMs: 0 });
  await relay.ready();
  const farAddress = `127.0.0.1:${relay.port}`;
  [near, far] = await Promise.all([
    startServerProcess({ REDIS_URL: redis.url, REGION: "near", REGION_URL: `ws://127.0.0.1:${nearPort}` }, undefined, undefined, nearPort),
    startServerProcess({ REDIS_URL: redis.url, REGION: "far", REGION_URL: `ws://${farAddress}`, PUBLIC_ADDRESS: farAddress }, undefined, undefined, farPort),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(players.map((p) => p.leave()));
  await Promise.all(rooms.map((r) => leaveRoom(r)));
  await Promise.all([near?.stop(), far?.stop()]);
  await relay?.close();
  redis?.stop();
});

const portOf = (room: Room) => Number(new URL(room.connection.url!).port);
const listed = async (p: ServerProcess) => ((await (await fetch(`${p.httpUrl}/api/rooms`)).json()) as { rooms: RoomSummary[] }).rooms;

describe("regions by latency", () => {
  it("names every region and where to measure it; the page measures the far one as farther", async () => {
    // Each process looks at the fleet twice a second: the other is known within a moment of starting.
    const names = async () => ((await (await fetch(`${near.httpUrl}/api/regions`)).json()).regions as { region: string }[]).map((r) => r.region).sort();
    for (let i = 0; i < 40 && (await names()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await names()).toEqual(["far", "near"]);
    const pings = await measureRegions(near.url);
    console.log(`the page's pings: ${JSON.stringify(pings)}`);
    // The relay adds 120 ms to every round trip to "far": at least that, and more than near's.
    expect(pings.far).toBeGreaterThanOrEqual(110);
    expect(pings.near).toBeLessThan(pings.far);
  });

  it("Quick Play takes the nearest region's room with a free seat, though a fuller one waits far away", async () => {
    // A public room far away with two players in it, and one near with one.
    const farRoom = await new ArenaClient(`ws://127.0.0.1:${relay.port}`).create("arena", { name: "Far1", region: "far" }, ArenaState);
    rooms.push(farRoom, await new ArenaClient(far.url).joinById(farRoom.roomId, { name: "Far2" }, ArenaState));
    expect(portOf(farRoom)).toBe(relay.port);
    const nearRoom = await new ArenaClient(near.url).create("arena", { name: "Near1", region: "near" }, ArenaState);
    rooms.push(nearRoom);
    await waitFor(nearRoom, (s) => s.tick > 0, "the near room running");
    // Asked through the far process, even: the page's pings decide.
    const player = new PagePlayer(`ws://127.0.0.1:${relay.port}`, "Traveller");
    players.push(player);
    const room = await player.quickPlay();
    expect(room.roomId).toBe(nearRoom.roomId);
    // The list says where each room is.
    const list = await listed(far);
    expect(list.find((r) => r.id === farRoom.roomId)?.region).toBe("far");
    expect(list.find((r) => r.id === nearRoom.roomId)?.region).toBe("near");
  });

  it("opens a new room in the nearest region when it has no free seat, whichever process was asked", async () => {
    const host = new PagePlayer(`ws://127.0.0.1:${relay.port}`, "Host");
    players.push(host);
    host.flow.send({ type: "create-private" });
    await host.until(() => host.playing, 15_000, "in a private room");
    expect(portOf(host.room!)).toBe(near.port);
    const listing = (await (await fetch(`${far.httpUrl}/api/rooms/${host.room!.state.code}`)).json()) as RoomSummary;
    expect(listing.region).toBe("near");
  });
});
