// The outbox: records and replays wait on disk while the database cannot take them, in order,
// bounded, and each reaches the database once. The database here is a stand-in that can be down.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPermanent, Outbox, type OutboxLog, type OutboxSink } from "../../server/store/Outbox";
import type { RoundRecord } from "../../server/store/types";
import { StoreInputError } from "../../server/store/validate";
import { pilot, round } from "./storeSuite";

class Database implements OutboxSink {
  down = false;
  attempts = 0;
  readonly rounds = new Map<string, RoundRecord>();
  readonly replays = new Map<string, Uint8Array>();
  /** What was written, in order. */
  readonly log: string[] = [];

  async recordRound(record: RoundRecord): Promise<boolean> {
    this.attempts++;
    if (this.down) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    if (record.id.startsWith("bad")) throw new StoreInputError("a match id is 1 to 64 letters");
    if (this.rounds.has(record.id)) return false;
    this.rounds.set(record.id, record);
    this.log.push(`round ${record.id}`);
    return true;
  }

  async saveReplay(matchId: string, bytes: Uint8Array): Promise<boolean> {
    this.attempts++;
    if (this.down) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    if (this.replays.has(matchId)) return false;
    this.replays.set(matchId, bytes);
    this.log.push(`replay ${matchId}`);
    return true;
  }
}

const rec = (id: string) => ({ kind: "round" as const, record: round(id, [pilot(crypto.randomUUID(), "Ann", 1, 0)]) });
const replay = (id: string, size = 10) => ({ kind: "replay" as const, matchId: id, bytes: new Uint8Array(size).fill(7), days: 7 });

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the outbox", () => {
  let dir: string;
  let db: Database;
  let said: { level: string; message: string }[];
  let log: OutboxLog;
  const boxes: Outbox[] = [];
  const open = async (options: Partial<Parameters<typeof Outbox.open>[0]> = {}) => {
    const box = await Outbox.open({ dir, sink: db, log, retryMinMs: 60_000, ...options });
    boxes.push(box);
    return box;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "skirmish-outbox-"));
    db = new Database();
    said = [];
    log = {
      info: (_f, message) => said.push({ level: "info", message }),
      warn: (_f, message) => said.push({ level: "warn", message }),
      error: (_f, message) => said.push({ level: "error", message }),
    };
  });
  afterEach(async () => {
    await Promise.all(boxes.splice(0).map((b) => b.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes what it is handed in the background, and keeps nothing once written", async () => {
    const box = await open();
    await box.add(rec("r1"));
    await until(() => box.pending === 0);
    expect(db.log).toEqual(["round r1"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps records on disk while the database is down, across a restart, and writes them once it is back", async () => {
    db.down = true;
    let box = await open();
    await box.add(rec("r1"));
    await box.add(replay("r1"));
    await box.add(rec("r2"));
    expect(await box.flush()).toEqual({ written: 0, pending: 3 });
    await box.close();
    expect(readdirSync(dir)).toHaveLength(3);

    box = await open();
    expect(box.pending).toBe(3);
    expect(said.map((s) => s.message)).toContain("outbox_resumed");
    db.down = false;
    expect(await box.flush()).toEqual({ written: 3, pending: 0 });
    // In the order handed over: a round before its replay.
    expect(db.log).toEqual(["round r1", "replay r1", "round r2"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("tries again by itself, with growing pauses, until the database is back", async () => {
    db.down = true;
    const box = await open({ retryMinMs: 20, retryMaxMs: 80 });
    await box.add(rec("r1"));
    await until(() => db.attempts >= 3);
    db.down = false;
    await until(() => box.pending === 0);
    expect(db.log).toEqual(["round r1"]);
    expect(said.filter((s) => s.message === "outbox_write_failed").length).toBeGreaterThanOrEqual(3);
  });

  it("writes a record the database already has only once (a retry after a lost answer)", async () => {
    const box = await open();
    await box.add(rec("r1"));
    await box.add(rec("r1"));
    await box.flush();
    expect(db.log).toEqual(["round r1"]);
    expect(box.pending).toBe(0);
  });

  it("is bounded: when full, the oldest replay goes first, then the oldest record, with a warning", async () => {
    db.down = true;
    const box = await open({ maxItems: 3 });
    await box.add(rec("r1"));
    await box.add(replay("r1"));
    await box.add(rec("r2"));
    await box.add(rec("r3"));
    await box.add(rec("r4"));
    expect(said.filter((s) => s.message === "outbox_full_oldest_dropped")).toHaveLength(2);
    db.down = false;
    await box.flush();
    expect(db.log).toEqual(["round r2", "round r3", "round r4"]);
  });

  it("is bounded in bytes too, and refuses an item bigger than the whole spool", async () => {
    db.down = true;
    const box = await open({ maxBytes: 3000 });
    await box.add(replay("big", 10_000));
    await box.add(replay("a", 1500));
    await box.add(replay("b", 1500));
    expect(said.map((s) => s.message).filter((m) => m !== "outbox_write_failed")).toEqual(["outbox_item_too_large_dropped", "outbox_full_oldest_dropped"]);
    db.down = false;
    await box.flush();
    expect(db.log).toEqual(["replay b"]);
  });

  it("drops an item the database refuses outright, says so, and goes on with the rest", async () => {
    const box = await open();
    await box.add(rec("bad-one"));
    await box.add(rec("r2"));
    await box.flush();
    expect(db.log).toEqual(["round r2"]);
    expect(said).toContainEqual({ level: "error", message: "outbox_item_refused_dropped" });
    expect(box.pending).toBe(0);
  });

  it("ignores a spool file cut short by a crash, and sets an unreadable one aside", async () => {
    writeFileSync(path.join(dir, "000000000001.round.json.1234abcd.tmp"), '{"v":1,"kind":"rou');
    writeFileSync(path.join(dir, "000000000002.round.json"), "not json");
    const box = await open();
    await box.add(rec("r3"));
    await box.flush();
    expect(db.log).toEqual(["round r3"]);
    expect(readdirSync(dir)).toEqual(["000000000002.round.json.bad"]);
    expect(said).toContainEqual({ level: "error", message: "outbox_item_unreadable" });
  });

  it("tells a refusal that will not change from a failure worth another try", () => {
    expect(isPermanent(new StoreInputError("bad"))).toBe(true);
    expect(isPermanent({ code: "23503" })).toBe(true); // foreign key
    expect(isPermanent({ code: "22P02" })).toBe(true); // invalid text representation
    expect(isPermanent({ code: "ECONNREFUSED" })).toBe(false);
    expect(isPermanent({ code: "57P01" })).toBe(false); // the server is shutting down
    expect(isPermanent({ code: "40P01" })).toBe(false); // deadlock: try again
    expect(isPermanent(new Error("timeout exceeded when trying to connect"))).toBe(false);
  });
});
