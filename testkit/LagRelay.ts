// A WebSocket relay that makes a bad network on demand. Each client connection is forwarded
// to the real server; every message, each way, is held for a latency plus a random jitter,
// and every so often the line stalls altogether. Like TCP, it never reorders: a message
// leaves no earlier than the one before it.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { SeededRandom } from "../shared/sim/random";

export interface LineProfile {
  /** One-way latency (ms) in each direction. */
  latencyMs: number;
  /** Jitter: each message gets ±this (uniform) on top of the latency. */
  jitterMs: number;
  /** Every this many ms, the line stalls (0: never). */
  stallEveryMs: number;
  /** How long a stall lasts. */
  stallMs: number;
}

export const CLEAN_LINE: LineProfile = { latencyMs: 0, jitterMs: 0, stallEveryMs: 0, stallMs: 0 };

/**
 * One direction of the line. Messages wait in a queue and leave in order, each no earlier
 * than its own delay and no earlier than the one before (one timer, so timers cannot reorder them).
 */
class Line {
  private readonly queue: { at: number; deliver: () => void }[] = [];
  private lastDelivery = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly profile: LineProfile,
    private readonly rng: SeededRandom,
    private readonly origin: number,
  ) {}

  send(deliver: () => void): void {
    const p = this.profile;
    const now = performance.now();
    let at = now + p.latencyMs + (p.jitterMs > 0 ? (this.rng.next() * 2 - 1) * p.jitterMs : 0);
    if (p.stallEveryMs > 0) {
      // Inside a stall window nothing gets through until the window ends.
      const phase = (at - this.origin) % p.stallEveryMs;
      const stallStart = p.stallEveryMs - p.stallMs;
      if (phase >= stallStart) at += p.stallEveryMs - phase;
    }
    at = Math.max(at, this.lastDelivery);
    this.lastDelivery = at;
    this.queue.push({ at, deliver });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = performance.now();
      while (this.queue.length > 0 && this.queue[0].at <= now + 0.5) this.queue.shift()!.deliver();
      this.schedule();
    }, Math.max(0, this.queue[0].at - performance.now()));
  }
}

export class LagRelay {
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly origin = performance.now();
  private rng: SeededRandom;

  constructor(
    private readonly targetPort: number,
    private readonly profile: LineProfile,
    seed = 1,
  ) {
    this.rng = new SeededRandom(seed);
    // Matchmaking's HTTP calls pass straight through; only the game's WebSocket is degraded.
    this.http = http.createServer((req, res) => {
      const upstream = http.request({ host: "127.0.0.1", port: targetPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on("connection", (client, req) => this.bridge(client, req.url ?? "/"));
    this.http.listen(0, "127.0.0.1");
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  ready(): Promise<void> {
    return new Promise((resolve) => (this.http.listening ? resolve() : this.http.once("listening", () => resolve())));
  }

  private bridge(client: WebSocket, path: string): void {
    const server = new WebSocket(`ws://127.0.0.1:${this.targetPort}${path}`);
    server.binaryType = "nodebuffer";
    this.sockets.add(client).add(server);
    const up = new Line(this.profile, this.rng, this.origin);
    const down = new Line(this.profile, this.rng, this.origin);
    const pending: Buffer[] = [];
    client.on("message", (data: Buffer) => {
      up.send(() => {
        if (server.readyState === WebSocket.OPEN) server.send(data);
        else pending.push(data);
      });
    });
    server.on("open", () => {
      for (const data of pending.splice(0)) server.send(data);
    });
    server.on("message", (data: Buffer) => down.send(() => client.readyState === WebSocket.OPEN && client.send(data)));
    const closeBoth = (code?: number) => {
      const safe = code && code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : 1000;
      if (client.readyState === WebSocket.OPEN) client.close(safe);
      if (server.readyState === WebSocket.OPEN) server.close(safe);
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on("close", (code) => down.send(() => closeBoth(code)));
    server.on("close", (code) => down.send(() => closeBoth(code)));
    client.on("error", () => closeBoth());
    server.on("error", () => closeBoth());
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    return new Promise((resolve) => this.http.close(() => resolve()));
  }
}
