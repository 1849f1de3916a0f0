// Per-tick cost and bytes per player of one 10-player room in combat, for three ways of
// replicating the same match side by side: the game's (poses as changes, quantized schema,
// owner-only view fields, shots as events), a straightforward Colyseus room (float64 fields, projectiles
// moved every tick, one message per input) and a naive JSON full-state broadcast.
// In-process and without sockets: it measures what each way computes and sends, nothing else.

import { Encoder, StateView } from "@colyseus/schema";
import { pack } from "@colyseus/msgpackr";
import { GAME } from "../../shared/config";
import { PoseEncoder } from "../../shared/net/poses";
import { encodeInputs, type InputFrame } from "../../shared/net/input";
import { BotBrain } from "../../server/bots/BotBrain";
import { takeSnapshot } from "../../server/rooms/snapshot";
import { benchMatch, jsonSnapshot, mirrorStraightforward, SfState } from "./commonRooms";

export type Way = "ours" | "straightforward" | "json";

export interface ReplicationResult {
  way: Way;
  tickMedianUs: number;
  tickP99Us: number;
  downBytesPerSecond: number;
  upBytesPerSecond: number;
}

const PLAYERS = 10;
/** Bytes Colyseus adds around every message (protocol code and message type). */
const ROOM_DATA_HEADER = 2;

/** Ten bots fight; their inputs are computed outside the timed part (they stand for the players). */
export function measureReplication(way: Way, patchHz: number, seconds = 60): ReplicationResult {
  const tickHz = GAME.net.tickHz;
  const match = benchMatch();
  const ids = Array.from({ length: PLAYERS }, (_, i) => `p${i}`);
  const brains = ids.map((id, i) => {
    match.join(id, `Player ${i}`);
    return new BotBrain(id, 7 + i);
  });
  const ourState = match.state;
  const sfState = new SfState();
  const encoder = way === "ours" ? new Encoder(ourState) : way === "straightforward" ? new Encoder(sfState) : undefined;
  const views = way === "ours" ? ids.map((id) => {
    const v = new StateView();
    v.add(match.pilots.get(id)!.schema);
    return v;
  }) : [];

  const poses = new PoseEncoder();
  const costs: number[] = [];
  let down = 0;
  let up = 0;
  const ticks = seconds * tickHz;
  const warm = 5 * tickHz;
  for (let t = 1; t <= ticks + warm; t++) {
    const inputs = new Map<string, InputFrame>();
    for (const b of brains) {
      const f = b.think(match);
      if (f) inputs.set(b.pilotId, f);
    }
    const measured = t > warm;
    // Upstream: what each player sends for this tick's input (ours: the inputs of a patch
    // interval in one message, as the client sends them).
    if (measured) {
      const perMessage = Math.max(1, Math.round(tickHz / patchHz));
      for (const f of inputs.values()) {
        up += way === "ours"
          ? (ROOM_DATA_HEADER + encodeInputs(new Array<InputFrame>(perMessage).fill(f)).byteLength) / perMessage
          : 1 + pack("input").byteLength + pack({ seq: f.seq, buttons: f.buttons, aim: f.aim, viewTick: f.viewTick }).byteLength;
      }
    }
    const start = performance.now();
    match.step((p) => inputs.get(p.id));
    // Ours takes the events with the poses, in the Snapshot message.
    if (way !== "ours") match.takeEvents();
    if (way === "straightforward") mirrorStraightforward(match, sfState);
    const patchNow = Math.floor((t * patchHz) / tickHz) !== Math.floor(((t - 1) * patchHz) / tickHz);
    let bytesPerClient = 0;
    if (patchNow) {
      if (way === "ours") {
        match.publish();
        const it = { offset: 0 };
        encoder!.encode(it);
        const shared = it.offset;
        let viewBytes = 0;
        for (const v of views) viewBytes += encoder!.encodeView(v, shared, { ...it }).byteLength;
        encoder!.discardChanges();
        const { overflow, snapshot } = takeSnapshot(match, poses);
        const snapshotBytes = [...overflow, ...(snapshot ? [snapshot] : [])].reduce((n, b) => n + ROOM_DATA_HEADER + b.byteLength, 0);
        bytesPerClient = viewBytes / views.length + snapshotBytes;
      } else if (way === "straightforward") {
        const it = { offset: 0 };
        bytesPerClient = encoder!.encode(it).byteLength;
        encoder!.discardChanges();
      } else {
        bytesPerClient = ROOM_DATA_HEADER + pack(JSON.stringify(jsonSnapshot(match))).byteLength;
      }
    }
    const cost = performance.now() - start;
    if (measured) {
      costs.push(cost * 1000);
      down += bytesPerClient;
    }
  }
  costs.sort((a, b) => a - b);
  return {
    way,
    tickMedianUs: costs[Math.floor(costs.length / 2)],
    tickP99Us: costs[Math.floor(costs.length * 0.99)],
    downBytesPerSecond: down / seconds,
    upBytesPerSecond: up / seconds / PLAYERS,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const way of ["ours", "straightforward", "json"] as Way[]) console.log(JSON.stringify(measureReplication(way, 30, 20)));
}
