// A replay: a round as a watcher received it. Every record is one message of the watcher's
// stream (the schema's full state or a patch, a Snapshot of poses and events, an overflow
// Events batch) with the server tick it went out at. Seeking needs somewhere to start from, so
// every few seconds the recorder adds a keyframe: the full state and every craft's pose.
//
//   replay  := magic "SKRP" version:u8 metaLength:varint meta(JSON) record*
//   record  := kind:u8 tickDelta:varint length:varint bytes
//
// What is stored and sent is this, gzipped (the server compresses; the page decompresses with
// DecompressionStream): gzip's own checksum and length refuse a damaged or truncated file, and
// the reader below bounds everything it reads, so a bad file is refused, never misread.

import type { Decoded } from "../net/bytes";

export const REPLAY_MAGIC = [0x53, 0x4b, 0x52, 0x50]; // "SKRP"
export const REPLAY_VERSION = 1;

export const RecordKind = {
  /** A keyframe's full state: where a seek starts (played straight through, it is skipped). */
  Keyframe: 1,
  /** A schema patch, as every watcher got it. */
  Patch: 2,
  /** A Snapshot message: the poses that changed, then the patch interval's events (shared/net/poses). */
  Snapshot: 3,
  /** An Events batch that did not fit the Snapshot. */
  Events: 4,
  /** A keyframe's poses: every craft's (a Snapshot with every pose and no events). */
  Poses: 5,
  /**
   * A full state that replaces what came before (the room had nobody to send a patch to, so
   * that patch was never made): always applied, and a place a seek may start too.
   */
  Reset: 6,
} as const;
/** On disk only: a Snapshot whose poses are stored as changes of their change (see filterPoses). */
const FILTERED_SNAPSHOT = 7;
/** On disk only: a Patch whose first change, the tick it describes, is left out (see tickOfPatch). */
const FILTERED_PATCH = 8;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];
const KINDS = new Set<number>([...Object.values(RecordKind), FILTERED_SNAPSHOT, FILTERED_PATCH]);

export interface ReplayRecord {
  kind: RecordKind;
  /** The server tick the message went out at. */
  tick: number;
  bytes: Uint8Array;
}

/** What a replay says about itself. */
export interface ReplayMeta {
  /** The round's record id (server/records roundId), or "" for a kill-cam clip. */
  id: string;
  tickHz: number;
  patchHz: number;
  map: string;
  mode: string;
  round: number;
  /** The first and last tick recorded. */
  startTick: number;
  endTick: number;
  /** The round was cut short (the server stopped). */
  interrupted?: boolean;
}

export interface Replay {
  meta: ReplayMeta;
  records: ReplayRecord[];
  /** Indexes of the records a seek may start at (Keyframe or Reset, each followed by its Poses). */
  seekPoints: number[];
}

/** The most a replay may hold once decompressed (a long round is a few megabytes at most). */
export const MAX_REPLAY_BYTES = 64 * 1024 * 1024;

export function writeReplay(meta: ReplayMeta, records: readonly ReplayRecord[]): Uint8Array {
  let size = 0;
  for (const r of records) size += r.bytes.byteLength + 4;
  const writer = new ReplayWriter(meta.startTick, size + 64);
  for (const r of records) writer.add(r);
  return writer.finish(meta);
}

/**
 * Writes a replay a record at a time, as they happen (a room's round): the work is spread
 * over the round, and finishing is a header and one copy.
 */
export class ReplayWriter {
  private body: Uint8Array;
  private at = 0;
  private tick: number;
  private readonly filter = new PoseFilter();
  /** Where a Snapshot is filtered on its way in (one buffer, reused). */
  private scratch = new Uint8Array(1024);

  /** `sizeHint`: the bytes expected (a clip's few seconds), to start with room enough. */
  constructor(startTick: number, sizeHint = 16 * 1024) {
    this.tick = startTick;
    this.body = new Uint8Array(sizeHint);
  }

  /** Bytes written so far (the body, uncompressed). */
  get size(): number {
    return this.at;
  }

