// One player's pending inputs. The room takes one per tick, so sending faster cannot move
// anyone faster; a short backlog absorbs network jitter.
//
// A tick on which the player's input has not arrived (jitter, a page that stalled) does not
// move the craft, and every input after it then waits a tick longer: the backlog only ever
// grows by itself. So such a tick is owed to the player: later, while more than SPARE inputs
// wait, the room applies one owed input beside the tick's own (one extra a tick at most). The
// player's prediction applied them all already, so nothing is corrected. (The match takes the
// extra only while the craft's gun is idle, so no gun fires faster than its cadence.) Over any stretch of
// play a player gets at most one input per tick the room ran (owed ticks are earned by ticks
// without input), so no input stream moves a craft faster on average; the most it can do is
// save up to `maxOwed` ticks of standing still and spend them at double speed (a lag switch).
// A backlog beyond `maxLength` plus what is owed (a client sending faster than real time, or a
// stalled line delivering everything at once) loses its oldest frames: that player's
// prediction then gets corrected.

import type { InputFrame } from "../../shared/net/input";

/** Inputs left waiting above which an owed tick is paid back (a message carries two). */
const SPARE = 2;

export class InputQueue {
  private frames: InputFrame[] = [];
  /** Highest sequence accepted so far: anything at or below it is a duplicate or a replay. */
  private newestSeq = 0;
  /** Ticks that passed without an input, not yet paid back (at most maxOwed). */
  private owed = 0;
  /** Frames dropped because the backlog ran long. */
  trimmed = 0;
  /** Frames ignored because their sequence was not new. */
  stale = 0;
  /** Owed ticks paid back (an extra input in a tick). */
  caughtUp = 0;

  constructor(
    private readonly maxLength: number,
    /** Long enough to pay back a stall of the page or the line of up to twice the backlog bound. */
    private readonly maxOwed = 2 * maxLength,
  ) {}

  push(frames: readonly InputFrame[]): void {
    for (const f of frames) {
      if (f.seq <= this.newestSeq) {
        this.stale++;
        continue;
      }
      this.newestSeq = f.seq;
      this.frames.push(f);
    }
    const excess = this.frames.length - (this.maxLength + this.owed);
    if (excess > 0) {
      this.frames.splice(0, excess);
      this.trimmed += excess;
    }
  }

  /** The input to apply this tick, if one has arrived (a tick without one is owed). */
  next(): InputFrame | undefined {
    const frame = this.frames.shift();
    if (!frame && this.newestSeq > 0) this.owed = Math.min(this.maxOwed, this.owed + 1);
    return frame;
  }

  /** A second input for this tick: an owed tick paid back, while the backlog is long. */
  extra(): InputFrame | undefined {
    if (this.owed === 0 || this.frames.length <= SPARE) return undefined;
    this.owed--;
    this.caughtUp++;
    return this.frames.shift();
  }

  get length(): number {
    return this.frames.length;
  }

  clear(): void {
    this.frames.length = 0;
  }
}
