// Your own craft, predicted. Each input is applied locally the moment it is sampled, with
// the same shared simulation the server runs. When the server's state for an acknowledged
// input arrives, the prediction for that input is checked against it; if they differ, the
// craft is reset to the server's state and the inputs not yet acknowledged are replayed.
// The jump that would cause on screen is turned into an offset that fades out (~100 ms).

import type { Tuning } from "../../shared/config";
import type { ArenaWorld } from "../../shared/sim/collision";
import {
  type CraftInput,
  type CraftState,
  copyCraftState,
  MoveMode,
  newCraftState,
  sameCraftState,
  stepCraft,
} from "../../shared/sim/craft";

export interface ServerCraft {
  /** Sequence of the last input the server applied. */
  ack: number;
  /** The craft's state right after that input (its mode says whether the server moves it). */
  state: CraftState;
}

export interface ReconcileResult {
  /** Distance between what we predicted for `ack` and what the server says (undefined: no prediction for it). */
  errorAtAck: number | undefined;
  /** How far the predicted present moved because of the correction (0: none). */
  correction: number;
  /** The correction was too large to smooth and was applied at once (respawn, teleport). */
  snapped: boolean;
  /**
   * The rules moved the craft, not its inputs (down, respawn, round over, a blast it did not
   * arm itself): a correction, not a misprediction.
   */
  lifeChanged: boolean;
}

interface Pending {
  seq: number;
  input: CraftInput;
  after: CraftState;
}

export interface PredictionOptions {
  /** Time constant of the fade of a correction (ms); ~3 of them make it invisible. */
  smoothMs?: number;
  /** A correction larger than this (units) is applied at once. */
  snapDistance?: number;
  /** Unacknowledged inputs kept before the oldest are forgotten. */
  maxPending?: number;
}

export class Prediction {
  current: CraftState = newCraftState(0, 0, 0, MoveMode.Frozen);
  previous: CraftState = newCraftState(0, 0, 0, MoveMode.Frozen);
  /** The movement mode and knock count the server last said (a change is the rules at work, not a misprediction). */
  private serverMode: MoveMode = MoveMode.Frozen;
  private serverKnocks = 0;
  offsetX = 0;
  offsetY = 0;
  private pending: Pending[] = [];
  private readonly smoothMs: number;
  private readonly snapDistance: number;
  private readonly maxPending: number;

  constructor(
    private world: ArenaWorld,
    private readonly tuning: Tuning,
    opts: PredictionOptions = {},
  ) {
    this.smoothMs = opts.smoothMs ?? 35;
    this.snapDistance = opts.snapDistance ?? 96;
    this.maxPending = opts.maxPending ?? 240;
  }

  setWorld(world: ArenaWorld): void {
    this.world = world;
  }

  get unacknowledged(): number {
    return this.pending.length;
  }

  /** Applies a newly sampled input. Returns the weapon it fires, or NO_SHOT. */
  apply(seq: number, input: CraftInput): number {
    copyCraftState(this.current, this.previous);
    const fired = stepCraft(this.current, input, this.world, this.tuning);
    this.pending.push({ seq, input: { buttons: input.buttons, aim: input.aim }, after: copyCraftState(this.current) });
    if (this.pending.length > this.maxPending) this.pending.shift();
    return fired;
  }

  reconcile(server: ServerCraft): ReconcileResult {
    let predicted: CraftState | undefined;
    let drop = 0;
    while (drop < this.pending.length && this.pending[drop].seq <= server.ack) {
      if (this.pending[drop].seq === server.ack) predicted = this.pending[drop].after;
      drop++;
    }
    this.pending.splice(0, drop);
    const lifeChanged = this.serverMode !== server.state.mode || this.serverKnocks !== server.state.knocks;
    this.serverMode = server.state.mode;
    this.serverKnocks = server.state.knocks;
    if (predicted && !lifeChanged && sameCraftState(predicted, server.state)) {
      return { errorAtAck: 0, correction: 0, snapped: false, lifeChanged };
    }
    const errorAtAck = predicted
      ? Math.hypot(predicted.x - server.state.x, predicted.y - server.state.y)
      : undefined;

    const beforeX = this.current.x;
    const beforeY = this.current.y;
    copyCraftState(server.state, this.current);
    copyCraftState(server.state, this.previous);
    for (const p of this.pending) {
      copyCraftState(this.current, this.previous);
      stepCraft(this.current, p.input, this.world, this.tuning);
      copyCraftState(this.current, p.after);
    }
    const dx = beforeX - this.current.x;
    const dy = beforeY - this.current.y;
    const correction = Math.hypot(dx, dy);
    const snapped = correction > this.snapDistance;
    if (snapped) {
      this.offsetX = 0;
      this.offsetY = 0;
    } else {
      this.offsetX += dx;
      this.offsetY += dy;
    }
    return { errorAtAck, correction, snapped, lifeChanged };
  }

  /** Fades the correction offset; call once a frame. */
  decay(elapsedMs: number): void {
    const k = Math.exp(-elapsedMs / this.smoothMs);
    this.offsetX *= k;
    this.offsetY *= k;
    if (Math.abs(this.offsetX) < 0.01) this.offsetX = 0;
    if (Math.abs(this.offsetY) < 0.01) this.offsetY = 0;
  }

  /** Where to draw the craft, `alpha` of the way from the previous step to the current one. */
  drawn(alpha: number, out: { x: number; y: number }): { x: number; y: number } {
    out.x = this.previous.x + (this.current.x - this.previous.x) * alpha + this.offsetX;
    out.y = this.previous.y + (this.current.y - this.previous.y) * alpha + this.offsetY;
    return out;
  }
}
