// The arena, drawn and heard. This scene holds no game rules: each frame it turns the devices
// into controls (the weapon wished for among them), hands them to the session, and draws what
// the session says is where; game events become effects and sounds.

import { GAME } from "../../shared/config";
import Phaser from "phaser";
import type { ArenaMap } from "../../shared/maps";
import type { GameEvent } from "../../shared/net/events";
import { CraftStatus, Phase, type Craft } from "../../shared/schema/ArenaState";
import { Buttons, MoveMode } from "../../shared/sim/craft";
import { aimDirection, aimToRadians, posFromWire, radiansToAim } from "../../shared/sim/quantize";
import { railReach, Weapon, withWeaponWish } from "../../shared/sim/weapons";
import { HERE, type Heard, Sound, spatial } from "../audio/Sound";
import type { Controls } from "../input/Controls";
import { WeaponChoice } from "../input/weaponChoice";
import type { ArenaSession, ShotView } from "../net/ArenaSession";
import { ART_SCALE, ATLAS, createAtlas, mapFrame, TURRETS } from "../render/atlas";
import { Effects, ViewArea } from "../render/effects";
import { NameTags, NAMES } from "../render/nameTags";
import { cssColour, PICKUP_COLOUR, UI } from "../render/palette";
import { FlagSprites, markFrame, TEAMS } from "../render/teamArt";
import { craftColour, SlotColours } from "../render/teamLook";
import { settings } from "../settings";
import type { Hud } from "../ui/Hud";
import { goodNewsFor, hasTeams, wonRound } from "../ui/matchText";
import type { ViewMode } from "../ui/watchPanel";

/** World units across the screen's shorter side at zoom 1 is about this many. */
const VIEW_HEIGHT = 760;
const VIEW_WIDTH = 1280;

/** Drawing order, bottom to top. */
const DEPTH = {
  map: 0,
  scorch: 0.5,
  pickupGlow: 1,
  pickup: 1.1,
  shadow: 2,
  marker: 2.1,
  dust: 2.5,
  body: 3,
  turret: 4,
  aura: 4.5,
  flag: 4.6,
  shot: 5,
  hp: 6,
  tag: 7,
  light: 8,
};

/** How long a struck craft's body flashes, and a turret kicks back after firing (ms). */
const FLASH_MS = 90;
const RECOIL_MS = 90;
/**
 * Only what is near the view is drawn (Phaser draws every visible sprite, on screen or not):
 * this far around last frame's view, in world units, so nothing pops in at the edge while
 * the camera moves on; each picture adds its own reach from its anchor (see ViewArea.near).
 */
const VIEW_MARGIN = 40;
/** How far a craft's pictures reach from its middle: body, shield, aura, name tag, health bar. */
const CRAFT_REACH = 60;
/** Shots on screen at once that need no new sprites (more are added as needed). */
const SHOT_POOL = 96;
/**
 * How each weapon's shots look in flight (index: Weapon): the frame and its size, and the
 * trail behind (it grows with the distance flown up to `trail` units, `width` thick). Pellets
 * are small and many; a rocket is a larger shell with a short smoky trail. The rail is a beam,
 * drawn apart (see railBeam).
 */
const SHOT_LOOK = [
  { frame: "shot", scale: 1, trail: 70, width: 1 },
  { frame: "shot", scale: 0.6, trail: 34, width: 0.55 },
  { frame: "shot", scale: 1, trail: 0, width: 0 },
  { frame: "missile", scale: 1.15, trail: 44, width: 1.9 },
] as const;
/** A rocket puffs smoke this often (ms) while in view. */
const ROCKET_SMOKE_MS = 40;
/** Puffs a second for all rockets in view together: a sky full of rockets thins each trail, not the frame rate. */
const SMOKE_PER_SECOND = 250;
/** How near (world units) and how soon (ms) the server's burst of an own rocket matches the one already shown. */
const OWN_BLAST_MATCH = { distance: 48, ms: 2000 };
/** Bursts nearer the view's middle than this shake it (less the farther they are). */
const BLAST_SHAKE_RANGE = 520;
/** How far ahead of the craft the camera looks: toward the aim, and along the velocity. */
const LOOK_AIM = 80;
const LOOK_SPEED = 0.15;
const LOOK_SPEED_MAX = 70;
/**
 * What the HUD covers at each edge of the screen (CSS px: health and panels, buttons, chat,
 * thumb sticks). The camera may look this far past the map's edge, so at a spawn point near
 * an edge the player's craft is clear of the HUD rather than under it.
 */
const HUD_EDGES = { top: 150, right: 220, bottom: 180, left: 220 };
/** Past the map's edge the camera may always look at least this far (world units). */
const EDGE_MIN = 200;
/** What a backdrop behind the menu shows: the whole arena. */
const OVERVIEW: ViewMode = { kind: "overview" };

interface CraftSprites {
  shadow: Phaser.GameObjects.Image;
  marker: Phaser.GameObjects.Image;
  body: Phaser.GameObjects.Image;
  /** The team's pattern on the hull (hidden in free-for-all). */
  mark: Phaser.GameObjects.Image;
  turret: Phaser.GameObjects.Image;
  aura: Phaser.GameObjects.Image;
  /** A charging rail's glow at the muzzle (the player's own craft: others show the beam). */
  charge: Phaser.GameObjects.Image;
  hpBack: Phaser.GameObjects.Image;
  hpFill: Phaser.GameObjects.Image;
  tag: Phaser.GameObjects.Image;
  /** All of the above, to show, hide or destroy together. */
  parts: Phaser.GameObjects.Image[];
  slot: number;
  name: string;
  /** The team it is drawn for; -1 in free-for-all (its own colour, no pattern). */
  team: number;
  seen: boolean;
  /** Drawn this frame (alive and near the view). */
  shown: boolean;
  /** What is set on the sprites now, so it is set again only when it changes; undefined: set it. */
  mine?: boolean;
  ally?: boolean;
  auraKind?: "none" | "shield" | "overdrive";
  /** The weapon whose turret is drawn; whether the charge glow shows. */
  weapon?: number;
  charging?: boolean;
  flashing?: boolean;
  dashing?: boolean;
  lowHp?: boolean;
  /** performance.now() until which the body flashes (struck) and the turret is kicked back (fired). */
  flashUntil: number;
  recoilUntil: number;
  /** Where it was drawn last frame, and time toward its next puff of dust or dash ghost. */
  lastX: number;
  lastY: number;
  trailMs: number;
}

