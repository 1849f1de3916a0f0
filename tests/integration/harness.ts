// Starts the real server in this process on a free loopback port, and joins it with real
// colyseus.js clients over WebSocket.

import net from "node:net";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { startServer, type RunningServer } from "../../server/app";
import { DEFAULTS, type ServerConfig } from "../../server/config";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom";
import { ArenaSession, type Controls } from "../../game/net/ArenaSession";
import { decodeEvents, type GameEvent } from "../../shared/net/events";
import { ClientMessage, ServerMessage } from "../../shared/net/messages";
import { PoseTable, readSnapshot } from "../../shared/net/poses";
import { ArenaState } from "../../shared/schema/ArenaState";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestServer {
  url: string;
  httpUrl: string;
  server: RunningServer;
  config: ServerConfig;
  /** The live room object behind a client's room (same process). */
  roomOf(room: Room): ArenaRoom;
  stop(): Promise<void>;
}

export async function startTestServer(over: Partial<ServerConfig> = {}): Promise<TestServer> {
  const port = await freePort();
  // Every test client comes from 127.0.0.1: the per-address limits are tested on their own.
  const config: ServerConfig = {
    ...DEFAULTS,
    host: "127.0.0.1",
    port,
    clientDir: ".test-artifacts/no-client",
    botFill: 0,
    connectionsPerAddress: 0,
    joinsPerMinute: 1_000_000,
    ...over,
  };
  const server = await startServer(config, { gracefulShutdown: false });
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    server,
    config,
    roomOf: (room) => matchMaker.getLocalRoomById(room.roomId) as ArenaRoom,
    stop: () => server.stop(),
  };
}

const joined: Room[] = [];
const players: Player[] = [];

export async function join(url: string, name: string, options: Record<string, unknown> = {}): Promise<Room<ArenaState>> {
  const room = await new ArenaClient(url).joinOrCreate("arena", { name, ...options }, ArenaState);
  joined.push(room);
  return room;
}

/** Leaves every room the test joined (call from afterEach), so one failure does not leak into the next test. */
export async function leaveAll(): Promise<void> {
  for (const p of players.splice(0)) p.stop();
  await Promise.all(joined.splice(0).map((r) => leaveRoom(r)));
}

/** Resolves when `check` holds after a patch; rejects after `timeoutMs` with `what`. */
export function waitFor<T>(room: Room<ArenaState>, check: (state: ArenaState) => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check(room.state);
    if (first) return resolve(first);
    const timer = setTimeout(() => {
      room.onStateChange.remove(listener);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const listener = (state: ArenaState) => {
      const result = check(state);
      if (result) {
        clearTimeout(timer);
        room.onStateChange.remove(listener);
        resolve(result);
      }
    };
    room.onStateChange(listener);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What a raw client (no ArenaSession) sees of others: their poses (asks for a keyframe) and
 * the game events, as the Snapshot and Events messages bring them.
 */
export function watchSnapshots(room: Room<ArenaState>): { poses: PoseTable; events: GameEvent[] } {
  const seen = { poses: new PoseTable(), events: [] as GameEvent[] };
  const addEvents = (bytes: Uint8Array) => {
    const decoded = decodeEvents(bytes);
    if (decoded.ok) seen.events.push(...decoded.value);
  };
  room.onMessage(ServerMessage.Snapshot, (bytes: Uint8Array) => {
    const events = readSnapshot(bytes, seen.poses);
    if (events) addEvents(events);
  });
  room.onMessage(ServerMessage.Events, addEvents);
  room.sendBytes(ClientMessage.Keyframe, new Uint8Array(0));
  return seen;
}

/** Leaves a room; a room whose socket is already gone counts as left. */
export function leaveRoom(room: Room): Promise<unknown> {
  if (!room.connection.isOpen) return Promise.resolve();
  return Promise.race([room.leave().catch(() => undefined), sleep(2000)]);
}

/** A headless player: the real client netcode, driven at ~60 frames a second (or slower). */
export class Player {
  readonly session: ArenaSession;
  controls: Controls = { buttons: 0, aim: 0 };
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    readonly room: Room<ArenaState>,
    frameMs = 16,
  ) {
    this.session = new ArenaSession(room);
    this.timer = setInterval(() => this.session.frame(this.controls), frameMs);
    players.push(this);
  }

  stop(): void {
    clearInterval(this.timer);
    this.session.close();
  }

  get me() {
    return this.room.state.crafts.get(this.room.sessionId)!;
  }

  async leave(): Promise<void> {
    this.stop();
    await leaveRoom(this.room);
  }
}
