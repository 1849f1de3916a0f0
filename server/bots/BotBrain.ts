// A bot's mind. Each tick it looks at the match and produces one input frame, the same kind
// a player's client sends; the room queues it like any other input, and the rules treat it
// like any other. Bots never write state. They route around walls, keep a fighting
// distance, lead their target with some error, and go for health when hurt. In capture the
// flag they play the objective: take the other flag and carry it home, bring their own back,
// hunt whoever carries it, and one in three keeps watch at home.

import type { InputFrame } from "../../shared/net/input";
import { castRay } from "../../shared/sim/collision";
import { Buttons } from "../../shared/sim/craft";
import { Weapon, WEAPON_NAMES, type WeaponName, withWeaponWish } from "../../shared/sim/weapons";
import { radiansToAim } from "../../shared/sim/quantize";
import { SeededRandom } from "../../shared/sim/random";
import { GAME } from "../../shared/config";
import { worldOf } from "../maps";
import { NO_CARRIER } from "../../shared/schema/ArenaState";
import type { Match, Pilot } from "../rules/Match";
import { NavGrid } from "./NavGrid";

export const BOT_NAMES = ["Ada", "Bix", "Cog", "Dot", "Echo", "Flux", "Gizmo", "Hex", "Ion", "Jolt", "Kilo", "Lux", "Mox", "Nib", "Orb", "Pip"];

const SECTORS = [
  Buttons.Right,
  Buttons.Right | Buttons.Down,
  Buttons.Down,
  Buttons.Down | Buttons.Left,
  Buttons.Left,
  Buttons.Left | Buttons.Up,
  Buttons.Up,
  Buttons.Up | Buttons.Right,
];

/** The buttons that move closest to a direction (one of eight). */
function buttonsToward(dx: number, dy: number): number {
  if (dx === 0 && dy === 0) return 0;
  const sector = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
  return SECTORS[((sector % 8) + 8) % 8];
}

interface Goal {
  x: number;
  y: number;
}

export class BotBrain {
  private seq = 0;
  private readonly rng: SeededRandom;
  private route: Goal[] = [];
  private nextPlan = 0;
  private strafe = 1;
  private aimError = 0;
  private nextAimError = 0;
  private lastHp: number = GAME.craft.maxHp;

  constructor(
    readonly pilotId: string,
    seed: number,
    /** Standard deviation of the aim error, in radians: how good a shot the bot is. */
    private readonly inaccuracy = 0.045,
  ) {
    this.rng = new SeededRandom(seed);
  }

  think(match: Match): InputFrame | undefined {
    const me = match.pilots.get(this.pilotId);
    if (!me) return undefined;
    const frame: InputFrame = { seq: ++this.seq, buttons: 0, aim: me.craft.aim, viewTick: match.tick };
    if (!me.alive) {
      this.route = [];
      this.lastHp = GAME.craft.maxHp;
      return frame;
    }
    const world = worldOf(match.map);
    const c = me.craft;
    const target = this.pickTarget(match, me);
    const seesTarget = target !== undefined && this.clearShot(match, c.x, c.y, target.craft.x, target.craft.y);

    if (match.tick >= this.nextPlan) this.plan(match, me, target, seesTarget);

    // Aim: lead the target by the shot's flight time, with an error that wanders.
    if (target) {
      if (match.tick >= this.nextAimError) {
        this.aimError = this.gaussian() * this.inaccuracy;
        this.nextAimError = match.tick + Math.round(match.tuning.tickHz * (0.3 + this.rng.next() * 0.4));
      }
      const dist = Math.hypot(target.craft.x - c.x, target.craft.y - c.y);
      const weapon = this.chooseWeapon(c, dist);
      frame.buttons = withWeaponWish(frame.buttons, weapon);
      // Time for the shot to reach where the target will be (one refinement is plenty),
      // plus the tick before this input is applied; a rail's beam needs no lead.
      const t = match.tuning;
      const w = t.weapons[weapon];
      const speed = w.hitscan ? Infinity : w.projectileSpeedPerTick * t.tickHz;
      let flight = Math.max(0, dist - w.muzzle) / speed + t.dt;
      let aimX = target.craft.x + target.craft.vx * flight;
      let aimY = target.craft.y + target.craft.vy * flight;
      flight = Math.max(0, Math.hypot(aimX - c.x, aimY - c.y) - w.muzzle) / speed + t.dt;
      aimX = target.craft.x + target.craft.vx * flight;
      aimY = target.craft.y + target.craft.vy * flight;
      frame.aim = radiansToAim(Math.atan2(aimY - c.y, aimX - c.x) + this.aimError);
      if (seesTarget && dist < w.range * 0.9) frame.buttons |= Buttons.Fire;
    }

    // Move: along the route when there is one, otherwise circle the target.
    let move = { x: 0, y: 0 };
    while (this.route.length > 0 && Math.hypot(this.route[0].x - c.x, this.route[0].y - c.y) < 24) this.route.shift();
    // Skip waypoints that are in plain sight (so bots move in straight lines, not grid steps).
    while (this.route.length > 1 && this.clearPath(world, c.x, c.y, this.route[1].x, this.route[1].y)) this.route.shift();
    if (this.route.length > 0) {
      move = { x: this.route[0].x - c.x, y: this.route[0].y - c.y };
    } else if (target && seesTarget) {
      const dx = target.craft.x - c.x;
      const dy = target.craft.y - c.y;
      const dist = Math.hypot(dx, dy) || 1;
      const away = dist < 260 ? -1 : dist > 480 ? 1 : 0;
      move = { x: (dx / dist) * away - (dy / dist) * this.strafe, y: (dy / dist) * away + (dx / dist) * this.strafe };
      // About to scrape a wall: strafe the other way.
      const len = Math.hypot(move.x, move.y) || 1;
      if (castRay(c.x, c.y, move.x / len, move.y / len, 60, GAME.craft.radius, world) < 40) this.strafe = -this.strafe;
    }
    frame.buttons |= buttonsToward(move.x, move.y);

    // Dodge now and then when hit; a flag carrier runs for it whenever the dash is ready.
    const carrying = match.flags?.carriedBy(me.slot) !== undefined;
    if ((me.hp < this.lastHp && this.rng.next() < 0.25) || (carrying && c.dashCooldown === 0 && move.x * move.x + move.y * move.y > 0)) frame.buttons |= Buttons.Dash;
    this.lastHp = me.hp;
    return frame;
  }

