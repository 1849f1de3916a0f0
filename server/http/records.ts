// What lasts, over HTTP (JSON):
//   POST /api/players             a new player identity: { id, secret } (the secret is shown once)
//   GET  /api/players/:id         a profile: totals, ratings, recent public rounds
//   POST /api/players/check       { id, secret } → { valid }: is this still a player's identity?
//   POST /api/players/transfer    { id, secret } → a short code that moves the identity to another device
//   POST /api/players/redeem      { code } → { id, secret } on the new device (the old secret stops working)
//   GET  /api/matches             recent public rounds, newest first (?limit=)
//   GET  /api/matches/:id         one round: players, teams, scores, accuracy per weapon, rating changes
//   GET  /api/matches/:id/replay  the round's replay: gzip of shared/replay/format (binary; kept REPLAY_DAYS)
//   GET  /api/leaderboard         ?period=day|week|all&kind=ffa|team (&limit=); up to 30 s old
// Every input is checked by the store (a bad one is a 400 saying what is wrong); a database that
// is away is a 503, never a hang: the game itself goes on without it.

import express from "express";
import { log } from "../log";
import type { Records } from "../records";
import { StoreInputError } from "../store/validate";

type Handler = (req: express.Request, res: express.Response) => Promise<void>;

/** A number from the query string (?limit=20); anything else goes to the store as it is, to be refused. */
const queryNumber = (v: unknown): unknown => (typeof v === "string" && v.trim() !== "" ? Number(v) : v);

/** Answers a bad request with its reason, and a failing database with 503. */
const answer =
  (fn: Handler): express.RequestHandler =>
  (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    fn(req, res).catch((err: unknown) => {
      if (err instanceof StoreInputError) {
        res.status(400).json({ error: err.message });
        return;
      }
      log.warn({ err: (err as Error).message, path: req.path }, "records unavailable");
      res.status(503).json({ error: "Records are unavailable right now. The game goes on; try again in a moment." });
    });
  };

/** How old a leaderboard may be when it is handed out (seconds). */
export const LEADERBOARD_SECONDS = 30;

/**
 * The leaderboards, each computed at most once every LEADERBOARD_SECONDS and handed out from
 * memory in between: a week's board reads every rating change of the week (~150 ms at a
 * million rounds, see BENCHMARKS.md), and a thousand pages asking at once must not cost a
 * thousand of those. A board past its age is still handed out while a fresh one is computed
 * (one at a time per board), so no request waits for the database but the very first.
 */
export class LeaderboardCache {
  private readonly boards = new Map<string, { at: number; rows: unknown; refreshing?: Promise<unknown> }>();

  constructor(
    private readonly compute: (period: unknown, kind: unknown, limit: unknown) => Promise<unknown>,
    private readonly maxAgeMs = LEADERBOARD_SECONDS * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(period: unknown, kind: unknown, limit: unknown): Promise<unknown> {
    const key = JSON.stringify([period, kind, limit]);
    const board = this.boards.get(key);
    if (!board) {
      // Invalid input is refused by the store here, and nothing is kept for it.
      const rows = await this.compute(period, kind, limit);
      this.boards.set(key, { at: this.now(), rows });
      return rows;
    }
    if (this.now() - board.at > this.maxAgeMs && !board.refreshing) {
      board.refreshing = this.compute(period, kind, limit)
        .then((rows) => {
          board.rows = rows;
          board.at = this.now();
        })
        .catch(() => undefined)
        .finally(() => {
          board.refreshing = undefined;
        });
    }
    return board.rows;
  }
}

/**
 * The routes; `limiter` is the per-address budget of joins (JOINS_PER_MINUTE), which new
 * identities and transfer codes share: each is cheap to ask for and must not be farmed.
 */
export function recordsRoutes(app: express.Express, records: Records, limiter: express.RequestHandler): void {
  const store = records.store;
  const boards = new LeaderboardCache((period, kind, limit) => store.leaderboard(period, kind, limit));
  const identities = limiter;
  const json = express.json({ limit: "2kb" });

  app.post("/api/players", identities, answer(async (_req, res) => {
    res.status(201).json(await store.createPlayer());
  }));

  app.get("/api/players/:id", answer(async (req, res) => {
    const profile = await store.getPlayer(req.params.id);
    if (!profile) {
      res.status(404).json({ error: "No such player." });
      return;
    }
    res.json(profile);
  }));

  app.post("/api/players/check", identities, json, answer(async (req, res) => {
    res.json({ valid: await store.verifyPlayer(req.body?.id, req.body?.secret) });
  }));

  app.post("/api/players/transfer", identities, json, answer(async (req, res) => {
    const code = await store.makeTransferCode(req.body?.id, req.body?.secret);
    if (!code) {
      res.status(403).json({ error: "That is not your identity." });
      return;
    }
    res.json(code);
  }));

  app.post("/api/players/redeem", identities, json, answer(async (req, res) => {
    const credentials = await store.redeemTransferCode(req.body?.code);
    if (!credentials) {
      res.status(404).json({ error: "That code is unknown, used or too old. Make a new one on your other device." });
      return;
    }
    res.json(credentials);
  }));

  app.get("/api/matches", answer(async (req, res) => {
    res.json(await store.recentMatches(queryNumber(req.query.limit)));
  }));

  app.get("/api/matches/:id", answer(async (req, res) => {
    const match = await store.getMatch(req.params.id);
    if (!match) {
      res.status(404).json({ error: "No such round (or it was not recorded yet)." });
      return;
    }
    res.json(match);
  }));

  app.get("/api/matches/:id/replay", answer(async (req, res) => {
    const replay = await store.getReplay(req.params.id);
    if (!replay) {
      res.status(404).json({ error: "No replay of this round is kept (it is older than the replays are kept, or was not recorded)." });
      return;
    }
    // Sent as stored: the page unpacks it itself, so a damaged file is its message, not a failed download.
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.type("application/octet-stream").send(Buffer.from(replay.buffer, replay.byteOffset, replay.byteLength));
  }));

  app.get("/api/leaderboard", answer(async (req, res) => {
    res.json(await boards.get(req.query.period ?? "all", req.query.kind ?? "ffa", queryNumber(req.query.limit)));
  }));
}
