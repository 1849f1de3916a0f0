// The fuzzer: a live server in its own process, honest players in its rooms, and fuzzing
// clients that send generated garbage through real WebSockets — random bytes, truncated and
// oversized inputs, wrong types, out-of-range values, unknown message types, huge strings,
// deep structures, stray protocol codes — to every message type, as players, watchers and
// hosts. It reports crashes (the process exits, or logs an uncaught error), whether the
// rooms kept ticking, and what the honest players saw of the tick rate before and during.
//   npm run fuzz -- [messages=1000000] [rooms=4]

import { Protocol } from "@colyseus/core";
import { pack } from "@colyseus/msgpackr";
import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../game/net/ArenaClient";
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { encodeInputs } from "../shared/net/input";
import { ClientMessage, ErrorCode, ServerMessage } from "../shared/net/messages";
import { encodePing } from "../shared/net/ping";
import { ArenaState } from "../shared/schema/ArenaState";
import { SeededRandom } from "../shared/sim/random";
import { sleep } from "./net";
import { startServerProcess } from "./processes";

// Colyseus' envelope codes (the first byte of every frame).
const { JOIN_ROOM, LEAVE_ROOM, ROOM_DATA, ROOM_DATA_BYTES, ERROR } = Protocol;
const TYPES = Object.values(ClientMessage);
/** Messages a fuzzer sends before waiting for the server to have read them. */
const BURST = 40;

export interface FuzzOptions {
  messages: number;
  rooms: number;
  /** Where to report progress (the CI variant stays quiet). */
  log?: (line: string) => void;
}

export interface FuzzReport {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** Server process exits plus uncaught exceptions / unhandled rejections in its log. */
  crashes: number;
  /** Message kinds sent, by generator. */
  byKind: Record<string, number>;
  /** Fuzzing connections the server closed (for abuse or oversize), by close code. */
  closes: Record<string, number>;
  /** Error replies the fuzzers received (clear refusals). */
  errorReplies: number;
  /** Messages the server surely read: in bursts it answered (the rest went with connections it closed). */
  received: number;
  /** Messages the server counted as refused (its /metrics). */
  refusedByServer: number;
  /** Per honest player: ticks per second and p99 gap between patches, before and during. */
  honest: { before: TickStats; during: TickStats }[];
  /** The server's tick durations (all rooms), before and during. */
  server: { before: ServerTicks; during: ServerTicks };
  roomsTicking: boolean;
  serverHealthy: boolean;
}

export interface TickStats {
  ticksPerSecond: number;
  patchGapP99Ms: number;
}

/** The server's own tick durations over a window: p99 as the histogram bucket it falls in. */
export interface ServerTicks {
  ticks: number;
  p99UpToMs: number;
}

export async function tickBuckets(httpUrl: string): Promise<Map<number, number>> {
  const text = await fetch(`${httpUrl}/metrics`).then((res) => res.text());
  const buckets = new Map<number, number>();
  for (const m of text.matchAll(/^skirmish_tick_duration_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)) buckets.set(m[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2]));
  return buckets;
}

export function serverTicks(from: Map<number, number>, to: Map<number, number>): ServerTicks {
  const les = [...to.keys()].sort((a, b) => a - b);
  const total = (to.get(Number.POSITIVE_INFINITY) ?? 0) - (from.get(Number.POSITIVE_INFINITY) ?? 0);
  const le = les.find((l) => (to.get(l) ?? 0) - (from.get(l) ?? 0) >= 0.99 * total) ?? Number.POSITIVE_INFINITY;
  return { ticks: total, p99UpToMs: le * 1000 };
}

// ---- the generators -----------------------------------------------------------------------

type Gen = (r: SeededRandom) => Buffer;

const bytes = (r: SeededRandom, n: number) => Buffer.from(Array.from({ length: n }, () => r.int(256)));
const pick = <T>(r: SeededRandom, xs: readonly T[]): T => xs[r.int(xs.length)];

