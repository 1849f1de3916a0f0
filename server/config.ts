// Server configuration, read once from the environment. Every setting has a default that
// works on one machine with nothing else installed.

import { GAME } from "../shared/config";
import { DEFAULT_MAP, getMap, MAP_IDS } from "./maps";
import { MODE_IDS, type ModeId } from "../shared/maps/types";

export interface ServerConfig {
  port: number;
  /** Address to bind; 0.0.0.0 serves the network, tests use 127.0.0.1. */
  host: string;
  tickHz: number;
  patchHz: number;
  /** The map public rooms start on (MAP). */
  map: string;
  /** The mode public rooms start in (GAME_MODE; not MODE, which Vite and Vitest set): ffa, tdm or ctf. */
  mode: ModeId;
  /** The score that ends a round, in every mode (SCORE_LIMIT); unset: each mode's own (GAME.modes). */
  scoreLimit?: number;
  timeLimitSeconds: number;
  resultsSeconds: number;
  maxPlayers: number;
  /** Longest an input may wait in a player's queue before older ones are dropped. */
  inputQueueMs: number;
  /** Watchers a room takes on top of its players. */
  maxSpectators: number;
  /** Seconds a dropped player's seat (craft, score) is kept for them. */
  reconnectSeconds: number;
  /** Rooms with fewer humans than this are topped up with bots (0: never). */
  botFill: number;
  /** Chat lines a client may send per 5 seconds. */
  chatRate: number;
  /** Private-code lookups an address may make per minute. */
  codeLookupsPerMinute: number;
  /** Largest WebSocket message a client may send, in bytes (bigger ones close the connection). */
  maxMessageBytes: number;
  /** Messages a client may send per second; more are dropped, twice as many disconnects. */
  messageRate: number;
  /** Refused messages a client may send before it is disconnected. */
  badMessageLimit: number;
  /** Open game connections one address may hold (0: no limit). */
  connectionsPerAddress: number;
  /** Joins, room creations and quick plays one address may ask for per minute. */
  joinsPerMinute: number;
  logLevel: string;
  /** Folder with the built client; served at / when present. */
  clientDir: string;
  /** Password for the admin monitor at /admin; unset disables it. */
  adminPassword?: string;
  /** Redis for presence and matchmaking across processes; unset keeps both in memory. */
  redisUrl?: string;
  /** host:port where clients reach this process (required with Redis); behind a balancer, host/path (see deploy/). */
  publicAddress?: string;
  /** The region this process serves (REGION: a short name like eu or us-east; "" names none). */
  region: string;
  /** Where pages measure their latency to this region (REGION_URL: its wss:// origin; required with REGION and REDIS_URL). */
  regionUrl: string;
  /** Folder for what lasts on this machine: the embedded database and the records waiting to be written (DATA_DIR); ":memory:" keeps nothing. */
  dataDir: string;
  /** A PostgreSQL server (DATABASE_URL, postgres://…); unset: the embedded database in dataDir. */
  databaseUrl?: string;
  /** Days a round's replay is kept (REPLAY_DAYS). */
  replayDays: number;
}

/** DATA_DIR=none: this process keeps no records (benchmarks, tests not about records). */
export const NO_RECORDS = "none";

