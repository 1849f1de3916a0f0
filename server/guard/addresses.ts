// Limits per caller address, in front of everything a stranger can reach before joining:
// open WebSocket connections per address, and joins / room creations per minute (both
// Colyseus' /matchmake routes and our Quick Play), with a cap on matchmaking bodies
// (Colyseus reads them whole, without a limit of its own).

import type http from "node:http";
import express from "express";
import { rateLimit } from "express-rate-limit";
import type { WebSocketServer } from "ws";
import { ErrorCode as MatchMakeCode, matchMaker } from "@colyseus/core";
import type { ServerConfig } from "../config";
import type { Fleet } from "../fleet/Fleet";
import { busy } from "../http/api";
import { log } from "../log";

/** Largest matchmaking request body: join options are a name, a key and a few flags. */
const MAX_MATCHMAKE_BODY = 4096;

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The caller's address. A forwarded-for header counts only when the connection comes from
 * this machine (a proxy on the same host, as in the README's deployment); anyone else
 * could write any address there.
 */
export function addressOf(req: http.IncomingMessage): string {
  const direct = req.socket.remoteAddress ?? "";
  const forwarded = req.headers["x-forwarded-for"];
  if (LOOPBACK.test(direct) && typeof forwarded === "string" && forwarded) {
    return forwarded.split(",").pop()!.trim();
  }
  return direct;
}

/** Counts open game connections per address and refuses the upgrade past the limit. */
export class ConnectionBook {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** For ws' `verifyClient`: refuse before the upgrade completes. */
  readonly verify = (info: { req: http.IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void): void => {
    const address = addressOf(info.req);
    if (this.limit > 0 && (this.open.get(address) ?? 0) >= this.limit) {
      log.warn({ address, open: this.open.get(address) }, "connection refused: too many from one address");
      done(false, 429, "Too many connections from this address");
      return;
    }
    done(true);
  };

  watch(wss: WebSocketServer): void {
    wss.on("connection", (socket, req) => {
      const address = addressOf(req);
      this.open.set(address, (this.open.get(address) ?? 0) + 1);
      socket.once("close", () => {
        const left = (this.open.get(address) ?? 1) - 1;
        if (left > 0) this.open.set(address, left);
        else this.open.delete(address);
      });
    });
  }
}

/** Express middleware limiting joins per address per minute (shared by /matchmake and Quick Play). */
export function joinLimiter(config: ServerConfig): express.RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: config.joinsPerMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    message: { error: "Too many joins from this address. Wait a minute and try again." },
  });
}

/**
 * Puts the join limit and a body cap in front of Colyseus' matchmaking routes, and the fleet's
 * two answers that Colyseus would give only after waiting seconds: "busy" while Redis is away
 * (the page retries), and "no such room" for a room whose process has died (a join or a
 * comeback would otherwise wait 2 s on a call nobody answers). Colyseus installs its handler
 * as the HTTP server's only "request" listener; ours goes first.
 */
export function guardMatchmaking(httpServer: http.Server, limiter: express.RequestHandler, fleet: Fleet): void {
  const downstream = httpServer.listeners("request").slice() as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[];
  httpServer.removeAllListeners("request");
  const guard = express();
  // This app answers first for every request: it must not announce express either.
  guard.disable("x-powered-by");
  guard.set("trust proxy", "loopback");
  guard.post("/matchmake/*", limiter, (req, res, next) => {
    const length = Number(req.headers["content-length"]);
    if (!Number.isFinite(length)) return void res.status(411).json({ error: "Content-Length required" });
    if (length > MAX_MATCHMAKE_BODY) return void res.status(413).json({ error: "Join options too large" });
    next();
  });
  guard.post("/matchmake/*", (req, res, next) => {
    fleet
      .ready()
      .then(async (ready) => {
        // Redis away, or this process on its way down (Colyseus would answer a bare 503): the page asks again.
        if (!ready || matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) return busy(res);
        const byId = /^\/matchmake\/(?:joinById|reconnect)\/([^/?]+)/.exec(req.path);
        const room = byId ? await matchMaker.driver.findOne({ roomId: decodeURIComponent(byId[1]) }) : undefined;
        if (room && !(await fleet.stillAlive(room.processId))) {
          // What Colyseus answers for a room that is not there (the page: "That room has ended").
          return void res.status(MatchMakeCode.MATCHMAKE_INVALID_ROOM_ID).json({ code: MatchMakeCode.MATCHMAKE_INVALID_ROOM_ID, error: `room "${room.roomId}" has ended with its server` });
        }
        next();
      })
      .catch(next);
  });
  guard.use((req, res) => {
    for (const fn of downstream) fn.call(httpServer, req, res);
  });
  httpServer.on("request", guard);
}
