// The arena, drawn. This scene holds no game rules: each frame it turns the devices into
// controls, hands them to the session, and draws what the session says is where.

import Phaser from "phaser";
import type { ArenaMap } from "../../shared/maps";
import type { GameEvent } from "../../shared/net/events";
import { CraftStatus, type Craft } from "../../shared/schema/ArenaState";
import { Buttons } from "../../shared/sim/craft";
import { aimToRadians, radiansToAim } from "../../shared/sim/quantize";
import type { Controls } from "../input/Controls";
import type { ArenaSession } from "../net/ArenaSession";
import { ATLAS, paintAtlas } from "../render/atlas";
import { colourOf, UI } from "../render/palette";
import type { Hud } from "../ui/Hud";

/** World units across the screen's shorter side at zoom 1 is about this many. */
const VIEW_HEIGHT = 760;
const VIEW_WIDTH = 1280;

interface CraftSprites {
  body: Phaser.GameObjects.Image;
  turret: Phaser.GameObjects.Image;
  hub: Phaser.GameObjects.Image;
  ring: Phaser.GameObjects.Image;
  hpBack: Phaser.GameObjects.Image;
  hpFill: Phaser.GameObjects.Image;
  tag: Phaser.GameObjects.Text;
  slot: number;
  name: string;
  seen: boolean;
}

export interface ArenaDeps {
  session: ArenaSession;
  controls: Controls;
  hud: Hud;
}

export class ArenaScene extends Phaser.Scene {
  private readonly session: ArenaSession;
  private readonly controls: Controls;
  private readonly hud: Hud;
  private mapLayer?: Phaser.GameObjects.Graphics;
  private pickups: Phaser.GameObjects.Image[] = [];
  private readonly crafts = new Map<string, CraftSprites>();
  private shotPool: Phaser.GameObjects.Image[] = [];
  private trailPool: Phaser.GameObjects.Image[] = [];
  private readonly shotPos = { x: 0, y: 0 };
  private readonly camTarget = { x: 0, y: 0 };
  private cameraPlaced = false;

  constructor(deps: ArenaDeps) {
    super({ key: "arena" });
    this.session = deps.session;
    this.controls = deps.controls;
    this.hud = deps.hud;
  }

  create(): void {
    const layout = paintAtlas();
    if (!this.textures.exists(ATLAS)) {
      const texture = this.textures.addCanvas(ATLAS, layout.canvas);
      for (const f of layout.frames) texture?.add(f.name, 0, f.x, f.y, f.w, f.h);
    }
    this.cameras.main.setBackgroundColor(0x0b0d10);
    this.scale.on("resize", () => this.fitCamera());
    this.fitCamera();
    this.watcherInput();
    this.session.listeners.event = (e) => {
      this.onEvent(e);
      this.hud.onEvent(e);
    };
    this.session.listeners.predictedHit = (_shot, _target, x, y) => this.spark(x, y, UI.spark, 5);
    this.session.listeners.mapChanged = (map) => this.drawMap(map);
    if (this.session.ready) this.drawMap(this.session.map);
  }

  override update(_time: number, delta: number): void {
    const session = this.session;
    const now = performance.now();
    if (!session.ready) return;
    if (!this.mapLayer) this.drawMap(session.map);

    // Aim from the craft as drawn to the pointer in the world (or where the touch stick points).
    let aim = session.controls.aim;
    const stickAim = this.controls.stickAim();
    if (session.playing && stickAim !== undefined) {
      aim = radiansToAim(stickAim);
    } else if (session.playing) {
      const own = session.ownDrawn();
      const pointer = this.input.activePointer;
      const world = this.cameras.main.getWorldPoint(pointer.x, pointer.y);
      aim = radiansToAim(Math.atan2(world.y - own.y, world.x - own.x));
    }
    session.frame({ buttons: session.playing ? this.controls.buttons() : 0, aim }, now);

    this.drawCrafts();
    this.drawShots();
    this.drawPickups();
    this.moveCamera(delta);
    this.hud.update(this.game.loop.actualFps, now);
  }

  private fitCamera(): void {
    this.cameras.main.setZoom(this.playZoom());
  }

  /** The zoom at which a player sees about VIEW_WIDTH × VIEW_HEIGHT of the arena. */
  private playZoom(): number {
    return Math.max(0.35, Math.min(this.scale.width / VIEW_WIDTH, this.scale.height / VIEW_HEIGHT));
  }