  add(r: ReplayRecord): void {
    // Both forms are undone exactly on reading (a record that does not fit is stored as it is).
    let filtered: Uint8Array | undefined;
    if (r.kind === RecordKind.Snapshot) {
      if (this.scratch.byteLength < r.bytes.byteLength + 32) this.scratch = new Uint8Array(2 * (r.bytes.byteLength + 32));
      const length = this.filter.forward(r.bytes, this.scratch);
      if (length >= 0) filtered = this.scratch.subarray(0, length);
    }
    const tickless = r.kind === RecordKind.Patch && startsWithTick(r.bytes, r.tick);
    const bytes = filtered ?? (tickless ? r.bytes.subarray(TICK_CHANGE.length + 1) : r.bytes);
    this.room(1 + 5 + 5 + bytes.byteLength);
    this.body[this.at++] = filtered ? FILTERED_SNAPSHOT : tickless ? FILTERED_PATCH : r.kind;
    this.at = writeVarint(this.body, this.at, Math.max(0, r.tick - this.tick));
    this.tick = Math.max(this.tick, r.tick);
    this.at = writeVarint(this.body, this.at, bytes.byteLength);
    this.body.set(bytes, this.at);
    this.at += bytes.byteLength;
  }

  /** The replay: its description (known now, at the end), then every record added. */
  finish(meta: ReplayMeta): Uint8Array {
    const head = new TextEncoder().encode(JSON.stringify(meta));
    const out = new Uint8Array(REPLAY_MAGIC.length + 1 + 5 + head.byteLength + this.at);
    out.set(REPLAY_MAGIC, 0);
    out[REPLAY_MAGIC.length] = REPLAY_VERSION;
    let at = writeVarint(out, REPLAY_MAGIC.length + 1, head.byteLength);
    out.set(head, at);
    at += head.byteLength;
    out.set(this.body.subarray(0, this.at), at);
    return out.subarray(0, at + this.at);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.body.byteLength) return;
    const grown = new Uint8Array(Math.max(this.body.byteLength * 2, this.at + bytes));
    grown.set(this.body.subarray(0, this.at));
    this.body = grown;
  }
}

/** Writes `n` (≥ 0) as a varint at `at` in `out`, which has 5 bytes free there; returns where it ends. */
function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

/** Reads bytes in order: varints, bounded (a damaged file throws a RangeError, never loops). */
class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}

  get done(): boolean {
    return this.at >= this.bytes.byteLength;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (this.at >= this.bytes.byteLength) throw new RangeError("truncated");
      const b = this.bytes[this.at++];
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
    }
    throw new RangeError("varint too long");
  }
}

/** Reads a decompressed replay, or says why it cannot be one. */
export function readReplay(bytes: Uint8Array): Decoded<Replay> {
  if (bytes.byteLength < REPLAY_MAGIC.length + 2 || REPLAY_MAGIC.some((b, i) => bytes[i] !== b)) return fail("this is not a Skirmish replay");
  if (bytes[4] !== REPLAY_VERSION) return fail(`this replay is of another version (${bytes[4]}; this page reads ${REPLAY_VERSION})`);
  const read = new Cursor(bytes, 5);
  try {
    const headLength = read.varint();
    if (read.at + headLength > bytes.byteLength) return fail("this replay is cut short");
    const meta = checkMeta(JSON.parse(new TextDecoder().decode(bytes.subarray(read.at, read.at + headLength))));
    if (!meta) return fail("this replay's description is damaged");
    read.at += headLength;
    const records: ReplayRecord[] = [];
    const seekPoints: number[] = [];
    let tick = meta.startTick;
    const filter = new PoseFilter();
    while (!read.done) {
      const kind = bytes[read.at++];
      if (!KINDS.has(kind)) return fail(`this replay is damaged (unknown record ${kind})`);
      tick += read.varint();
      const length = read.varint();
      if (read.at + length > bytes.byteLength) return fail("this replay is cut short");
      if (kind === RecordKind.Keyframe || kind === RecordKind.Reset) seekPoints.push(records.length);
      const stored = bytes.subarray(read.at, read.at + length);
      if (kind === FILTERED_SNAPSHOT) {
        const snapshot = filter.back(stored);
        if (!snapshot) return fail("this replay is damaged (poses)");
        records.push({ kind: RecordKind.Snapshot, tick, bytes: snapshot });
      } else if (kind === FILTERED_PATCH) {
        const patch = new Uint8Array(stored.byteLength + TICK_CHANGE.length + 1);
        patch.set([PATCH_HEAD, TICK_CHANGE[0], tick & 0xff, (tick >> 8) & 0xff], 0);
        patch.set(stored, TICK_CHANGE.length + 1);
        records.push({ kind: RecordKind.Patch, tick, bytes: patch });
      } else records.push({ kind: kind as RecordKind, tick, bytes: stored });
      read.at += length;
    }
    if (records[0]?.kind !== RecordKind.Keyframe && records[0]?.kind !== RecordKind.Reset) return fail("this replay has no beginning");
    return { ok: true, value: { meta, records, seekPoints } };
  } catch {
    return fail("this replay is damaged");
  }
}