export const DEFAULTS: ServerConfig = {
  port: 2567,
  host: "0.0.0.0",
  tickHz: GAME.net.tickHz,
  patchHz: GAME.net.patchHz,
  map: DEFAULT_MAP,
  mode: "ffa",
  timeLimitSeconds: GAME.round.timeLimitSeconds,
  resultsSeconds: GAME.round.resultsSeconds,
  maxPlayers: GAME.room.maxPlayers,
  inputQueueMs: 150,
  maxSpectators: GAME.room.maxSpectators,
  reconnectSeconds: GAME.room.reconnectSeconds,
  botFill: 4,
  chatRate: 5,
  codeLookupsPerMinute: 20,
  maxMessageBytes: 4096,
  messageRate: 120,
  badMessageLimit: 20,
  connectionsPerAddress: 32,
  joinsPerMinute: 60,
  logLevel: "info",
  clientDir: "dist/client",
  dataDir: "./data",
  replayDays: 7,
  region: "",
  regionUrl: "",
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const int = (name: string, fallback: number, lo: number, hi: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < lo || n > hi) {
      throw new Error(`${name} must be a whole number from ${lo} to ${hi} (got "${raw}")`);
    }
    return n;
  };
  const tickHz = int("TICK_HZ", DEFAULTS.tickHz, 10, 240);
  const config: ServerConfig = {
    port: int("PORT", DEFAULTS.port, 0, 65535),
    host: env.HOST || DEFAULTS.host,
    tickHz,
    patchHz: int("PATCH_HZ", Math.min(DEFAULTS.patchHz, tickHz), 1, tickHz),
    map: env.MAP || DEFAULTS.map,
    scoreLimit: env.SCORE_LIMIT ? int("SCORE_LIMIT", 0, 1, 1000) : undefined,
    mode: (env.GAME_MODE || DEFAULTS.mode) as ModeId,
    timeLimitSeconds: int("TIME_LIMIT", DEFAULTS.timeLimitSeconds, 10, 24 * 3600),
    resultsSeconds: int("RESULTS_SECONDS", DEFAULTS.resultsSeconds, 1, 120),
    maxPlayers: int("MAX_PLAYERS", DEFAULTS.maxPlayers, 2, GAME.room.maxPlayersEver),
    inputQueueMs: int("INPUT_QUEUE_MS", DEFAULTS.inputQueueMs, 20, 2000),
    maxSpectators: int("MAX_SPECTATORS", DEFAULTS.maxSpectators, 0, 200),
    reconnectSeconds: int("RECONNECT_SECONDS", DEFAULTS.reconnectSeconds, 0, 600),
    botFill: int("BOTS", DEFAULTS.botFill, 0, 16),
    chatRate: int("CHAT_RATE", DEFAULTS.chatRate, 1, 100),
    codeLookupsPerMinute: int("CODE_LOOKUPS_PER_MINUTE", DEFAULTS.codeLookupsPerMinute, 1, 10000),
    maxMessageBytes: int("MAX_MESSAGE_BYTES", DEFAULTS.maxMessageBytes, 256, 1024 * 1024),
    messageRate: int("MESSAGE_RATE", DEFAULTS.messageRate, 10, 100_000),
    badMessageLimit: int("BAD_MESSAGE_LIMIT", DEFAULTS.badMessageLimit, 0, 1_000_000),
    connectionsPerAddress: int("CONNECTIONS_PER_ADDRESS", DEFAULTS.connectionsPerAddress, 0, 100_000),
    joinsPerMinute: int("JOINS_PER_MINUTE", DEFAULTS.joinsPerMinute, 1, 1_000_000),
    logLevel: env.LOG_LEVEL || DEFAULTS.logLevel,
    clientDir: env.CLIENT_DIR || DEFAULTS.clientDir,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    redisUrl: env.REDIS_URL || undefined,
    publicAddress: env.PUBLIC_ADDRESS || undefined,
    dataDir: env.DATA_DIR || DEFAULTS.dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    replayDays: int("REPLAY_DAYS", DEFAULTS.replayDays, 1, 3650),
    region: env.REGION ?? DEFAULTS.region,
    regionUrl: env.REGION_URL ?? DEFAULTS.regionUrl,
  };
  if (!/^[a-z0-9-]{0,24}$/.test(config.region)) throw new Error(`REGION must be a short name of lowercase letters, digits and dashes, like eu or us-east (got "${config.region}")`);
  if (config.regionUrl && !/^wss?:\/\/[^\s/]+$/.test(config.regionUrl)) throw new Error(`REGION_URL must be a ws:// or wss:// origin, like wss://eu.example.com (got "${config.regionUrl}")`);
  if (config.region && config.redisUrl && !config.regionUrl) {
    // Pages compare regions by measuring each: they need an address for every one.
    throw new Error("REGION_URL (the wss:// origin where pages measure their latency to this region) is required with REGION and REDIS_URL");
  }
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new Error("DATABASE_URL must be a PostgreSQL address (postgres://user:password@host:port/database)");
  }
  if (config.redisUrl && !config.databaseUrl && config.dataDir !== NO_RECORDS) {
    // Each process would keep records of its own, and a player's rounds would scatter among them.
    throw new Error("DATABASE_URL (a PostgreSQL server every process shares) is required with REDIS_URL, or DATA_DIR=none to keep no records");
  }
  if (config.redisUrl && !config.publicAddress) {
    throw new Error("PUBLIC_ADDRESS (host:port where clients reach this process) is required with REDIS_URL");
  }
  if (!MAP_IDS.includes(config.map)) {
    throw new Error(`MAP must be one of ${MAP_IDS.join(", ")} (got "${config.map}")`);
  }
  if (!MODE_IDS.includes(config.mode)) throw new Error(`GAME_MODE must be one of ${MODE_IDS.join(", ")} (got "${config.mode}")`);
  const modes = getMap(config.map)!.modes;
  if (!modes.includes(config.mode)) throw new Error(`MAP ${config.map} is made for ${modes.join(", ")}, not GAME_MODE ${config.mode}`);
  return config;
}
