// The schema, one versioned step at a time. Kysely's Migrator applies the steps not yet applied
// (in name order, under an advisory lock so two processes starting together do not race) and
// records them in kysely_migration. A step, once shipped, is never edited: add the next one.

import { type Kysely, sql } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";

const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("players")
      .addColumn("id", "uuid", (c) => c.primaryKey())
      .addColumn("secret_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull())
      .addColumn("last_name", "text")
      .execute();

    await db.schema
      .createTable("transfer_codes")
      .addColumn("code_hash", "text", (c) => c.primaryKey())
      .addColumn("player_id", "uuid", (c) => c.notNull().references("players.id").onDelete("cascade"))
      .addColumn("expires_at", "timestamptz", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("transfer_codes_player").on("transfer_codes").column("player_id").execute();

    await db.schema
      .createTable("matches")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("room_id", "text", (c) => c.notNull())
      .addColumn("mode", "text", (c) => c.notNull())
      .addColumn("map", "text", (c) => c.notNull())
      .addColumn("private", "boolean", (c) => c.notNull())
      .addColumn("started_at", "timestamptz", (c) => c.notNull())
      .addColumn("ended_at", "timestamptz", (c) => c.notNull())
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addColumn("interrupted", "boolean", (c) => c.notNull())
      .addColumn("team_scores", "jsonb")
      .addColumn("recorded_at", "timestamptz", (c) => c.notNull())
      .execute();
    // Recent public rounds, newest first (GET /api/matches).
    await sql`create index matches_public_recent on matches (ended_at desc, id) where not private`.execute(db);

    await db.schema
      .createTable("match_players")
      .addColumn("match_id", "text", (c) => c.notNull().references("matches.id").onDelete("cascade"))
      .addColumn("player_id", "uuid", (c) => c.notNull().references("players.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("team", "smallint")
      .addColumn("place", "smallint", (c) => c.notNull())
      .addColumn("kills", "integer", (c) => c.notNull())
      .addColumn("downs", "integer", (c) => c.notNull())
      .addColumn("captures", "integer", (c) => c.notNull())
      .addColumn("weapons", "jsonb", (c) => c.notNull())
      .addPrimaryKeyConstraint("match_players_pk", ["match_id", "player_id"])
      .execute();
    // A player's rounds (profile totals and recent rounds).
    await db.schema.createIndex("match_players_player").on("match_players").column("player_id").execute();

    await db.schema
      .createTable("ratings")
      .addColumn("player_id", "uuid", (c) => c.notNull().references("players.id").onDelete("cascade"))
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('ffa', 'team')`))
      .addColumn("mu", "double precision", (c) => c.notNull())
      .addColumn("sigma", "double precision", (c) => c.notNull())
      .addColumn("ordinal", "double precision", (c) => c.notNull())
      .addColumn("rounds", "integer", (c) => c.notNull())
      .addColumn("updated_at", "timestamptz", (c) => c.notNull())
      .addPrimaryKeyConstraint("ratings_pk", ["player_id", "kind"])
      .execute();
    // The all-time leaderboard: best conservative rating first, per kind.
    await sql`create index ratings_leaderboard on ratings (kind, ordinal desc, player_id)`.execute(db);

    await db.schema
      .createTable("rating_changes")
      .addColumn("match_id", "text", (c) => c.notNull().references("matches.id").onDelete("cascade"))
      .addColumn("player_id", "uuid", (c) => c.notNull().references("players.id").onDelete("cascade"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("ordinal_before", "double precision", (c) => c.notNull())
      .addColumn("ordinal_after", "double precision", (c) => c.notNull())
      .addColumn("at", "timestamptz", (c) => c.notNull())
      .addPrimaryKeyConstraint("rating_changes_pk", ["match_id", "player_id"])
      .execute();
    // The day and week leaderboards: the changes within a period, per kind.
    await sql`create index rating_changes_period on rating_changes (kind, at) include (player_id, ordinal_after)`.execute(db);

    await db.schema
      .createTable("replays")
      .addColumn("match_id", "text", (c) => c.primaryKey().references("matches.id").onDelete("cascade"))
      .addColumn("bytes", "bytea", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull())
      .addColumn("expires_at", "timestamptz", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("replays_expiry").on("replays").column("expires_at").execute();
  },
};

/** Every step, by name; names sort in the order they apply. */
export const MIGRATIONS: Record<string, Migration> = {
  "0001_initial": initial,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies the steps this database lacks; throws (naming the step) if one fails. */
export async function migrate(db: Kysely<any>): Promise<string[]> {
  const { error, results = [] } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`database migration ${failed ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
