// Received states of one remote craft, by tick, and what to draw at a render tick between
// them. Interpolation draws the true path a little in the past; when a patch is late the
// craft is carried forward on its last velocity for a short while, then held still.

export interface Snapshot {
  tick: number;
  x: number;
  y: number;
  /** 16-bit angle. */
  aim: number;
  alive: boolean;
}

export type SampleKind = "interpolated" | "extrapolated" | "held" | "empty";

export interface Drawn {
  x: number;
  y: number;
  aim: number;
  alive: boolean;
  kind: SampleKind;
}

const AIM_TURN = 65536;

export class SnapshotBuffer {
  private readonly items: Snapshot[] = [];

  constructor(
    /** How far past the newest snapshot a craft may be carried forward (ticks). */
    private readonly maxExtrapolation: number,
    /** Snapshots older than this (ticks behind the newest) are dropped. */
    private readonly keep = 120,
  ) {}

  push(s: Snapshot): void {
    const items = this.items;
    const last = items[items.length - 1];
    if (last && s.tick <= last.tick) {
      if (s.tick === last.tick) items[items.length - 1] = s;
      return;
    }
    items.push(s);
    const horizon = s.tick - this.keep;
    let drop = 0;
    while (drop < items.length - 2 && items[drop + 1].tick < horizon) drop++;
    if (drop > 0) items.splice(0, drop);
  }

  /** The latest state received. */
  newest(): Snapshot | undefined {
    return this.items[this.items.length - 1];
  }

  get newestTick(): number {
    return this.items.length ? this.items[this.items.length - 1].tick : -Infinity;
  }

  get size(): number {
    return this.items.length;
  }

  /** The craft as it should be drawn at `tick` (fractional). */
  sample(tick: number, out: Drawn): Drawn {
    const items = this.items;
    const n = items.length;
    if (n === 0) {
      out.kind = "empty";
      return out;
    }
    const newest = items[n - 1];
    if (tick >= newest.tick) {
      const prev = items[n - 2];
      const ahead = tick - newest.tick;
      if (ahead === 0 || !prev || !prev.alive || !newest.alive) {
        copy(newest, out, ahead === 0 ? "interpolated" : "held");
        return out;
      }
      const span = newest.tick - prev.tick;
      const carried = Math.min(ahead, this.maxExtrapolation);
      out.x = newest.x + ((newest.x - prev.x) / span) * carried;
      out.y = newest.y + ((newest.y - prev.y) / span) * carried;
      out.aim = newest.aim;
      out.alive = true;
      out.kind = ahead <= this.maxExtrapolation ? "extrapolated" : "held";
      return out;
    }
    if (tick <= items[0].tick) {
      copy(items[0], out, "interpolated");
      return out;
    }
    // Find the pair around `tick` (the buffer is short, and the newest end is the usual hit).
    let i = n - 1;
    while (i > 0 && items[i - 1].tick > tick) i--;
    const a = items[i - 1];
    const b = items[i];
    if (!a.alive || !b.alive) {
      // Never slide across a death or a respawn (that would draw a craft flying across the
      // map): the older state holds until the newer one's tick.
      copy(a, out, "interpolated");
      return out;
    }
    const f = (tick - a.tick) / (b.tick - a.tick);
    out.x = a.x + (b.x - a.x) * f;
    out.y = a.y + (b.y - a.y) * f;
    out.aim = lerpAim(a.aim, b.aim, f);
    out.alive = true;
    out.kind = "interpolated";
    return out;
  }
}

function copy(s: Snapshot, out: Drawn, kind: SampleKind): void {
  out.x = s.x;
  out.y = s.y;
  out.aim = s.aim;
  out.alive = s.alive;
  out.kind = kind;
}

/** Interpolates two 16-bit angles the short way round. */
export function lerpAim(a: number, b: number, f: number): number {
  let d = (b - a) % AIM_TURN;
  if (d > AIM_TURN / 2) d -= AIM_TURN;
  if (d < -AIM_TURN / 2) d += AIM_TURN;
  return (((a + d * f) % AIM_TURN) + AIM_TURN) % AIM_TURN;
}
