// A room's recording: each round, from its first patch to the patch that shows its results, as
// a replay (ReplayRecorder), handed over when the round is over; and the last seconds at hand
// for a kill-cam. The room tells it what it sends around each patch; the state's patches it
// hears from the encoder itself (server/rooms/seam), as Colyseus encodes them for everyone.

import type { Encoder } from "@colyseus/schema";
import type { PoseEncoder } from "../../shared/net/poses";
import { RecordKind } from "../../shared/replay/format";
import { Phase } from "../../shared/schema/ArenaState";
import { roundId } from "../records";
import type { Match } from "../rules/Match";
import { fullStateOf, watchSharedPatches } from "../rooms/seam";
import { DelayedFeed, type DelayedWatcher } from "./DelayedFeed";
import { RECORDER_DEFAULTS, ReplayRecorder } from "./ReplayRecorder";
import { spentRecording } from "../metrics";
import { WATCH_DELAYS } from "../../shared/net/settings";
import type { ReplayRecord } from "../../shared/replay/format";

/** How far back a kill-cam looks (seconds before the down). */
export const KILL_CAM_SECONDS = 4;

export class RoundRecording {
  /** Called with a finished round's replay (uncompressed) and its record id. */
  onReplay?: (id: string, replay: Uint8Array) => void;
  private readonly recorder: ReplayRecorder;
  /** The stream held back for watchers of a room with a watch delay (private rooms: a host may set one). */
  private readonly delayed?: DelayedFeed;
  /** The round whose record is written: its replay ends after the next patch (its results). */
  private ending: { id: string } | undefined;
  private patchTick = 0;
  /** The last round handed over (never begun again). */
  private lastRound = -1;

  constructor(
    private readonly match: Match,
    private readonly roomId: string,
    encoder: Encoder,
    poses: PoseEncoder,
    rates: { tickHz: number; patchHz: number },
    opts: { delayable?: boolean } = {},
  ) {
    const source = { fullState: () => fullStateOf(encoder), poses: () => poses.keyframe() };
    this.recorder = new ReplayRecorder(source, { ...rates, ...RECORDER_DEFAULTS });
    if (opts.delayable) this.delayed = new DelayedFeed(source, rates.tickHz, Math.max(...WATCH_DELAYS));
    watchSharedPatches(encoder, (patch) => {
      const started = performance.now();
      this.recorder.add(RecordKind.Patch, this.patchTick, patch);
      this.delayed?.add(RecordKind.Patch, this.patchTick, patch);
      this.spent(started);
    });
  }

  /** What goes out ahead of the patch at this tick (kept in the order sent). */
  beforePatch(overflow: readonly Uint8Array[], snapshot: Uint8Array | undefined): void {
    const started = performance.now();
    this.patchTick = this.match.tick;
    for (const batch of overflow) {
      this.recorder.add(RecordKind.Events, this.patchTick, batch);
      this.delayed?.add(RecordKind.Events, this.patchTick, batch);
    }
    if (snapshot) {
      this.recorder.add(RecordKind.Snapshot, this.patchTick, snapshot);
      this.delayed?.add(RecordKind.Snapshot, this.patchTick, snapshot);
    }
    this.spent(started);
  }

  /** The patch has gone out (`unsent`: to nobody, the room was empty for a moment). */
  afterPatch(unsent: boolean): void {
    const started = performance.now();
    const tick = this.match.tick;
    this.recorder.endPatch(tick, unsent);
    this.delayed?.afterPatch(tick, unsent);
    if (this.ending) {
      const { id } = this.ending;
      this.ending = undefined;
      this.handOver(id, this.recorder.finish(tick));
    }
    const state = this.match.state;
    // A new round (or the first): recorded from here, after its first patch went out.
    if (state.phase === Phase.Playing && this.recorder.round !== state.round && this.lastRound !== state.round) {
      this.recorder.begin({ id: roundId(this.roomId, state.round), map: state.map, mode: state.mode, round: state.round }, tick);
    }
    this.spent(started);
  }

  /** The round's record is written as `id`: its replay ends with the next patch (the results). */
  roundOver(id: string): void {
    this.ending = { id };
  }

  /** The server is going: the round so far is handed over at once (its record says interrupted). */
  cutShort(id: string): void {
    this.ending = undefined;
    this.handOver(id, this.recorder.finish(this.match.tick, true));
  }

  /** What has become due for a watcher `delaySeconds` behind (see DelayedFeed). */
  delayedFor(watcher: DelayedWatcher, delaySeconds: number): ReplayRecord[] {
    const started = performance.now();
    const due = this.delayed?.due(watcher, delaySeconds, this.match.tick) ?? [];
    this.spent(started);
    return due;
  }

  /** The last seconds before now as a replay of their own, for a downed player's kill-cam. */
  killCam(): Uint8Array | undefined {
    const started = performance.now();
    const clip = this.recorder.clip(KILL_CAM_SECONDS, this.match.tick);
    this.spent(started);
    return clip;
  }

  private spent(since: number): void {
    spentRecording((performance.now() - since) / 1000);
  }

  /** The round being recorded, if one is. */
  get recordingRound(): number | undefined {
    return this.recorder.round;
  }

  private handOver(id: string, replay: Uint8Array | undefined): void {
    this.lastRound = this.match.state.round;
    if (replay) this.onReplay?.(id, replay);
  }
}
