// Plain HTTP routes beside the game: health, and the built client.

import fs from "node:fs";
import path from "node:path";
import express from "express";
import { matchMaker } from "@colyseus/core";
import type { Fleet } from "../fleet/Fleet";
import { builtFiles, sendBuilt } from "./precompressed";

/**
 * Whether this process is up, and what it holds. It never waits on Redis: a process whose Redis
 * is away is alive and playing (an orchestrator must not restart it), so the fleet's totals
 * (every room listed, on any process) come only while matchmaking answers (`matchmaking`).
 */
export function healthRoutes(app: express.Express, startedAt: number, fleet: Fleet): void {
  app.get("/healthz", async (_req, res) => {
    const here = { id: matchMaker.processId, region: fleet.region, rooms: matchMaker.stats.local.roomCount, clients: matchMaker.stats.local.ccu };
    const ready = await fleet.ready();
    const rooms = ready ? await matchMaker.query({}) : undefined;
    res.setHeader("Cache-Control", "no-store");
    res.json({
      status: "ok",
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      matchmaking: ready ? "ok" : "busy",
      process: here,
      ...(rooms ? { rooms: rooms.length, players: rooms.reduce((n, r) => n + r.clients, 0) } : {}),
    });
  });
}

/** Hashed names change with their content: a browser may keep them for good. */
const HASHED_CACHE = "public, max-age=31536000, immutable";
/** Everything else (the page above all) is checked with the server on every use. */
const UNHASHED_CACHE = "no-cache";

/**
 * The page's own addresses: the landing page, and the pages of records (a player, a round, the
 * leaderboard, your own record) and a round's replay, which the same page shows (game/records/route.ts).
 */
const PAGE_PATHS = ["/", "/players/:id", "/matches/:id", "/replay/:id", "/leaderboard", "/me"];

/**
 * Serves the built client, each file as the build's brotli or gzip copy when the request
 * accepts one (see precompressed.ts); hashed assets are cached for good, the page never.
 */
export function clientRoutes(app: express.Express, clientDir: string): void {
  const dir = path.resolve(clientDir);
  const index = path.join(dir, "index.html");
  app.use("/assets", builtFiles(path.join(dir, "assets"), HASHED_CACHE), (_req, res) => {
    res.status(404).type("text/plain").send("Not found");
  });
  app.get(PAGE_PATHS, (req, res, next) => {
    if (!fs.existsSync(index)) {
      res.status(503).type("text/plain").send("The client is not built yet: run `npm run build` (npm start does it for you).");
      return;
    }
    sendBuilt(req, res, next, index, UNHASHED_CACHE).catch(next);
  });
  app.use(builtFiles(dir, UNHASHED_CACHE));
}
