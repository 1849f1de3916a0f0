// Short-lived effects (sparks, flashes, smoke, debris, burn marks) as a fixed pool of
// sprites per layer, stepped by elapsed time: no object is created per effect once the pool
// has grown, and nothing depends on the frame rate. When a layer is full, the oldest
// particle makes way for the newest.

import type Phaser from "phaser";
import { Weapon } from "../../shared/sim/weapons";
import { ART_SCALE, ATLAS } from "./atlas";
import { UI } from "./palette";

export interface ParticleSpec {
  frame: string;
  x: number;
  y: number;
  /** World units per second. */
  vx?: number;
  vy?: number;
  /** Fraction of speed lost per second, as an exponential rate (3 ≈ 95 % gone after 1 s). */
  drag?: number;
  /** Milliseconds. */
  life: number;
  /** Scale (1 = the frame's world size) at birth and at death; eased out. */
  scale?: [number, number];
  alpha?: [number, number];
  tint?: number;
  rotation?: number;
  /** Radians per second. */
  spin?: number;
  /** Point along the velocity (sparks in flight), instead of `rotation` and `spin`. */
  align?: boolean;
  /** Stretch along the frame's x axis (streaks). */
  stretch?: number;
  /**
   * Drawn exactly this long along its rotation (world units), centred on (x, y), whatever its
   * scale: a beam thins as it fades but keeps its reach. 0: no length of its own.
   */
  length?: number;
  /** Milliseconds before it appears. */
  delay?: number;
}

export interface Particle {
  x: number;
  y: number;
  vx: number;
  vy: number;
  drag: number;
  age: number;
  life: number;
  scale0: number;
  scale1: number;
  alpha0: number;
  alpha1: number;
  rotation: number;
  spin: number;
  align: boolean;
  stretch: number;
  length: number;
  /** How far its picture reaches from (x, y) at its largest (world units). */
  reach: number;
  alive: boolean;
}

const newParticle = (): Particle => ({
  x: 0, y: 0, vx: 0, vy: 0, drag: 0, age: 0, life: 1, scale0: 1, scale1: 1, alpha0: 1, alpha1: 1,
  rotation: 0, spin: 0, align: false, stretch: 1, length: 0, reach: 0, alive: false,
});

/** Moves a particle on by `dtMs`; false once it has lived its life. Age may start negative (a delay). */
export function advance(p: Particle, dtMs: number): boolean {
  const before = p.age;
  p.age += dtMs;
  if (p.age >= p.life) {
    p.alive = false;
    return false;
  }
  // Only the part of the step after a delay moves it.
  const dt = (before < 0 ? Math.max(0, p.age) : dtMs) / 1000;
  if (dt > 0) {
    if (p.drag > 0) {
      const k = Math.exp(-p.drag * dt);
      p.vx *= k;
      p.vy *= k;
    }
    p.x += p.vx * dt;
    p.y += p.vy * dt;
    p.rotation = p.align ? Math.atan2(p.vy, p.vx) : p.rotation + p.spin * dt;
  }
  return true;
}

export interface Look {
  t: number;
  scale: number;
  alpha: number;
}

/** How far through its life a particle is, 0..1, and its eased scale and alpha there (into `out`: no garbage per frame). */
export function look(p: Particle, out: Look = { t: 0, scale: 0, alpha: 0 }): Look {
  const t = Math.max(0, Math.min(1, p.age / p.life));
  const eased = 1 - (1 - t) * (1 - t);
  out.t = t;
  out.scale = p.scale0 + (p.scale1 - p.scale0) * eased;
  out.alpha = p.alpha0 + (p.alpha1 - p.alpha0) * t;
  return out;
}

/**
 * The part of the world worth drawing: last frame's view and a little more. Phaser draws every
 * visible sprite, on screen or not, so what lies outside is hidden. `near` takes how far a
 * picture reaches from its anchor: a burst's ring or a beam is seen while its middle is off view.
 */
export class ViewArea {
  left = -Infinity;
  top = -Infinity;
  right = Infinity;
  bottom = Infinity;

