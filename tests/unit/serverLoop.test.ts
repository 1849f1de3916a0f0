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
    expect([q.next(1)?.seq, q.next(2)?.seq, q.next(3)?.seq, q.next(4)?.seq, q.next(5)]).toEqual([1, 2, 3, 4, undefined]);
    expect(q.stale).toBe(2);
  });

  it("drops the oldest inputs when the backlog grows past its bound", () => {
    const q = new InputQueue(4);
    q.push(Array.from({ length: 10 }, (_, i) => f(i + 1)));
    expect(q.length).toBe(4);
    expect(q.trimmed).toBe(6);
    expect(q.next(1)?.seq).toBe(7);
  });

  // Each late input costs a tick for good (the queue cannot shrink by itself): a queue that
  // stayed long for a whole second hands out one extra input, and only one a second.
  it("gives back a tick once a second while its backlog never runs low", () => {
    const q = new InputQueue(9, 60);
    let seq = 0;
    const send = (n: number) => q.push(Array.from({ length: n }, () => f(++seq)));
    send(4);
    let applied = 0;
    const extras: number[] = [];
    for (let tick = 1; tick <= 300; tick++) {
      if (tick % 2 === 0) send(2);
      if (q.next(tick)) applied++;
      if (q.extra()) {
        applied++;
        extras.push(tick);
      }
    }
    // Four waiting at first, two a message: the backlog never fell below 2 until two ticks were given back.
    expect(extras.length).toBe(2);
    expect(extras[1] - extras[0]).toBeGreaterThanOrEqual(60);
    expect(q.caughtUp).toBe(2);
    expect(applied).toBe(seq - q.length);
  });

  it("gives nothing back while the backlog runs dry now and then", () => {
    const q = new InputQueue(9, 60);
    let seq = 0;
    for (let tick = 1; tick <= 600; tick++) {
      if (tick % 2 === 0) q.push([f(++seq), f(++seq)]);
      q.next(tick);
      expect(q.extra()).toBeUndefined();
    }
  });

  it("hands out at most one extra input a second, however fast inputs come", () => {
    const q = new InputQueue(9, 60);
    let seq = 0;
    let extras = 0;
    for (let tick = 1; tick <= 600; tick++) {
      q.push(Array.from({ length: 6 }, () => f(++seq)));
      q.next(tick);
      if (q.extra()) extras++;
    }
    expect(extras).toBeLessThanOrEqual(10);
    expect(extras).toBeGreaterThanOrEqual(9);
  });
});
