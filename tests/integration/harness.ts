// Starts the real server in this process on a free loopback port, and joins it with real
// @colyseus/sdk clients over WebSocket.

import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import type { WebSocketTransport } from "@colyseus/ws-transport";
import { ArenaClient } from "../../game/net/ArenaClient";
import { startServer, type RunningServer } from "../../server/app";
import { DEFAULTS, NO_RECORDS, type ServerConfig } from "../../server/config";
import { type ArenaRoom, arenaRoomFor } from "../../server/rooms/ArenaRoom";
import { wsServerOf } from "../../server/rooms/seam";
import type { Clock } from "../../server/rooms/TickLoop";
import { ArenaSession, type Controls } from "../../game/net/ArenaSession";
import { decodeEvents, type GameEvent } from "../../shared/net/events";
import { ClientMessage, onMessage, sendMessage, ServerMessage, ToClient, ToServer } from "../../shared/net/messages";
import { PoseTable, readSnapshot } from "../../shared/net/poses";
import { ArenaState } from "../../shared/schema/ArenaState";
import { freePort } from "../../testkit/net";

export interface TestServer {
  url: string;
  httpUrl: string;
  server: RunningServer;
  config: ServerConfig;
  /** The live room object behind a client's room (same process). */
  roomOf(room: Room): ArenaRoom;
  /** WebSocket connections the server holds open right now (closed ones drop out when it sees them close). */
  openSockets(): number;
  stop(): Promise<void>;
}

export async function startTestServer(over: Partial<ServerConfig> = {}): Promise<TestServer> {
  const port = await freePort();
  // Every test client comes from 127.0.0.1: the per-address limits are tested on their own.
  const config: ServerConfig = {
    ...DEFAULTS,
    // Records only where a test is about them (it passes a dataDir of its own).
    dataDir: NO_RECORDS,
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
    openSockets: () => wsServerOf(server.gameServer.transport as WebSocketTransport).clients.size,
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

/**
 * Resolves when `check()` holds, looking every millisecond or so: for what no patch
 * announces (a server-side counter, a list a message handler fills). Rejects after
 * `timeoutMs` with `what`.
 */
export function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const look = () => {
      const result = check();
      if (result) return resolve(result);
      if (performance.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(look, 1);
    };
    look();
  });
}

let roundTrips = 0;

/**
 * One ping on `room`'s socket, answered by its pong; resolves with the server's tick when
 * it handled the ping. A socket's messages are handled in order and answered in order, so
 * by then every message `room` sent before has been handled, and everything the server
 * sent it in answer (errors, pongs, chat lines to it) has arrived: what has not come by
 * now is not coming. (Chat is the exception: its rate check answers a moment later.)
 */
export function roundTrip(room: Room, timeoutMs = 10_000): Promise<number> {
  // Far from the tokens ArenaSession counts up from 0, so its pings and ours never mix.
  const token = 0xc0000000 + ++roundTrips;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for the pong to ping ${token}`));
    }, timeoutMs);
    const stop = onMessage(room, ToClient.Pong, (pong) => {
      if (pong.token !== token) return;
      clearTimeout(timer);
      stop();
      resolve(pong.tick);
    }) as () => void;
    sendMessage(room, ToServer.Ping, token);
  });
}

/**
 * `roundTrip(room)`, then a patch of a later tick at each of `viewers`: every message
 * `room` sent before has been handled, and whatever state it changed is in their state.
 */
export async function settled(room: Room<ArenaState>, viewers: Room<ArenaState>[] = [room]): Promise<void> {
  const tick = await roundTrip(room);
  await Promise.all(viewers.map((v) => waitFor(v, (s) => s.tick > tick, "a patch after the round trip")));
}

/** Resolves once the server-side room has called `onLeave` for `sessionId` (a leave, or a held seat whose window passed). */
export function serverLeave(arena: ArenaRoom, sessionId: string, timeoutMs = 10_000): Promise<void> {
  const own = arena.onLeave;
  const restore = () => {
    if (arena.onLeave !== own) delete (arena as { onLeave?: unknown }).onLeave;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      restore();
      reject(new Error(`timed out waiting for ${sessionId} to leave the room`));
    }, timeoutMs);
    arena.onLeave = function (this: ArenaRoom, client, code) {
      own.call(this, client, code);
      if (client.sessionId !== sessionId) return;
      clearTimeout(timer);
      restore();
      resolve();
    };
  });
}

/** A clock a test moves by hand (for rooms made by `steppedRoomType`). */
export class SteppedClock implements Clock {
  constructor(private ms = 0) {}
  now(): number {
    return this.ms;
  }
  step(ms: number): void {
    this.ms += ms;
  }
}

let steppedTypes = 0;

/**
 * Defines, on the test server, an arena room type whose tick loop and guards read `clock`
 * instead of the time; returns its name (join it by that name instead of "arena").
 */
export function steppedRoomType(server: TestServer, clock: Clock): string {
  const name = `arena-stepped-${++steppedTypes}`;
  server.server.gameServer.define(name, arenaRoomFor(server.config, clock));
  return name;
}

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

/**
 * Leaves a room; a room whose socket is already gone counts as left. The 2 s timer is a
 * bound, not a wait: a leave the server never answers gives up then instead of hanging.
 */
export function leaveRoom(room: Room): Promise<unknown> {
  if (!room.connection.isOpen) return Promise.resolve();
  return Promise.race([room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
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
