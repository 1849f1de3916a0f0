import { describe, expect, it } from "vitest";
import { FixedStep } from "../../server/rooms/FixedStep";
import { InputQueue } from "../../server/rooms/InputQueue";

describe("fixed-step clock", () => {
  it("runs exactly the steps wall time says are due, however unevenly it is called", () => {
    const loop = new FixedStep(60);
    loop.start(0);
    let steps = 0;
    const calls = [5, 17, 40, 41, 100, 333, 334, 500, 700, 850, 1000];
    for (const t of calls) loop.advance(t, () => steps++);
    expect(steps).toBe(60);
    for (let t = 1100; t <= 2000; t += 100) loop.advance(t, () => steps++);
    expect(steps).toBe(120);
  });

  it("catches up a bounded number of steps after a long stall", () => {
    const loop = new FixedStep(60, 10);
    loop.start(0);
    let steps = 0;
    expect(loop.advance(10_000, () => steps++)).toBe(10);
    expect(loop.skipped).toBe(590);
    // From there it keeps real time again.
    for (let t = 10_100; t <= 11_000; t += 100) loop.advance(t, () => steps++);
    expect(steps).toBe(70);
  });
});

describe("input queue", () => {
  const f = (seq: number) => ({ seq, buttons: 0, aim: 0, viewTick: 0 });

  it("hands out one input at a time, in order, ignoring repeats", () => {
    const q = new InputQueue(10);
    q.push([f(1), f(2), f(3)]);
    q.push([f(2), f(3), f(4)]);
    expect([q.next()?.seq, q.next()?.seq, q.next()?.seq, q.next()?.seq, q.next()]).toEqual([1, 2, 3, 4, undefined]);
    expect(q.stale).toBe(2);
  });

  it("drops the oldest inputs when the backlog grows past its bound", () => {
    const q = new InputQueue(4);
    q.push(Array.from({ length: 10 }, (_, i) => f(i + 1)));
    expect(q.length).toBe(4);
    expect(q.trimmed).toBe(6);
    expect(q.next()?.seq).toBe(7);
  });
});
