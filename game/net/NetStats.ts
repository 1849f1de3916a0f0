// What the network panel shows, measured where it happens. Rates are over the last second.

export class RateMeter {
  private readonly buckets: number[];
  private readonly stamps: number[];
  private readonly slotMs: number;

  constructor(
    private readonly windowMs = 1000,
    slots = 10,
  ) {
    this.buckets = new Array(slots).fill(0);
    this.stamps = new Array(slots).fill(-Infinity);
    this.slotMs = windowMs / slots;
  }

  add(amount: number, nowMs: number): void {
    const slot = Math.floor(nowMs / this.slotMs);
    const i = slot % this.buckets.length;
    if (this.stamps[i] !== slot) {
      this.stamps[i] = slot;
      this.buckets[i] = 0;
    }
    this.buckets[i] += amount;
  }

  /** Sum over the last window, scaled to one second. */
  perSecond(nowMs: number): number {
    const slot = Math.floor(nowMs / this.slotMs);
    let sum = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      if (slot - this.stamps[i] < this.buckets.length) sum += this.buckets[i];
    }
    return (sum * 1000) / this.windowMs;
  }
}

export class NetStats {
  readonly bytesIn = new RateMeter();
  readonly bytesOut = new RateMeter();
  readonly patches = new RateMeter();
  totalBytesIn = 0;
  totalBytesOut = 0;
  totalPatches = 0;
  inputsSent = 0;
  /** Patches in which the prediction for the acknowledged input was off, and the largest miss. */
  predictionMisses = 0;
  predictionChecks = 0;
  largestPredictionError = 0;
  /** Reconciliations at a down, respawn or round change (not counted as checks). */
  lifeChanges = 0;
  /** Corrections of the predicted present that were smoothed out (mispredictions). */
  corrections = 0;
  correctionTotal = 0;
  lastCorrection = 0;
  /** Corrections applied at once: respawns, downs, round changes, or too large to smooth. */
  snaps = 0;
  /** Frames in which a remote craft had to be carried past its newest state, or held. */
  extrapolatedFrames = 0;
  heldFrames = 0;
  /** Times a craft went from interpolating to extrapolating: each is one late patch seen. */
  extrapolations = 0;
  stalls = 0;

  received(bytes: number, nowMs: number): void {
    this.totalBytesIn += bytes;
    this.bytesIn.add(bytes, nowMs);
  }

  sent(bytes: number, nowMs: number): void {
    this.totalBytesOut += bytes;
    this.bytesOut.add(bytes, nowMs);
  }
}