  setTo(x: number, y: number, width: number, height: number): this {
    this.left = x;
    this.top = y;
    this.right = x + width;
    this.bottom = y + height;
    return this;
  }

  everywhere(): this {
    this.left = this.top = -Infinity;
    this.right = this.bottom = Infinity;
    return this;
  }

  contains(x: number, y: number): boolean {
    return x >= this.left && x <= this.right && y >= this.top && y <= this.bottom;
  }

  near(x: number, y: number, reach: number): boolean {
    return x >= this.left - reach && x <= this.right + reach && y >= this.top - reach && y <= this.bottom + reach;
  }
}

export class EffectLayer {
  private readonly particles: Particle[] = [];
  private readonly seen: Look = { t: 0, scale: 0, alpha: 0 };
  private readonly sprites: Phaser.GameObjects.Image[] = [];
  private next = 0;

  /** The whole pool is made at once, with the arena: not sprite by sprite in the first fights. */
  constructor(scene: Phaser.Scene, depth: number, blendMode: number, private readonly capacity: number) {
    for (let i = 0; i < capacity; i++) {
      this.particles.push(newParticle());
      this.sprites.push(scene.add.image(0, 0, ATLAS, "spark").setDepth(depth).setBlendMode(blendMode).setVisible(false));
    }
  }

  spawn(s: ParticleSpec): void {
    const i = this.next;
    this.next = (this.next + 1) % this.capacity;
    const p = this.particles[i];
    p.x = s.x;
    p.y = s.y;
    p.vx = s.vx ?? 0;
    p.vy = s.vy ?? 0;
    p.drag = s.drag ?? 0;
    p.age = -(s.delay ?? 0);
    p.life = s.life;
    [p.scale0, p.scale1] = s.scale ?? [1, 1];
    [p.alpha0, p.alpha1] = s.alpha ?? [1, 0];
    p.align = s.align ?? false;
    p.rotation = p.align ? Math.atan2(p.vy, p.vx) : (s.rotation ?? 0);
    p.spin = s.spin ?? 0;
    p.stretch = s.stretch ?? 1;
    p.length = s.length ?? 0;
    p.alive = true;
    const img = this.sprites[i].setFrame(s.frame).setTint(s.tint ?? 0xffffff).setVisible(false);
    p.reach = p.length > 0 ? p.length / 2 : (Math.max(img.frame.width, img.frame.height) / 2) * ART_SCALE * Math.max(Math.abs(p.scale0), Math.abs(p.scale1)) * Math.max(1, p.stretch);
  }

  /** Steps every particle; only those in `area` are drawn. */
  update(dtMs: number, area: ViewArea): void {
    for (let i = 0; i < this.particles.length; i++) {
      const p = this.particles[i];
      if (!p.alive) continue;
      const img = this.sprites[i];
      if (!advance(p, dtMs)) {
        img.setVisible(false);
        continue;
      }
      if (p.age < 0) continue;
      const shown = area.near(p.x, p.y, p.reach);
      img.setVisible(shown);
      if (!shown) continue;
      const { scale, alpha } = look(p, this.seen);
      // A frame is painted at 1 / ART_SCALE pixels a unit: `length` units take length / width of it.
      const sx = p.length > 0 ? p.length / img.frame.width : scale * p.stretch * ART_SCALE;
      img
        .setPosition(p.x, p.y)
        .setRotation(p.rotation)
        .setScale(sx, scale * ART_SCALE)
        .setAlpha(alpha);
    }
  }
}

const TAU = Math.PI * 2;
/** How far an effect may show from where it is made (flying sparks, a flash's glow): made only this near the view. */
const REACH = 90;
const rnd = (lo: number, hi: number) => lo + Math.random() * (hi - lo);


/**
 * The arena's effects, on three layers: burn marks on the floor, smoke and dust under the
 * craft, and light (sparks, flashes) added on top of everything. Effects far from the view
 * are not made at all (they are over in a moment), except burn marks, which stay a while.
 */
