// The game's HTTP API beside Colyseus' own matchmaking routes:
//   GET  /api/rooms        public rooms, for the landing page's list
//   GET  /api/rooms/:code  a private room by its code (rate-limited: codes must not be guessable)
//   POST /api/quickplay    a seat in the fullest public room with a free seat, or a new room
// Everything is read from room listings through the matchmaker's driver, so it works the
// same when several processes share rooms through Redis.

import { type IRoomCache, matchMaker } from "@colyseus/core";
import express from "express";
import { rateLimit } from "express-rate-limit";
import type { RoomSummary } from "../../shared/net/api";
import { LIMITS, OUTDATED_PAGE, PROTOCOL_VERSION, ROOM_NAME } from "../../shared/net/messages";
import { normalizeCode } from "../../shared/net/roomCode";
import { cleanName } from "../../shared/net/text";
import type { ServerConfig } from "../config";
import { log } from "../log";
import type { RoomListing } from "../rooms/ArenaRoom";

function listingOf(room: IRoomCache): RoomListing | undefined {
  const m = room.metadata as Partial<RoomListing> | undefined;
  return m && typeof m.players === "number" ? (m as RoomListing) : undefined;
}

function publicView(room: IRoomCache, m: RoomListing): RoomSummary {
  return { id: room.roomId, map: m.map, mode: m.mode, players: m.players, maxPlayers: m.maxPlayers, spectators: m.watchers, bots: m.bots, locked: m.locked };
}

async function arenaRooms(): Promise<[IRoomCache, RoomListing][]> {
  const rooms = await matchMaker.query({ name: ROOM_NAME });
  return rooms.flatMap((r) => {
    const m = listingOf(r);
    return m ? [[r, m] as [IRoomCache, RoomListing]] : [];
  });
}

export function apiRoutes(app: express.Express, config: ServerConfig, joins: express.RequestHandler): void {
  app.get("/api/rooms", async (_req, res) => {
    const rooms = (await arenaRooms())
      .filter(([r, m]) => !r.private && !m.private)
      .map(([r, m]) => publicView(r, m))
      .sort((a, b) => b.players - a.players);
    res.setHeader("Cache-Control", "no-store");
    res.json({ rooms });
  });

  const codeLookups = rateLimit({
    windowMs: 60_000,
    limit: config.codeLookupsPerMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    message: { error: "Too many room codes tried. Wait a minute and try again." },
  });
  app.get("/api/rooms/:code", codeLookups, async (req, res) => {
    const code = normalizeCode(req.params.code);
    const found = code ? (await arenaRooms()).find(([, m]) => m.code === code) : undefined;
    res.setHeader("Cache-Control", "no-store");
    if (!found) {
      res.status(404).json({ error: `No room has the code ${String(req.params.code).slice(0, 12).toUpperCase()}. It may have ended, or the code is mistyped.` });
      return;
    }
    const [room, m] = found;
    res.json({ ...publicView(room, m), code: m.code });
  });

  app.post("/api/quickplay", joins, express.json({ limit: "2kb" }), async (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; key?: unknown; version?: unknown; playerId?: unknown; secret?: unknown };
    if (body.version !== undefined && body.version !== PROTOCOL_VERSION) {
      res.status(426).json({ error: OUTDATED_PAGE });
      return;
    }
    // A process going down opens no rooms (Colyseus' own routes answer 503 then, too).
    if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) {
      res.status(503).json({ error: "The server is restarting. Try again in a moment." });
      return;
    }
    const text = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : undefined);
    // The identity goes on to the room, which verifies it (see ArenaRoom.onAuth).
    const options = { name: cleanName(body.name, LIMITS.nameLength), key: text(body.key, 64), playerId: text(body.playerId, 64), secret: text(body.secret, 128), quickPlay: true };
    const auth = { token: "", headers: req.headers as never, ip: req.ip ?? "" };
    try {
      // The fullest public room that still has a free seat; on a race for the last seat, the next one.
      const candidates = (await arenaRooms())
        .filter(([r, m]) => !r.private && !m.private && !m.locked && m.players < m.maxPlayers)
        .sort(([, a], [, b]) => b.players - a.players);
      for (const [room] of candidates) {
        try {
          res.json(await matchMaker.joinById(room.roomId, options, auth));
          return;
        } catch (err) {
          log.debug({ roomId: room.roomId, err }, "quick play: seat taken, trying the next room");
        }
      }
      res.json(await matchMaker.create(ROOM_NAME, options, auth));
    } catch (err) {
      log.warn({ err }, "quick play failed");
      res.status(503).json({ error: "No arena could be opened right now. Try again in a moment." });
    }
  });
}
