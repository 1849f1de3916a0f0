// What one process knows of the fleet it shares Redis with, and what it tells the others:
// whether Redis answers right now (matchmaking cannot work without it), which processes are
// alive, and the region each one serves.
//
// Colyseus keeps rooms, seats and codes in Redis and learns that a process died only when a
// call to it goes unanswered for 2 s (its health check). A player must not wait on that: a
// process holds a presence channel for as long as it runs, and Redis drops the channel the
// moment the process's connection closes (a SIGKILL, a crash). So every half second each
// process reads which channels are held, hides the rooms of processes that hold none, and
// has Colyseus sweep them (its check then confirms it and removes their listings). A machine
// that vanishes without closing its connections (power, network) keeps its channel until Redis
// notices, so each process also stamps its entry every half second: one not stamped for
// STALE_MS counts as gone the same way.

import { matchMaker } from "@colyseus/core";
import { Redis } from "ioredis";
import { log } from "../log";
import { fleetGauges } from "../metrics";

/** One process, as the others see it (a hash field per process in Redis). */
export interface FleetMember {
  processId: string;
  /** The region this process serves ("" where no regions are named). */
  region: string;
  /** Where a page measures its latency to this region: a ws:// or wss:// origin ("" on one machine: the page's own). */
  regionUrl: string;
  /** A stamp it changes every beat (its own clock: others only look for a change). */
  at: number;
}

/** A region a page can measure its latency to. */
export interface RegionEntry {
  region: string;
  url: string;
}

export interface Fleet {
  readonly region: string;
  /** Whether matchmaking can be asked now: with Redis, whether Redis answers a ping. */
  ready(): Promise<boolean>;
  /** Whether the process holding a room is alive, as last seen (unknown counts as alive). */
  alive(processId: string): boolean;
  /** Asks Redis now whether a process is alive (unknown counts as alive). */
  stillAlive(processId: string): Promise<boolean>;
  /** The regions with a process alive, and where to measure each. */
  regions(): RegionEntry[];
  /** The process a new room goes to: the least busy alive in the region asked for, if any is. */
  selectProcess(region: string | undefined): Promise<string>;
  stop(): Promise<void>;
}

/** One process, nothing shared: everything is here and alive. */
export function soloFleet(region: string): Fleet {
  return {
    region,
    ready: async () => true,
    alive: () => true,
    stillAlive: async () => true,
    regions: () => [{ region, url: "" }],
    selectProcess: async () => matchMaker.processId,
    stop: async () => undefined,
  };
}

