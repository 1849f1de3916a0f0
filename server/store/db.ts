// Opens the one database the server keeps: a PostgreSQL server when DATABASE_URL is set, otherwise
// PGlite (Postgres compiled to WASM, in this process) in a folder under DATA_DIR, or in memory
// for tests (DATA_DIR=":memory:"). Migrations are applied before anything else may use it.
//
// Why Kysely: one query layer that writes typed Postgres SQL and runs it through one driver, `pg`,
// on both backends. PGlite ships a node-postgres connection (`@electric-sql/pglite/node-postgres`),
// so both go through Kysely's own PostgresDialect: the same SQL, the same result types (bytea as
// Buffer, timestamptz as Date, jsonb parsed) and no third-party dialect. Kysely is a query builder,
// not an ORM: the SQL it writes is the SQL you read, which matters for the leaderboard's budget.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { log } from "../log";
import { migrate } from "./migrations";
import type { Tables } from "./types";

export type Backend = "pglite" | "postgres";

export interface DatabaseOptions {
  /** A PostgreSQL server (postgres://…); unset: PGlite. */
  databaseUrl?: string;
  /** PGlite keeps its files in DATA_DIR/pglite; ":memory:" keeps nothing. */
  dataDir: string;
}

export interface Database {
  db: Kysely<Tables>;
  backend: Backend;
  /** Ends the connections (and stops PGlite). */
  close(): Promise<void>;
}

export const MEMORY = ":memory:";

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const opened = options.databaseUrl ? openServer(options.databaseUrl) : await openEmbedded(options.dataDir);
  try {
    await migrate(opened.db);
  } catch (err) {
    await opened.close().catch(() => {});
    throw err;
  }
  return opened;
}

function openServer(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Fail fast while the server is down: the outbox keeps the record and tries again later.
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
  });
  // An idle connection the server closes (a restart) must not crash the process.
  pool.on("error", (err) => log.warn({ err: err.message }, "database_connection_lost"));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, backend: "postgres", close: () => db.destroy() };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  let dir: string | undefined;
  if (dataDir !== MEMORY) {
    dir = path.resolve(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
  }
  const lite = new PGlite(dir);
  await lite.waitReady;
  // One connection: PGlite is one Postgres session, so the pool hands it to one query or
  // transaction at a time. Never closed while idle (reconnecting gains nothing in-process).
  const pool = new pg.Pool({ ...createPgConfig(lite), max: 1, idleTimeoutMillis: 0 });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: "pglite",
    async close() {
      await db.destroy();
      await lite.close();
    },
  };
}
