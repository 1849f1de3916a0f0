// What lasts, as the rooms see it: who a player is (verified), and each round handed over when
// it is over. A round goes to the outbox (on disk at once, so a crash or a database outage
// loses nothing) and from there to the store in the background: a room never waits on the
// database. One per process, opened before the server listens (PGlite's first open takes
// seconds, and must not land on a player's Quick Play).

import path from "node:path";
import type { ServerConfig } from "./config";
import { log } from "./log";
import { keepingSeconds } from "./metrics";
import { pack } from "./replay/packer";
import type { RoundOver } from "./rules/Match";
import { MEMORY } from "./store/db";
import { Outbox } from "./store/Outbox";
import { Store } from "./store/Store";
import type { RoundRecord, WeaponStats } from "./store/types";
import { WEAPON_NAMES } from "../shared/sim/weapons";

/** The room a round was played in, as its record names it. */
export interface RoundPlace {
  roomId: string;
  private: boolean;
  tickHz: number;
}

/** The longest a join waits for the database to say who a player is (then: a guest). */
export const VERIFY_WAIT_MS = 500;

/** How often replays past their days are deleted. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export class Records {
  private readonly packing = new Set<Promise<unknown>>();
  private readonly pruning: ReturnType<typeof setInterval>;

  private constructor(
    readonly store: Store,
    readonly outbox: Outbox,
  ) {
    // Replays are kept REPLAY_DAYS: the expired go at start and every hour after.
    const prune = () =>
      store.pruneReplays().then(
        (n) => n > 0 && log.info({ replays: n }, "expired replays deleted"),
        (err) => log.warn({ err: (err as Error).message }, "could not delete expired replays"),
      );
    void prune();
    this.pruning = setInterval(prune, PRUNE_EVERY_MS).unref();
  }

  static async open(config: Pick<ServerConfig, "dataDir" | "databaseUrl">): Promise<Records> {
    const started = performance.now();
    const store = await Store.open({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    // The outbox needs a disk even with a database server; kept nothing in memory-only mode (tests).
    const dir = config.dataDir === MEMORY ? path.join(process.env.TMPDIR ?? "/tmp", `skirmish-outbox-${process.pid}`) : path.join(config.dataDir, "outbox");
    const outbox = await Outbox.open({ dir, sink: store, timed: (seconds) => keepingSeconds.inc({ part: "writing" }, seconds) });
    log.info({ backend: store.backend, ms: Math.round(performance.now() - started), waiting: outbox.pending }, "records open");
    return new Records(store, outbox);
  }

  /**
   * Whether this id and secret are a player's (anything else is a guest: never an error). A
   * join waits on it, so a database that is slow to answer (a hanging server, a pool waiting
   * for a connection) gets VERIFY_WAIT_MS: after that the player plays as a guest.
   */
  async verify(id: unknown, secret: unknown, waitMs = VERIFY_WAIT_MS): Promise<string | null> {
    if (typeof id !== "string" || typeof secret !== "string") return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), waitMs)));
    try {
      const answer = await Promise.race([this.store.verifyPlayer(id, secret), late]);
      if (answer === "late") {
        log.warn({ ms: waitMs }, "the database did not answer in time; playing as a guest");
        return null;
      }
      return answer ? id.toLowerCase() : null;
    } catch (err) {
      // The database is away: play on as a guest rather than keep anyone out.
      log.warn({ err: (err as Error).message }, "could not verify a player; playing as a guest");
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The round's record: spooled at once, written in the background. Its id, for a link to it. */
  roundOver(place: RoundPlace, over: RoundOver, now = Date.now()): string {
    const record = roundRecord(place, over, now);
    this.outbox.add({ kind: "round", record }).catch((err) => log.error({ err, id: record.id }, "could not keep a round's record"));
    return record.id;
  }

  /**
   * A round's replay (uncompressed, shared/replay/format), kept `days`: compressed on the
   * packer's thread, then spooled after its round's record (the outbox keeps that order).
   */
  keepReplay(matchId: string, replay: Uint8Array, days: number): void {
    const pending = pack(replay)
      .then((bytes) => this.outbox.add({ kind: "replay", matchId, bytes, days }))
      .catch((err) => log.error({ err, id: matchId }, "could not keep a round's replay"));
    this.packing.add(pending);
    void pending.finally(() => this.packing.delete(pending));
  }

  /** Writes what waits (what still cannot be written stays on disk for the next start), then closes. */
  async close(): Promise<void> {
    clearInterval(this.pruning);
    // Replays still being compressed (a round cut short by the shutdown) go to the outbox first.
    await Promise.all([...this.packing]);
    await this.outbox.flush().catch(() => undefined);
    await this.outbox.close();
    await this.store.close();
  }
}

/** A round's id: its room's and its number, so the same round handed over twice is written once. */
export const roundId = (roomId: string, round: number): string => `${roomId}-${round}`;

export function roundRecord(place: RoundPlace, over: RoundOver, now: number): RoundRecord {
  const durationMs = Math.round((over.ticks * 1000) / place.tickHz);
  const teams = over.teamScores !== null;
  return {
    id: roundId(place.roomId, over.round),
    roomId: place.roomId,
    mode: over.mode,
    map: over.map,
    private: place.private,
    startedAt: now - durationMs,
    endedAt: now,
    durationMs,
    interrupted: over.interrupted,
    teamScores: over.teamScores,
    // Bots never reach the records; guests (no verified identity) are left out by the store.
    players: over.lines
      .filter((l) => !l.bot)
      .map((l) => ({
        playerId: l.playerId,
        name: l.name,
        team: teams ? l.team : null,
        kills: l.kills,
        downs: l.downs,
        captures: l.captures,
        weapons: Object.fromEntries(WEAPON_NAMES.map((w, i) => [w, { shots: l.shots[i] ?? 0, hits: l.hits[i] ?? 0 }])) as WeaponStats,
      })),
  };
}
