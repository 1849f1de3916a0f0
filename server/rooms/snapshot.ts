// What goes out just ahead of each patch: the poses that changed and the patch interval's
// events, in one message (shared/net/poses, shared/net/events).

import { encodeEvents, type GameEvent } from "../../shared/net/events";
import { NO_POSES, type PoseEncoder } from "../../shared/net/poses";
import { aimToByte } from "../../shared/sim/quantize";
import type { Match } from "../rules/Match";

export interface PatchMessages {
  /** Events batches that did not fit the snapshot (hardly ever: more than 255 events). */
  overflow: Uint8Array[];
  /** The Snapshot message, or undefined when nothing moved and nothing happened. */
  snapshot?: Uint8Array;
  /** The events they carry (the room looks for downs: a downed player gets a kill-cam). */
  events: readonly GameEvent[];
}

/** Takes the match's events and its crafts' poses for this patch. */
export function takeSnapshot(match: Match, poses: PoseEncoder): PatchMessages {
  const changed = poses.encode(posesOf(match));
  const taken = match.takeEvents();
  const overflow = encodeEvents(taken);
  const events = overflow.pop();
  if (!changed && !events) return { overflow, events: taken };
  const head = changed ?? NO_POSES;
  if (!events) return { overflow, snapshot: head, events: taken };
  const snapshot = new Uint8Array(head.byteLength + events.byteLength);
  snapshot.set(head, 0);
  snapshot.set(events, head.byteLength);
  return { overflow, snapshot, events: taken };
}

function* posesOf(match: Match): Iterable<{ slot: number; x: number; y: number; aim: number }> {
  const pose = { slot: 0, x: 0, y: 0, aim: 0 };
  for (const p of match.pilots.values()) {
    pose.slot = p.slot;
    pose.x = p.craft.x;
    pose.y = p.craft.y;
    pose.aim = aimToByte(p.craft.aim);
    yield pose;
  }
}
