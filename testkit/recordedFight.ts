// A bot fight recorded the way a room records it (server/replay/RoundRecording over the state's
// own encoder), with what a live watcher knew at every patch beside it: the replay's tests
// check a replay against that, and the replay benchmark measures its size and seeks.

import { Decoder, Encoder } from "@colyseus/schema";
import { Protocol } from "@colyseus/core";
import { GAME } from "../shared/config";
import type { InputFrame } from "../shared/net/input";
import { PoseEncoder, PoseTable } from "../shared/net/poses";
import { ArenaState } from "../shared/schema/ArenaState";
import { BotBrain } from "../server/bots/BotBrain";
import { Match } from "../server/rules/Match";
import { takeSnapshot } from "../server/rooms/snapshot";
import { RoundRecording } from "../server/replay/RoundRecording";
import type { ModeId } from "../shared/maps/types";

/** What a watcher knew of one craft after a patch. */
export interface CraftTruth {
  name: string;
  slot: number;
  hp: number;
  kills: number;
  deaths: number;
  status: number;
  x: number;
  y: number;
}

export interface RecordedFight {
  /** The round's replay (uncompressed), as the room hands it to the records. */
  replay: Uint8Array;
  /** At each patch's tick: every craft as a live watcher knew it (by session id). */
  truth: Map<number, Map<string, CraftTruth>>;
  /** Kill-cam clips taken at downs of the first pilot, with the down's tick and the killer's slot. */
  clips: { tick: number; killer: number; victim: number; clip: Uint8Array }[];
  /** Milliseconds spent recording (the recorder's share of each patch). */
  recordingMs: number;
  /** Milliseconds spent on the rest of each tick (the match, encoding), for comparison. */
  tickMs: number;
  startTick: number;
  endTick: number;
}

export interface FightOptions {
  players?: number;
  seconds: number;
  map?: string;
  mode?: ModeId;
  seed?: number;
}

export function recordFight(opts: FightOptions): RecordedFight {
  const tickHz = GAME.net.tickHz;
  const patchHz = GAME.net.patchHz;
  const match = new Match(new ArenaState(), {
    tickHz,
    map: opts.map ?? "foundry",
    mode: opts.mode ?? "ffa",
    scoreLimit: 10_000,
    timeLimitSeconds: 3600,
    resultsSeconds: 5,
    rotateMaps: false,
    seed: opts.seed ?? 42,
  });
  const brains = Array.from({ length: opts.players ?? 10 }, (_, i) => {
    match.join(`p${i}`, `Pilot ${i}`);
    return new BotBrain(`p${i}`, 7 + i);
  });
  const encoder = new Encoder(match.state);
  const poses = new PoseEncoder();
  const recording = new RoundRecording(match, "fight", encoder, poses, { tickHz, patchHz });
  let replay: Uint8Array | undefined;
  recording.onReplay = (_id, bytes) => (replay = bytes);

  // A live watcher beside it: the same bytes, decoded as they go out.
  const watcher = new ArenaState();
  const decoder = new Decoder(watcher);
  const table = new PoseTable();
  let joined = false;
  const truth = new Map<number, Map<string, CraftTruth>>();
  const clips: RecordedFight["clips"] = [];
  let recordingMs = 0;
  let tickMs = 0;
  let startTick = -1;

  const ticks = opts.seconds * tickHz;
  for (let t = 1; t <= ticks; t++) {
    const started = performance.now();
    const inputs = new Map<string, InputFrame>();
    for (const b of brains) {
      const f = b.think(match);
      if (f) inputs.set(b.pilotId, f);
    }
    match.step((p) => inputs.get(p.id));
    const patchNow = Math.floor((t * patchHz) / tickHz) !== Math.floor(((t - 1) * patchHz) / tickHz);
    if (!patchNow) {
      tickMs += performance.now() - started;
      continue;
    }
    match.publish();
    const { overflow, snapshot, events } = takeSnapshot(match, poses);
    const r0 = performance.now();
    recording.beforePatch(overflow, snapshot);
    const r1 = performance.now();
    encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH;
    const patch = encoder.encode({ offset: 1 });
    if (!joined) {
      // The watcher joins now: the full state (as Colyseus sends it on joining) and every pose.
      const full = new Uint8Array(64 * 1024);
      const bytes = encoder.encodeAll({ offset: 0 }, full);
      decoder.decode(bytes, { offset: 0 });
      table.apply(poses.keyframe());
      joined = true;
    } else {
      decoder.decode(patch, { offset: 1 });
      if (snapshot) table.apply(snapshot);
    }
    encoder.discardChanges();
    const r2 = performance.now();
    recording.afterPatch(false);
    for (const e of events) {
      if (e.kind !== "down" || e.victim !== 0 || e.killer === e.victim) continue;
      const clip = recording.killCam();
      if (clip) clips.push({ tick: e.tick, killer: e.killer, victim: e.victim, clip });
    }
    const r3 = performance.now();
    recordingMs += r1 - r0 + (r3 - r2);
    tickMs += r0 - started + (r2 - r1);
    if (recording.recordingRound !== undefined && startTick < 0) startTick = match.tick;
    if (startTick >= 0) {
      const crafts = new Map<string, CraftTruth>();
      for (const [id, c] of watcher.crafts) {
        const pose = table.get(c.slot);
        crafts.set(id, { name: c.name, slot: c.slot, hp: c.hp, kills: c.kills, deaths: c.deaths, status: c.status, x: pose?.x ?? NaN, y: pose?.y ?? NaN });
      }
      truth.set(match.tick, crafts);
    }
  }
  const endTick = match.tick;
  recording.roundOver("fight-1");
  // The patch that would show the results: none is sent here, so the round ends as it stands.
  recording.afterPatch(false);
  return { replay: replay!, truth, clips, recordingMs, tickMs, startTick, endTick };
}
