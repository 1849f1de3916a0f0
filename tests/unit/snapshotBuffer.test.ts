import { describe, expect, it } from "vitest";
import { type Drawn, lerpAim, SnapshotBuffer } from "../../game/net/SnapshotBuffer";

const drawn = (): Drawn => ({ x: 0, y: 0, aim: 0, alive: false, kind: "empty" });
const snap = (tick: number, x: number, alive = true) => ({ tick, x, y: 2 * x, aim: 0, alive });

describe("snapshot buffer", () => {
  it("draws the true path between received states", () => {
    const b = new SnapshotBuffer(6);
    b.push(snap(10, 100));
    b.push(snap(12, 120));
    b.push(snap(14, 160));
    const out = drawn();
    expect(b.sample(11, out)).toMatchObject({ x: 110, y: 220, kind: "interpolated" });
    expect(b.sample(13.5, out)).toMatchObject({ x: 150, y: 300, kind: "interpolated" });
    expect(b.sample(14, out)).toMatchObject({ x: 160, kind: "interpolated" });
  });

  it("carries a craft forward briefly when a patch is late, then holds it", () => {
    const b = new SnapshotBuffer(4);
    b.push(snap(10, 100));
    b.push(snap(12, 120));
    const out = drawn();
    expect(b.sample(14, out)).toMatchObject({ x: 140, kind: "extrapolated" });
    expect(b.sample(20, out)).toMatchObject({ x: 160, kind: "held" });
    // The late patch arrives: drawing returns to the true path.
    b.push(snap(14, 130));
    b.push(snap(16, 140));
    expect(b.sample(15, out)).toMatchObject({ x: 135, kind: "interpolated" });
  });

  it("replays a scripted stream with delays: what is drawn never jumps while patches keep up", () => {
    // A craft moving at 3 units a tick; patches every 2 ticks, arriving 4-7 ticks late.
    const b = new SnapshotBuffer(6);
    const arrivals = Array.from({ length: 60 }, (_, i) => ({ tick: i * 2, at: i * 2 + 4 + ((i * 7) % 4) }));
    const out = drawn();
    let last: number | undefined;
    let maxStep = 0;
    for (let now = 0; now < 120; now += 0.25) {
      for (const a of arrivals) if (a.at > now - 0.25 && a.at <= now) b.push(snap(a.tick, a.tick * 3));
      const renderTick = now - 2 - 7; // one patch interval plus the worst lateness
      if (renderTick < 0 || b.size === 0) continue;
      b.sample(renderTick, out);
      if (last !== undefined) maxStep = Math.max(maxStep, out.x - last);
      expect(out.kind).toBe("interpolated");
      expect(out.x).toBeCloseTo(renderTick * 3, 9);
      last = out.x;
    }
    // A quarter tick of render time never moves the craft more than a quarter tick of its path.
    expect(maxStep).toBeLessThanOrEqual(0.75 + 1e-9);
  });

  it("never slides a craft across a respawn", () => {
    const b = new SnapshotBuffer(6);
    b.push(snap(10, 100));
    b.push(snap(12, 100, false));
    b.push(snap(14, 900, true));
    const out = drawn();
    expect(b.sample(13, out)).toMatchObject({ x: 100, alive: false });
    expect(b.sample(14, out)).toMatchObject({ x: 900, alive: true });
  });

  it("ignores out-of-date snapshots and turns turrets the short way round", () => {
    const b = new SnapshotBuffer(6);
    b.push(snap(10, 100));
    b.push(snap(8, 5));
    expect(b.newestTick).toBe(10);
    expect(b.size).toBe(1);
    expect(lerpAim(65000, 500, 0.5)).toBeCloseTo((65000 + (500 + 65536 - 65000) / 2) % 65536, 6);
  });
});
