// What lasts, over HTTP (JSON):
//   POST /api/players             a new player identity: { id, secret } (the secret is shown once)
//   GET  /api/players/:id         a profile: totals, ratings, recent public rounds
//   POST /api/players/transfer    { id, secret } → a short code that moves the identity to another device
//   POST /api/players/redeem      { code } → { id, secret } on the new device (the old secret stops working)
//   GET  /api/matches             recent public rounds, newest first (?limit=)
//   GET  /api/matches/:id         one round: players, teams, scores, accuracy per weapon, rating changes
//   GET  /api/leaderboard         ?period=day|week|all&kind=ffa|team (&limit=)
// Every input is checked by the store (a bad one is a 400 saying what is wrong); a database that
// is away is a 503, never a hang: the game itself goes on without it.

import express from "express";
import { rateLimit } from "express-rate-limit";
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

export function recordsRoutes(app: express.Express, records: Records): void {
  const store = records.store;
  // New identities and transfer codes are cheap to ask for and must not be farmed.
  const identities = rateLimit({
    windowMs: 60_000,
    limit: 20,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    message: { error: "Too many requests for player identities. Wait a minute and try again." },
  });
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

  app.get("/api/leaderboard", answer(async (req, res) => {
    res.json(await store.leaderboard(req.query.period ?? "all", req.query.kind ?? "ffa", queryNumber(req.query.limit)));
  }));
}