interface PickupSprites {
  icon: Phaser.GameObjects.Image;
  glow: Phaser.GameObjects.Image;
}

export interface ArenaDeps {
  session: ArenaSession;
  /**
   * The player's side: their devices, the HUD and the page's sound (which outlives this
   * arena). A backdrop behind the landing page has none of them: it is only looked at.
   */
  player?: { controls: Controls; hud: Hud; sound: Sound };
  /** Without a player's HUD: what the camera shows (a kill-cam follows the downer); else the whole arena. */
  view?: () => ViewMode;
}

export class ArenaScene extends Phaser.Scene {
  private readonly session: ArenaSession;
  private readonly chosenView?: () => ViewMode;
  private readonly controls?: Controls;
  private readonly hud?: Hud;
  private floor?: Phaser.GameObjects.Image;
  private pickups: PickupSprites[] = [];
  private readonly crafts = new Map<string, CraftSprites>();
  private shotPool: Phaser.GameObjects.Image[] = [];
  private trailPool: Phaser.GameObjects.Image[] = [];
  /** The tint and frame each pooled shot has now, and how many of the pool are shown. */
  private shotTints: number[] = [];
  private shotFrames: string[] = [];
  private shotsShown = 0;
  /** The part of the world worth drawing this frame (see VIEW_MARGIN). */
  private readonly view = new ViewArea();
  /** Shots already flashed and heard at the muzzle, and shots already ended against a wall. */
  private shotsSeen = new WeakSet<ShotView>();
  private shotsLanded = new WeakSet<ShotView>();
  /** When each rocket in view last puffed smoke. */
  private smokedAt = new WeakMap<ShotView, number>();
  /** Rockets drawn last frame (they share the smoke budget). */
  private rocketsInView = 0;
  /** Where the player's own rail beams stopped on a craft on this screen. */
  private readonly ownStops = new WeakMap<ShotView, { x: number; y: number }>();
  /** Others' rail shots heard this frame, with where the server says they stopped (a hit or a shield). */
  private readonly beamsDue: { shot: number; owner: number; x: number; y: number; aim: number; stop?: { x: number; y: number } }[] = [];
  /** Own rockets' bursts already shown here (the server's come later), and when. */
  private ownBlasts: { x: number; y: number; at: number }[] = [];
  /** The last shot flashed and heard at its muzzle (owner * 256 + seq): a scatter's pellets are one shot. */
  private lastFired = -1;
  /** The player's choice of weapon (players only). */
  private readonly weapons?: WeaponChoice;
  /** The own craft's weapon in hand, and whether its rail was charging, last frame. */
  private ownWeapon = -1;
  private ownCharging = false;
  private chargeFrom = 0;
  private effects!: Effects;
  private names!: NameTags;
  private flags!: FlagSprites;
  /** Each slot's colour this frame (a team's, in team modes). */
  private readonly slotColours = new SlotColours();
  private readonly sfx?: Sound;
  private readonly shotPos = { x: 0, y: 0 };
  private readonly camTarget = { x: 0, y: 0 };
  /** Where the pointer is in the world, reused every frame. */
  private readonly pointerWorld = new Phaser.Math.Vector2();
  private cameraPlaced = false;
  private phase = -1;
  private dashing = false;

  constructor(deps: ArenaDeps, key = "arena") {
    super({ key });
    this.session = deps.session;
    this.chosenView = deps.view;
    this.controls = deps.player?.controls;
    this.hud = deps.player?.hud;
    this.sfx = deps.player?.sound;
    if (deps.player) this.weapons = new WeaponChoice();
  }

  create(): void {
    // Normally made while the landing page was idle (see startArena); not if Play came first.
    createAtlas(this.textures);
    // The arena and a backdrop never show together: they share the sheet made ahead (warmUp).
    const key = this.sys.settings.key;
    this.names = new NameTags(this.textures, key === "arena" || key === "backdrop" ? NAMES : `${NAMES}@${key}`);
    this.flags = new FlagSprites(this, DEPTH.flag);
    // Pools are made with the arena, not a sprite at a time in its first fights.
    for (let i = 0; i < SHOT_POOL; i++) this.addShotSprites();
    this.effects = new Effects(this, { floor: DEPTH.scorch, low: DEPTH.dust, high: DEPTH.light }, { normal: Phaser.BlendModes.NORMAL, add: Phaser.BlendModes.ADD });
    // Turning shake off stops a shake under way too.
    const unlisten = settings.listen((now) => {
      if (!now.screenShake) this.cameras.main.shakeEffect.reset();
    });
    // The scale manager belongs to the game, which outlives this arena: unhook from it too.
    const fit = () => this.fitCamera();
    this.scale.on("resize", fit);
    this.events.once(Phaser.Scenes.Events.DESTROY, () => {
      unlisten();
      this.scale.off("resize", fit);
    });
    this.cameras.main.setBackgroundColor(0x0b0d10);
    this.fitCamera();
    if (this.hud) this.watcherInput(this.hud);
    this.session.listeners.event = (e) => {
      this.onEvent(e);
      this.hud?.onEvent(e);
    };
    this.session.listeners.predictedHit = (shot, target, x, y) => this.ownShotLanded(shot, target, x, y);
    this.session.listeners.mapChanged = (map) => this.drawMap(map);
    if (this.session.ready) this.drawMap(this.session.map);
  }

