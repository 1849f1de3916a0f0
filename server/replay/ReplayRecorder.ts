// Records a room's round as a watcher receives it (shared/replay/format): the messages of each
// patch, and every few seconds a keyframe to seek from. The room hands it what it sends; the
// recorder copies the bytes into the replay as they come (so a round's end costs one copy, not
// the round's worth of work at once), and keeps the last seconds at hand for a kill-cam (`clip`).

import { type ReplayMeta, type ReplayRecord, RecordKind, ReplayWriter, writeReplay } from "../../shared/replay/format";

/** Where the recorder gets a keyframe: the room's full state (as a watcher's) and every pose. */
export interface KeyframeSource {
  fullState(): Uint8Array;
  poses(): Uint8Array;
}

export interface RecorderOptions {
  tickHz: number;
  patchHz: number;
  /** A keyframe this often (seconds): a seek replays at most this much. */
  keyframeSeconds: number;
  /** A round recorded past this many bytes stops being recorded (kept so far: still a replay). */
  maxBytes: number;
  /**
   * A kill-cam's starting point this often (seconds): kept for a few seconds in memory, never
   * in the replay, so a clip starts close to where it is wanted and stays small.
   */
  clipKeySeconds: number;
}

export const RECORDER_DEFAULTS = { keyframeSeconds: 5, maxBytes: 24 * 1024 * 1024, clipKeySeconds: 1 };

/** A clip's starting point: the full state and poses at `tick`, and where the records go on from. */
interface ClipKey {
  tick: number;
  next: number;
  state: Uint8Array;
  poses: Uint8Array;
}
/** Clip starting points kept (the newest; at one a second, this many seconds back). */
const CLIP_KEYS = 8;

export class ReplayRecorder {
  /** The round's replay, written as it happens. */
  private writer: ReplayWriter | undefined;
  /** The last seconds' records, from the oldest clip starting point on (for kill-cams). */
  private records: ReplayRecord[] = [];
  private meta: Omit<ReplayMeta, "endTick"> | undefined;
  /** The round just finished (its records kept for a last kill-cam). */
  private ended: Omit<ReplayMeta, "endTick"> | undefined;
  private lastKeyframe = -Infinity;
  private full = false;
  private readonly keyframeTicks: number;
  private readonly clipKeyTicks: number;
  private clipKeys: ClipKey[] = [];

  constructor(
    private readonly source: KeyframeSource,
    private readonly opts: RecorderOptions,
  ) {
    this.keyframeTicks = Math.max(1, Math.round(opts.keyframeSeconds * opts.tickHz));
    this.clipKeyTicks = Math.max(1, Math.round(opts.clipKeySeconds * opts.tickHz));
  }

  /** The round being recorded, if any. */
  get round(): number | undefined {
    return this.meta?.round;
  }

  get recording(): boolean {
    return this.meta !== undefined;
  }

  /** Starts a round's recording from the room's state now (what came before is dropped). */
  begin(meta: { id: string; map: string; mode: string; round: number }, tick: number): void {
    this.records = [];
    this.clipKeys = [];
    this.writer = new ReplayWriter(tick);
    this.full = false;
    this.ended = undefined;
    this.meta = { ...meta, tickHz: this.opts.tickHz, patchHz: this.opts.patchHz, startTick: tick };
    this.keyframe(tick, RecordKind.Keyframe);
  }

  /** One message of the patch at `tick`, in the order it was sent. The bytes are copied. */
  add(kind: typeof RecordKind.Patch | typeof RecordKind.Snapshot | typeof RecordKind.Events, tick: number, bytes: Uint8Array): void {
    if (!this.meta || this.full) return;
    this.push({ kind, tick, bytes: bytes.slice() });
  }

  /**
   * The patch at `tick` has gone out. `unsent`: it went to nobody (the room was empty for a
   * moment), so the state's changes were never encoded: a full state takes their place.
   */
  endPatch(tick: number, unsent: boolean): void {
    if (!this.meta || this.full) return;
    if (unsent) this.keyframe(tick, RecordKind.Reset);
    else if (tick - this.lastKeyframe >= this.keyframeTicks) this.keyframe(tick, RecordKind.Keyframe);
    else if (tick - (this.clipKeys.at(-1)?.tick ?? -Infinity) >= this.clipKeyTicks) {
      this.addClipKey({ tick, next: this.records.length, state: this.source.fullState(), poses: this.source.poses() });
    }
  }

  /** Ends the round's recording: the replay (uncompressed), or undefined if nothing was recording. */
  finish(endTick: number, interrupted = false): Uint8Array | undefined {
    const meta = this.meta;
    if (!meta || !this.writer) return undefined;
    const replay = this.writer.finish({ ...meta, endTick: Math.max(meta.startTick, endTick), ...(interrupted ? { interrupted } : {}) });
    this.writer = undefined;
    // The records stay for a kill-cam of the round's last down (sent after its last patch),
    // until the next round begins.
    this.ended = meta;
    this.meta = undefined;
    return replay;
  }

  /**
   * The last `seconds` up to `tick` as a replay of its own (a kill-cam), from the latest
   * starting point before them (or the round's start); undefined when nothing is recording.
   */
  clip(seconds: number, tick: number): Uint8Array | undefined {
    const meta = this.meta ?? this.ended;
    if (!meta || this.records.length === 0) return undefined;
    const from = tick - Math.round(seconds * this.opts.tickHz);
    let start: ClipKey | undefined;
    for (const key of this.clipKeys) if (key.tick <= from) start = key;
    // The round began less than that ago: from its start.
    start ??= this.clipKeys[0];
    if (!start) return undefined;
    // A clip starts with a full state that is always applied.
    const records: ReplayRecord[] = [
      { kind: RecordKind.Reset, tick: start.tick, bytes: start.state },
      { kind: RecordKind.Poses, tick: start.tick, bytes: start.poses },
      ...this.records.slice(start.next),
    ];
    return writeReplay({ ...meta, id: "", startTick: start.tick, endTick: Math.max(start.tick, tick) }, records);
  }

  private keyframe(tick: number, kind: typeof RecordKind.Keyframe | typeof RecordKind.Reset): void {
    this.lastKeyframe = tick;
    const state = this.source.fullState();
    const poses = this.source.poses();
    this.push({ kind, tick, bytes: state });
    this.push({ kind: RecordKind.Poses, tick, bytes: poses });
    this.addClipKey({ tick, next: this.records.length, state, poses });
  }

  private addClipKey(key: ClipKey): void {
    this.clipKeys.push(key);
    if (this.clipKeys.length <= CLIP_KEYS) return;
    this.clipKeys.shift();
    // What comes before the oldest starting point is no clip's any more.
    const drop = this.clipKeys[0].next;
    this.records.splice(0, drop);
    for (const k of this.clipKeys) k.next -= drop;
  }

  private push(record: ReplayRecord): void {
    this.records.push(record);
    this.writer?.add(record);
    if ((this.writer?.size ?? 0) > this.opts.maxBytes) this.full = true;
  }
}
