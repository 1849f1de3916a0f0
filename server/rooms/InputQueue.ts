// One player's pending inputs. The room takes one per tick, so sending faster cannot move
// anyone faster; a short backlog absorbs network jitter, and a backlog longer than
// `maxLength` (a stalled line delivering all at once) loses its oldest frames (the client's
// prediction then gets corrected).
//
// A backlog only ever grows by itself: each late arrival (jitter) costs the player a tick
// without input and every input after it then waits one tick longer, for good. So a queue
// that never ran lower than SPARE inputs during a whole second gives one tick back: it hands
// out one extra input that second (the room applies it in the same tick). The player's own
// prediction already applied both, so nothing is corrected, and the most a client that
// floods inputs gains by it is one step a second (1/60 faster at 60 Hz).

import type { InputFrame } from "../../shared/net/input";

/** Inputs that always waited during a whole window before the queue gives one tick back. */
const SPARE = 2;

export class InputQueue {
  private frames: InputFrame[] = [];
  /** The fewest inputs left waiting after a tick's input, in the current window. */
  private lowWater = Infinity;
  private windowEnds = -1;
  private extraDue = false;
  /** Extra inputs handed out to give back a tick of backlog. */
  caughtUp = 0;
  /** Highest sequence accepted so far: anything at or below it is a duplicate or a replay. */
  private newestSeq = 0;
  /** Frames dropped because the backlog ran long. */
  trimmed = 0;
  /** Frames ignored because their sequence was not new. */
  stale = 0;

  constructor(
    private readonly maxLength: number,
    /** Ticks in a window (a second). */
    private readonly windowTicks = 60,
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
    const excess = this.frames.length - this.maxLength;
    if (excess > 0) {
      this.frames.splice(0, excess);
      this.trimmed += excess;
    }
  }

  /** The next input to apply at `tick`, if one has arrived. */
  next(tick: number): InputFrame | undefined {
    const frame = this.frames.shift();
    if (this.windowEnds < 0) this.windowEnds = tick + this.windowTicks;
    this.lowWater = Math.min(this.lowWater, frame ? this.frames.length : 0);
    if (tick >= this.windowEnds) {
      this.extraDue = this.lowWater >= SPARE;
      this.lowWater = Infinity;
      this.windowEnds = tick + this.windowTicks;
    }
    return frame;
  }

  /** A second input for this tick, once after a window whose backlog never ran low. */
  extra(): InputFrame | undefined {
    if (!this.extraDue) return undefined;
    this.extraDue = false;
    const frame = this.frames.shift();
    if (frame) this.caughtUp++;
    return frame;
  }

  get length(): number {
    return this.frames.length;
  }

  clear(): void {
    this.frames.length = 0;
  }
}