  /** Watchers can drag the free camera, zoom with the wheel, and click a craft to follow it. */
  private watcherInput(): void {
    this.input.on("pointermove", (p: Phaser.Input.Pointer) => {
      const watch = this.hud.watch;
      if (!watch.watching || !p.isDown) return;
      const cam = this.cameras.main;
      if (Math.hypot(p.x - p.downX, p.y - p.downY) < 6) return;
      watch.view = { kind: "free" };
      cam.scrollX -= (p.x - p.prevPosition.x) / cam.zoom;
      cam.scrollY -= (p.y - p.prevPosition.y) / cam.zoom;
    });
    this.input.on("wheel", (_p: Phaser.Input.Pointer, _o: unknown, _dx: number, dy: number) => {
      if (!this.hud.watch.watching) return;
      this.hud.watch.view = { kind: "free" };
      const cam = this.cameras.main;
      cam.setZoom(Math.min(2.5, Math.max(0.2, cam.zoom * (dy > 0 ? 0.9 : 1.1))));
    });
    this.input.on("pointerup", (p: Phaser.Input.Pointer) => {
      if (!this.hud.watch.watching || Math.hypot(p.x - p.downX, p.y - p.downY) > 6) return;
      const at = this.cameras.main.getWorldPoint(p.x, p.y);
      for (const remote of this.session.remotes.values()) {
        if (remote.drawn.alive && Math.hypot(remote.drawn.x - at.x, remote.drawn.y - at.y) < 40) {
          this.hud.watch.follow(remote.id);
          return;
        }
      }
    });
  }

  // ---- map -----------------------------------------------------------------------------

  private drawMap(map: ArenaMap): void {
    this.mapLayer?.destroy();
    for (const p of this.pickups) p.destroy();
    const g = this.add.graphics().setDepth(0);
    g.fillStyle(map.palette.floor, 1);
    g.fillRect(0, 0, map.width, map.height);
    g.lineStyle(1, 0xffffff, 0.04);
    for (let x = 0; x <= map.width; x += 64) g.lineBetween(x, 0, x, map.height);
    for (let y = 0; y <= map.height; y += 64) g.lineBetween(0, y, map.width, y);
    for (const b of map.crates) {
      g.fillStyle(0x000000, 0.35);
      g.fillRect(b.x + 4, b.y + 4, b.w, b.h);
      g.fillStyle(map.palette.crate, 1);
      g.fillRect(b.x, b.y, b.w, b.h);
      g.lineStyle(2, 0x000000, 0.35);
      g.strokeRect(b.x + 3, b.y + 3, b.w - 6, b.h - 6);
      g.lineBetween(b.x + 3, b.y + 3, b.x + b.w - 3, b.y + b.h - 3);
      g.lineBetween(b.x + b.w - 3, b.y + 3, b.x + 3, b.y + b.h - 3);
    }
    for (const b of map.walls) {
      g.fillStyle(0x000000, 0.4);
      g.fillRect(b.x + 6, b.y + 6, b.w, b.h);
      g.fillStyle(map.palette.wall, 1);
      g.fillRect(b.x, b.y, b.w, b.h);
      g.fillStyle(0xffffff, 0.12);
      g.fillRect(b.x, b.y, b.w, Math.min(4, b.h));
    }
    this.mapLayer = g;
    this.pickups = map.pickups.map((p) => this.add.image(p.x, p.y, ATLAS, p.kind).setDepth(1));
    this.cameras.main.setBounds(-200, -200, map.width + 400, map.height + 400);
  }

  private drawPickups(): void {
    const ready = this.session.state.pickupsReady;
    const pulse = 1 + Math.sin(performance.now() / 250) * 0.06;
    this.pickups.forEach((img, i) => {
      const on = ((ready >>> i) & 1) === 1;
      img.setVisible(on);
      if (on) img.setScale(pulse);
    });
  }

  // ---- crafts --------------------------------------------------------------------------

  private spritesFor(id: string, craft: Craft): CraftSprites {
    let s = this.crafts.get(id);
    if (s && s.slot === craft.slot && s.name === craft.name) return s;
    if (s) this.destroyCraft(s);
    const colour = colourOf(craft.slot);
    const mine = id === this.session.sessionId;
    s = {
      body: this.add.image(0, 0, ATLAS, "craft").setTint(colour).setDepth(3),
      turret: this.add.image(0, 0, ATLAS, "turret").setOrigin(0.15, 0.5).setDepth(4),
      hub: this.add.image(0, 0, ATLAS, "hub").setDepth(4),
      ring: this.add.image(0, 0, ATLAS, "ring").setDepth(2).setScale(0.75).setAlpha(mine ? 0.5 : 0),
      hpBack: this.add.image(0, 0, ATLAS, "pixel").setTint(0x000000).setAlpha(0.6).setDepth(6).setScale(10, 1.25),
      hpFill: this.add.image(0, 0, ATLAS, "pixel").setTint(UI.health).setDepth(6).setOrigin(0, 0.5),
      tag: this.add
        .text(0, 0, craft.name, { fontFamily: "system-ui, sans-serif", fontSize: "14px", color: "#ffffff", stroke: "#000000", strokeThickness: 3 })
        .setOrigin(0.5, 1)
        .setDepth(7),
      slot: craft.slot,
      name: craft.name,
      seen: true,
    };
    this.crafts.set(id, s);
    return s;
  }

