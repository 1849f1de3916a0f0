// Feeding replay records to a ReplayRoom and the session over it: the one place that knows
// what each kind of record does (a replay played through, a seek, a delayed watcher's stream).

import { ToClient } from "../../shared/net/messages";
import { RecordKind, type ReplayRecord } from "../../shared/replay/format";
import type { ArenaSession } from "../net/ArenaSession";
import type { ReplayRoom } from "./ReplayRoom";

/**
 * Applies `records[i]` (and, for a keyframe, the poses after it); returns the index of the
 * next record to feed. Played straight through, a keyframe says nothing new (the patches
 * said it) and is skipped with its poses; a Reset replaces the state and counts.
 */
export function feedRecord(room: ReplayRoom, session: ArenaSession, records: readonly ReplayRecord[], i: number): number {
  const r = records[i];
  switch (r.kind) {
    case RecordKind.Patch:
      room.patch(r.bytes);
      room.changed();
      break;
    case RecordKind.Snapshot:
    case RecordKind.Poses:
      room.message(ToClient.Snapshot.type, r.bytes);
      break;
    case RecordKind.Events:
      room.message(ToClient.Events.type, r.bytes);
      break;
    case RecordKind.Reset:
      room.reset(r.bytes);
      session.restart();
      // Its poses first, so the session sees every craft where it is on the state's first show.
      if (records[i + 1]?.kind === RecordKind.Poses) room.message(ToClient.Snapshot.type, records[++i].bytes);
      room.changed();
      break;
    case RecordKind.Keyframe:
      if (records[i + 1]?.kind === RecordKind.Poses) i++;
      break;
  }
  return i + 1;
}
