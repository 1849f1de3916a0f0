// The client's estimate of the server's tick clock. Each patch says which tick it describes;
// its arrival time says when that tick reached us. From many such pairs we keep the mean
// offset and its spread (the jitter), and play time forward smoothly: the clock may run a
// few percent fast or slow to follow the estimate, but it never jumps (unless it is far
// off, after a stall or on the first patch).

export interface ClockOptions {
  tickHz: number;
  /** Weight of each new patch in the running mean and variance. */
  smoothing?: number;
  /** Most the played clock may speed up or slow down to follow the estimate (fraction). */
  maxSlew?: number;
  /** An error beyond this many ticks is corrected at once rather than slewed. */
  snapTicks?: number;
}

/** Pings whose lowest round trip counts (one a second: the last five seconds). */
const RTT_WINDOW = 5;

export class ServerClock {
  readonly tickHz: number;
  private readonly rate: number;
  private readonly alpha: number;
  private readonly maxSlew: number;
  private readonly snapTicks: number;
  private mean = 0;
  private variance = 0;
  private samples = 0;
  private played = 0;
  private playedAt = 0;
  /** Round-trip time from pings, smoothed (ms). */
  rttMs = 0;
  private rttSamples = 0;
  /** The latest few round trips: the network's is the lowest (see observeRtt). */
  private readonly recentRtts: number[] = [];
  /** Newest tick received so far. */
  newestTick = -1;

  constructor(opts: ClockOptions) {
    this.tickHz = opts.tickHz;
    this.rate = opts.tickHz / 1000;
    this.alpha = opts.smoothing ?? 0.05;
    this.maxSlew = opts.maxSlew ?? 0.08;
    this.snapTicks = opts.snapTicks ?? opts.tickHz / 4;
  }

  get ready(): boolean {
    return this.samples > 0;
  }

  /** A patch describing `tick` arrived at local time `nowMs`. */
  observePatch(tick: number, nowMs: number): void {
    if (tick > this.newestTick) this.newestTick = tick;
    const offset = tick - nowMs * this.rate;
    if (this.samples === 0) {
      this.mean = offset;
      this.variance = 0;
      this.played = tick;
      this.playedAt = nowMs;
    } else {
      // A far-off sample (a stall, a resumed tab) restarts the estimate instead of dragging it.
      const err = offset - this.mean;
      if (Math.abs(err) > this.snapTicks * 4 && this.samples > 10) {
        this.mean = offset;
        this.variance = 0;
      } else {
        this.mean += this.alpha * err;
        this.variance = (1 - this.alpha) * (this.variance + this.alpha * err * err);
      }
    }
    this.samples++;
  }

  /**
   * A ping's round trip. A pong that arrives while the page is busy drawing waits for the
   * frame to end, so a sample is the network's round trip plus up to a frame of waiting:
   * the lowest of the latest few is the network's, and that is what is smoothed.
   */
  observeRtt(rttMs: number): void {
    this.recentRtts.push(rttMs);
    if (this.recentRtts.length > RTT_WINDOW) this.recentRtts.shift();
    const network = Math.min(...this.recentRtts);
    this.rttMs = this.rttSamples === 0 ? network : this.rttMs + 0.3 * (network - this.rttMs);
    this.rttSamples++;
  }

  /** Spread of patch arrival around its mean, in ms (one standard deviation). */
  get jitterMs(): number {
    return Math.sqrt(this.variance) / this.rate;
  }

  /** Where the estimate says the received timeline is at `nowMs`, unsmoothed (ticks). */
  estimate(nowMs: number): number {
    return nowMs * this.rate + this.mean;
  }

  /**
   * The received timeline as played: the tick that, on average, has just arrived at
   * `nowMs` (fractional). Advances smoothly and monotonically.
   */
  now(nowMs: number): number {
    if (this.samples === 0) return 0;
    const elapsed = Math.max(0, nowMs - this.playedAt);
    this.playedAt = nowMs;
    const target = this.estimate(nowMs);
    const ahead = this.played + elapsed * this.rate;
    const error = target - ahead;
    if (Math.abs(error) > this.snapTicks) {
      this.played = target;
    } else {
      // Run up to maxSlew faster or slower until the error is gone (about a second per tick).
      const slew = Math.max(-this.maxSlew, Math.min(this.maxSlew, error * 0.25));
      this.played = ahead + elapsed * this.rate * slew;
    }
    return this.played;
  }
}