  override update(_time: number, delta: number): void {
    const session = this.session;
    const now = performance.now();
    if (!session.ready) return;
    if (!this.floor) this.drawMap(session.map);

    // Aim from the craft as drawn to the pointer in the world (or where the touch stick points).
    let aim = session.controls.aim;
    const stickAim = this.controls?.stickAim();
    if (session.playing && stickAim !== undefined) {
      aim = radiansToAim(stickAim);
    } else if (session.playing) {
      const own = session.ownDrawn();
      const pointer = this.input.activePointer;
      // A pointer last seen while the game was hidden has no position yet: keep the aim.
      if (Number.isFinite(pointer.x) && Number.isFinite(pointer.y)) {
        const world = this.cameras.main.getWorldPoint(pointer.x, pointer.y, this.pointerWorld);
        aim = radiansToAim(Math.atan2(world.y - own.y, world.x - own.x));
      }
    }
    // On the session's own clock (a replay's runs at its own pace).
    session.frame({ buttons: this.buttons(), aim });

    this.updateView();
    this.slotColours.refresh(session.state);
    this.drawCrafts(now, delta);
    this.flags.draw(session.state, (slot) => this.carrierAt(slot), now);
    this.drawShots(now);
    this.drawBeams(now);
    this.drawPickups(now);
    this.effects.update(delta, this.view);
    this.listenToPhase();
    this.moveCamera(delta);
    this.names.upload();
    this.hud?.update(this.game.loop.actualFps, now);
  }

  /**
   * The buttons of this frame's input: the keys held, and always the weapon wished for (also
   * while typing in chat, when no key counts: the weapon in hand must not change then).
   */
  private buttons(): number {
    const controls = this.controls;
    if (!controls || !this.weapons) return 0;
    const asks = controls.takeWeaponAsks();
    if (!this.session.playing) return 0;
    const craft = this.session.prediction.current;
    for (const refusal of this.weapons.update(craft, asks, craft.mode === MoveMode.Fly)) {
      this.hud?.weaponRefused(refusal);
      this.sfx?.empty();
    }
    return withWeaponWish(controls.buttons(), this.weapons.wish);
  }

  /** Last frame's view with a margin; before the camera is first placed, everywhere. */
  private updateView(): void {
    if (!this.cameraPlaced) {
      this.view.everywhere();
      return;
    }
    const v = this.cameras.main.worldView;
    this.view.setTo(v.x - VIEW_MARGIN, v.y - VIEW_MARGIN, v.width + 2 * VIEW_MARGIN, v.height + 2 * VIEW_MARGIN);
  }

  private fitCamera(): void {
    // A player's view fits the new size at once; a watcher's eases there (a free camera keeps its zoom).
    if (this.currentView().kind === "own") this.cameras.main.setZoom(this.playZoom());
    if (this.session.map) this.fitBounds(this.session.map);
  }

  /** How far past the map's edges the camera may look: enough that the HUD's edges cover only the void. */
  private fitBounds(map: ArenaMap): void {
    const zoom = this.playZoom();
    const past = (px: number) => Math.max(EDGE_MIN, px / zoom);
    const { top, right, bottom, left } = HUD_EDGES;
    this.cameras.main.setBounds(-past(left), -past(top), map.width + past(left) + past(right), map.height + past(top) + past(bottom));
  }

  /** The zoom at which a player sees about VIEW_WIDTH × VIEW_HEIGHT of the arena. */
  private playZoom(): number {
    return Math.max(0.35, Math.min(this.scale.width / VIEW_WIDTH, this.scale.height / VIEW_HEIGHT));
  }

  /** Watchers can drag the free camera, zoom with the wheel, and click a craft to follow it. */
  private watcherInput(hud: Hud): void {
    this.input.on("pointermove", (p: Phaser.Input.Pointer) => {
      const watch = hud.watch;
      if (!watch.watching || !p.isDown) return;
      const cam = this.cameras.main;
      if (Math.hypot(p.x - p.downX, p.y - p.downY) < 6) return;
      watch.view = { kind: "free" };
      cam.scrollX -= (p.x - p.prevPosition.x) / cam.zoom;
      cam.scrollY -= (p.y - p.prevPosition.y) / cam.zoom;
    });
    this.input.on("wheel", (_p: Phaser.Input.Pointer, _o: unknown, _dx: number, dy: number) => {
      if (!hud.watch.watching) return;
      hud.watch.view = { kind: "free" };
      const cam = this.cameras.main;
      cam.setZoom(Math.min(2.5, Math.max(0.2, cam.zoom * (dy > 0 ? 0.9 : 1.1))));
    });
    this.input.on("pointerup", (p: Phaser.Input.Pointer) => {
      if (!hud.watch.watching || Math.hypot(p.x - p.downX, p.y - p.downY) > 6) return;
      const at = this.cameras.main.getWorldPoint(p.x, p.y);
      for (const remote of this.session.remotes.values()) {
        if (remote.drawn.alive && Math.hypot(remote.drawn.x - at.x, remote.drawn.y - at.y) < 40) {
          hud.watch.follow(remote.id);
          return;
        }
      }
    });
  }

  // ---- map -----------------------------------------------------------------------------

