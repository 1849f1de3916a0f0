// The fixed-step clock. Timers in Node fire late and unevenly; this counts the steps that
// wall time says are due and runs them all (up to a bound), so the tick count tracks real
// time and the simulation never depends on timer jitter. After a long stall (a debugger, a
// suspended VM) it runs at most `maxCatchUp` steps and lets the rest go.

export class FixedStep {
  private origin = 0;
  private done = 0;
  /** Steps given up because the process fell too far behind. */
  skipped = 0;

  constructor(
    readonly hz: number,
    private readonly maxCatchUp = Math.max(4, Math.round(hz / 4)),
  ) {}

  start(now: number): void {
    this.origin = now;
    this.done = 0;
    this.skipped = 0;
  }

  /** Runs every step that is due at `now`; returns how many ran. */
  advance(now: number, step: () => void): number {
    const due = Math.floor(((now - this.origin) * this.hz) / 1000) - this.skipped;
    let behind = due - this.done;
    if (behind > this.maxCatchUp) {
      this.skipped += behind - this.maxCatchUp;
      behind = this.maxCatchUp;
    }
    for (let i = 0; i < behind; i++) {
      this.done++;
      step();
    }
    return behind;
  }
}
