import { describe, expect, it } from "vitest";
import { GAME, makeTuning } from "../../shared/config";
import { fullSeq } from "../../shared/net/ackClock";
import { worldOf, MAPS } from "../../server/maps";
import type { InputFrame } from "../../shared/net/input";
import { ArenaState, Phase } from "../../shared/schema/ArenaState";
import { readOwnCraft } from "../../shared/schema/ownCraft";
import { Buttons, type CraftState, newCraftState } from "../../shared/sim/craft";
import { SeededRandom } from "../../shared/sim/random";
import { Prediction } from "../../game/net/Prediction";
import { Match, type Pilot } from "../../server/rules/Match";

// A server (the real rules) and a predicting client, joined by a scripted network: inputs
// reach the server some ticks after they are sampled, patches reach the client some ticks
// after they are sent. Nothing else interferes, so every prediction must be exact.

interface Patch {
  ack: number;
  state: CraftState;
}

/** What the owner reads off a patch: the same shared reading ArenaSession does. */
function readPatch(p: Pilot, newestSeq = p.ack, phase: number = Phase.Playing): Patch {
  const ack = fullSeq(p.schema.ack, newestSeq);
  return { ack, state: readOwnCraft(p.schema, phase, ack, 0, makeTuning(60)) };
}

function setup() {
  const state = new ArenaState();
  const match = new Match(state, {
    tickHz: 60,
    map: "foundry",
    scoreLimit: 99,
    timeLimitSeconds: 600,
    resultsSeconds: 5,
    rotateMaps: false,
    seed: 1,
  });
  const pilot = match.join("me", "Me");
  // Start in the open middle of the map, so every test input really moves the craft.
  pilot.craft = newCraftState(1000, 660);
  match.step(() => undefined);
  match.publish();
  const prediction = new Prediction(worldOf(MAPS.foundry), match.tuning);
  prediction.reconcile(readPatch(pilot));
  return { match, pilot, prediction };
}

function play(opts: { ticks: number; upDelay: (i: number) => number; downDelay: (i: number) => number; drop?: Set<number> }) {
  const { match, pilot, prediction } = setup();
  const rng = new SeededRandom(42);
  const toServer: { at: number; frame: InputFrame }[] = [];
  const toClient: { at: number; patch: Patch }[] = [];
  const queue: InputFrame[] = [];
  const errors: number[] = [];
  let seq = 0;
  let buttons = 0;
  for (let tick = 1; tick <= opts.ticks; tick++) {
    // Random moves, dashes and shots: every countdown the owner reconciles gets exercised.
    if (tick % 20 === 0) buttons = rng.int(64);
    const frame: InputFrame = { seq: ++seq, buttons, aim: rng.int(65536), viewTick: tick };
    prediction.apply(frame.seq, frame);
    // In-order delivery, as over a WebSocket: a message never overtakes an earlier one.
    const last = toServer.length ? toServer[toServer.length - 1].at : 0;
    toServer.push({ at: Math.max(last, tick + opts.upDelay(tick)), frame });
    while (toServer.length && toServer[0].at <= tick) {
      const { frame: f } = toServer.shift()!;
      if (!opts.drop?.has(f.seq)) queue.push(f);
    }
    match.step(() => queue.shift());
    match.publish();
    if (tick % 2 === 0) {
      const lastDown = toClient.length ? toClient[toClient.length - 1].at : 0;
      toClient.push({ at: Math.max(lastDown, tick + opts.downDelay(tick)), patch: readPatch(pilot) });
    }
    while (toClient.length && toClient[0].at <= tick) {
      const result = prediction.reconcile(toClient.shift()!.patch);
      if (result.errorAtAck !== undefined) errors.push(result.errorAtAck);
    }
  }
  return { errors, prediction, pilot };
}

describe("prediction and reconciliation", () => {
  it("predicts the own craft exactly at every acknowledged input (no loss, fixed latency)", () => {
    const { errors } = play({ ticks: 1200, upDelay: () => 5, downDelay: () => 5 });
    expect(errors.length).toBeGreaterThan(500);
    expect(Math.max(...errors)).toBe(0);
  });

  it("stays exact under jitter in both directions", () => {
    const rng = new SeededRandom(9);
    const { errors } = play({ ticks: 1200, upDelay: () => 3 + rng.int(8), downDelay: () => 3 + rng.int(8) });
    expect(errors.length).toBeGreaterThan(400);
    expect(Math.max(...errors)).toBe(0);
  });

  it("corrects toward the server when the server lost inputs, and converges", () => {
    const drop = new Set([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    const { errors, prediction } = play({ ticks: 600, upDelay: () => 4, downDelay: () => 4, drop });
    expect(errors.some((e) => e > 0)).toBe(true);
    // After the loss the prediction is exact again.
    expect(errors.slice(-100).every((e) => e === 0)).toBe(true);
    expect(prediction.unacknowledged).toBeLessThan(20);
  });

  it("turns a correction into an offset that fades out within about 100 ms", () => {
    const { match, pilot, prediction } = setup();
    for (let i = 1; i <= 30; i++) prediction.apply(i, { buttons: Buttons.Right, aim: 0 });
    // The server never got inputs 1..10: it applied only 11..30.
    for (let i = 11; i <= 30; i++) match.step(() => ({ seq: i, buttons: Buttons.Right, aim: 0, viewTick: 0 }));
    match.publish();
    const drawnBefore = prediction.drawn(1, { x: 0, y: 0 });
    const result = prediction.reconcile(readPatch(pilot));
    expect(result.correction).toBeGreaterThan(5);
    expect(result.snapped).toBe(false);
    const drawnAfter = prediction.drawn(1, { x: 0, y: 0 });
    // No jump on screen at the moment of correction...
    expect(Math.hypot(drawnAfter.x - drawnBefore.x, drawnAfter.y - drawnBefore.y)).toBeLessThan(1e-9);
    // ...and the offset is nearly gone 100 ms later, entirely gone after 300 ms.
    prediction.decay(100);
    expect(Math.hypot(prediction.offsetX, prediction.offsetY)).toBeLessThan(result.correction * 0.1);
    prediction.decay(200);
    expect(Math.hypot(prediction.offsetX, prediction.offsetY)).toBe(0);
  });

  it("snaps instead of sliding when the server moved the craft far away (a respawn)", () => {
    const { pilot, prediction } = setup();
    for (let i = 1; i <= 5; i++) prediction.apply(i, { buttons: 0, aim: 0 });
    const patch = readPatch(pilot);
    patch.ack = 5;
    patch.state.x += 500;
    const result = prediction.reconcile(patch);
    expect(result.snapped).toBe(true);
    expect(prediction.offsetX).toBe(0);
    expect(prediction.current.x).toBe(patch.state.x);
  });

  it("does not move a craft the server is not moving (down, or between rounds)", () => {
    const { pilot, prediction } = setup();
    // The round is over: the server says the craft is frozen.
    prediction.reconcile(readPatch(pilot, pilot.ack, Phase.Results));
    const before = { ...prediction.current };
    for (let i = 1; i <= 30; i++) prediction.apply(i, { buttons: Buttons.Right | Buttons.Fire, aim: 0 });
    expect(prediction.current.x).toBe(before.x);
    expect(GAME.craft.maxSpeed).toBeGreaterThan(0);
  });
});