  /** The map from the atlas (one quad to draw), and its pickups. */
  private drawMap(map: ArenaMap): void {
    this.floor ??= this.add.image(0, 0, ATLAS, mapFrame(map)).setOrigin(0).setDepth(DEPTH.map);
    this.floor.setFrame(mapFrame(map)).setOrigin(0);
    for (const p of this.pickups) {
      p.icon.destroy();
      p.glow.destroy();
    }
    this.pickups = map.pickups.map((p) => ({
      glow: this.add
        .image(p.x, p.y, ATLAS, "glow")
        .setTint(PICKUP_COLOUR[p.kind])
        .setBlendMode(Phaser.BlendModes.ADD)
        .setDepth(DEPTH.pickupGlow),
      icon: this.add.image(p.x, p.y, ATLAS, p.kind).setScale(ART_SCALE).setDepth(DEPTH.pickup),
    }));
    this.fitBounds(map);
  }

  /** Pickups that are there bob and glow; taken ones leave a faint outline until they return. */
  private drawPickups(now: number): void {
    const ready = this.session.state.pickupsReady;
    const spots = this.session.map.pickups;
    this.pickups.forEach((p, i) => {
      const on = ((ready >>> i) & 1) === 1;
      const spot = spots[i];
      if (!spot) return;
      const phase = now / 420 + i;
      p.icon.setY(on ? spot.y + Math.sin(phase) * 2.5 : spot.y).setAlpha(on ? 1 : 0.18);
      p.glow.setVisible(on);
      if (on) p.glow.setScale(ART_SCALE * (2.4 + Math.sin(phase * 1.3) * 0.25)).setAlpha(0.35);
    });
  }

  // ---- crafts --------------------------------------------------------------------------

  private spritesFor(id: string, craft: Craft): CraftSprites {
    let s = this.crafts.get(id);
    const state = this.session.state;
    const team = hasTeams(state) ? craft.team : -1;
    if (s && s.slot === craft.slot && s.name === craft.name && s.team === team) return s;
    if (s) this.destroyCraft(id, s);
    const colour = craftColour(state, craft);
    // In team modes the name says the team too (in its colour), and the hull carries its pattern.
    const tag = this.names.paint(id, craft.name, team < 0 ? undefined : cssColour(colour));
    const parts = {
      shadow: this.add.image(0, 0, ATLAS, "shadow").setScale(ART_SCALE).setAlpha(0.55).setDepth(DEPTH.shadow),
      marker: this.add.image(0, 0, ATLAS, "ring").setScale(ART_SCALE * 0.82).setTint(UI.own).setAlpha(0.35).setDepth(DEPTH.marker),
      body: this.add.image(0, 0, ATLAS, "craft").setScale(ART_SCALE).setTint(colour).setDepth(DEPTH.body),
      mark: this.add.image(0, 0, TEAMS, markFrame(Math.max(0, team))).setScale(ART_SCALE).setDepth(DEPTH.body + 0.05),
      turret: this.add.image(0, 0, ATLAS, TURRETS[0].frame).setScale(ART_SCALE).setOrigin(TURRETS[0].originX, 0.5).setDepth(DEPTH.turret),
      aura: this.add.image(0, 0, ATLAS, "shield").setBlendMode(Phaser.BlendModes.ADD).setDepth(DEPTH.aura),
      charge: this.add.image(0, 0, ATLAS, "glow").setBlendMode(Phaser.BlendModes.ADD).setTint(colour).setDepth(DEPTH.aura),
      hpBack: this.add.image(0, 0, ATLAS, "pixel").setTint(0x000000).setAlpha(0.6).setDepth(DEPTH.hp).setScale(10 * ART_SCALE, 1.25 * ART_SCALE),
      hpFill: this.add.image(0, 0, ATLAS, "pixel").setTint(UI.health).setDepth(DEPTH.hp).setOrigin(0, 0.5),
      tag: this.add
        .image(0, 0, this.names.key, tag)
        .setOrigin(0.5, 1)
        .setAlpha(tag ? 1 : 0)
        .setDepth(DEPTH.tag),
    };
    s = {
      ...parts,
      parts: Object.values(parts),
      slot: craft.slot,
      name: craft.name,
      team,
      seen: true,
      shown: true,
      flashUntil: 0,
      recoilUntil: 0,
      lastX: Number.NaN,
      lastY: Number.NaN,
      trailMs: 0,
    };
    this.crafts.set(id, s);
    return s;
  }

  private destroyCraft(id: string, s: CraftSprites): void {
    for (const o of s.parts) o.destroy();
    this.names.release(id);
  }

  private spritesOfSlot(slot: number): CraftSprites | undefined {
    for (const s of this.crafts.values()) if (s.slot === slot) return s;
    return undefined;
  }

  private drawCrafts(now: number, deltaMs: number): void {
    const session = this.session;
    for (const s of this.crafts.values()) s.seen = false;
    const me = session.me;
    if (me) {
      const own = session.ownDrawn();
      const alive = (me.status & CraftStatus.Alive) !== 0;
      // The own dash is predicted, so its whoosh and ghosts start with the key press.
      const predicted = session.prediction.current;
      const dashing = alive && predicted.dashTicks > 0;
      if (dashing && !this.dashing) this.sfx?.dash();
      this.dashing = dashing;
      // The own weapon and rail charge are predicted too: heard with the key press.
      if (alive && this.ownWeapon >= 0 && predicted.weapon !== this.ownWeapon) this.sfx?.switchWeapon();
      this.ownWeapon = predicted.weapon;
      const charging = alive && predicted.charge > 0;
      if (charging && !this.ownCharging) {
        this.chargeFrom = now;
        this.sfx?.railCharge(predicted.charge / session.tuning.tickHz);
      }
      this.ownCharging = charging;
      this.placeCraft(session.sessionId, me, own.x, own.y, aimToRadians(session.controls.aim), alive, dashing, now, deltaMs, predicted.weapon, charging);
    }
    for (const remote of session.remotes.values()) {
      const d = remote.drawn;
      if (d.kind === "empty") continue;
      const dashing = (remote.schema.status & CraftStatus.Dashing) !== 0;
      this.placeCraft(remote.id, remote.schema, d.x, d.y, aimToRadians(d.aim), d.alive, dashing, now, deltaMs, remote.schema.weapon, false);
    }
    for (const [id, s] of this.crafts) {
      if (!s.seen) {
        this.destroyCraft(id, s);
        this.crafts.delete(id);
      }
    }
  }