/** Any value msgpack can carry, including the nasty ones: huge strings, deep nesting, odd numbers. */
function value(r: SeededRandom, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0:
      return pick(r, [0, -1, 1, 2 ** 31, -(2 ** 53), 2 ** 64, Number.NaN, Number.POSITIVE_INFINITY, 1e308, -0, 0.5]);
    case 1:
      return r.int(2) === 0;
    case 2:
      return null;
    case 3:
      return "x".repeat(r.int(3) === 0 ? r.int(3000) : r.int(40)) + "\u0000\u202e<b>";
    case 4:
      return pick(r, ["__proto__", "constructor", "sessionId", "map", "scoreLimit", "text", ""]);
    case 5:
      return bytes(r, r.int(64));
    case 6: {
      // Deep nesting: a chain hundreds of levels down.
      let v: unknown = 1;
      for (let i = 0, n = r.int(500); i < n; i++) v = r.int(2) ? [v] : { a: v };
      return v;
    }
    case 7:
      return Array.from({ length: r.int(8) }, () => value(r, depth + 1));
    default: {
      const keys = ["text", "sessionId", "map", "scoreLimit", "timeLimit", "maxPlayers", "locked", "bots", "__proto__", "seq", "buttons"];
      const o: Record<string, unknown> = {};
      // defineProperty: a "__proto__" key must be an own field, as JSON.parse would make it.
      for (let i = 0, n = r.int(6); i < n; i++) Object.defineProperty(o, pick(r, keys), { value: value(r, depth + 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
  }
}

const GENERATORS: Record<string, { weight: number; make: Gen }> = {
  /** Plain noise, envelope included. */
  randomBytes: { weight: 12, make: (r) => bytes(r, r.int(200)) },
  /** A real message type with a binary body of any length and content (truncated, padded, random). */
  binaryBody: { weight: 25, make: (r) => Buffer.concat([Buffer.from([ROOM_DATA_BYTES, pick(r, TYPES)]), bytes(r, pick(r, [0, 1, 3, 4, 5, 7, 11, 20, 60, 112, 113, 400]))]) },
  /** Well-formed input batches with values out of range (buttons, seq overflow, huge view ticks). */
  inputValues: {
    weight: 15,
    make: (r) => {
      const n = 1 + r.int(16);
      const body = encodeInputs(Array.from({ length: n }, (_, i) => ({ seq: 1 + i + r.int(1000), buttons: r.int(64), aim: r.int(65536), viewTick: r.int(2 ** 27) })));
      if (r.int(2)) body[4 + r.int(body.length - 4)] = r.int(256);
      if (r.int(4) === 0) new DataView(body.buffer).setUint32(0, 2 ** 32 - 1 - r.int(8), true);
      return Buffer.concat([Buffer.from([ROOM_DATA_BYTES, ClientMessage.Input]), body]);
    },
  },
  /** A msgpack body of any shape to every type (the wrong type for binary ones, wrong fields for the rest). */
  msgpackBody: { weight: 25, make: (r) => Buffer.concat([Buffer.from([ROOM_DATA]), pack(pick(r, TYPES)), pack(value(r))]) },
  /** Message types the server does not know: numbers and strings. */
  unknownType: { weight: 8, make: (r) => Buffer.concat([Buffer.from([ROOM_DATA]), pack(pick(r, [0, 9, 99, 255, -1, 1.5, "input", "x".repeat(r.int(300)), ""])), pack(value(r))]) },
  /** Envelopes cut short: a code with nothing after it, or a type with a broken msgpack tail. */
  truncated: { weight: 8, make: (r) => Buffer.concat([Buffer.from([pick(r, [ROOM_DATA, ROOM_DATA_BYTES])]), bytes(r, r.int(3))]) },
  /** Valid-looking messages that are allowed, for contrast: pings and chat. */
  valid: {
    weight: 5,
    make: (r) =>
      r.int(2)
        ? Buffer.concat([Buffer.from([ROOM_DATA_BYTES, ClientMessage.Ping]), encodePing(r.int(2 ** 32))])
        : Buffer.concat([Buffer.from([ROOM_DATA]), pack(ClientMessage.Chat), pack({ text: "hi" })]),
  },
  /** Stray protocol codes a client should never send again (join handshake) or sends to leave. */
  protocol: { weight: 1, make: (r) => Buffer.from([pick(r, [JOIN_ROOM, JOIN_ROOM, LEAVE_ROOM, 14, 15, 16])]) },
  /** Over the size limit: the connection is closed (1009), and the fuzzer comes back. */
  oversized: { weight: 0.05, make: (r) => Buffer.concat([Buffer.from([ROOM_DATA_BYTES, ClientMessage.Input]), bytes(r, 5000 + r.int(20000))]) },
};

const TOTAL_WEIGHT = Object.values(GENERATORS).reduce((s, g) => s + g.weight, 0);

function generate(r: SeededRandom): [string, Buffer] {
  let x = r.next() * TOTAL_WEIGHT;
  for (const [kind, g] of Object.entries(GENERATORS)) {
    x -= g.weight;
    if (x < 0) return [kind, g.make(r)];
  }
  return ["randomBytes", GENERATORS.randomBytes.make(r)];
}

// ---- the clients --------------------------------------------------------------------------

interface Seat {
  roomId: string;
  processId: string;
  sessionId: string;
  error?: string;
}

async function reserve(httpUrl: string, method: string, target: string, options: object): Promise<Seat> {
  const res = await fetch(`${httpUrl}/matchmake/${method}/${target}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(options) });
  const seat = (await res.json()) as Seat;
  if (!seat.roomId) throw new Error(`no seat: ${JSON.stringify(seat)}`);
  return seat;
}

/**
 * One fuzzing connection: joins over the real protocol, then sends bursts of whatever it is
 * given, each closed by a ping; the pong says the server has read the burst (messages on a
 * connection are handled in order), so no backlog builds up that a closed connection would lose.
 */
class Fuzzer {
  private ws?: WebSocket;
  errorReplies = 0;
  /** Messages the server has surely read: bursts whose closing ping was answered. */
  read = 0;
  private pongWaiter?: (ok: boolean) => void;
  private token = 0;

  constructor(
    private readonly httpUrl: string,
    readonly roomId: string,
    /** The seat reserved when this fuzzer created the room; used once, comebacks are plain joins. */
    private firstSeat: Seat | undefined,
    private readonly asWatcher: boolean,
  ) {}

  async connect(closes: Record<string, number>): Promise<void> {
    let seat = this.firstSeat;
    this.firstSeat = undefined;
    if (!seat) {
      try {
        seat = await reserve(this.httpUrl, "joinById", this.roomId, { name: "Fuzz", spectate: this.asWatcher });
      } catch {
        seat = await reserve(this.httpUrl, "joinById", this.roomId, { name: "Fuzz", spectate: true });
      }
    }
    const ws = new WebSocket(`${this.httpUrl.replace(/^http/, "ws")}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once("error", reject);
      ws.once("close", (code) => reject(new Error(`refused (${code})`)));
      ws.on("message", (data: Buffer) => {
        if (data[0] === JOIN_ROOM) {
          ws.send(Buffer.from([JOIN_ROOM]));
          resolve();
        } else if (data[0] === ERROR) this.errorReplies++;
        else if (data[0] === ROOM_DATA_BYTES && data[1] === ServerMessage.Pong && data.readUInt32LE(2) === this.token) this.pongWaiter?.(true);
      });
    });
    ws.removeAllListeners("close");
    ws.removeAllListeners("error");
    ws.on("error", () => undefined);
    ws.once("close", (code) => {
      closes[code] = (closes[code] ?? 0) + 1;
      this.pongWaiter?.(false);
    });
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws?.terminate();
  }

  /** Sends the frames and a ping; resolves when the server has read them all (or closed). */
  async burst(frames: Buffer[]): Promise<void> {
    const ws = this.ws!;
    for (const f of frames) ws.send(f);
    this.token = (this.token + 1) >>> 0;
    const read = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      this.pongWaiter = (ok) => {
        clearTimeout(timer);
        resolve(ok);
      };
    });
    ws.send(Buffer.concat([Buffer.from([ROOM_DATA_BYTES, ClientMessage.Ping]), encodePing(this.token)]));
    if (await read) this.read += frames.length;
    this.pongWaiter = undefined;
  }
}

