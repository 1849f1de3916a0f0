// Plain HTTP routes beside the game: health, and the built client.

import fs from "node:fs";
import path from "node:path";
import express from "express";
import { matchMaker } from "@colyseus/core";

export function healthRoutes(app: express.Express, startedAt: number): void {
  app.get("/healthz", async (_req, res) => {
    const rooms = await matchMaker.query({});
    res.json({
      status: "ok",
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      rooms: rooms.length,
      players: rooms.reduce((n, r) => n + r.clients, 0),
    });
  });
}

/** Serves the built client; hashed assets are cached for good, the page itself never. */
export function clientRoutes(app: express.Express, clientDir: string): void {
  const dir = path.resolve(clientDir);
  const index = path.join(dir, "index.html");
  app.use(
    "/assets",
    express.static(path.join(dir, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }),
  );
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  app.get("/", (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type("text/plain").send("The client is not built yet: run `npm run build` (npm start does it for you).");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
}