  private placeCraft(id: string, craft: Craft, x: number, y: number, angle: number, alive: boolean, dashing: boolean, now: number, deltaMs: number, weapon: number, charging: boolean): void {
    const s = this.spritesFor(id, craft);
    s.seen = true;
    // Down, or far off screen: nothing to draw (and no dust to raise).
    const shown = alive && this.view.near(x, y, CRAFT_REACH);
    if (shown !== s.shown) {
      s.shown = shown;
      for (const p of s.parts) p.setVisible(shown);
      // The marker, the mark, the aura and the charge show only sometimes: decide them again below.
      s.mine = undefined;
      s.auraKind = undefined;
      s.charging = undefined;
    }
    if (!shown) {
      s.lastX = Number.NaN;
      return;
    }
    const colour = this.slotColours.of(craft.slot);
    // Below, what rarely changes is set only when it does.
    const mine = id === this.session.sessionId;
    // A teammate wears a ring in the team's colour (your own craft's is white): friends at a glance.
    const ally = !mine && s.team >= 0 && s.team === this.session.me?.team;
    if (mine !== s.mine || ally !== s.ally) {
      s.mine = mine;
      s.ally = ally;
      s.marker.setVisible(mine || ally).setTint(mine ? UI.own : colour).setAlpha(mine ? 0.35 : 0.6);
      s.mark.setVisible(s.team >= 0);
    }
    if (mine || ally) s.marker.setPosition(x, y);
    s.mark.setPosition(x, y);
    // Hovering: the shadow breathes a little.
    s.shadow.setPosition(x + 4, y + 7).setScale(ART_SCALE * (1 + Math.sin(now / 300 + s.slot) * 0.04));
    s.body.setPosition(x, y);
    // A struck craft flashes: its colour added to itself, near white, then back.
    const flashing = now < s.flashUntil;
    if (flashing !== s.flashing) {
      s.flashing = flashing;
      s.body.setTintMode(flashing ? Phaser.TintModes.ADD : Phaser.TintModes.MULTIPLY);
    }
    if (dashing !== s.dashing) {
      s.dashing = dashing;
      s.body.setAlpha(dashing ? 0.75 : 1);
    }
    // Everyone sees which gun a craft holds by its barrel.
    if (weapon !== s.weapon) {
      s.weapon = weapon;
      const turret = TURRETS[weapon] ?? TURRETS[0];
      s.turret.setFrame(turret.frame).setOrigin(turret.originX, 0.5);
    }
    const kick = now < s.recoilUntil ? (weapon === Weapon.Blaster ? 2.5 : 4.5) * ((s.recoilUntil - now) / RECOIL_MS) : 0;
    s.turret.setPosition(x - Math.cos(angle) * kick, y - Math.sin(angle) * kick).setRotation(angle);
    if (charging !== s.charging) {
      s.charging = charging;
      s.charge.setVisible(charging);
    }
    if (charging) {
      // A rail charging: light gathers at the muzzle, brighter and larger toward the shot.
      const ms = this.session.tuning.weapons[Weapon.Rail].chargeTicks * (1000 / this.session.tuning.tickHz);
      const full = Math.min(1, (now - this.chargeFrom) / ms);
      const muzzle = this.session.tuning.muzzle;
      s.charge
        .setPosition(x + Math.cos(angle) * muzzle, y + Math.sin(angle) * muzzle)
        .setScale(ART_SCALE * (0.35 + full * 0.9 + Math.sin(now / 25) * 0.06))
        .setAlpha(0.45 + full * 0.55);
    }

    const aura = craft.status & CraftStatus.Shielded ? "shield" : craft.status & CraftStatus.Overdrive ? "overdrive" : "none";
    if (aura !== s.auraKind) {
      s.auraKind = aura;
      s.aura.setVisible(aura !== "none");
      if (aura === "shield") s.aura.setFrame("shield").setTint(UI.shield).setRotation(0);
      else if (aura === "overdrive") s.aura.setFrame("aura").setTint(UI.overdrive).setAlpha(0.75);
    }
    if (aura === "shield") {
      s.aura
        .setPosition(x, y)
        .setScale(ART_SCALE * (1 + Math.sin(now / 110) * 0.03))
        .setAlpha(0.65 + Math.sin(now / 90) * 0.25);
    } else if (aura === "overdrive") {
      s.aura
        .setPosition(x, y)
        .setRotation(now / 500)
        .setScale(ART_SCALE * (1 + Math.sin(now / 70) * 0.04));
    }

    // Dust from the hover skirt while moving; fading images of the craft while dashing.
    if (!Number.isNaN(s.lastX) && deltaMs > 0) {
      const speed = Math.hypot(x - s.lastX, y - s.lastY) / (deltaMs / 1000);
      const every = dashing ? 25 : speed > 120 && speed < 1500 ? 170 : 0;
      if (every > 0) {
        s.trailMs += deltaMs;
        while (s.trailMs >= every) {
          s.trailMs -= every;
          if (dashing) this.effects.ghost(x, y, colour);
          else this.effects.dust(x, y);
        }
      } else {
        s.trailMs = 0;
      }
    }
    s.lastX = x;
    s.lastY = y;

    s.tag.setPosition(x, y - 32);
    const hp = Math.max(0, craft.hp) / GAME.craft.maxHp;
    s.hpBack.setPosition(x, y + 30);
    s.hpFill.setPosition(x - 19, y + 30).setScale(9.5 * hp * ART_SCALE, 0.75 * ART_SCALE);
    const lowHp = hp <= 0.4;
    if (lowHp !== s.lowHp) {
      s.lowHp = lowHp;
      s.hpFill.setTint(lowHp ? 0xe5484d : UI.health);
    }
  }

