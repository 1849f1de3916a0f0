// Where every craft was on each recent tick, so a shot can be judged against the world as
// its shooter saw it. Positions between ticks are interpolated, as the client draws them.

export interface Sample {
  x: number;
  y: number;
}

export class LagHistory {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly present: Uint8Array;
  private readonly ticks: Float64Array;

  constructor(
    private readonly slots: number,
    private readonly depth: number,
  ) {
    this.xs = new Float64Array(slots * depth);
    this.ys = new Float64Array(slots * depth);
    this.present = new Uint8Array(slots * depth);
    this.ticks = new Float64Array(depth).fill(-1);
  }

  /** Starts the record of `tick`; every slot is absent until `record` says otherwise. */
  begin(tick: number): void {
    const row = tick % this.depth;
    this.ticks[row] = tick;
    this.present.fill(0, row * this.slots, (row + 1) * this.slots);
  }

  record(tick: number, slot: number, x: number, y: number): void {
    const i = (tick % this.depth) * this.slots + slot;
    this.xs[i] = x;
    this.ys[i] = y;
    this.present[i] = 1;
  }

  /** Forgets a slot (its player left, so a newcomer in that slot is not confused with it). */
  forget(slot: number): void {
    for (let row = 0; row < this.depth; row++) this.present[row * this.slots + slot] = 0;
  }

  /**
   * Where `slot` was at the (fractional) `tick`, or undefined if it was not there (down,
   * not yet joined, or older than the history reaches).
   */
  at(slot: number, tick: number, out: Sample): Sample | undefined {
    const t0 = Math.floor(tick);
    const a = this.index(slot, t0);
    if (a < 0) return undefined;
    const frac = tick - t0;
    if (frac === 0) {
      out.x = this.xs[a];
      out.y = this.ys[a];
      return out;
    }
    const b = this.index(slot, t0 + 1);
    if (b < 0) {
      out.x = this.xs[a];
      out.y = this.ys[a];
      return out;
    }
    out.x = this.xs[a] + (this.xs[b] - this.xs[a]) * frac;
    out.y = this.ys[a] + (this.ys[b] - this.ys[a]) * frac;
    return out;
  }

  private index(slot: number, tick: number): number {
    if (tick < 0) return -1;
    const row = tick % this.depth;
    if (this.ticks[row] !== tick) return -1;
    const i = row * this.slots + slot;
    return this.present[i] ? i : -1;
  }
}
