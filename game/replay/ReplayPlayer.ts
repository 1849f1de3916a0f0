// Plays a replay through a ReplayRoom to an ArenaSession, on a clock of its own: paused, slowed
// down or sped up (0.25× to 4×), or moved anywhere. The session runs on that clock, so to it a
// replay at 4× is a room whose patches come four times as often as the clock counts, which is
// to say exactly on time. A seek starts from the nearest keyframe before the moment and feeds
// everything from there at once (a few seconds of patches: milliseconds).

import { ToClient } from "../../shared/net/messages";
import { RecordKind, type Replay, type ReplayRecord, seekPointFor } from "../../shared/replay/format";
import { feedRecord } from "./feed";
import { ArenaSession } from "../net/ArenaSession";
import { ReplayRoom } from "./ReplayRoom";

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
/** The most real time one `advance` plays (ms). */
const MAX_STEP_MS = 250;

export class ReplayPlayer {
  readonly room = new ReplayRoom();
  readonly session: ArenaSession;
  /** Told when the replay reaches its end (it pauses there). */
  onEnd?: () => void;
  private speedValue = 1;
  private pausedValue = false;
  /** The replay's own clock (ms from its start) and the real time it was last moved on at. */
  private clockMs = 0;
  private realAt: number;
  /** The next record to feed. */
  private next = 0;
  private readonly msPerTick: number;

  constructor(
    readonly replay: Replay,
    private readonly realNow: () => number = () => performance.now(),
    startSeconds = 0,
  ) {
    this.msPerTick = 1000 / replay.meta.tickHz;
    this.realAt = realNow();
    // The session first: it listens for what the keyframe brings.
    this.session = new ArenaSession(this.room.asRoom(), { now: () => this.clockMs, pingIntervalMs: 60_000 });
    this.startFrom(seekPointFor(replay, replay.meta.startTick));
    this.room.changed();
    this.feedUntil(this.clockMs);
    if (startSeconds > 0) this.seek(startSeconds);
  }

  /** The replay's length and where it is now (seconds). */
  get duration(): number {
    return ((this.replay.meta.endTick - this.replay.meta.startTick) * this.msPerTick) / 1000;
  }

  get time(): number {
    return this.clockMs / 1000;
  }

  get paused(): boolean {
    return this.pausedValue;
  }

  get speed(): number {
    return this.speedValue;
  }

  set speed(value: number) {
    this.advance();
    this.speedValue = Math.min(4, Math.max(0.25, value));
  }

  /** The server tick shown now (ticks from the round's start: `(tick - startTick) / tickHz` seconds). */
  get tick(): number {
    return this.replay.meta.startTick + this.clockMs / this.msPerTick;
  }

  play(): void {
    this.advance();
    // At the end, play means from the start again.
    if (this.clockMs >= this.duration * 1000) this.seek(0);
    this.pausedValue = false;
  }

  pause(): void {
    this.advance();
    this.pausedValue = true;
  }

  /** Moves the replay on to now (call it every frame, before the session's frame). */
  advance(): void {
    const real = this.realNow();
    // A long gap between frames (the game still booting, a hidden tab) is not played through
    // unseen: the replay goes on from where it was shown.
    const elapsed = Math.min(MAX_STEP_MS, Math.max(0, real - this.realAt));
    this.realAt = real;
    if (this.pausedValue) return;
    const end = this.duration * 1000;
    this.clockMs = Math.min(end, this.clockMs + elapsed * this.speedValue);
    this.feedUntil(this.clockMs);
    if (this.clockMs >= end) {
      this.pausedValue = true;
      this.onEnd?.();
    }
  }

  /** Shows the moment `seconds` into the replay (held there if paused). */
  seek(seconds: number): void {
    const target = Math.min(this.duration, Math.max(0, seconds)) * 1000;
    const tick = this.replay.meta.startTick + target / this.msPerTick;
    this.realAt = this.realNow();
    this.startFrom(seekPointFor(this.replay, tick));
    this.session.restart();
    this.room.changed();
    this.feedUntil(target);
    this.clockMs = target;
    // What happened before the moment is not shown again (only the patch interval it is in).
    this.session.skipEventsBefore(Math.floor(tick) - Math.ceil(this.replay.meta.tickHz / this.replay.meta.patchHz));
  }

  /** Starts the room from the keyframe at record `index` (its full state, then its poses). */
  private startFrom(index: number): void {
    const records = this.replay.records;
    const key = records[index];
    this.room.reset(key.bytes);
    this.clockMs = this.msOf(key);
    this.next = index + 1;
    if (records[this.next]?.kind === RecordKind.Poses) this.room.message(ToClient.Snapshot.type, records[this.next++].bytes);
  }

  /** Feeds every record up to `ms`, each at its own time on the clock. */
  private feedUntil(ms: number): void {
    const records = this.replay.records;
    while (this.next < records.length && this.msOf(records[this.next]) <= ms) {
      this.clockMs = Math.max(this.clockMs, this.msOf(records[this.next]));
      this.next = feedRecord(this.room, this.session, records, this.next);
    }
  }

  private msOf(r: ReplayRecord): number {
    return (r.tick - this.replay.meta.startTick) * this.msPerTick;
  }

  close(): void {
    this.session.close();
  }
}