  // ---- shots ---------------------------------------------------------------------------

  private drawShots(now: number): void {
    const session = this.session;
    let used = 0;
    let rockets = 0;
    const smokeEvery = Math.max(ROCKET_SMOKE_MS, (this.rocketsInView * 1000) / SMOKE_PER_SECOND);
    for (const shot of session.visibleShots()) {
      const colour = shot.owner >= 0 ? this.slotColours.of(shot.owner) : 0xffffff;
      if (shot.weapon === Weapon.Rail) {
        // A beam, drawn once when fired (its shot lasts one tick: a slow frame would skip it).
        // Others' beams come with their shot events (see drawBeams), hits included.
        if (shot.own && !this.shotsSeen.has(shot) && session.inputClock - 1 >= shot.startTick) {
          this.shotsSeen.add(shot);
          this.shotFired(shot, colour, now);
          const f = shot.flight;
          const stop = this.ownStops.get(shot);
          this.railBeam(f.ox, f.oy, f.dx, f.dy, stop ? Math.hypot(stop.x - f.ox, stop.y - f.oy) : f.end, colour, !stop && f.hitsWall);
        }
        continue;
      }
      const at = session.shotPosition(shot, this.shotPos);
      if (!at) {
        if (this.shotsSeen.has(shot) && !this.shotsLanded.has(shot)) {
          this.shotsLanded.add(shot);
          this.shotEnded(shot, colour, now);
        }
        continue;
      }
      if (!this.shotsSeen.has(shot)) {
        this.shotsSeen.add(shot);
        this.shotFired(shot, colour, now);
      }
      // Heard and flashed at the muzzle wherever it is, but drawn only near the view.
      const f = shot.flight;
      const look = SHOT_LOOK[shot.weapon] ?? SHOT_LOOK[0];
      if (!this.view.near(at.x, at.y, look.trail + 12)) continue;
      if (used === this.shotPool.length) this.addShotSprites();
      const flown = Math.hypot(at.x - f.ox, at.y - f.oy);
      const angle = Math.atan2(f.dy, f.dx);
      const body = this.shotPool[used];
      const trail = this.trailPool[used];
      if (used >= this.shotsShown) {
        body.setVisible(true);
        trail.setVisible(true);
      }
      if (this.shotTints[used] !== colour) {
        this.shotTints[used] = colour;
        body.setTint(colour);
        trail.setTint(colour);
      }
      if (this.shotFrames[used] !== look.frame) {
        this.shotFrames[used] = look.frame;
        body.setFrame(look.frame);
      }
      body.setPosition(at.x, at.y).setRotation(angle).setScale(ART_SCALE * look.scale);
      trail
        .setPosition(at.x, at.y)
        .setRotation(angle)
        .setScale((ART_SCALE * Math.min(flown, look.trail)) / 64, ART_SCALE * look.width);
      if (shot.weapon === Weapon.Rocket) rockets++;
      if (shot.weapon === Weapon.Rocket && now - (this.smokedAt.get(shot) ?? 0) >= smokeEvery) {
        this.smokedAt.set(shot, now);
        this.effects.smokeTrail(at.x - f.dx * 12, at.y - f.dy * 12);
      }
      used++;
    }
    for (let i = used; i < this.shotsShown; i++) {
      this.shotPool[i].setVisible(false);
      this.trailPool[i].setVisible(false);
    }
    this.shotsShown = used;
    this.rocketsInView = rockets;
  }

  /** One more shot and its trail in the pool, hidden. */
  private addShotSprites(): void {
    this.shotPool.push(
      this.add.image(0, 0, ATLAS, "shot").setScale(ART_SCALE).setTintMode(Phaser.TintModes.ADD).setBlendMode(Phaser.BlendModes.ADD).setDepth(DEPTH.shot).setVisible(false),
    );
    this.trailPool.push(this.add.image(0, 0, ATLAS, "trail").setOrigin(1, 0.5).setBlendMode(Phaser.BlendModes.ADD).setAlpha(0.85).setDepth(DEPTH.shot).setVisible(false));
    this.shotTints.push(-1);
    this.shotFrames.push("shot");
  }

  /**
   * A shot first seen: a flash at the muzzle, the turret kicks, and the shot is heard. A
   * scatter's pellets are one shot: flashed and heard once.
   */
  private shotFired(shot: ShotView, colour: number, now: number): void {
    const s = this.spritesOfSlot(shot.owner);
    if (s) s.recoilUntil = now + RECOIL_MS;
    const key = shot.owner * 256 + shot.seq;
    if (key === this.lastFired) return;
    this.lastFired = key;
    const f = shot.flight;
    const muzzle = this.session.tuning.muzzle;
    this.effects.weaponMuzzle(f.ox + f.dx * muzzle, f.oy + f.dy * muzzle, Math.atan2(f.dy, f.dx), colour, shot.weapon);
    if (shot.own) this.sfx?.fire(HERE, true, shot.weapon as Weapon);
    else this.sfx?.fire(this.heard(f.ox, f.oy), false, shot.weapon as Weapon);
  }

