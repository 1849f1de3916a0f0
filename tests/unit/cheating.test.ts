// A cheater controls what its client sends: how often, in what order, with which buttons,
// aim and claimed view time — or plain garbage. Whatever the stream, the server path
// (the input codec, the per-player queue, the match) must hold the line: no craft faster
// than its top speed, no shot sooner than the gun's cadence, no rewind past the bound.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTuning } from "../../shared/config";
import type { GameEvent } from "../../shared/net/events";
import { decodeInputs, encodeInputs, type InputFrame } from "../../shared/net/input";
import { ArenaState } from "../../shared/schema/ArenaState";
import { newCraftState } from "../../shared/sim/craft";
import { InputQueue } from "../../server/rooms/InputQueue";
import { Match } from "../../server/rules/Match";

const TICK_HZ = 60;
const tuning = makeTuning(TICK_HZ);

/** One message from the cheater: well-formed frames with any values, or any bytes at all. */
const message = fc.oneof(
  fc.record({
      seq: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(2 ** 32 - 20)),
      count: fc.integer({ min: 1, max: 16 }),
      buttons: fc.integer({ min: 0, max: 255 }),
      aim: fc.integer({ min: 0, max: 65535 }),
      // Claimed view time: the present, the far past, the future, or nonsense.
      viewBack: fc.oneof(fc.integer({ min: -100, max: 400 }), fc.constant(1e9)),
    }),
  fc.uint8Array({ maxLength: 120 }),
);

/** Per tick, any number of messages (a cheater needs no frame clock). */
const stream = fc.array(fc.array(message, { maxLength: 6 }), { minLength: 60, maxLength: 240 });

type Stream = typeof stream extends fc.Arbitrary<infer T> ? T : never;

function play(ticks: Stream) {
  const state = new ArenaState();
  const match = new Match(state, { tickHz: TICK_HZ, map: "causeway", scoreLimit: 1000, timeLimitSeconds: 600, resultsSeconds: 2, rotateMaps: false, seed: 9 });
  const cheater = match.join("cheat", "Cheat");
  const target = match.join("target", "Target");
  cheater.craft = newCraftState(700, 600);
  target.craft = newCraftState(1000, 600);
  const queue = new InputQueue(Math.ceil(0.15 * TICK_HZ));
  const moves: { distance: number; inputs: number }[] = [];
  const inputsPerTick: number[] = [];
  const shotTicks: number[] = [];
  const rewinds: number[] = [];
  const events: GameEvent[] = [];
  for (const messages of ticks) {
    for (const m of messages) {
      const bytes =
        m instanceof Uint8Array
          ? m
          : encodeInputs(
              Array.from({ length: m.count }, (_, i) => ({
                seq: m.seq + i,
                buttons: m.buttons,
                aim: m.aim,
                viewTick: Math.max(0, match.tick - m.viewBack),
              })),
            );
      // Exactly what the room does with a message: decode (refuse on error), then queue.
      const decoded = decodeInputs(bytes);
      if (decoded.ok) queue.push(decoded.value);
    }
    const before = { x: cheater.craft.x, y: cheater.craft.y, alive: cheater.alive };
    // As the room's loop does: one input a tick, and the queue's occasional extra.
    let applied = 0;
    const counted = (input: InputFrame | undefined) => (input && applied++, input);
    match.step(
      (p) => (p === cheater ? counted(queue.next()) : undefined),
      (p) => (p === cheater ? counted(queue.extra()) : undefined),
    );
    inputsPerTick.push(applied);
    if (before.alive && cheater.alive) moves.push({ distance: Math.hypot(cheater.craft.x - before.x, cheater.craft.y - before.y), inputs: applied });
    // The match's own record of the shot it just took: how far back it will judge hits.
    for (const shot of (match as unknown as { shots: { shooterId: string; tick: number; lag: number }[] }).shots) {
      if (shot.shooterId === cheater.id && shot.tick === match.tick - 1) rewinds.push(shot.lag);
    }
    for (const e of match.takeEvents()) {
      events.push(e);
      if (e.kind === "shot" && e.owner === cheater.slot) shotTicks.push(e.tick);
    }
  }
  return { moves, shotTicks, rewinds, events, inputsPerTick };
}

describe("no input stream lets a cheater", () => {
  // Positions are kept on a 1/16 grid: allow one grid step of rounding per axis.
  const grid = Math.SQRT2 / 16;

  it("move faster than its top speed (dash speed while dashing), or get more inputs applied than ticks have passed", () => {
    fc.assert(
      fc.property(stream, (ticks) => {
        const { moves, inputsPerTick } = play(ticks);
        const fastest = Math.max(tuning.maxSpeed, tuning.dashSpeed) * tuning.dt + grid;
        for (const m of moves) expect(m.distance).toBeLessThanOrEqual(fastest * m.inputs);
        // At every moment, no more inputs applied than ticks run (an extra pays back a tick
        // that passed without one), and never more than two in a tick.
        let applied = 0;
        inputsPerTick.forEach((n, i) => {
          applied += n;
          expect(n).toBeLessThanOrEqual(2);
          expect(applied).toBeLessThanOrEqual(i + 1);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("fire faster than the gun's cadence", () => {
    fc.assert(
      fc.property(stream, (ticks) => {
        const { shotTicks } = play(ticks);
        for (let i = 1; i < shotTicks.length; i++) expect(shotTicks[i] - shotTicks[i - 1]).toBeGreaterThanOrEqual(tuning.fireCooldownTicks);
      }),
      { numRuns: 60 },
    );
  });

  it("have hits judged further back than the rewind bound, or in the future", () => {
    fc.assert(
      fc.property(stream, (ticks) => {
        const { rewinds } = play(ticks);
        for (const lag of rewinds) {
          expect(lag).toBeGreaterThanOrEqual(0);
          expect(lag).toBeLessThanOrEqual(tuning.maxRewindTicks);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("(and the streams above do fire and move, so the checks are not vacuous)", () => {
    const sample = fc.sample(stream, { numRuns: 40, seed: 7 });
    let shots = 0;
    let moved = 0;
    for (const ticks of sample) {
      const { shotTicks, moves } = play(ticks);
      shots += shotTicks.length;
      moved += moves.filter((m) => m.distance > 0).length;
    }
    expect(shots).toBeGreaterThan(20);
    expect(moved).toBeGreaterThan(200);
  });
});