export class Effects {
  private readonly floor: EffectLayer;
  private readonly low: EffectLayer;
  private readonly high: EffectLayer;
  /** Where effects are worth making: the area of the last update. */
  private area = new ViewArea();

  constructor(scene: Phaser.Scene, depths: { floor: number; low: number; high: number }, blend: { normal: number; add: number }) {
    this.floor = new EffectLayer(scene, depths.floor, blend.normal, 16);
    this.low = new EffectLayer(scene, depths.low, blend.normal, 140);
    this.high = new EffectLayer(scene, depths.high, blend.add, 260);
  }

  update(dtMs: number, area: ViewArea): void {
    this.area = area;
    this.floor.update(dtMs, area);
    this.low.update(dtMs, area);
    this.high.update(dtMs, area);
  }

  /** Sparks flying out from a point: streaks along their paths and a star at the centre. */
  sparks(x: number, y: number, colour: number, count: number, speed = 260): void {
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "spark", x, y, life: 160, scale: [0.7, 1.3], alpha: [1, 0], rotation: Math.random() * TAU, tint: 0xffffff });
    for (let i = 0; i < count; i++) {
      const a = Math.random() * TAU;
      const v = rnd(0.4, 1) * speed;
      this.high.spawn({ frame: "streak", x, y, vx: Math.cos(a) * v, vy: Math.sin(a) * v, drag: 5, align: true, life: rnd(180, 320), scale: [1, 0.5], stretch: 1.4, tint: colour });
    }
  }

  /** A shot strikes a craft: a flash of light in the struck craft's colour and sparks. */
  hit(x: number, y: number, colour: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "glow", x, y, life: 140, scale: [0.5, 1.1], alpha: [0.9, 0], tint: colour });
    this.sparks(x, y, UI.spark, 6);
  }

  /** A spawn shield turns a shot away: a ripple on the bubble and pale sparks. */
  blocked(x: number, y: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "ring", x, y, life: 220, scale: [0.15, 0.6], alpha: [0.9, 0], tint: UI.shield });
    this.sparks(x, y, UI.shield, 4, 180);
  }

  /** A shot ends against a wall. */
  wallHit(x: number, y: number, colour: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "glow", x, y, life: 110, scale: [0.3, 0.6], alpha: [0.7, 0], tint: colour });
    for (let i = 0; i < 3; i++) {
      const a = Math.random() * TAU;
      this.high.spawn({ frame: "streak", x, y, vx: Math.cos(a) * 160, vy: Math.sin(a) * 160, drag: 6, align: true, life: 160, scale: [0.8, 0.4], tint: UI.spark });
    }
  }

  /** A flash at the muzzle, pointing along the shot. */
  muzzle(x: number, y: number, angle: number, colour: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "muzzle", x, y, life: 70, rotation: angle, scale: [0.9, 0.6], alpha: [1, 0] });
    this.high.spawn({ frame: "glow", x, y, life: 90, scale: [0.45, 0.7], alpha: [0.6, 0], tint: colour });
  }

  /** A weapon's own flash at the muzzle: a scatter's wide burst, a rail's white-hot flare, a rocket's puff of smoke. */
  weaponMuzzle(x: number, y: number, angle: number, colour: number, weapon: number): void {
    if (!this.area.near(x, y, REACH)) return;
    if (weapon === Weapon.Scatter) {
      this.high.spawn({ frame: "muzzle", x, y, life: 90, rotation: angle, scale: [1.3, 0.8], alpha: [1, 0], stretch: 0.8 });
      this.high.spawn({ frame: "glow", x, y, life: 120, scale: [0.7, 1.1], alpha: [0.7, 0], tint: colour });
      for (let i = -2; i <= 2; i++) {
        const a = angle + i * 0.12;
        this.high.spawn({ frame: "streak", x, y, vx: Math.cos(a) * 300, vy: Math.sin(a) * 300, drag: 9, align: true, life: 110, scale: [0.8, 0.3], tint: UI.spark });
      }
    } else if (weapon === Weapon.Rail) {
      this.high.spawn({ frame: "glow", x, y, life: 160, scale: [0.9, 1.5], alpha: [1, 0] });
      this.high.spawn({ frame: "ring", x, y, life: 200, scale: [0.2, 0.7], alpha: [0.9, 0], tint: colour });
    } else if (weapon === Weapon.Rocket) {
      this.high.spawn({ frame: "muzzle", x, y, life: 110, rotation: angle, scale: [1.1, 0.7], alpha: [1, 0] });
      for (let i = 0; i < 3; i++) {
        const a = angle + Math.PI + rnd(-0.6, 0.6);
        this.low.spawn({ frame: "smoke", x, y, vx: Math.cos(a) * 70, vy: Math.sin(a) * 70, drag: 2.5, spin: rnd(-2, 2), life: rnd(400, 600), scale: [0.4, 1.1], alpha: [0.45, 0], tint: 0x8a929c });
      }
    } else {
      this.muzzle(x, y, angle, colour);
    }
  }

  /**
   * A rail's beam from (x0, y0) to (x1, y1): a white core in a glow of the shooter's colour,
   * both gone in a blink, the glow a moment after the core.
   */
  beam(x0: number, y0: number, x1: number, y1: number, colour: number): void {
    const length = Math.hypot(x1 - x0, y1 - y0);
    const mx = (x0 + x1) / 2;
    const my = (y0 + y1) / 2;
    // A beam crosses the view from far away: made if any of it is near.
    if (length < 1 || !this.area.near(mx, my, length / 2)) return;
    const rotation = Math.atan2(y1 - y0, x1 - x0);
    this.high.spawn({ frame: "beam", x: mx, y: my, rotation, length, life: 520, scale: [3.4, 1.2], alpha: [0.9, 0], tint: colour });
    this.high.spawn({ frame: "beam", x: mx, y: my, rotation, length, life: 320, scale: [1.3, 0.4], alpha: [1, 0] });
    this.high.spawn({ frame: "glow", x: x1, y: y1, life: 200, scale: [0.5, 1.1], alpha: [0.9, 0], tint: colour });
  }

  /** A rocket in flight leaves a little smoke behind it. */
  smokeTrail(x: number, y: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.low.spawn({ frame: "smoke", x, y, vx: rnd(-12, 12), vy: rnd(-12, 12), spin: rnd(-2, 2), life: rnd(280, 380), scale: [0.3, 0.75], alpha: [0.4, 0], tint: 0x9aa3ad });
  }

  /**
   * A rocket bursts: a white flash, a fireball in the shooter's colour, a shockwave ring out
   * to the splash's edge (`radius`), sparks, smoke, and a burn mark left on the floor.
   */
  blast(x: number, y: number, colour: number, radius: number): void {
    this.floor.spawn({ frame: "scorch", x, y, life: 5000, rotation: Math.random() * TAU, scale: [0.8, 0.9], alpha: [0.7, 0] });
    if (!this.area.near(x, y, Math.max(REACH, radius))) return;
    // The ring frame is 64 units across, its line a little inside.
    const ring = radius / 30;
    this.high.spawn({ frame: "glow", x, y, life: 160, scale: [1.2, 2.4], alpha: [1, 0] });
    this.high.spawn({ frame: "glow", x, y, life: 420, scale: [1.4, 3.4], alpha: [0.8, 0], tint: colour });
    this.high.spawn({ frame: "ring", x, y, life: 320, scale: [0.3, ring], alpha: [1, 0], tint: UI.spark });
    this.high.spawn({ frame: "ring", x, y, life: 460, scale: [0.2, ring * 0.8], alpha: [0.7, 0], tint: colour, delay: 40 });
    this.sparks(x, y, colour, 10, 480);
    for (let i = 0; i < 6; i++) {
      const a = Math.random() * TAU;
      const v = rnd(30, 90);
      this.low.spawn({ frame: "smoke", x, y, vx: Math.cos(a) * v, vy: Math.sin(a) * v, drag: 1.8, spin: rnd(-1, 1), life: rnd(700, 1000), scale: [0.8, 2], alpha: [0.5, 0], tint: 0x30343a, delay: 50 });
    }
  }

  /** A craft goes down: a white flash, a shockwave, debris in its colour, smoke, and a burn mark left behind. */
  down(x: number, y: number, colour: number): void {
    this.floor.spawn({ frame: "scorch", x, y, life: 6000, rotation: Math.random() * TAU, scale: [0.9, 1], alpha: [0.85, 0] });
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "glow", x, y, life: 200, scale: [0.8, 1.8], alpha: [0.85, 0] });
    this.high.spawn({ frame: "glow", x, y, life: 520, scale: [1, 2.6], alpha: [0.75, 0], tint: colour });
    this.high.spawn({ frame: "ring", x, y, life: 420, scale: [0.3, 2.6], alpha: [0.9, 0] });
    this.sparks(x, y, colour, 12, 420);
    for (let i = 0; i < 7; i++) {
      const a = Math.random() * TAU;
      const v = rnd(120, 300);
      this.low.spawn({ frame: "shard", x, y, vx: Math.cos(a) * v, vy: Math.sin(a) * v, drag: 3.5, spin: rnd(-12, 12), rotation: a, life: rnd(600, 900), scale: [1.2, 0.8], alpha: [1, 0], tint: colour });
    }
    for (let i = 0; i < 5; i++) {
      const a = Math.random() * TAU;
      this.low.spawn({ frame: "smoke", x, y, vx: Math.cos(a) * 40, vy: Math.sin(a) * 40, drag: 1.5, spin: rnd(-1, 1), life: rnd(800, 1200), scale: [0.6, 1.8], alpha: [0.55, 0], tint: 0x30343a, delay: 60 });
    }
  }

  /** A craft appears: a ring of light closing in, a flash, and motes rising. */
  spawn(x: number, y: number, colour: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "ring", x, y, life: 380, scale: [2.4, 0.6], alpha: [0.2, 1], tint: UI.shield });
    this.high.spawn({ frame: "glow", x, y, life: 420, scale: [0.6, 2], alpha: [0.9, 0], tint: colour, delay: 300 });
    for (let i = 0; i < 8; i++) {
      const a = (i / 8) * TAU;
      this.high.spawn({ frame: "streak", x: x + Math.cos(a) * 30, y: y + Math.sin(a) * 30, vx: Math.cos(a) * 90, vy: Math.sin(a) * 90, align: true, drag: 2, life: 380, scale: [0.9, 0.4], tint: UI.shield, delay: 300 });
    }
  }

  /** A pickup is taken: a burst of its colour and a ring lifting off the pad. */
  pickup(x: number, y: number, colour: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.high.spawn({ frame: "glow", x, y, life: 300, scale: [0.8, 2.2], alpha: [0.9, 0], tint: colour });
    this.high.spawn({ frame: "ring", x, y, life: 450, scale: [0.4, 1.6], alpha: [1, 0], tint: colour });
    for (let i = 0; i < 10; i++) {
      const a = Math.random() * TAU;
      const v = rnd(60, 160);
      this.high.spawn({ frame: "spark", x, y, vx: Math.cos(a) * v, vy: Math.sin(a) * v - 60, drag: 2, spin: rnd(-6, 6), life: rnd(350, 600), scale: [0.5, 0.15], tint: colour });
    }
  }

  /** A dashing craft leaves fading images of itself. */
  ghost(x: number, y: number, colour: number): void {
    if (!this.area.near(x, y, REACH)) return;
    this.low.spawn({ frame: "craft", x, y, life: 200, scale: [1, 0.9], alpha: [0.45, 0], tint: colour });
  }

  /** A moving craft's hover skirt kicks up faint dust. */
  dust(x: number, y: number): void {
    if (!this.area.near(x, y, REACH)) return;
    const a = Math.random() * TAU;
    this.low.spawn({ frame: "smoke", x: x + Math.cos(a) * 10, y: y + Math.sin(a) * 10, vx: Math.cos(a) * 25, vy: Math.sin(a) * 25, life: 420, scale: [0.35, 0.8], alpha: [0.16, 0], tint: 0xa7b0bb, spin: rnd(-2, 2) });
  }
}