  /**
   * A shot's flight is over. A wall that stopped it strikes sparks; an own rocket bursts here
   * and now (the server's word of it comes a round trip later); others' bursts are their own
   * events.
   */
  private shotEnded(shot: ShotView, colour: number, now: number): void {
    const f = shot.flight;
    const x = f.ox + f.dx * f.end;
    const y = f.oy + f.dy * f.end;
    if (shot.weapon === Weapon.Rocket) {
      if (shot.own && !shot.hitOnScreen && !shot.confirmedHit) this.ownBlast(x, y, colour, now);
    } else if (this.session.endedAtWall(shot)) {
      this.effects.wallHit(x, y, colour);
    }
  }

  /** A rail's beam from the craft at (x, y) along (dx, dy), `reach` long; sparks where a wall stops it. */
  private railBeam(x: number, y: number, dx: number, dy: number, reach: number, colour: number, wall: boolean): void {
    const muzzle = Math.min(reach, this.session.tuning.muzzle);
    const ex = x + dx * reach;
    const ey = y + dy * reach;
    this.effects.beam(x + dx * muzzle, y + dy * muzzle, ex, ey, colour);
    if (wall) this.effects.wallHit(ex, ey, colour);
  }

  /** Others' rail shots released this frame: their beams, to a wall or to where the server says they struck. */
  private drawBeams(now: number): void {
    for (const b of this.beamsDue) {
      const dir = aimDirection(b.aim);
      const colour = this.slotColours.of(b.owner);
      const wall = railReach(b.x, b.y, b.aim, this.session.world, this.session.tuning);
      const reach = b.stop ? Math.hypot(b.stop.x - b.x, b.stop.y - b.y) : wall;
      const muzzle = this.session.tuning.muzzle;
      this.effects.weaponMuzzle(b.x + dir.x * muzzle, b.y + dir.y * muzzle, Math.atan2(dir.y, dir.x), colour, Weapon.Rail);
      const s = this.spritesOfSlot(b.owner);
      if (s) s.recoilUntil = now + RECOIL_MS;
      this.sfx?.fire(this.heard(b.x, b.y), false, Weapon.Rail);
      this.railBeam(b.x, b.y, dir.x, dir.y, reach, colour, !b.stop && wall < this.session.tuning.weapons[Weapon.Rail].range);
    }
    this.beamsDue.length = 0;
  }

  /** The player's own rocket bursts, as predicted: seen, heard and felt at once. */
  private ownBlast(x: number, y: number, colour: number, now: number): void {
    this.ownBlasts = this.ownBlasts.filter((b) => now - b.at < OWN_BLAST_MATCH.ms);
    this.ownBlasts.push({ x, y, at: now });
    this.blastAt(x, y, colour, true);
  }

  /** Whether the server's burst of an own rocket at (x, y) was already shown here (it is then passed over). */
  private shownOwnBlast(x: number, y: number, now: number): boolean {
    const i = this.ownBlasts.findIndex((b) => now - b.at < OWN_BLAST_MATCH.ms && Math.hypot(b.x - x, b.y - y) < OWN_BLAST_MATCH.distance);
    if (i < 0) return false;
    this.ownBlasts.splice(i, 1);
    return true;
  }

  /** A burst at (x, y): the flash and ring, the boom (the player's own is always heard), and a shake when near. */
  private blastAt(x: number, y: number, colour: number, own: boolean): void {
    this.effects.blast(x, y, colour, this.session.tuning.weapons[Weapon.Rocket].splashRadius);
    const mid = this.cameras.main.midPoint;
    const d = Math.hypot(x - mid.x, y - mid.y);
    this.sfx?.blast(this.heard(x, y), own || d < BLAST_SHAKE_RANGE / 2);
    if (d < BLAST_SHAKE_RANGE) this.shake(260, 0.003 + 0.009 * (1 - d / BLAST_SHAKE_RANGE));
  }

  // ---- events --------------------------------------------------------------------------

  /** Where the craft in `slot` is drawn right now. */
  private drawnAt(slot: number): { x: number; y: number } | undefined {
    for (const [id, c] of this.session.state.crafts) {
      if (c.slot !== slot) continue;
      return id === this.session.sessionId ? this.session.ownDrawn() : this.session.remotes.get(id)?.drawn;
    }
    return undefined;
  }

  /** How a sound at (x, y) is heard from the middle of the view. */
  private heard(x: number, y: number): Heard {
    const mid = this.cameras.main.midPoint;
    return spatial(x - mid.x, y - mid.y);
  }

  private flash(slot: number): void {
    const s = this.spritesOfSlot(slot);
    if (s) s.flashUntil = performance.now() + FLASH_MS;
  }

  /**
   * The player's own shot hit a craft as drawn here: shown and heard at once, before the
   * server says so (a rail's beam stops there; a rocket bursts there).
   */
  private ownShotLanded(shot: ShotView, targetId: string, x: number, y: number): void {
    const target = this.session.state.crafts.get(targetId);
    const colour = target ? this.slotColours.of(target.slot) : UI.spark;
    this.effects.hit(x, y, colour);
    if (target) this.flash(target.slot);
    this.sfx?.hitConfirm();
    if (shot.weapon === Weapon.Rail) this.ownStops.set(shot, { x, y });
    if (shot.weapon === Weapon.Rocket) this.ownBlast(x, y, this.slotColours.of(shot.owner), performance.now());
  }

