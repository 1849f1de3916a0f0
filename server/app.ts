// Builds the one process: an HTTP server carrying the built client, the HTTP routes and
// Colyseus' matchmaking, with the WebSocket endpoint on the same port.

import http from "node:http";
import { Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";
import { NO_RECORDS, type ServerConfig } from "./config";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { ConnectionBook, guardMatchmaking, joinLimiter } from "./guard/addresses";
import { type Fleet, RedisFleet, soloFleet } from "./fleet/Fleet";
import { adminRoutes, metricsRoute } from "./http/admin";
import { apiRoutes } from "./http/api";
import { recordsRoutes } from "./http/records";
import { ROOM_NAME } from "../shared/net/messages";
import { clientRoutes, healthRoutes } from "./http/routes";
import { securityHeaders } from "./http/security";
import { log } from "./log";
import { Records } from "./records";
import { arenaRoomFor } from "./rooms/ArenaRoom";
import { wsServerOf } from "./rooms/seam";

export interface RunningServer {
  gameServer: Server;
  records?: Records;
  httpServer: http.Server;
  port: number;
  stop(): Promise<void>;
}

export function createGameServer(config: ServerConfig, options: { gracefulShutdown?: boolean; records?: Records } = {}) {
  const app = express();
  app.disable("x-powered-by");
  // With Redis a room may be on another process, reached at that process's public address.
  app.use(securityHeaders({ anyGameHost: Boolean(config.redisUrl) }));
  // Behind a proxy, rate limits must key on the caller's address, not the proxy's.
  app.set("trust proxy", "loopback");
  // With Redis: what this process knows of the others (alive? which region?) and of Redis itself.
  const fleet: Fleet = config.redisUrl ? new RedisFleet(config.redisUrl, { region: config.region, regionUrl: config.regionUrl }) : soloFleet(config.region);
  healthRoutes(app, Date.now(), fleet);
  metricsRoute(app);
  adminRoutes(app, config.adminPassword);
  const joins = joinLimiter(config);
  apiRoutes(app, config, joins, fleet);
  if (options.records) recordsRoutes(app, options.records, joins);
  // Keeping no records (DATA_DIR=none): a page asking for an identity is told there is none to
  // have (no content, not an error: it plays as a guest).
  else app.post(["/api/players", "/api/players/check"], (_req, res) => void res.status(204).end());
  clientRoutes(app, config.clientDir);
  const httpServer = http.createServer(app);
  const connections = new ConnectionBook(config.connectionsPerAddress);
  // One process keeps presence and matchmaking in memory; with REDIS_URL, processes share them.
  const shared = config.redisUrl
    ? {
        presence: new RedisPresence(config.redisUrl),
        driver: new RedisDriver(config.redisUrl),
        publicAddress: config.publicAddress,
        // A new room goes to the least busy process of the region it was asked for (Quick Play: the player's nearest).
        selectProcessIdToCreateRoom: (_name: string, options: { region?: unknown }) => fleet.selectProcess(typeof options?.region === "string" ? options.region : config.region),
      }
    : {};
  // A message over maxPayload closes the connection (ws answers it with 1009).
  const transport = new WebSocketTransport({ server: httpServer, maxPayload: config.maxMessageBytes, verifyClient: connections.verify });
  connections.watch(wsServerOf(transport));
  const gameServer = new Server({
    transport,
    greet: false,
    gracefullyShutdown: options.gracefulShutdown ?? true,
    ...shared,
  });
  gameServer.define(ROOM_NAME, arenaRoomFor(config, performance, options.records));
  // After every room has gone (and handed over its round): what waits is written or kept on
  // disk, and the process leaves the fleet. (Colyseus keeps one shutdown callback: both go in it.)
  const records = options.records;
  gameServer.onShutdown(async () => {
    await records?.close();
    await fleet.stop();
  });
  // Colyseus binds its matchmaking routes when it listens, in front of everything else:
  // the guard goes in front of them after that (see startServer).
  const guard = () => guardMatchmaking(httpServer, joins, fleet);
  return { app, httpServer, gameServer, guard, fleet };
}

export async function startServer(config: ServerConfig, options: { gracefulShutdown?: boolean } = {}): Promise<RunningServer> {
  // Before listening: the embedded database's first open takes seconds, not for a player to wait on.
  const records = config.dataDir === NO_RECORDS ? undefined : await Records.open(config);
  const { httpServer, gameServer, guard, fleet } = createGameServer(config, { ...options, records });
  await gameServer.listen(config.port, config.host);
  guard();
  if (fleet instanceof RedisFleet) fleet.start();
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log.info({ port, host: config.host, tickHz: config.tickHz, patchHz: config.patchHz }, "listening");
  return {
    gameServer,
    records,
    httpServer,
    port,
    stop: () => gameServer.gracefullyShutdown(false),
  };
}
