import { describe, expect, it } from "vitest";
import { advance, look, type Particle, ViewArea } from "../../game/render/effects";

const particle = (over: Partial<Particle> = {}): Particle => ({
  x: 0, y: 0, vx: 100, vy: -50, drag: 0, age: 0, life: 500, scale0: 1, scale1: 2, alpha0: 1, alpha1: 0,
  rotation: 0, spin: 0, align: false, stretch: 1, length: 0, reach: 0, alive: true, ...over,
});

describe("effect particles", () => {
  it("move the same whatever the frame rate", () => {
    const fast = particle();
    const slow = particle();
    for (let i = 0; i < 24; i++) advance(fast, 1000 / 60);
    for (let i = 0; i < 6; i++) advance(slow, 1000 / 15);
    expect(fast.x).toBeCloseTo(slow.x, 6);
    expect(fast.y).toBeCloseTo(slow.y, 6);
    expect(fast.x).toBeCloseTo(40, 6);
  });

  it("slow down under drag, and die at the end of their life", () => {
    const p = particle({ drag: 4 });
    expect(advance(p, 250)).toBe(true);
    expect(Math.hypot(p.vx, p.vy)).toBeLessThan(Math.hypot(100, 50) * 0.5);
    expect(advance(p, 250)).toBe(false);
    expect(p.alive).toBe(false);
  });

  it("wait out a delay before moving, then fade and grow over their life", () => {
    const p = particle({ age: -100 });
    advance(p, 50);
    expect(p.x).toBe(0);
    advance(p, 100);
    expect(p.x).toBeCloseTo(5, 6);
    const start = look(particle());
    const end = look(particle({ age: 500 }));
    expect(start).toMatchObject({ scale: 1, alpha: 1 });
    expect(end).toMatchObject({ scale: 2, alpha: 0 });
  });
});

describe("the part of the world worth drawing", () => {
  const view = new ViewArea().setTo(0, 0, 1280, 720);

  it("keeps a picture whose anchor is off view while its reach comes into it", () => {
    // A burst 100 u right of the view: its 130 u ring shows, its 20 u spark does not.
    expect(view.near(1380, 300, 130)).toBe(true);
    expect(view.near(1380, 300, 20)).toBe(false);
    // A beam's middle far above the view, its half length reaching down into it.
    expect(view.near(640, -500, 520)).toBe(true);
    expect(view.contains(640, -500)).toBe(false);
  });

  it("is everywhere until the camera is placed", () => {
    const first = new ViewArea().everywhere();
    expect(first.contains(1e9, -1e9)).toBe(true);
    expect(first.near(-1e12, 0, 0)).toBe(true);
  });
});