  private onEvent(e: GameEvent): void {
    const mySlot = this.session.me?.slot;
    switch (e.kind) {
      case "shot":
        // Others' rails are beams from their events (the player's own are predicted).
        if (e.weapon === Weapon.Rail && e.owner !== mySlot) this.beamsDue.push({ shot: e.shot, owner: e.owner, x: posFromWire(e.x), y: posFromWire(e.y), aim: e.aim });
        break;
      case "blast":
        if (e.owner === mySlot && this.shownOwnBlast(e.x, e.y, performance.now())) break;
        this.blastAt(e.x, e.y, this.slotColours.of(e.owner), e.owner === mySlot);
        break;
      case "hit": {
        this.beamStopped(e.shot, e.x, e.y);
        // The player's own hits were already shown when they landed on screen.
        if (e.shooter === mySlot && this.session.ownShots.some((s) => s.id === e.shot && s.hitOnScreen)) break;
        this.effects.hit(e.x, e.y, this.slotColours.of(e.target));
        this.flash(e.target);
        if (e.target === mySlot) {
          this.sfx?.hurt();
          this.shake(130, 0.006);
        } else if (e.shooter === mySlot) {
          this.sfx?.hitConfirm();
        } else {
          this.sfx?.hit(this.heard(e.x, e.y));
        }
        break;
      }
      case "blocked":
        this.beamStopped(e.shot, e.x, e.y);
        this.effects.blocked(e.x, e.y);
        this.sfx?.blocked(this.heard(e.x, e.y));
        break;
      case "down": {
        const at = this.drawnAt(e.victim);
        if (!at) break;
        this.effects.down(at.x, at.y, this.slotColours.of(e.victim));
        const mine = e.victim === mySlot;
        this.sfx?.down(mine ? HERE : this.heard(at.x, at.y), mine || e.killer === mySlot);
        if (e.killer === mySlot && !mine) this.sfx?.kill();
        const mid = this.cameras.main.midPoint;
        if (mine) this.shake(320, 0.012);
        else if (Math.hypot(at.x - mid.x, at.y - mid.y) < 400) this.shake(180, 0.004);
        break;
      }
      case "spawn": {
        const at = this.drawnAt(e.slot);
        if (!at) break;
        this.effects.spawn(at.x, at.y, this.slotColours.of(e.slot));
        const mine = e.slot === mySlot;
        this.sfx?.respawn(mine ? HERE : this.heard(at.x, at.y), mine);
        break;
      }
      case "pickup": {
        const spot = this.session.map.pickups[e.pickup];
        if (!spot) break;
        this.effects.pickup(spot.x, spot.y, PICKUP_COLOUR[spot.kind]);
        const mine = e.slot === mySlot;
        const sound = spot.kind === "health" || spot.kind === "overdrive" ? spot.kind : "weapon";
        this.sfx?.pickup(sound, mine ? HERE : this.heard(spot.x, spot.y), mine);
        break;
      }
      case "flag": {
        // Flag news is heard by everyone, wherever it happens; a capture bursts at the base.
        this.sfx?.flag(e.action, goodNewsFor(e, this.session.me?.team) ?? true);
        const at = e.action === "capture" ? this.drawnAt(e.slot) : undefined;
        if (at) this.effects.spawn(at.x, at.y, this.slotColours.of(e.slot));
        break;
      }
    }
  }

  /** The server says shot `id` struck a craft at (x, y): a rail's beam heard this frame stops there. */
  private beamStopped(id: number, x: number, y: number): void {
    for (const b of this.beamsDue) if (b.shot === id && !b.stop) b.stop = { x, y };
  }

  /** Where a flag's carrier is drawn now, if on the field. */
  private carrierAt(slot: number): { x: number; y: number } | undefined {
    const s = this.spritesOfSlot(slot);
    return s?.shown ? { x: s.lastX, y: s.lastY } : undefined;
  }

  /** The round's end is heard: a rising fanfare for its winners (and watchers), a falling one for the rest. */
  private listenToPhase(): void {
    const state = this.session.state;
    if (state.phase === this.phase) return;
    const was = this.phase;
    this.phase = state.phase;
    if (was !== Phase.Playing || state.phase !== Phase.Results) return;
    // The winner is the one the results name (ties go to fewer downs), or their whole team.
    const me = this.session.me;
    this.sfx?.roundEnd(me === undefined || wonRound(state, me));
  }

  /** Shakes the view, unless the player turned shaking off (a backdrop never shakes). */
  private shake(ms: number, intensity: number): void {
    if (this.hud && settings.get().screenShake) this.cameras.main.shake(ms, intensity);
  }

  // ---- camera --------------------------------------------------------------------------

  private currentView(): ViewMode {
    return this.hud?.watch.view ?? this.chosenView?.() ?? OVERVIEW;
  }

  /** Players: follow the own craft, looking a little ahead. Watchers: whatever they chose. */
  private moveCamera(deltaMs: number): void {
    const session = this.session;
    const cam = this.cameras.main;
    const view = this.currentView();
    const map = session.map;
    let zoom = this.playZoom();
    // The whole arena is wider than the bounds on a wide screen: held to them, it would not be centred.
    cam.useBounds = view.kind !== "overview";
    if (view.kind === "own") {
      const me = session.me;
      if (me && me.status & CraftStatus.Alive) {
        // Ahead toward the aim, and a little along the way the craft is moving.
        const own = session.ownDrawn();
        const a = aimToRadians(session.controls.aim);
        const v = session.prediction.current;
        const lead = Math.min(LOOK_SPEED_MAX, Math.hypot(v.vx, v.vy) * LOOK_SPEED);
        const heading = Math.atan2(v.vy, v.vx);
        this.camTarget.x = own.x + Math.cos(a) * LOOK_AIM + Math.cos(heading) * lead;
        this.camTarget.y = own.y + Math.sin(a) * LOOK_AIM + Math.sin(heading) * lead;
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
      const b = this.controls?.buttons() ?? 0;
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
