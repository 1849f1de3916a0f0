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

  // A tick without an input does not move the craft, and every later input waits a tick
  // longer for good: such a tick is owed, and paid back (an extra input) once inputs back up.
  it("pays back a tick that passed without an input, once the backlog is long, one extra a tick", () => {
    const q = new InputQueue(9);
    let seq = 0;
    const send = (n: number) => q.push(Array.from({ length: n }, () => f(++seq)));
    const tick = () => [q.next(), q.extra()].filter((x) => x !== undefined).length;
    send(2);
    expect([tick(), tick()]).toEqual([1, 1]);
    // A stall: five ticks without input, then all ten at once (five late, five on time).
    expect([tick(), tick(), tick(), tick(), tick()]).toEqual([0, 0, 0, 0, 0]);
    send(10);
    const applied: number[] = [];
    for (let t = 0; t < 10; t++) {
      applied.push(tick());
      send(1);
    }
    // The owed five come back as extras while more than two wait; none is dropped.
    expect(applied.filter((n) => n === 2)).toHaveLength(5);
    expect(q.caughtUp).toBe(5);
    expect(q.trimmed).toBe(0);
  });

  it("owes nothing to a client that sends faster than real time, and trims what it cannot use", () => {
    const q = new InputQueue(9);
    let seq = 0;
    let applied = 0;
    for (let t = 0; t < 600; t++) {
      q.push(Array.from({ length: 3 }, () => f(++seq)));
      if (q.next()) applied++;
      if (q.extra()) applied++;
    }
    expect(applied).toBe(600);
    expect(q.caughtUp).toBe(0);
    expect(q.trimmed).toBeGreaterThan(1000);
  });

  it("saves up at most maxOwed ticks of standing still", () => {
    const q = new InputQueue(9, 9);
    let seq = 0;
    q.push([f(++seq)]);
    q.next();
    for (let t = 0; t < 100; t++) q.next();
    q.push(Array.from({ length: 30 }, () => f(++seq)));
    // 9 long plus 9 owed are kept; the rest of the burst is trimmed.
    expect(q.length).toBe(18);
    let extras = 0;
    for (let t = 0; t < 30; t++) {
      q.next();
      if (q.extra()) extras++;
    }
    // Paid back while more than two wait: 18 go in 8 double ticks down to 2 (one owed is left for later).
    expect(extras).toBe(8);
  });
});
