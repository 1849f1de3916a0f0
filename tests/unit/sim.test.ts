import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTuning } from "../../shared/config";
import { MAPS, worldOf } from "../../server/maps";
import { circleBlocked, type Box } from "../../shared/sim/collision";
import { Buttons, copyCraftState, type CraftInput, MoveMode, newCraftState, stepCraft } from "../../shared/sim/craft";
import { flightDistance, planFlight } from "../../shared/sim/projectile";
import { SeededRandom } from "../../shared/sim/random";
import { NO_SHOT } from "../../shared/sim/weapons";

const t = makeTuning(60);
const map = MAPS.foundry;
const world = worldOf(map);

function randomInputs(seed: number, count: number): CraftInput[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, () => ({ buttons: rng.int(64), aim: rng.int(65536) }));
}

function distanceToBox(x: number, y: number, b: Box): number {
  const cx = Math.min(Math.max(x, b.x), b.x + b.w);
  const cy = Math.min(Math.max(y, b.y), b.y + b.h);
  return Math.hypot(x - cx, y - cy);
}

describe("craft movement", () => {
  it("gives bit-identical states for the same inputs", () => {
    const inputs = randomInputs(7, 3000);
    const run = () => {
      const c = newCraftState(map.spawns[0].x, map.spawns[0].y);
      const trace: string[] = [];
      for (const input of inputs) {
        const fired = stepCraft(c, input, world, t);
        trace.push(`${c.x},${c.y},${c.vx},${c.vy},${c.dashTicks},${c.dashCooldown},${c.fireCooldown},${fired}`);
      }
      return trace;
    };
    const a = run();
    const b = run();
    expect(b).toEqual(a);
    // The run really went somewhere: it is not a craft standing still.
    expect(new Set(a.map((s) => s.split(",").slice(0, 2).join())).size).toBeGreaterThan(500);
  });

  it("never passes through a wall or a crate, at any speed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: map.spawns.length - 1 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.array(fc.record({ buttons: fc.integer({ min: 0, max: 63 }), aim: fc.integer({ min: 0, max: 65535 }) }), {
          minLength: 1,
          maxLength: 200,
        }),
        (spawn, vx, vy, inputs) => {
          const c = newCraftState(map.spawns[spawn].x, map.spawns[spawn].y);
          c.vx = vx;
          c.vy = vy;
          for (const input of inputs) {
            stepCraft(c, input, world, t);
            for (const b of world.solids) {
              // Allow the 1/16-unit position grid, nothing more.
              if (distanceToBox(c.x, c.y, b) < t.radius - 1 / 16) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never exceeds its top speed, and only a dash goes past the walking speed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ buttons: fc.integer({ min: 0, max: 63 }), aim: fc.integer({ min: 0, max: 65535 }) }), {
          minLength: 1,
          maxLength: 300,
        }),
        (inputs) => {
          const c = newCraftState(1000, 700);
          let sinceDash = Infinity;
          for (const input of inputs) {
            const before = copyCraftState(c);
            stepCraft(c, input, world, t);
            sinceDash = c.dashCooldown > before.dashCooldown ? 0 : sinceDash + 1;
            const speed = Math.hypot(c.vx, c.vy);
            if (speed > t.dashSpeed + 1e-9) return false;
            // Well after a dash, a craft is back within its walking speed.
            if (sinceDash > t.dashTicks + 30 && speed > t.maxSpeed + 1e-9) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accelerates to top speed, and friction brings it to a full stop", () => {
    const c = newCraftState(1000, 700);
    let ticks = 0;
    while (Math.hypot(c.vx, c.vy) < t.maxSpeed && ticks < 100) {
      stepCraft(c, { buttons: Buttons.Down, aim: 0 }, world, t);
      ticks++;
    }
    expect(ticks).toBeLessThan(20);
    for (let i = 0; i < 60; i++) stepCraft(c, { buttons: 0, aim: 0 }, world, t);
    expect(c.vx).toBe(0);
    expect(c.vy).toBe(0);
  });

  it("dashes only once per cooldown, however long dash is held", () => {
    const c = newCraftState(1000, 700);
    const dashes: number[] = [];
    for (let i = 0; i < 300; i++) {
      const before = c.dashCooldown;
      stepCraft(c, { buttons: Buttons.Dash, aim: 0 }, world, t);
      if (c.dashCooldown > before) dashes.push(i);
      if (Math.abs(c.x - 1000) > 300) Object.assign(c, { x: 1000, y: 700 });
    }
    const gaps = dashes.slice(1).map((d, i) => d - dashes[i]);
    expect(dashes.length).toBeGreaterThan(3);
    for (const gap of gaps) expect(gap).toBe(t.dashCooldownTicks);
  });

  it("fires at its cadence while the trigger is held", () => {
    const c = newCraftState(1000, 700);
    const shots: number[] = [];
    for (let i = 0; i < 120; i++) if (stepCraft(c, { buttons: Buttons.Fire, aim: 0 }, world, t) !== NO_SHOT) shots.push(i);
    expect(shots[0]).toBe(0);
    for (let i = 1; i < shots.length; i++) expect(shots[i] - shots[i - 1]).toBe(t.fireCooldownTicks);
  });

  it("leaves a frozen craft (down, or between rounds) exactly as it is, whatever the inputs, and it never fires", () => {
    const c = newCraftState(1000, 700, 1234, MoveMode.Frozen);
    c.vx = 120;
    c.fireCooldown = 5;
    const before = copyCraftState(c);
    for (const input of randomInputs(9, 300)) expect(stepCraft(c, input, world, t)).toBe(NO_SHOT);
    expect(c).toEqual(before);
    c.mode = MoveMode.Fly;
    stepCraft(c, { buttons: Buttons.Right, aim: 0 }, world, t);
    expect(c.x).toBeGreaterThan(before.x);
  });
});