function checkMeta(m: unknown): ReplayMeta | undefined {
  if (typeof m !== "object" || m === null) return undefined;
  const o = m as Record<string, unknown>;
  const int = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
  const text = (v: unknown) => typeof v === "string" && v.length <= 120;
  if (!text(o.id) || !text(o.map) || !text(o.mode)) return undefined;
  if (!int(o.tickHz, 240) || (o.tickHz as number) < 1 || !int(o.patchHz, 240) || (o.patchHz as number) < 1 || !int(o.round, 2 ** 31)) return undefined;
  if (!int(o.startTick, 2 ** 40) || !int(o.endTick, 2 ** 40) || (o.endTick as number) < (o.startTick as number)) return undefined;
  return {
    id: o.id as string,
    tickHz: o.tickHz as number,
    patchHz: o.patchHz as number,
    map: o.map as string,
    mode: o.mode as string,
    round: o.round as number,
    startTick: o.startTick as number,
    endTick: o.endTick as number,
    ...(o.interrupted === true ? { interrupted: true } : {}),
  };
}

const fail = (error: string): Decoded<never> => ({ ok: false, error });

/** The seek point to start from to show `tick`: the last one at or before it (else the first). */
export function seekPointFor(replay: Replay, tick: number): number {
  let best = replay.seekPoints[0] ?? 0;
  for (const i of replay.seekPoints) {
    if (replay.records[i].tick <= tick) best = i;
    else break;
  }
  return best;
}

/**
 * Nearly every patch starts with the tick it describes (ArenaState.tickLow, its first field),
 * which the record's own tick already says: left out on disk, put back when read. Matched
 * byte for byte, so a schema that writes it otherwise is simply stored as it is.
 */
const PATCH_HEAD = 15; // Colyseus' ROOM_STATE_PATCH
const TICK_CHANGE = [128, 0, 0]; // field 0 replaced, then its uint16
function startsWithTick(patch: Uint8Array, tick: number): boolean {
  return patch.byteLength >= 4 && patch[0] === PATCH_HEAD && patch[1] === TICK_CHANGE[0] && patch[2] === (tick & 0xff) && patch[3] === ((tick >> 8) & 0xff);
}

/**
 * Crafts glide: from one patch to the next a craft moves about as it just did. So a Snapshot's
 * poses are stored as the change of each craft's change (mostly zeros), which gzip packs about
 * twice as tight. Both sides keep the same running state, record after record, so it undoes
 * exactly. A pose written whole (0x80, shared/net/poses) stays whole; a change of change
 * that does not fit a byte is written as the plain change behind an escape.
 *
 *   filtered pose := 0x80 0 x:u16 y:u16 aim    (whole)
 *                  | 0x80 1 dx dy aim          (escaped plain change)
 *                  | ddx ddy daim              (ddx != 0x80)
 */
class PoseFilter {
  private readonly dx = new Int8Array(32);
  private readonly dy = new Int8Array(32);
  private readonly aim = new Uint8Array(32);

  /**
   * Writes a Snapshot's filtered form into `out` (room for its length + 32); returns how many
   * bytes, or -1 if its poses do not parse (it is then kept as it is).
   */
  forward(snapshot: Uint8Array, out: Uint8Array): number {
    if (snapshot.byteLength < 4) return -1;
    const mask = (snapshot[0] | (snapshot[1] << 8) | (snapshot[2] << 16) | (snapshot[3] << 24)) >>> 0;
    out.set(snapshot.subarray(0, 4));
    let r = 4;
    let w = 4;
    for (let slot = 0; slot < 32; slot++) {
      if (((mask >>> slot) & 1) === 0) {
        this.dx[slot] = this.dy[slot] = 0;
        continue;
      }
      if (r >= snapshot.byteLength) return -1;
      if (snapshot[r] === 0x80) {
        if (r + 6 > snapshot.byteLength) return -1;
        out[w++] = 0x80;
        out[w++] = 0;
        out.set(snapshot.subarray(r + 1, r + 6), w);
        w += 5;
        this.dx[slot] = this.dy[slot] = 0;
        this.aim[slot] = snapshot[r + 5];
        r += 6;
        continue;
      }
      if (r + 3 > snapshot.byteLength) return -1;
      const dx = (snapshot[r] << 24) >> 24;
      const dy = (snapshot[r + 1] << 24) >> 24;
      const aim = snapshot[r + 2];
      const ddx = dx - this.dx[slot];
      const ddy = dy - this.dy[slot];
      if (ddx > -128 && ddx < 128 && ddy >= -128 && ddy < 128) {
        out[w++] = ddx & 0xff;
        out[w++] = ddy & 0xff;
        out[w++] = (aim - this.aim[slot]) & 0xff;
      } else {
        out[w++] = 0x80;
        out[w++] = 1;
        out[w++] = dx & 0xff;
        out[w++] = dy & 0xff;
        out[w++] = aim;
      }
      this.dx[slot] = dx;
      this.dy[slot] = dy;
      this.aim[slot] = aim;
      r += 3;
    }
    out.set(snapshot.subarray(r), w);
    return w + snapshot.byteLength - r;
  }

