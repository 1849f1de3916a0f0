// What watchers of a room with a watch delay get instead of the live game: the watcher's
// stream, held back. The room's last seconds are kept (every message of each patch, and a
// keyframe each second to start a newcomer from); each patch, every delayed watcher is sent
// what has become due for them. Nothing live reaches them, so watching cannot tell a player
// where the others are now.

import { type ReplayRecord, RecordKind } from "../../shared/replay/format";
import type { KeyframeSource } from "./ReplayRecorder";

/** Where one delayed watcher is: the tick of the last record sent (undefined: nothing sent yet). */
export interface DelayedWatcher {
  sentTick?: number;
}

export class DelayedFeed {
  private records: ReplayRecord[] = [];
  /** Indexes (into records) of the keyframes, oldest first. */
  private keys: number[] = [];
  private lastKey = -Infinity;
  private readonly keyTicks: number;

  constructor(
    private readonly source: KeyframeSource,
    private readonly tickHz: number,
    /** The longest delay served (seconds): older records go. */
    private readonly maxDelaySeconds: number,
  ) {
    this.keyTicks = tickHz;
  }

  /** Held records (for the tests and the metrics). */
  get size(): number {
    return this.records.length;
  }

  add(kind: typeof RecordKind.Patch | typeof RecordKind.Snapshot | typeof RecordKind.Events, tick: number, bytes: Uint8Array): void {
    // Before the first keyframe there is nothing to start a watcher from.
    if (this.keys.length === 0) return;
    this.records.push({ kind, tick, bytes: bytes.slice() });
  }

  /** The patch at `tick` went out (`unsent`: to nobody; its changes are only in a full state). */
  afterPatch(tick: number, unsent: boolean): void {
    if (unsent || this.keys.length === 0 || tick - this.lastKey >= this.keyTicks) {
      this.lastKey = tick;
      this.keys.push(this.records.length);
      this.records.push({ kind: unsent ? RecordKind.Reset : RecordKind.Keyframe, tick, bytes: this.source.fullState() });
      this.records.push({ kind: RecordKind.Poses, tick, bytes: this.source.poses() });
    }
    this.forget(tick);
  }

  /**
   * What is due for `watcher` at `delaySeconds` behind `tick`: from a keyframe for one who has
   * had nothing yet, else everything after what they had. Empty while nothing is due (a room
   * younger than the delay shows nothing until it is that old).
   */
  due(watcher: DelayedWatcher, delaySeconds: number, tick: number): ReplayRecord[] {
    const until = tick - Math.round(delaySeconds * this.tickHz);
    let from: number;
    if (watcher.sentTick === undefined) {
      let key = -1;
      for (const k of this.keys) if (this.records[k].tick <= until) key = k;
      if (key < 0) return [];
      from = key;
    } else {
      from = this.firstAfter(watcher.sentTick);
    }
    const out: ReplayRecord[] = [];
    for (let i = from; i < this.records.length && this.records[i].tick <= until; i++) out.push(this.records[i]);
    // A watcher starts on a full state that is always applied.
    if (watcher.sentTick === undefined && out.length > 0) out[0] = { ...out[0], kind: RecordKind.Reset };
    if (out.length > 0) watcher.sentTick = out[out.length - 1].tick;
    return out;
  }

  /** The first record after `tick` (records of one tick all go together). */
  private firstAfter(tick: number): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.records[mid].tick <= tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops what no watcher can need any more: everything before the newest keyframe older than the longest delay (and a second). */
  private forget(tick: number): void {
    const oldest = tick - Math.round((this.maxDelaySeconds + 1) * this.tickHz);
    let keep = 0;
    for (const k of this.keys) if (this.records[k].tick <= oldest) keep = k;
    if (keep === 0) return;
    this.records = this.records.slice(keep);
    this.keys = this.keys.filter((k) => k >= keep).map((k) => k - keep);
  }
}
