// Who gets each patch live, in a room with a watch delay: watchers get none of the live game
// (no patch, no poses, no events), only the watcher's stream held back (RoundRecording's
// DelayedFeed), sent as it becomes due. One who is no longer delayed (took a seat, or the host
// lifted the delay) misses the patch of that moment and gets the whole state right after it:
// their copy of the state stopped where their delay began.

import type { Client } from "@colyseus/core";
import { sendMessage, ToClient } from "../../shared/net/messages";
import type { DelayedWatcher } from "./DelayedFeed";
import type { RoundRecording } from "./RoundRecording";

/** Who a patch goes to. */
export interface Audience {
  /** Everyone who gets the patch and the messages ahead of it. */
  live: Client[];
  /** Everyone who does not: the delayed, and those coming back to the live game. */
  held: Client[];
  behind: Client[];
  back: Client[];
}

export class LateWatchers {
  /** How far each delayed watcher has been sent. */
  private readonly watchers = new Map<string, DelayedWatcher>();

  /** This patch's audience (everyone is live in a room with no delay and nobody coming back). */
  split(clients: readonly Client[], delaySeconds: number, seesLate: (id: string) => boolean): Audience {
    const behind = delaySeconds > 0 ? clients.filter((c) => seesLate(c.sessionId)) : [];
    const back: Client[] = [];
    for (const id of this.watchers.keys()) {
      if (behind.some((c) => c.sessionId === id)) continue;
      this.watchers.delete(id);
      const client = clients.find((c) => c.sessionId === id);
      if (client) back.push(client);
    }
    if (behind.length === 0 && back.length === 0) return { live: clients as Client[], held: [], behind, back };
    const held = [...behind, ...back];
    return { live: clients.filter((c) => !held.includes(c)), held, behind, back };
  }

  /**
   * After the patch: those back in the live game get the whole state and every pose as of now;
   * the delayed get what has become due for them.
   */
  deliver(audience: Audience, recording: RoundRecording, delaySeconds: number, whole: { state(): Uint8Array; poses(): Uint8Array }): void {
    for (const client of audience.back) {
      client.raw(whole.state());
      sendMessage(client, ToClient.Snapshot, whole.poses());
    }
    for (const client of audience.behind) {
      let watcher = this.watchers.get(client.sessionId);
      if (!watcher) this.watchers.set(client.sessionId, (watcher = {}));
      const due = recording.delayedFor(watcher, delaySeconds);
      if (due.length > 0) sendMessage(client, ToClient.Delayed, due);
    }
  }

  /** The delay changed: every delayed watcher starts again from a keyframe of the new delay. */
  restart(): void {
    for (const w of this.watchers.values()) w.sentTick = undefined;
  }
}