  /** The weapon for a fight at this distance, among those with ammo (a rocket never point-blank). */
  private chooseWeapon(c: { ammo: readonly number[] }, dist: number): Weapon {
    if (c.ammo[Weapon.Scatter] > 0 && dist < 320) return Weapon.Scatter;
    if (c.ammo[Weapon.Rocket] > 0 && dist > 220 && dist < 700) return Weapon.Rocket;
    if (c.ammo[Weapon.Rail] > 0 && dist > 400) return Weapon.Rail;
    return Weapon.Blaster;
  }

  /** Chooses where to go next: health when hurt, the overdrive or a weapon when near, else the fight. */
  private plan(match: Match, me: Pilot, target: Pilot | undefined, seesTarget: boolean): void {
    this.nextPlan = match.tick + Math.round(match.tuning.tickHz * (0.4 + this.rng.next() * 0.3));
    if (this.rng.next() < 0.3) this.strafe = -this.strafe;
    const c = me.craft;
    let goal: Goal | undefined;
    let best = Infinity;
    match.map.pickups.forEach((p, i) => {
      if (!match.pickupReady(i)) return;
      const d = Math.hypot(p.x - c.x, p.y - c.y);
      const weapon = WEAPON_NAMES.indexOf(p.kind as WeaponName);
      const wanted = (p.kind === "health" && me.hp <= 60) || (p.kind === "overdrive" && d < 400) || (weapon > 0 && me.craft.ammo[weapon] === 0 && d < 450);
      if (wanted && d < best) {
        best = d;
        goal = p;
      }
    });
    if (!goal || me.hp > 40) goal = this.objective(match, me) ?? goal;
    if (!goal && target && !seesTarget) goal = { x: target.craft.x, y: target.craft.y };
    if (!goal && !target) goal = match.map.spawns[this.rng.int(match.map.spawns.length)];
    this.route = goal ? NavGrid.of(match.map).route(c.x, c.y, goal.x, goal.y) : [];
  }

  /** Where capture the flag sends this bot now, if anywhere. */
  private objective(match: Match, me: Pilot): Goal | undefined {
    const ctf = match.flags;
    if (!ctf) return undefined;
    const flags = match.state.flags;
    const own = flags.find((f) => f.team === me.team);
    const theirs = flags.find((f) => f.team !== me.team);
    if (!own || !theirs) return undefined;
    const home = ctf.base(me.team);
    const c = me.craft;
    // Carrying: home (and wait there for our own flag to come back).
    if (theirs.carrier === me.slot) return home;
    // Our flag lies dropped: bring it back. Taken: hunt the carrier.
    if (!own.atHome && own.carrier === NO_CARRIER) return { x: own.x, y: own.y };
    // Our flag taken: the one keeping watch, and anyone near the thief, hunt it.
    const defender = me.slot % 3 === 0;
    const thief = own.carrier !== NO_CARRIER ? match.pilotInSlot(own.carrier) : undefined;
    if (thief && (defender || Math.hypot(thief.craft.x - c.x, thief.craft.y - c.y) < 600)) return { x: thief.craft.x, y: thief.craft.y };
    // One in three keeps watch near home; the rest go for their flag, or escort our carrier.
    if (defender) return Math.hypot(home.x - c.x, home.y - c.y) > 220 ? home : undefined;
    const carrier = theirs.carrier !== NO_CARRIER ? match.pilotInSlot(theirs.carrier) : undefined;
    if (carrier) return { x: carrier.craft.x, y: carrier.craft.y };
    return { x: theirs.x, y: theirs.y };
  }

  /** The nearest other craft that is alive and not a teammate (the bot does not know who is behind which wall). */
  private pickTarget(match: Match, me: Pilot): Pilot | undefined {
    let best: Pilot | undefined;
    let bestD = Infinity;
    const teams = match.teams;
    for (const p of match.pilots.values()) {
      if (p === me || !p.alive || (teams && p.team === me.team)) continue;
      const d = Math.hypot(p.craft.x - me.craft.x, p.craft.y - me.craft.y);
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    return best;
  }

  private clearShot(match: Match, x0: number, y0: number, x1: number, y1: number): boolean {
    const d = Math.hypot(x1 - x0, y1 - y0);
    if (d === 0) return true;
    return castRay(x0, y0, (x1 - x0) / d, (y1 - y0) / d, d, GAME.gun.projectileRadius, worldOf(match.map)) >= d - GAME.craft.radius;
  }

  private clearPath(world: ReturnType<typeof worldOf>, x0: number, y0: number, x1: number, y1: number): boolean {
    const d = Math.hypot(x1 - x0, y1 - y0);
    if (d === 0) return true;
    return castRay(x0, y0, (x1 - x0) / d, (y1 - y0) / d, d, GAME.craft.radius + 2, world) >= d;
  }

  private gaussian(): number {
    // Box–Muller with the seeded generator.
    const u = Math.max(1e-9, this.rng.next());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.rng.next());
  }
}
