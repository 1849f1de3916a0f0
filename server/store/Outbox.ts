// Where round records and replays wait on their way to the database, so a room never waits on it
// and nothing is lost while it is down or the server restarts. Each item is first spooled to disk
// (one file per item, written whole then renamed into place, fsynced), then written to the store
// in the order it came, and its file removed. A failed write is tried again with growing pauses.
// An item may reach the store twice (a crash between the write and the removal, or a reply lost
// with the connection); the store's writes are idempotent, so it is written exactly once.
//
// The spool is bounded: past maxItems or maxBytes the oldest waiting replay goes first, then the
// oldest record, each with a warning. An item the store refuses outright (invalid, or a replay
// whose round was refused) is dropped with an error: trying again cannot change the answer.

import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { log as defaultLog } from "../log";
import type { RoundRecord } from "./types";
import { StoreInputError } from "./validate";

/** What the outbox writes to: the Store, or in tests a stand-in that can be "down". */
export interface OutboxSink {
  recordRound(record: RoundRecord): Promise<boolean>;
  saveReplay(matchId: string, bytes: Uint8Array, days: number): Promise<boolean>;
}

export type OutboxItem = { kind: "round"; record: RoundRecord } | { kind: "replay"; matchId: string; bytes: Uint8Array; days: number };

/** Where the outbox reports (the server's pino log by default). */
export interface OutboxLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface OutboxOptions {
  /** The spool folder (created): DATA_DIR/outbox in the server. */
  dir: string;
  sink: OutboxSink;
  maxItems?: number;
  maxBytes?: number;
  /** First pause after a failed write; it doubles up to retryMaxMs. */
  retryMinMs?: number;
  retryMaxMs?: number;
  log?: OutboxLog;
  /** Told how long each write to the database took (seconds), for the metrics. */
  timed?: (seconds: number) => void;
}

interface Entry {
  file: string;
  kind: OutboxItem["kind"];
  bytes: number;
}

const FILE = /^(\d{12})\.(round|replay)\.json$/;

export class Outbox {
  private readonly queue: Entry[] = [];
  private seq = 0;
  private queuedBytes = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private adding: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly maxItems: number;
  private readonly maxBytes: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly log: OutboxLog;
  private writtenCount = 0;
  private readonly timed?: (seconds: number) => void;

  private constructor(private readonly dir: string, private readonly sink: OutboxSink, options: OutboxOptions) {
    this.timed = options.timed;
    this.maxItems = options.maxItems ?? 10_000;
    this.maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
    this.retryMinMs = options.retryMinMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 60_000;
    this.log = options.log ?? defaultLog;
  }

  /** Opens the spool, picks up what a previous run left waiting, and starts writing it. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const box = new Outbox(path.resolve(options.dir), options.sink, options);
    await box.load();
    box.kick();
    return box;
  }

  /** Items written since the outbox opened. */
  get written(): number {
    return this.writtenCount;
  }

  /** Items waiting (spooled, not yet written). */
  get pending(): number {
    return this.queue.length;
  }

