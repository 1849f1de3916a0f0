// Countdowns the owner needs for reconciliation (gun and dash cooldowns, dash time left)
// tick down by one per input. Replicating the countdown itself would cost bytes on every
// patch; instead we replicate the input sequence (low 16 bits) at which it reaches zero, a
// value that stays put while the countdown runs and changes only when it restarts.

const WRAP = 0x10000;
/** Past this many inputs, an old value is refreshed so it can never alias a future one. */
const STALE = 0x4000;

/** The sequence at which `countdown` (in inputs, after input `ack`) reaches zero. */
export function countdownToSeq(countdown: number, ack: number, previous: number): number {
  if (countdown > 0) return (ack + countdown) % WRAP;
  return (ack - previous + WRAP) % WRAP < STALE ? previous : (ack - 1 + WRAP) % WRAP;
}

/** The countdown left after input `ack` (any width: only its low 16 bits matter). */
export function countdownFromSeq(value: number, ack: number, max: number): number {
  const left = (value - (ack % WRAP) + WRAP) % WRAP;
  return left <= max ? left : 0;
}

/** The full sequence number whose low 16 bits are `low`, nearest at or below `newest`. */
export function fullSeq(low: number, newest: number): number {
  return newest - ((newest - low) % WRAP + WRAP) % WRAP;
}