const FLEET_KEY = "skirmish:fleet";
/** How often each process looks at the fleet (and says it is in it). */
export const BEAT_MS = 500;
/** A Redis that does not answer within this is away: matchmaking says it is busy. */
const ANSWER_MS = 500;
/** What was seen of the fleet is trusted this long; older, nobody is hidden. */
const SEEN_FOR_MS = 2000;
/** A process whose stamp has not changed for this long (by this process's clock) is gone. */
const STALE_MS = 3000;
/** Colyseus publishes each process's room count at most once a second: rooms sent lately count for this long. */
const RECENT_MS = 2000;
/** Processes this many rooms from the least busy are as good a place for a new room. */
const SLACK = 1;

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export class RedisFleet implements Fleet {
  /** A connection of its own that fails at once instead of queueing (Colyseus' queue while Redis is away). */
  private readonly redis: Redis;
  private readonly me: FleetMember;
  private live = new Set<string>();
  /** Members whose stamp is old: gone though their channel may linger. */
  private stale = new Set<string>();
  /** Each member's last stamp, and when this process first saw it. */
  private readonly stamps = new Map<string, { at: number; seen: number }>();
  private members: FleetMember[] = [];
  private seenAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private beating = false;
  private sweeping = false;
  private ping: { at: number; answer: Promise<boolean> } | undefined;
  private wasUp = true;
  /** Since when Redis has answered each beat: others' stamps are judged only after STALE_MS of that. */
  private upSince = 0;
  /** New rooms this process sent to each process lately (not yet in the counts Redis has). */
  private readonly sent = new Map<string, { rooms: number; at: number }>();

  constructor(redisUrl: string, me: Omit<FleetMember, "processId" | "at">) {
    this.redis = new Redis(redisUrl, {
      enableOfflineQueue: false,
      commandTimeout: ANSWER_MS,
      maxRetriesPerRequest: 0,
      // Back within a second of Redis' return.
      retryStrategy: (attempt) => Math.min(1000, attempt * 100),
    });
    this.redis.on("error", () => undefined); // reported by ready() and the beat's log lines
    this.me = { processId: "", at: 0, ...me };
  }

  get region(): string {
    return this.me.region;
  }

  /** Starts looking, once Colyseus has its process id (after listen). */
  start(): void {
    this.me.processId = matchMaker.processId;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), BEAT_MS);
    this.timer.unref();
  }

  ready(): Promise<boolean> {
    // One ping answers everyone asking within the same 100 ms.
    const now = Date.now();
    if (this.ping && now - this.ping.at < 100) return this.ping.answer;
    const answer = this.redis.ping().then(
      () => true,
      () => false,
    );
    this.ping = { at: now, answer };
    return answer;
  }

  alive(processId: string): boolean {
    if (processId === this.me.processId || Date.now() - this.seenAt > SEEN_FOR_MS) return true;
    return this.live.has(processId) && !this.stale.has(processId);
  }

  async stillAlive(processId: string): Promise<boolean> {
    if (processId === this.me.processId) return true;
    if (this.stale.has(processId)) return false;
    try {
      const [, holders] = (await this.redis.pubsub("NUMSUB", `p:${processId}`)) as [string, number];
      return Number(holders) > 0;
    } catch {
      return true;
    }
  }

  regions(): RegionEntry[] {
    const seen = new Map<string, string>();
    for (const m of this.members) if (this.alive(m.processId) && !seen.has(m.region)) seen.set(m.region, m.regionUrl);
    if (!seen.has(this.me.region)) seen.set(this.me.region, this.me.regionUrl);
    return [...seen].map(([region, url]) => ({ region, url }));
  }

  async selectProcess(region: string | undefined): Promise<string> {
    const stats = (await matchMaker.stats.fetchAll()).filter((s) => this.alive(s.processId));
    const inRegion = new Set(this.members.filter((m) => m.region === region).map((m) => m.processId));
    const pool = region !== undefined && stats.some((s) => inRegion.has(s.processId)) ? stats.filter((s) => inRegion.has(s.processId)) : stats;
    // Room counts reach Redis at most once a second: count the rooms this process has sent
    // each one since, or a burst of new rooms would all land on the same "least busy" one.
    const now = Date.now();
    for (const [pid, sent] of this.sent) if (now - sent.at > RECENT_MS) this.sent.delete(pid);
    const load = (pid: string, rooms: number) => rooms + (this.sent.get(pid)?.rooms ?? 0);
    // And the others send rooms too, on counts as old: among the processes within SLACK rooms
    // of the least busy, any may get it, so a burst asked through several processes spreads.
    const least = Math.min(...pool.map((p) => load(p.processId, p.roomCount)));
    const near = pool.filter((p) => load(p.processId, p.roomCount) <= least + SLACK);
    const rest = pool.filter((p) => !near.includes(p)).sort((a, b) => load(a.processId, a.roomCount) - load(b.processId, b.roomCount));
    // Asked afresh, as a room sent to a process that has just died waits 2 s for nothing.
    let chosen = matchMaker.processId;
    for (const p of [...shuffled(near), ...rest]) {
      if (!(await this.stillAlive(p.processId))) continue;
      chosen = p.processId;
      break;
    }
    this.sent.set(chosen, { rooms: (this.sent.get(chosen)?.rooms ?? 0) + 1, at: now });
    return chosen;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel(FLEET_KEY, this.me.processId).catch(() => undefined);
    this.redis.disconnect();
  }

  private async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      this.me.at = Date.now();
      const [channels, , entries] = await Promise.all([
        this.redis.pubsub("CHANNELS", "p:*") as Promise<string[]>,
        this.redis.hset(FLEET_KEY, this.me.processId, JSON.stringify(this.me)),
        this.redis.hgetall(FLEET_KEY),
      ]);
      this.live = new Set(channels.map((c) => c.slice(2)));
      this.members = Object.values(entries).flatMap((raw) => {
        try {
          return [JSON.parse(raw) as FleetMember];
        } catch {
          return [];
        }
      });
      const now = Date.now();
      this.seenAt = now;
      for (const pid of this.stamps.keys()) if (!this.members.some((m) => m.processId === pid)) this.stamps.delete(pid);
      if (!this.wasUp || this.upSince === 0) this.upSince = now;
      // Right after Redis came back nobody could stamp for a while: give each process time to.
      const judged = now - this.upSince > STALE_MS;
      this.stale = new Set(this.members.filter((m) => this.unchangedFor(m, now) > STALE_MS && judged).map((m) => m.processId));
      if (!this.wasUp) log.info("Redis answers again");
      this.wasUp = true;
      fleetGauges.matchmakingReady.set(1);
      fleetGauges.processes.set(this.members.filter((m) => this.alive(m.processId)).length);
      this.sweep();
    } catch (err) {
      if (this.wasUp) log.warn({ err: (err as Error).message }, "Redis does not answer: matchmaking waits for it, the rooms play on");
      this.wasUp = false;
      fleetGauges.matchmakingReady.set(0);
    } finally {
      this.beating = false;
    }
  }

  /** How long a member's stamp has stayed the same, by this process's clock. */
  private unchangedFor(m: FleetMember, now: number): number {
    const last = this.stamps.get(m.processId);
    if (!last || last.at !== m.at) {
      this.stamps.set(m.processId, { at: m.at, seen: now });
      return 0;
    }
    return now - last.seen;
  }

  /** Processes without a channel: Colyseus confirms each is gone (no answer in 2 s) and removes its rooms. */
  private sweep(): void {
    const gone = this.members.filter((m) => m.processId !== this.me.processId && (!this.live.has(m.processId) || this.stale.has(m.processId)));
    if (this.sweeping || matchMaker.state !== matchMaker.MatchMakerState.READY) return;
    this.sweeping = true;
    Promise.all([
      // Also those Colyseus lists that never joined this hash.
      matchMaker.healthCheckAllProcesses(),
      ...gone.map(async (m) => {
        if (!(await matchMaker.healthCheckProcessId(m.processId))) {
          await this.redis.hdel(FLEET_KEY, m.processId);
          this.stamps.delete(m.processId);
          fleetGauges.gone.inc();
          log.warn({ processId: m.processId, region: m.region }, "a process is gone: its rooms are no longer listed");
        }
      }),
    ])
      .catch((err) => log.warn({ err: (err as Error).message }, "could not check the other processes"))
      .finally(() => (this.sweeping = false));
  }
}