  private destroyCraft(s: CraftSprites): void {
    for (const o of [s.body, s.turret, s.hub, s.ring, s.hpBack, s.hpFill, s.tag]) o.destroy();
  }

  private drawCrafts(): void {
    const session = this.session;
    for (const s of this.crafts.values()) s.seen = false;
    const me = session.me;
    if (me) {
      const own = session.ownDrawn();
      this.placeCraft(session.sessionId, me, own.x, own.y, aimToRadians(session.controls.aim), (me.status & CraftStatus.Alive) !== 0);
    }
    for (const remote of session.remotes.values()) {
      const d = remote.drawn;
      if (d.kind === "empty") continue;
      this.placeCraft(remote.id, remote.schema, d.x, d.y, aimToRadians(d.aim), d.alive);
    }
    for (const [id, s] of this.crafts) {
      if (!s.seen) {
        this.destroyCraft(s);
        this.crafts.delete(id);
      }
    }
  }

  private placeCraft(id: string, craft: Craft, x: number, y: number, angle: number, alive: boolean): void {
    const s = this.spritesFor(id, craft);
    s.seen = true;
    const parts = [s.body, s.turret, s.hub, s.ring, s.hpBack, s.hpFill, s.tag];
    for (const p of parts) p.setVisible(alive);
    if (!alive) return;
    s.body.setPosition(x, y);
    s.turret.setPosition(x, y).setRotation(angle);
    s.hub.setPosition(x, y);
    const mine = id === this.session.sessionId;
    const shielded = (craft.status & CraftStatus.Shielded) !== 0;
    const overdrive = (craft.status & CraftStatus.Overdrive) !== 0;
    s.ring.setPosition(x, y);
    if (shielded) s.ring.setTint(UI.shield).setAlpha(0.55 + Math.sin(performance.now() / 90) * 0.25);
    else if (overdrive) s.ring.setTint(UI.overdrive).setAlpha(0.8);
    else s.ring.setTint(UI.own).setAlpha(mine ? 0.35 : 0);
    s.body.setAlpha(craft.status & CraftStatus.Dashing ? 0.7 : 1);
    s.tag.setPosition(x, y - 30);
    const hp = Math.max(0, craft.hp) / 100;
    s.hpBack.setPosition(x, y + 28);
    s.hpFill.setPosition(x - 19, y + 28).setScale(9.5 * hp, 0.75).setTint(hp > 0.4 ? UI.health : 0xe5484d);
  }

  // ---- shots and effects ---------------------------------------------------------------

  private drawShots(): void {
    let used = 0;
    for (const shot of this.session.visibleShots()) {
      if (shot.own && shot.hitOnScreen && this.session.inputClock - 1 > shot.endTick) continue;
      const at = this.session.shotPosition(shot, this.shotPos);
      if (!at) continue;
      if (used === this.shotPool.length) {
        this.shotPool.push(this.add.image(0, 0, ATLAS, "shot").setDepth(5).setScale(0.8));
        this.trailPool.push(this.add.image(0, 0, ATLAS, "trail").setOrigin(1, 0.5).setDepth(5).setAlpha(0.7));
      }
      const colour = shot.owner >= 0 ? colourOf(shot.owner) : 0xffffff;
      this.shotPool[used].setVisible(true).setPosition(at.x, at.y).setTint(0xffffff);
      this.trailPool[used]
        .setVisible(true)
        .setPosition(at.x, at.y)
        .setRotation(Math.atan2(shot.flight.dy, shot.flight.dx))
        .setTint(colour);
      used++;
    }
    for (let i = used; i < this.shotPool.length; i++) {
      this.shotPool[i].setVisible(false);
      this.trailPool[i].setVisible(false);
    }
  }

  /** Where the craft in `slot` is drawn right now. */
  private drawnAt(slot: number): { x: number; y: number } | undefined {
    for (const [id, c] of this.session.state.crafts) {
      if (c.slot !== slot) continue;
      return id === this.session.sessionId ? this.session.ownDrawn() : this.session.remotes.get(id)?.drawn;
    }
    return undefined;
  }

