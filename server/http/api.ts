// The game's HTTP API beside Colyseus' own matchmaking routes:
//   GET  /api/rooms        public rooms, for the landing page's list
//   GET  /api/rooms/:code  a private room by its code (rate-limited: codes must not be guessable)
//   GET  /api/regions      the regions a page can measure its latency to
//   POST /api/quickplay    a seat in the fullest public room with a free seat (in the nearest
//                          region, when the page sent its pings), or a new room
// Everything is read from room listings through the matchmaker's driver, so it works the
// same when several processes share rooms through Redis; rooms of a process that has died
// are never shown or offered (the fleet knows at once), and while Redis is away every
// matchmaking answer is "busy" (503), which the page retries by itself.

import { type IRoomCache, matchMaker } from "@colyseus/core";
import express from "express";
import { rateLimit } from "express-rate-limit";
import type { RoomSummary } from "../../shared/net/api";
import { LIMITS, MATCHMAKING_BUSY, OUTDATED_PAGE, PROTOCOL_VERSION, ROOM_NAME } from "../../shared/net/messages";
import { normalizeCode } from "../../shared/net/roomCode";
import { cleanName } from "../../shared/net/text";
import type { ServerConfig } from "../config";
import type { Fleet } from "../fleet/Fleet";
import { quickPlayOrder, readPings } from "../fleet/regions";
import { log } from "../log";
import type { RoomListing } from "../rooms/ArenaRoom";

function listingOf(room: IRoomCache): RoomListing | undefined {
  const m = room.metadata as Partial<RoomListing> | undefined;
  return m && typeof m.players === "number" ? (m as RoomListing) : undefined;
}

function publicView(room: IRoomCache, m: RoomListing): RoomSummary {
  return { id: room.roomId, map: m.map, mode: m.mode, players: m.players, maxPlayers: m.maxPlayers, spectators: m.watchers, bots: m.bots, locked: m.locked, region: m.region ?? "" };
}

/** Longest a matchmaking answer may take before the page is told to try again (Redis gone quiet mid-request). */
const MATCHMAKING_WAIT_MS = 3000;

class Busy extends Error {}

/** Answers "busy" (503) for matchmaking that cannot be done now (Redis away, a process going down); the page retries it. */
export function busy(res: express.Response): void {
  res.setHeader("Retry-After", "1");
  res.status(503).json({ error: MATCHMAKING_BUSY, busy: true });
}

/** `work`, or Busy if Redis does not answer now or the work outlasts MATCHMAKING_WAIT_MS. */
async function matchmaking<T>(fleet: Fleet, work: () => Promise<T>): Promise<T> {
  if (!(await fleet.ready())) throw new Busy();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Busy()), MATCHMAKING_WAIT_MS)));
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function apiRoutes(app: express.Express, config: ServerConfig, joins: express.RequestHandler, fleet: Fleet): void {
  /** The arena rooms listed, except those of a process that has died. */
  async function arenaRooms(): Promise<[IRoomCache, RoomListing][]> {
    const rooms = await matchMaker.query({ name: ROOM_NAME });
    return rooms.flatMap((r) => {
      const m = listingOf(r);
      return m && fleet.alive(r.processId) ? [[r, m] as [IRoomCache, RoomListing]] : [];
    });
  }

  /** Runs a route's matchmaking; a Busy becomes the 503 the page retries. */
  const answer =
    (route: (req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler =>
    (req, res, next) => {
      route(req, res).catch((err) => (err instanceof Busy ? busy(res) : next(err)));
    };

  app.get("/api/regions", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ regions: fleet.regions() });
  });

  app.get("/api/rooms", answer(async (_req, res) => {
    const rooms = (await matchmaking(fleet, arenaRooms))
      .filter(([r, m]) => !r.private && !m.private)
      .map(([r, m]) => publicView(r, m))
      .sort((a, b) => b.players - a.players);
    res.setHeader("Cache-Control", "no-store");
    res.json({ rooms });
  }));

  const codeLookups = rateLimit({
    windowMs: 60_000,
    limit: config.codeLookupsPerMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    message: { error: "Too many room codes tried. Wait a minute and try again." },
  });
  app.get("/api/rooms/:code", codeLookups, answer(async (req, res) => {
    const code = normalizeCode(req.params.code);
    const found = code ? (await matchmaking(fleet, arenaRooms)).find(([, m]) => m.code === code) : undefined;
    res.setHeader("Cache-Control", "no-store");
    if (!found) {
      res.status(404).json({ error: `No room has the code ${String(req.params.code).slice(0, 12).toUpperCase()}. It may have ended, or the code is mistyped.` });
      return;
    }
    const [room, m] = found;
    res.json({ ...publicView(room, m), code: m.code });
  }));

  app.post("/api/quickplay", joins, express.json({ limit: "2kb" }), answer(async (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; key?: unknown; version?: unknown; playerId?: unknown; secret?: unknown; pings?: unknown };
    if (body.version !== undefined && body.version !== PROTOCOL_VERSION) {
      res.status(426).json({ error: OUTDATED_PAGE });
      return;
    }
    // A process going down opens no rooms: the page asks again, and another process answers.
    if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) return busy(res);
    const text = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : undefined);
    // The identity goes on to the room, which verifies it (see ArenaRoom.onAuth).
    const options = { name: cleanName(body.name, LIMITS.nameLength), key: text(body.key, 64), playerId: text(body.playerId, 64), secret: text(body.secret, 128), quickPlay: true };
    const auth = { token: "", headers: req.headers as never, ip: req.ip ?? "" };
    const pings = readPings(body.pings);
    try {
      const seat = await matchmaking(fleet, async () => {
        // The fullest public room that still has a free seat (in the nearest region); on a race
        // for the last seat, the next one; none: a new room, in the nearest region.
        const free = (await arenaRooms())
          .filter(([r, m]) => !r.private && !m.private && !m.locked && m.players < m.maxPlayers)
          .map(([r, m]) => ({ roomId: r.roomId, processId: r.processId, region: m.region ?? "", players: m.players }));
        const { rooms, createIn } = quickPlayOrder(free, pings);
        for (const room of rooms) {
          // Asked afresh: in the half second after a process dies, its rooms may still look alive,
          // and a seat asked of one waits 2 s for an answer that never comes.
          if (!(await fleet.stillAlive(room.processId))) continue;
          try {
            return await matchMaker.joinById(room.roomId, options, auth);
          } catch (err) {
            log.debug({ roomId: room.roomId, err }, "quick play: seat taken, trying the next room");
          }
        }
        return matchMaker.create(ROOM_NAME, { ...options, region: createIn }, auth);
      });
      res.json(seat);
    } catch (err) {
      if (err instanceof Busy) throw err;
      log.warn({ err }, "quick play failed");
      res.status(503).json({ error: "No arena could be opened right now. Try again in a moment." });
    }
  }));
}
