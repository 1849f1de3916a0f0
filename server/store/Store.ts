// The server's memory between rounds: player identities, round records, ratings, leaderboards and
// replays, over one Postgres database (PGlite or a server, see db.ts). Rooms never call it
// directly; they hand records to the Outbox, which writes them here in the background.

import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { openDatabase, type Backend, type DatabaseOptions } from "./db";
import { canRate, places, rateRound, ratingKind, type RatedSkill, startingSkill } from "./ratings";
import type {
  LeaderboardRow,
  MatchSummary,
  MatchView,
  Period,
  PlayerCredentials,
  PlayerProfile,
  PlayerRoundView,
  RatingKind,
  RatingView,
  RoundPlayer,
  RoundRecord,
  Tables,
  TransferCode,
  WeaponStats,
} from "./types";
import { checkDays, checkKind, checkLimit, checkMatchId, checkPeriod, checkPlayerId, checkRound, isUuid, StoreInputError } from "./validate";

const TRANSFER_CODE_MS = 10 * 60 * 1000;
/** Crockford's base 32: no I, L, O or U, so a code read aloud or retyped survives. */
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 10;
const PERIOD_MS: Record<Exclude<Period, "all">, number> = { day: 24 * 3600 * 1000, week: 7 * 24 * 3600 * 1000 };
/** The largest replay kept (a long round is well under a megabyte). */
const MAX_REPLAY_BYTES = 16 * 1024 * 1024;
const RECENT_ON_PROFILE = 10;

export interface StoreOptions extends DatabaseOptions {
  /** The store's idea of now (tests move it). */
  clock?: () => Date;
}

const sha256 = (text: string): Buffer => createHash("sha256").update(text).digest();
const iso = (d: Date): string => d.toISOString();

export class Store {
  private constructor(
    /** The query layer, for what the store does not say itself (tests, benchmarks seeding data). */
    readonly db: Kysely<Tables>,
    readonly backend: Backend,
    private readonly closeDb: () => Promise<void>,
    private readonly clock: () => Date,
  ) {}

  /** Opens the database and brings its schema up to date. */
  static async open(options: StoreOptions): Promise<Store> {
    const { db, backend, close } = await openDatabase(options);
    return new Store(db, backend, close, options.clock ?? (() => new Date()));
  }

  close(): Promise<void> {
    return this.closeDb();
  }

  // ---- identity: an id and a secret, no account ----

  async createPlayer(): Promise<PlayerCredentials> {
    const id = randomUUID();
    const secret = randomBytes(32).toString("base64url");
    await this.db.insertInto("players").values({ id, secret_hash: sha256(secret).toString("hex"), created_at: this.clock(), last_name: null }).execute();
    return { id, secret };
  }

  /** Whether `secret` is this player's. Malformed input is simply false. */
  async verifyPlayer(id: unknown, secret: unknown): Promise<boolean> {
    if (!isUuid(id) || typeof secret !== "string" || secret.length > 128) return false;
    const row = await this.db.selectFrom("players").select("secret_hash").where("id", "=", id.toLowerCase()).executeTakeFirst();
    // The secret is 256 random bits, so one fast hash suffices; compare in constant time.
    const given = sha256(secret);
    const stored = row ? Buffer.from(row.secret_hash, "hex") : Buffer.alloc(given.length);
    return timingSafeEqual(given, stored) && row !== undefined;
  }