  private onEvent(e: GameEvent): void {
    switch (e.kind) {
      case "hit":
        this.spark(e.x, e.y, colourOf(e.target), 6);
        break;
      case "blocked":
        this.spark(e.x, e.y, UI.shield, 4);
        break;
      case "down": {
        const at = this.drawnAt(e.victim);
        if (at) this.burst(at.x, at.y, colourOf(e.victim));
        break;
      }
      case "spawn": {
        const at = this.drawnAt(e.slot);
        if (!at) break;
        const ring = this.add.image(at.x, at.y, ATLAS, "ring").setTint(UI.shield).setDepth(8).setScale(2.2).setAlpha(0);
        this.tweens.add({ targets: ring, scale: 0.7, alpha: 0.9, duration: 260, yoyo: true, onComplete: () => ring.destroy() });
        break;
      }
      case "pickup": {
        const spot = this.session.map.pickups[e.pickup];
        if (spot) this.spark(spot.x, spot.y, spot.kind === "health" ? UI.health : UI.overdrive, 8);
        break;
      }
      case "shot":
        break;
    }
  }

  private spark(x: number, y: number, colour: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const a = Math.random() * Math.PI * 2;
      const img = this.add.image(x, y, ATLAS, i === 0 ? "spark" : "pixel").setTint(colour).setDepth(8);
      this.tweens.add({
        targets: img,
        x: x + Math.cos(a) * (14 + Math.random() * 18),
        y: y + Math.sin(a) * (14 + Math.random() * 18),
        alpha: 0,
        scale: i === 0 ? 1.4 : 0.5,
        duration: 220 + Math.random() * 120,
        onComplete: () => img.destroy(),
      });
    }
  }

  private burst(x: number, y: number, colour: number): void {
    const puff = this.add.image(x, y, ATLAS, "puff").setTint(colour).setDepth(8).setScale(0.6);
    this.tweens.add({ targets: puff, scale: 3, alpha: 0, duration: 500, onComplete: () => puff.destroy() });
    const ring = this.add.image(x, y, ATLAS, "ring").setTint(0xffffff).setDepth(8).setScale(0.4);
    this.tweens.add({ targets: ring, scale: 2.2, alpha: 0, duration: 420, onComplete: () => ring.destroy() });
    this.spark(x, y, colour, 10);
  }

  /** Players: follow the own craft, looking a little ahead. Watchers: whatever they chose. */
  private moveCamera(deltaMs: number): void {
    const session = this.session;
    const cam = this.cameras.main;
    const view = this.hud.watch.view;
    const map = session.map;
    let zoom = this.playZoom();
    if (view.kind === "own") {
      const me = session.me;
      if (me && me.status & CraftStatus.Alive) {
        const own = session.ownDrawn();
        const a = aimToRadians(session.controls.aim);
        this.camTarget.x = own.x + Math.cos(a) * 90;
        this.camTarget.y = own.y + Math.sin(a) * 90;
      }
    } else if (view.kind === "follow") {
      const d = session.remotes.get(view.id)?.drawn;
      if (d && d.alive) {
        this.camTarget.x = d.x;
        this.camTarget.y = d.y;
      }
    } else if (view.kind === "overview") {
      this.camTarget.x = map.width / 2;
      this.camTarget.y = map.height / 2;
      zoom = Math.min(this.scale.width / (map.width + 80), this.scale.height / (map.height + 80));
    } else {
      // Free camera: WASD pans; dragging and the wheel are handled by watcherInput.
      const b = this.controls.buttons();
      const speed = (900 * deltaMs) / 1000 / cam.zoom;
      cam.scrollX += ((b & Buttons.Right ? 1 : 0) - (b & Buttons.Left ? 1 : 0)) * speed;
      cam.scrollY += ((b & Buttons.Down ? 1 : 0) - (b & Buttons.Up ? 1 : 0)) * speed;
      return;
    }
    if (!this.cameraPlaced) {
      cam.setZoom(zoom);
      cam.centerOn(this.camTarget.x, this.camTarget.y);
      this.cameraPlaced = true;
      return;
    }
    // Ease toward the target at the same pace whatever the frame rate (time constant 120 ms).
    const k = 1 - Math.exp(-deltaMs / 120);
    cam.setZoom(cam.zoom + (zoom - cam.zoom) * k);
    cam.centerOn(cam.midPoint.x + (this.camTarget.x - cam.midPoint.x) * k, cam.midPoint.y + (this.camTarget.y - cam.midPoint.y) * k);
  }
}