describe("projectiles", () => {
  it("stop at the first wall in their path", () => {
    // From the centre, aiming straight up (-y): the wall bar above the centre is in the way.
    const flight = planFlight({ x: 1000, y: 700, aim: 49152, tick: 0 }, world, t);
    expect(flight.hitsWall).toBe(true);
    const end = { x: flight.ox + flight.dx * flight.end, y: flight.oy + flight.dy * flight.end };
    expect(end.y).toBeCloseTo(572 + t.projectileRadius, 3);
    expect(flightDistance(flight, flight.lastStep, t)).toBe(flight.end);
    expect(flightDistance(flight, flight.lastStep - 1, t)).toBeLessThan(flight.end);
  });

  it("fade at full range in the open", () => {
    const flight = planFlight({ x: 1000, y: 700, aim: 0, tick: 0 }, worldOf(MAPS.causeway), t);
    expect(flight.end).toBeLessThanOrEqual(t.range);
  });

  it("cannot be fired through a wall a craft is touching", () => {
    const c = newCraftState(1000, 572 + t.radius);
    const flight = planFlight({ x: c.x, y: c.y, aim: 49152, tick: 0 }, world, t);
    expect(flight.end).toBeLessThan(t.muzzle);
    expect(flight.lastStep).toBe(0);
  });
});

describe("maps", () => {
  for (const m of Object.values(MAPS)) {
    it(`${m.name}: every spawn and pickup is clear of walls and inside the arena`, () => {
      const w = worldOf(m);
      expect(m.spawns.length).toBeGreaterThanOrEqual(16);
      for (const p of [...m.spawns, ...m.pickups]) {
        expect(circleBlocked(p.x, p.y, t.radius, w), `${p.x},${p.y}`).toBe(false);
      }
      expect(m.pickups.some((p) => p.kind === "health")).toBe(true);
      expect(m.pickups.some((p) => p.kind === "overdrive")).toBe(true);
      expect(m.pickups.length).toBeLessThanOrEqual(32);
    });
  }
});
