// A fleet on one machine, as deploy/ describes it: three real game processes sharing a real
// Redis (and a real PostgreSQL, when asked), behind a real nginx running
// deploy/nginx/skirmish-fleet.conf over TLS with the test's certificate. Each process is
// reached at its own path (/p1/, /p2/, /p3/) on the one origin, as in production.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { freePort } from "./net";
import { type Nginx, startNginx } from "./nginx";
import { type Postgres, startPostgres } from "./postgres";
import { type Redis, type ServerProcess, startRedis, startServerProcess } from "./processes";
import { testCertificate } from "./tls";

export const FLEET_CONF = "deploy/nginx/skirmish-fleet.conf";
/** The ports the configuration lists, in order: process N is on the Nth. */
const CONF_PORTS = [2567, 2568, 2569];

export interface TestFleet {
  /** The one public origin: https://127.0.0.1:PORT (and its wss:// twin). */
  httpUrl: string;
  url: string;
  redis: Redis;
  postgres?: Postgres;
  nginx: Nginx;
  /** procs[i] answers at /p{i+1}/ (undefined while stopped). */
  procs: (ServerProcess | undefined)[];
  /** Which process (0, 1, 2) holds a room, by the path its WebSocket took. */
  indexOf(wsUrl: string): number;
  /** Starts process i again where the balancer expects it. */
  start(i: number): Promise<ServerProcess>;
  stop(): Promise<void>;
}

export interface FleetOptions {
  /** Each process's environment, on top of the fleet's own. */
  env?: Record<string, string>;
  /** Keep records in a real PostgreSQL that every process shares. */
  database?: boolean;
}

/**
 * deploy/nginx/skirmish-fleet.conf in a real nginx, over TLS with the test's certificate, in
 * front of the processes on `ports` (the Nth as /pN/; one port may stand for all three).
 */
export async function fleetBalancer(ports: number[], port?: number): Promise<Nginx> {
  const { cert, key } = testCertificate();
  port ??= await freePort();
  return startNginx(
    FLEET_CONF,
    (conf) =>
      CONF_PORTS.reduce((c, p, i) => c.replaceAll(`127.0.0.1:${p}`, `127.0.0.1:${ports[i] ?? ports[0]}`), conf)
        // One listener: the TLS origin (the plain-HTTP redirect is left out).
        .replace(/server \{\s*listen 80;[^}]*\}/, "")
        .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${port} ssl http2;`)
        .replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${cert};`)
        .replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${key};`),
    "fleet",
    { port, tls: true },
  );
}

export async function startFleet(options: FleetOptions = {}): Promise<TestFleet> {
  const port = await freePort();
  const ports = await Promise.all(CONF_PORTS.map(() => freePort()));
  const redis = await startRedis();
  const postgres = options.database ? await startPostgres() : undefined;
  const envOf = (i: number): Record<string, string> => {
    const dataDir = path.resolve(".test-artifacts", `fleet-${port}-p${i + 1}`);
    if (postgres) mkdirSync(dataDir, { recursive: true });
    return {
      REDIS_URL: redis.url,
      // The seat a process hands out names its own path on the balancer's origin.
      PUBLIC_ADDRESS: `127.0.0.1:${port}/p${i + 1}`,
      ...(postgres ? { DATABASE_URL: postgres.url, DATA_DIR: dataDir } : {}),
      ...options.env,
    };
  };
  const start = (i: number) => startServerProcess(envOf(i), undefined, undefined, ports[i]);
  const procs: (ServerProcess | undefined)[] = await Promise.all(CONF_PORTS.map((_, i) => start(i)));
  const nginx = await fleetBalancer(ports, port);
  return {
    httpUrl: nginx.httpUrl,
    url: nginx.url,
    redis,
    postgres,
    nginx,
    procs,
    indexOf(wsUrl: string) {
      const m = /\/p(\d)\//.exec(new URL(wsUrl).pathname + "/");
      return m ? Number(m[1]) - 1 : -1;
    },
    async start(i: number) {
      const proc = await start(i);
      procs[i] = proc;
      return proc;
    },
    async stop() {
      nginx.stop();
      await Promise.all(procs.map((p) => p?.stop()));
      redis.stop();
      await postgres?.destroy();
    },
  };
}

interface Health {
  matchmaking: string;
  rooms?: number;
  players?: number;
  process: { id: string; rooms: number; clients: number };
}

/**
 * What a fleet that has recovered must show, as a list of what is wrong (empty: nothing):
 * every process answers matchmaking and lists what the processes hold, rooms and clients alike.
 */
export async function fleetInconsistencies(fleet: TestFleet): Promise<string[]> {
  const alive = fleet.procs.filter((p) => p !== undefined);
  const health = await Promise.all(alive.map(async (p) => (await fetch(`${p.httpUrl}/healthz`)).json() as Promise<Health>));
  const problems: string[] = [];
  for (const h of health) if (h.matchmaking !== "ok") problems.push(`process ${h.process.id}: matchmaking ${h.matchmaking}`);
  const held = health.reduce((n, h) => n + h.process.rooms, 0);
  const clients = health.reduce((n, h) => n + h.process.clients, 0);
  for (const h of health) {
    if (h.rooms !== held) problems.push(`process ${h.process.id} lists ${h.rooms} rooms; the processes hold ${held}`);
    if (h.players !== clients) problems.push(`process ${h.process.id} lists ${h.players} clients; the processes hold ${clients}`);
  }
  return problems;
}