  /** A code that carries this identity to another device (single use, ten minutes); null if the secret is wrong. */
  async makeTransferCode(id: unknown, secret: unknown): Promise<TransferCode | null> {
    if (!(await this.verifyPlayer(id, secret))) return null;
    const playerId = (id as string).toLowerCase();
    const now = this.clock();
    const bytes = randomBytes(CODE_LENGTH);
    const raw = [...bytes].map((b) => CODE_ALPHABET[b % 32]).join("");
    const expiresAt = new Date(now.getTime() + TRANSFER_CODE_MS);
    await this.db.transaction().execute(async (tx) => {
      // One live code per player; expired ones of anyone go too.
      await tx.deleteFrom("transfer_codes").where((w) => w.or([w("player_id", "=", playerId), w("expires_at", "<=", now)])).execute();
      await tx.insertInto("transfer_codes").values({ code_hash: sha256(raw).toString("hex"), player_id: playerId, expires_at: expiresAt }).execute();
    });
    return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, expiresAt: iso(expiresAt) };
  }

  /**
   * The identity a code carries, with a new secret: the identity moves, so the old device's
   * secret stops working. Null for a wrong, used or expired code.
   */
  async redeemTransferCode(code: unknown): Promise<PlayerCredentials | null> {
    if (typeof code !== "string" || code.length > 32) return null;
    const raw = code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
    if (raw.length !== CODE_LENGTH || [...raw].some((c) => !CODE_ALPHABET.includes(c))) return null;
    const now = this.clock();
    const secret = randomBytes(32).toString("base64url");
    return this.db.transaction().execute(async (tx) => {
      // Deleting is what makes a code single-use, even with two redeems at once.
      const used = await tx.deleteFrom("transfer_codes").where("code_hash", "=", sha256(raw).toString("hex")).returning(["player_id", "expires_at"]).executeTakeFirst();
      if (!used || used.expires_at <= now) return null;
      await tx.updateTable("players").set({ secret_hash: sha256(secret).toString("hex") }).where("id", "=", used.player_id).execute();
      return { id: used.player_id, secret };
    });
  }

  // ---- rounds and ratings ----

  /**
   * Writes a finished round: the match, its identified players (bots and unknown ids are left
   * out) and, when at least two sides of identified players took part in a round that was not
   * cut short, their new ratings. All or nothing, and at most once per round id: returns false
   * when this round was already written.
   */
  async recordRound(input: RoundRecord): Promise<boolean> {
    const record = checkRound(input);
    const kind = ratingKind(record.mode);
    const allPlaces = places(kind, record.players, record.teamScores);
    const now = this.clock();
    return this.db.transaction().execute(async (tx) => {
      const written = await tx
        .insertInto("matches")
        .values({
          id: record.id,
          room_id: record.roomId,
          mode: record.mode,
          map: record.map,
          private: record.private,
          started_at: new Date(record.startedAt),
          ended_at: new Date(record.endedAt),
          duration_ms: record.durationMs,
          interrupted: record.interrupted,
          team_scores: JSON.stringify(record.teamScores),
          recorded_at: now,
        })
        .onConflict((oc) => oc.column("id").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!written) return false;

      const entrants = await this.knownEntrants(tx, record.players, allPlaces);
      if (entrants.length === 0) return true;
      await tx
        .insertInto("match_players")
        .values(
          entrants.map((e) => ({
            match_id: record.id,
            player_id: e.playerId,
            name: e.name,
            team: e.team,
            place: e.place,
            kills: e.kills,
            downs: e.downs,
            captures: e.captures,
            weapons: JSON.stringify(e.weapons),
          })),
        )
        .execute();
      for (const e of entrants) await tx.updateTable("players").set({ last_name: e.name }).where("id", "=", e.playerId).execute();
      if (!record.interrupted) await this.rate(tx, record.id, kind, entrants, now);
      return true;
    });
  }

  /** The round's identified players that exist, one entry each (a player who rejoined under the same id is summed). */
  private async knownEntrants(tx: Transaction<Tables>, players: RoundPlayer[], placeOf: number[]) {
    const merged = new Map<string, RoundPlayer & { playerId: string; place: number }>();
    players.forEach((p, i) => {
      if (!p.playerId) return;
      const seen = merged.get(p.playerId);
      if (!seen) return void merged.set(p.playerId, { ...p, playerId: p.playerId, place: placeOf[i], weapons: { ...p.weapons } });
      seen.kills += p.kills;
      seen.downs += p.downs;
      seen.captures += p.captures;
      seen.place = Math.min(seen.place, placeOf[i]);
      for (const [w, s] of Object.entries(p.weapons)) {
        const had = seen.weapons[w] ?? { shots: 0, hits: 0 };
        seen.weapons[w] = { shots: had.shots + s.shots, hits: had.hits + s.hits };
      }
    });
    if (merged.size === 0) return [];
    const known = await tx.selectFrom("players").select("id").where("id", "in", [...merged.keys()]).execute();
    const ids = new Set(known.map((r) => r.id));
    return [...merged.values()].filter((e) => ids.has(e.playerId));
  }

  private async rate(tx: Transaction<Tables>, matchId: string, kind: RatingKind, entrants: { playerId: string; team: number | null; place: number }[], now: Date) {
    if (!canRate(kind, entrants)) return;
    const ids = entrants.map((e) => e.playerId).sort();
    const start = startingSkill();
    // Create missing rows, then lock all of them in one order, so two rounds sharing players
    // (two processes writing at once) take turns instead of losing an update.
    await tx
      .insertInto("ratings")
      .values(ids.map((player_id) => ({ player_id, kind, ...start, rounds: 0, updated_at: now })))
      .onConflict((oc) => oc.columns(["player_id", "kind"]).doNothing())
      .execute();
    const rows = await tx.selectFrom("ratings").selectAll().where("kind", "=", kind).where("player_id", "in", ids).orderBy("player_id").forUpdate().execute();
    const current = new Map(rows.map((r) => [r.player_id, r]));
    const rated = rateRound(
      kind,
      entrants.map((e) => ({ skill: current.get(e.playerId)!, place: e.place, team: e.team })),
    );
    if (!rated) return;
    for (const [i, e] of entrants.entries()) {
      const before = current.get(e.playerId)!;
      const after: RatedSkill = rated[i];
      await tx
        .updateTable("ratings")
        .set({ mu: after.mu, sigma: after.sigma, ordinal: after.ordinal, rounds: before.rounds + 1, updated_at: now })
        .where("player_id", "=", e.playerId)
        .where("kind", "=", kind)
        .execute();
      await tx
        .insertInto("rating_changes")
        .values({ match_id: matchId, player_id: e.playerId, kind, ordinal_before: before.ordinal, ordinal_after: after.ordinal, at: now })
        .execute();
    }
  }

  // ---- reading ----

  async getMatch(id: unknown): Promise<MatchView | null> {
    const matchId = checkMatchId(id);
    const m = await this.db.selectFrom("matches").selectAll().where("id", "=", matchId).executeTakeFirst();
    if (!m) return null;
    const players = await this.db
      .selectFrom("match_players as mp")
      .leftJoin("rating_changes as rc", (j) => j.onRef("rc.match_id", "=", "mp.match_id").onRef("rc.player_id", "=", "mp.player_id"))
      .select(["mp.player_id", "mp.name", "mp.team", "mp.place", "mp.kills", "mp.downs", "mp.captures", "mp.weapons", "rc.kind", "rc.ordinal_before", "rc.ordinal_after"])
      .where("mp.match_id", "=", matchId)
      .orderBy("mp.place")
      .orderBy("mp.kills", "desc")
      .orderBy("mp.downs")
      .orderBy("mp.player_id")
      .execute();
    const replay = await this.db.selectFrom("replays").select("match_id").where("match_id", "=", matchId).where("expires_at", ">", this.clock()).executeTakeFirst();
    return {
      ...summary(m, players.length),
      roomId: m.room_id,
      teamScores: m.team_scores,
      replay: replay !== undefined,
      players: players.map((p) => ({
        playerId: p.player_id,
        name: p.name,
        team: p.team,
        place: p.place,
        kills: p.kills,
        downs: p.downs,
        captures: p.captures,
        weapons: p.weapons,
        rating: p.kind === null ? null : { kind: p.kind, before: p.ordinal_before!, after: p.ordinal_after! },
      })),
    };
  }

  /** Public rounds, newest first. */
  async recentMatches(limit?: unknown): Promise<MatchSummary[]> {
    const n = checkLimit(limit, 20, 100);
    const rows = await this.db
      .selectFrom("matches as m")
      .select(["m.id", "m.mode", "m.map", "m.private", "m.started_at", "m.ended_at", "m.duration_ms", "m.interrupted"])
      .select((eb) => eb.selectFrom("match_players").select(sql<number>`count(*)::int`.as("n")).whereRef("match_id", "=", "m.id").as("players"))
      .where("m.private", "=", false)
      .orderBy("m.ended_at", "desc")
      .orderBy("m.id")
      .limit(n)
      .execute();
    return rows.map((m) => summary(m, m.players ?? 0));
  }

  async getPlayer(id: unknown): Promise<PlayerProfile | null> {
    const playerId = checkPlayerId(id);
    const player = await this.db.selectFrom("players").select(["id", "last_name", "created_at"]).where("id", "=", playerId).executeTakeFirst();
    if (!player) return null;
    const totals = await this.db
      .selectFrom("match_players")
      .select([
        sql<number>`count(*)::int`.as("rounds"),
        sql<number>`coalesce(sum(kills), 0)::int`.as("kills"),
        sql<number>`coalesce(sum(downs), 0)::int`.as("downs"),
        sql<number>`coalesce(sum(captures), 0)::int`.as("captures"),
      ])
      .where("player_id", "=", playerId)
      .executeTakeFirstOrThrow();
    const weaponRows = await sql<{ weapon: string; shots: number; hits: number }>`
      select w.key as weapon, sum((w.value->>'shots')::int)::int as shots, sum((w.value->>'hits')::int)::int as hits
      from match_players mp, jsonb_each(mp.weapons) w
      where mp.player_id = ${playerId}
      group by w.key order by w.key`.execute(this.db);
    const weapons: WeaponStats = {};
    for (const w of weaponRows.rows) weapons[w.weapon] = { shots: w.shots, hits: w.hits };
    const ratingRows = await this.db.selectFrom("ratings").select(["kind", "mu", "sigma", "ordinal", "rounds"]).where("player_id", "=", playerId).execute();
    const ratings: Record<RatingKind, RatingView | null> = { ffa: null, team: null };
    for (const r of ratingRows) ratings[r.kind] = { mu: r.mu, sigma: r.sigma, ordinal: r.ordinal, rounds: r.rounds };
    const recent = await this.db
      .selectFrom("match_players as mp")
      .innerJoin("matches as m", "m.id", "mp.match_id")
      .select(["m.id", "m.mode", "m.map", "m.private", "m.started_at", "m.ended_at", "m.duration_ms", "m.interrupted"])
      .select(["mp.team", "mp.place", "mp.kills", "mp.downs", "mp.captures"])
      .select((eb) => eb.selectFrom("match_players as o").select(sql<number>`count(*)::int`.as("n")).whereRef("o.match_id", "=", "m.id").as("players"))
      .where("mp.player_id", "=", playerId)
      .where("m.private", "=", false)
      .orderBy("m.ended_at", "desc")
      .orderBy("m.id")
      .limit(RECENT_ON_PROFILE)
      .execute();
    return {
      id: player.id,
      name: player.last_name,
      since: iso(player.created_at),
      totals: { ...totals, weapons },
      ratings,
      recent: recent.map(
        (r): PlayerRoundView => ({ ...summary(r, r.players ?? 0), team: r.team, place: r.place, kills: r.kills, downs: r.downs, captures: r.captures }),
      ),
    };
  }

  /**
   * Best conservative ratings first. "all": everyone's current rating. "day" and "week" (the
   * last 24 hours or 7 days): those who played a rated round then, at their latest rating in it.
   */
  async leaderboard(period: unknown, kind: unknown, limit?: unknown): Promise<LeaderboardRow[]> {
    const p = checkPeriod(period);
    const k = checkKind(kind);
    const n = checkLimit(limit, 50, 100);
    let rows: { player_id: string; name: string | null; ordinal: number; rounds: number }[];
    if (p === "all") {
      rows = await this.db
        .selectFrom("ratings as r")
        .innerJoin("players as pl", "pl.id", "r.player_id")
        .select(["r.player_id", "pl.last_name as name", "r.ordinal", "r.rounds"])
        .where("r.kind", "=", k)
        .where("r.rounds", ">", 0)
        .orderBy("r.ordinal", "desc")
        .orderBy("r.player_id")
        .limit(n)
        .execute();
    } else {
      const since = new Date(this.clock().getTime() - PERIOD_MS[p]);
      const latest = this.db
        .selectFrom("rating_changes")
        .distinctOn("player_id")
        .select(["player_id", "ordinal_after as ordinal", sql<number>`count(*) over (partition by player_id)::int`.as("rounds")])
        .where("kind", "=", k)
        .where("at", ">=", since)
        .orderBy("player_id")
        .orderBy("at", "desc")
        .orderBy("match_id", "desc");
      rows = await this.db
        .selectFrom(latest.as("l"))
        .innerJoin("players as pl", "pl.id", "l.player_id")
        .select(["l.player_id", "pl.last_name as name", "l.ordinal", "l.rounds"])
        .orderBy("l.ordinal", "desc")
        .orderBy("l.player_id")
        .limit(n)
        .execute();
    }
    return rows.map((r, i) => ({ rank: i + 1, playerId: r.player_id, name: r.name, ordinal: r.ordinal, rounds: r.rounds }));
  }

  // ---- replays ----

  /** Keeps a round's replay for `days`; false if one is kept already. The round must be recorded first. */
  async saveReplay(matchId: unknown, bytes: unknown, days: unknown): Promise<boolean> {
    const id = checkMatchId(matchId);
    if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_REPLAY_BYTES) {
      throw new StoreInputError(`a replay is 1 byte to ${MAX_REPLAY_BYTES / 1024 / 1024} MB`);
    }
    const keepDays = checkDays(days);
    const now = this.clock();
    return this.db.transaction().execute(async (tx) => {
      const match = await tx.selectFrom("matches").select("id").where("id", "=", id).executeTakeFirst();
      if (!match) throw new StoreInputError(`no recorded round ${id} to keep a replay for`);
      const kept = await tx
        .insertInto("replays")
        .values({ match_id: id, bytes, created_at: now, expires_at: new Date(now.getTime() + keepDays * 24 * 3600 * 1000) })
        .onConflict((oc) => oc.column("match_id").doNothing())
        .returning("match_id")
        .executeTakeFirst();
      return kept !== undefined;
    });
  }

  /** A round's replay, unless there is none or it has expired. */
  async getReplay(matchId: unknown): Promise<Uint8Array | null> {
    const id = checkMatchId(matchId);
    const row = await this.db.selectFrom("replays").select("bytes").where("match_id", "=", id).where("expires_at", ">", this.clock()).executeTakeFirst();
    return row ? new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null;
  }

  /** Deletes expired replays; returns how many. */
  async pruneReplays(now: Date = this.clock()): Promise<number> {
    const result = await this.db.deleteFrom("replays").where("expires_at", "<=", now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function summary(
  m: { id: string; mode: MatchSummary["mode"]; map: string; private: boolean; started_at: Date; ended_at: Date; duration_ms: number; interrupted: boolean },
  players: number,
): MatchSummary {
  return {
    id: m.id,
    mode: m.mode,
    map: m.map,
    private: m.private,
    startedAt: iso(m.started_at),
    endedAt: iso(m.ended_at),
    durationMs: m.duration_ms,
    interrupted: m.interrupted,
    players,
  };
}