/** An honest player: colyseus.js with state decoding, sending an input every other tick. */
class Honest {
  readonly samples: [number, number][] = [];
  private timer?: ReturnType<typeof setInterval>;

  constructor(readonly room: Room<ArenaState>) {
    room.onStateChange((s) => this.samples.push([performance.now(), s.tick]));
    room.onMessage("*", () => {}); // events and chat: not what this player measures
    let seq = 0;
    this.timer = setInterval(() => {
      const tick = room.state.tick;
      room.sendBytes(ClientMessage.Input, encodeInputs([{ seq: ++seq, buttons: 2, aim: 0, viewTick: tick }]));
    }, 33);
  }

  stats(from: number, to: number): TickStats {
    const s = this.samples.filter(([t]) => t >= from && t <= to);
    if (s.length < 2) return { ticksPerSecond: 0, patchGapP99Ms: Number.POSITIVE_INFINITY };
    const gaps = s.slice(1).map(([t], i) => t - s[i][0]).sort((a, b) => a - b);
    return {
      ticksPerSecond: ((s[s.length - 1][1] - s[0][1]) * 1000) / (s[s.length - 1][0] - s[0][0]),
      patchGapP99Ms: gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.99))],
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

// ---- the run ------------------------------------------------------------------------------


export async function runFuzz({ messages, rooms, log = () => {} }: FuzzOptions): Promise<FuzzReport> {
  // Limits are opened up so every message reaches the decoders (the flood and abuse cut-offs
  // are tested on their own); the size limit stays, and oversized messages test it.
  const server = await startServerProcess({
    MESSAGE_RATE: "100000",
    BAD_MESSAGE_LIMIT: "1000000",
    CONNECTIONS_PER_ADDRESS: "0",
    LOG_LEVEL: "error",
    MAX_PLAYERS: "8",
    // Seats of dropped fuzzers are held briefly (the reconnection path runs) and then freed.
    RECONNECT_SECONDS: "2",
    REDIS_URL: "",
  });
  const r = new SeededRandom(20261126);
  const closes: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const fuzzers: Fuzzer[] = [];
  const honest: Honest[] = [];
  try {
    for (let i = 0; i < rooms; i++) {
      // Even rooms are private with a fuzzer as host (host-only messages reach their decoders);
      // odd rooms are public, where nobody hosts.
      const privateRoom = i % 2 === 0;
      const hostSeat = await reserve(server.httpUrl, "create", "arena", { name: "FuzzHost", private: privateRoom });
      const roomId = hostSeat.roomId;
      const host = new Fuzzer(server.httpUrl, roomId, hostSeat, false);
      await host.connect(closes);
      fuzzers.push(host, new Fuzzer(server.httpUrl, roomId, undefined, false), new Fuzzer(server.httpUrl, roomId, undefined, true));
      for (const name of ["Honest A", "Honest B"]) honest.push(new Honest(await new ArenaClient(server.url).joinById<ArenaState>(roomId, { name }, ArenaState)));
    }
    for (const f of fuzzers) if (!f.open) await f.connect(closes);
    await sleep(500);
    const beforeBuckets = await tickBuckets(server.httpUrl);
    await sleep(2000);
    const startBuckets = await tickBuckets(server.httpUrl);
    const fuzzStart = performance.now();
    let sent = 0;
    let reconnects = 0;
    let nextReport = 100_000;
    await Promise.all(
      fuzzers.map(async (f) => {
        while (sent < messages && server.child.exitCode === null) {
          if (!f.open) {
            reconnects++;
            await f.connect(closes).catch(() => sleep(100));
            continue;
          }
          const frames: Buffer[] = [];
          for (let i = 0; i < BURST && sent < messages; i++, sent++) {
            const [kind, frame] = generate(r);
            byKind[kind] = (byKind[kind] ?? 0) + 1;
            frames.push(frame);
          }
          await f.burst(frames);
          if (sent >= nextReport) {
            log(`  ${sent.toLocaleString("en")} messages, ${reconnects} reconnections`);
            nextReport += 100_000;
          }
        }
      }),
    );
    const fuzzEnd = performance.now();
    const endBuckets = await tickBuckets(server.httpUrl).catch(() => startBuckets);
    await sleep(1000);
    const healthy = await fetch(`${server.httpUrl}/healthz`).then((res) => res.ok).catch(() => false);
    const metrics = await fetch(`${server.httpUrl}/metrics`).then((res) => res.text()).catch(() => "");
    const refusedByServer = Number(/^skirmish_input_messages_rejected_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    const last = honest.map((h) => h.room.state.tick);
    await sleep(1000);
    const roomsTicking = honest.every((h, i) => h.room.connection.isOpen && h.room.state.tick > last[i] + 10);
    const serverLog = readFileSync(`.test-artifacts/server-${server.port}.log`, "utf8");
    const crashes = (server.child.exitCode !== null ? 1 : 0) + (serverLog.match(/uncaught|unhandled/gi)?.length ?? 0);
    const seconds = (fuzzEnd - fuzzStart) / 1000;
    return {
      messages: sent,
      seconds,
      messagesPerSecond: sent / seconds,
      crashes,
      byKind,
      closes,
      errorReplies: fuzzers.reduce((s, f) => s + f.errorReplies, 0),
      received: fuzzers.reduce((s, f) => s + f.read, 0),
      refusedByServer,
      honest: honest.map((h) => ({ before: h.stats(fuzzStart - 2000, fuzzStart), during: h.stats(fuzzStart, fuzzEnd) })),
      server: { before: serverTicks(beforeBuckets, startBuckets), during: serverTicks(startBuckets, endBuckets) },
      roomsTicking,
      serverHealthy: healthy,
    };
  } finally {
    for (const h of honest) h.stop();
    for (const f of fuzzers) f.close();
    await Promise.all(honest.map((h) => h.room.leave().catch(() => undefined)));
    await server.stop("SIGKILL");
  }
}

export function closeName(code: string): string {
  const names: Record<string, string> = { 1009: "too big (1009)", 4000: "left (4000)", [ErrorCode.Abuse]: "abuse (4408)", 1005: "no status (1005)", 1006: "dropped (1006)" };
  return names[code] ?? code;
}