  /** The Snapshot a filtered record stands for, or undefined if it is damaged. */
  back(stored: Uint8Array): Uint8Array | undefined {
    if (stored.byteLength < 4) return undefined;
    const mask = (stored[0] | (stored[1] << 8) | (stored[2] << 16) | (stored[3] << 24)) >>> 0;
    const out = new Uint8Array(stored.byteLength);
    out.set(stored.subarray(0, 4));
    let r = 4;
    let w = 4;
    for (let slot = 0; slot < 32; slot++) {
      if (((mask >>> slot) & 1) === 0) {
        this.dx[slot] = this.dy[slot] = 0;
        continue;
      }
      if (r + 3 > stored.byteLength) return undefined;
      if (stored[r] === 0x80) {
        const form = stored[r + 1];
        if (form === 0) {
          if (r + 7 > stored.byteLength) return undefined;
          out[w++] = 0x80;
          out.set(stored.subarray(r + 2, r + 7), w);
          w += 5;
          this.dx[slot] = this.dy[slot] = 0;
          this.aim[slot] = stored[r + 6];
          r += 7;
          continue;
        }
        if (form !== 1 || r + 5 > stored.byteLength) return undefined;
        out[w++] = stored[r + 2];
        out[w++] = stored[r + 3];
        out[w++] = stored[r + 4];
        this.dx[slot] = (stored[r + 2] << 24) >> 24;
        this.dy[slot] = (stored[r + 3] << 24) >> 24;
        this.aim[slot] = stored[r + 4];
        r += 5;
        continue;
      }
      const dx = this.dx[slot] + ((stored[r] << 24) >> 24);
      const dy = this.dy[slot] + ((stored[r + 1] << 24) >> 24);
      const aim = (this.aim[slot] + stored[r + 2]) & 0xff;
      if (dx < -127 || dx > 127 || dy < -128 || dy > 127) return undefined;
      out[w++] = dx & 0xff;
      out[w++] = dy & 0xff;
      out[w++] = aim;
      this.dx[slot] = dx;
      this.dy[slot] = dy;
      this.aim[slot] = aim;
      r += 3;
    }
    if (r > stored.byteLength) return undefined;
    out.set(stored.subarray(r), w);
    return out.slice(0, w + stored.byteLength - r);
  }
}

// ---- the delayed watchers' stream ---------------------------------------------------------

/**
 * Records sent as they become due to a watcher who sees the game late (a private room's
 * watch delay): the same records as a replay's, without its description or filters.
 *
 *   batch := firstTick:u32 (kind:u8 tickDelta:varint length:varint bytes)*
 */
export function writeRecordBatch(records: readonly ReplayRecord[]): Uint8Array {
  let size = 4;
  for (const r of records) size += 1 + 5 + 5 + r.bytes.byteLength;
  const out = new Uint8Array(size);
  const first = records[0]?.tick ?? 0;
  new DataView(out.buffer).setUint32(0, first >>> 0, true);
  let at = 4;
  let tick = first;
  for (const r of records) {
    out[at++] = r.kind;
    at = writeVarint(out, at, Math.max(0, r.tick - tick));
    tick = Math.max(tick, r.tick);
    at = writeVarint(out, at, r.bytes.byteLength);
    out.set(r.bytes, at);
    at += r.bytes.byteLength;
  }
  return out.slice(0, at);
}

export function readRecordBatch(bytes: Uint8Array): Decoded<ReplayRecord[]> {
  if (bytes.byteLength < 4) return fail("a batch starts with its tick");
  let tick = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const read = new Cursor(bytes, 4);
  const records: ReplayRecord[] = [];
  try {
    while (!read.done) {
      const kind = bytes[read.at++];
      if (!(Object.values(RecordKind) as number[]).includes(kind)) return fail(`unknown record ${kind}`);
      tick += read.varint();
      const length = read.varint();
      if (read.at + length > bytes.byteLength) return fail("a record is cut short");
      records.push({ kind: kind as RecordKind, tick, bytes: bytes.subarray(read.at, read.at + length) });
      read.at += length;
    }
  } catch {
    return fail("a batch is cut short");
  }
  return { ok: true, value: records };
}