  /** Spools an item; resolves once it is safe on disk. The write to the store follows in the background. */
  add(item: OutboxItem): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the outbox is closed"));
    // One at a time, so items are written in the order they were handed over (a round before its replay).
    const spooled = this.adding.then(() => this.spool(item));
    this.adding = spooled.catch(() => {});
    return spooled;
  }

  private async spool(item: OutboxItem): Promise<void> {
    const text = encode(item);
    const size = Buffer.byteLength(text);
    if (size > this.maxBytes) {
      this.log.warn({ kind: item.kind, id: itemId(item), bytes: size }, "outbox_item_too_large_dropped");
      return;
    }
    const file = `${String(++this.seq).padStart(12, "0")}.${item.kind}.json`;
    await writeDurably(path.join(this.dir, file), text);
    this.queue.push({ file, kind: item.kind, bytes: size });
    this.queuedBytes += size;
    await this.enforceBounds();
    this.kick();
  }

  /**
   * Tries to write everything waiting now, whatever the pause (tests, and shutdown before the
   * process exits: what still fails stays on disk for the next start).
   */
  async flush(): Promise<{ written: number; pending: number }> {
    await this.adding;
    const before = this.written;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
    if (this.queue.length > 0) await this.startDrain();
    return { written: this.written - before, pending: this.queue.length };
  }

  /** Stops writing (after the write under way); what waits stays on disk. */
  async close(): Promise<void> {
    await this.adding;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
  }

  private async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).sort();
    for (const name of names) {
      const full = path.join(this.dir, name);
      // A spool file cut short by a crash never got its final name: it was never acknowledged.
      if (name.endsWith(".tmp")) {
        await unlink(full).catch(() => {});
        continue;
      }
      const m = FILE.exec(name);
      if (!m) continue;
      const size = (await stat(full)).size;
      this.queue.push({ file: name, kind: m[2] as OutboxItem["kind"], bytes: size });
      this.queuedBytes += size;
      this.seq = Math.max(this.seq, Number(m[1]));
    }
    if (this.queue.length > 0) this.log.info({ pending: this.queue.length, bytes: this.queuedBytes }, "outbox_resumed");
  }

  private kick(): void {
    if (this.closed || this.timer || this.queue.length === 0) return;
    void this.startDrain();
  }

  private startDrain(): Promise<void> {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const entry = this.queue[0];
      let item: OutboxItem;
      try {
        item = decode(await readFile(path.join(this.dir, entry.file), "utf8"));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
          this.remove(entry); // dropped by the bounds meanwhile
          continue;
        }
        // Unreadable: set it aside for an operator to look at, and go on.
        this.log.error({ file: entry.file, err: (err as Error).message }, "outbox_item_unreadable");
        await rename(path.join(this.dir, entry.file), path.join(this.dir, `${entry.file}.bad`)).catch(() => {});
        this.remove(entry);
        continue;
      }
      try {
        await this.write(item);
        this.writtenCount++;
        this.failures = 0;
      } catch (err) {
        if (!isPermanent(err)) {
          this.failures++;
          const pause = Math.min(this.retryMaxMs, this.retryMinMs * 2 ** (this.failures - 1)) * (0.8 + 0.4 * Math.random());
          this.log.warn({ kind: entry.kind, id: itemId(item), pending: this.queue.length, retryMs: Math.round(pause), err: (err as Error).message }, "outbox_write_failed");
          if (!this.closed) {
            this.timer = setTimeout(() => {
              this.timer = undefined;
              this.kick();
            }, pause);
            this.timer.unref();
          }
          return;
        }
        this.log.error({ kind: entry.kind, id: itemId(item), err: (err as Error).message }, "outbox_item_refused_dropped");
      }
      await unlink(path.join(this.dir, entry.file)).catch(() => {});
      this.remove(entry);
    }
  }

  private async write(item: OutboxItem): Promise<boolean> {
    const started = performance.now();
    try {
      return await (item.kind === "round" ? this.sink.recordRound(item.record) : this.sink.saveReplay(item.matchId, item.bytes, item.days));
    } finally {
      this.timed?.((performance.now() - started) / 1000);
    }
  }

  private remove(entry: Entry): void {
    const i = this.queue.indexOf(entry);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.queuedBytes -= entry.bytes;
  }

  /** Over the bounds: drop the oldest replay, else the oldest record (never the one being written). */
  private async enforceBounds(): Promise<void> {
    while (this.queue.length > this.maxItems || this.queuedBytes > this.maxBytes) {
      const candidates = this.draining ? this.queue.slice(1) : this.queue;
      const victim = candidates.find((e) => e.kind === "replay") ?? candidates[0];
      if (!victim) return;
      this.log.warn({ file: victim.file, kind: victim.kind, pending: this.queue.length, bytes: this.queuedBytes }, "outbox_full_oldest_dropped");
      this.remove(victim);
      await unlink(path.join(this.dir, victim.file)).catch(() => {});
    }
  }
}

/** Refusals that another try cannot change: invalid input, and Postgres data (22…) and constraint (23…) errors. */
export function isPermanent(err: unknown): boolean {
  if (err instanceof StoreInputError) return true;
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

function itemId(item: OutboxItem): string {
  return item.kind === "round" ? item.record?.id : item.matchId;
}

function encode(item: OutboxItem): string {
  if (item.kind === "round") return JSON.stringify({ v: 1, ...item });
  return JSON.stringify({ v: 1, kind: "replay", matchId: item.matchId, days: item.days, bytes: Buffer.from(item.bytes).toString("base64") });
}

function decode(text: string): OutboxItem {
  const o = JSON.parse(text);
  if (o?.v !== 1) throw new Error("not an outbox item (version)");
  if (o.kind === "round") return { kind: "round", record: o.record };
  if (o.kind === "replay" && typeof o.bytes === "string") return { kind: "replay", matchId: o.matchId, days: o.days, bytes: new Uint8Array(Buffer.from(o.bytes, "base64")) };
  throw new Error("not an outbox item (kind)");
}

/** Writes `file` so that it exists whole or not at all, and survives a power cut once this resolves. */
async function writeDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  const dir = await open(path.dirname(file), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
