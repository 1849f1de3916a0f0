// One player's pending inputs. The room takes at most one per tick, so sending faster
// cannot move anyone faster; a short backlog absorbs network jitter, and a backlog longer
// than `maxLength` loses its oldest frames (the client's prediction then gets corrected).

import type { InputFrame } from "../../shared/net/input";

export class InputQueue {
  private frames: InputFrame[] = [];
  /** Highest sequence accepted so far: anything at or below it is a duplicate or a replay. */
  private newestSeq = 0;
  /** Frames dropped because the backlog ran long. */
  trimmed = 0;
  /** Frames ignored because their sequence was not new. */
  stale = 0;

  constructor(private readonly maxLength: number) {}

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

  /** The next input to apply this tick, if one has arrived. */
  next(): InputFrame | undefined {
    return this.frames.shift();
  }

  get length(): number {
    return this.frames.length;
  }

  clear(): void {
    this.frames.length = 0;
  }
}
