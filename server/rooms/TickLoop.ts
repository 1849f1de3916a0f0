// The room's fixed-step loop: each tick the bots think, every pilot's next queued input is
// applied (at most one a tick), the match steps, and on the ticks where a patch is due the
// room is asked to send one. Time comes from an injected clock, so tests can step it.

import type { InputFrame } from "../../shared/net/input";
import { BotBrain } from "../bots/BotBrain";
import type { Match } from "../rules/Match";
import { FixedStep } from "./FixedStep";
import { InputQueue } from "./InputQueue";

/** Milliseconds, from any origin (performance.now on a live server). */
export interface Clock {
  now(): number;
}

export interface LoopCounters {
  appliedInputs: number;
  trimmedInputs: number;
  /** Owed ticks paid back: an extra input applied in a tick (InputQueue). */
  caughtUpInputs: number;
  patches: number;
  skippedTicks: number;
}

export interface LoopSettings {
  tickHz: number;
  patchHz: number;
  /** Longest an input may wait in a queue before older ones are dropped. */
  inputQueueMs: number;
}

export class TickLoop {
  readonly counters: LoopCounters = { appliedInputs: 0, trimmedInputs: 0, caughtUpInputs: 0, patches: 0, skippedTicks: 0 };
  /** Told how long each tick took, in seconds of real time (for the metrics). */
  timed?: (seconds: number) => void;
  private readonly queues = new Map<string, InputQueue>();
  private readonly brains = new Map<string, BotBrain>();
  private readonly stepper: FixedStep;
  private readonly queueLength: number;

  constructor(
    readonly match: Match,
    private readonly settings: LoopSettings,
    private readonly clock: Clock,
    /** Called on each tick a patch is due, after the match has stepped. */
    private readonly patch: () => void,
  ) {
    this.stepper = new FixedStep(settings.tickHz);
    this.stepper.start(clock.now());
    this.queueLength = Math.max(2, Math.ceil((settings.inputQueueMs / 1000) * settings.tickHz));
  }

  /** Runs every tick that is due by the clock (call it often; a timer's lateness is made up). */
  advance(): void {
    this.stepper.advance(this.clock.now(), () => this.tick());
    this.counters.skippedTicks = this.stepper.skipped;
  }

  /** A pilot (person or bot) whose inputs the loop applies from now on. */
  addPilot(id: string, brainSeed?: number): void {
    this.queues.set(id, new InputQueue(this.queueLength));
    if (brainSeed !== undefined) this.brains.set(id, new BotBrain(id, brainSeed));
  }

  removePilot(id: string): void {
    this.queues.delete(id);
    this.brains.delete(id);
  }

  /** A player's inputs, queued for the coming ticks; ignored for someone not flying. */
  push(id: string, frames: readonly InputFrame[]): void {
    const queue = this.queues.get(id);
    if (!queue) return;
    const before = queue.trimmed;
    queue.push(frames);
    this.counters.trimmedInputs += queue.trimmed - before;
  }

  /** One tick, due or not (the clock-driven way in is `advance`). */
  tick(): void {
    const started = performance.now();
    const match = this.match;
    for (const [id, brain] of this.brains) {
      const frame = brain.think(match);
      if (frame) this.queues.get(id)?.push([frame]);
    }
    match.step(
      (pilot) => {
        const input = this.queues.get(pilot.id)?.next();
        if (input) this.counters.appliedInputs++;
        return input;
      },
      (pilot) => {
        const input = this.queues.get(pilot.id)?.extra();
        if (input) {
          this.counters.appliedInputs++;
          this.counters.caughtUpInputs++;
        }
        return input;
      },
    );
    const { tickHz, patchHz } = this.settings;
    if (Math.floor((match.tick * patchHz) / tickHz) !== Math.floor(((match.tick - 1) * patchHz) / tickHz)) {
      match.publish();
      this.patch();
      this.counters.patches++;
    }
    this.timed?.((performance.now() - started) / 1000);
  }
}
