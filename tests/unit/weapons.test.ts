// The arsenal's rules in the shared step and in the match: what each weapon does, and that
// the owner's prediction of its own craft stays exact with every weapon, rocket pushes included.

import { describe, expect, it } from "vitest";
import { GAME, makeTuning } from "../../shared/config";
import { MAPS, worldOf } from "../../server/maps";
import type { GameEvent } from "../../shared/net/events";
import type { InputFrame } from "../../shared/net/input";
import { ArenaState } from "../../shared/schema/ArenaState";
import { readOwnCraft, writeOwnCraft } from "../../shared/schema/ownCraft";
import { castRay, circleBlocked } from "../../shared/sim/collision";
import { Buttons, copyCraftState, type CraftState, newCraftState, sameCraftState, stepCraft } from "../../shared/sim/craft";
import { radiansToAim } from "../../shared/sim/quantize";
import { blastDamage, NO_SHOT, pelletAims, pelletSeed, Weapon, withWeaponWish } from "../../shared/sim/weapons";
import { Prediction } from "../../game/net/Prediction";
import { Match, type Pilot } from "../../server/rules/Match";

const t = makeTuning(60);
const map = MAPS.foundry;
const world = worldOf(map);
const EAST = radiansToAim(0);

/** A spot with `length` units of open floor to the east. */
function openSpot(length: number): { x: number; y: number } {
  for (let y = 100; y < map.height - 100; y += 20) {
    for (let x = 100; x + length < map.width - 100; x += 20) {
      if (!circleBlocked(x, y, t.radius + 2, world) && castRay(x, y, 1, 0, length, t.radius + 2, world) >= length) return { x, y };
    }
  }
  throw new Error("no open floor");
}

function armed(weapon: number, ammo = 99): CraftState {
  const spot = openSpot(900);
  const c = newCraftState(spot.x, spot.y);
  c.ammo[weapon] = ammo;
  return c;
}

const hold = (weapon: number, buttons: number = Buttons.Fire) => ({ buttons: withWeaponWish(buttons, weapon as Weapon), aim: EAST });

describe("the arsenal in the shared step", () => {
  it("switching takes a moment, needs ammo, and an empty weapon gives way to the blaster", () => {
    const c = armed(Weapon.Scatter, 2);
    const fired: number[] = [];
    for (let i = 0; i < 200; i++) fired.push(stepCraft(c, hold(Weapon.Scatter), world, t));
    const shots = fired.filter((f) => f !== NO_SHOT);
    // Two scatter shots (the first after the switch time), then blaster shots.
    expect(fired.indexOf(Weapon.Scatter)).toBe(t.switchTicks);
    expect(shots.slice(0, 2)).toEqual([Weapon.Scatter, Weapon.Scatter]);
    expect(shots.slice(2).every((w) => w === Weapon.Blaster)).toBe(true);
    expect(c.weapon).toBe(Weapon.Blaster);
    expect(c.ammo[Weapon.Scatter]).toBe(0);

    const none = newCraftState(1000, 700);
    for (let i = 0; i < 30; i++) stepCraft(none, hold(Weapon.Rail), world, t);
    expect(none.weapon).toBe(Weapon.Blaster);
  });

  it("a rail charges before it fires, then keeps its cadence", () => {
    const c = armed(Weapon.Rail);
    c.weapon = Weapon.Rail;
    const fired: number[] = [];
    for (let i = 0; i < 200; i++) if (stepCraft(c, hold(Weapon.Rail), world, t) === Weapon.Rail) fired.push(i);
    expect(fired[0]).toBe(t.weapons[Weapon.Rail].chargeTicks);
    for (let i = 1; i < fired.length; i++) expect(fired[i] - fired[i - 1]).toBe(t.weapons[Weapon.Rail].cadenceTicks);
  });

  it("a scatter's pellets fan out over the spread, the same for every reader of the seed", () => {
    const w = t.weapons[Weapon.Scatter];
    const a = pelletAims(EAST, pelletSeed(3, 77), w);
    expect(a).toHaveLength(GAME.arsenal.scatter.pellets);
    expect(pelletAims(EAST, pelletSeed(3, 77), w)).toEqual(a);
    expect(pelletAims(EAST, pelletSeed(3, 78), w)).not.toEqual(a);
    const spread = (Math.max(...a.map((x) => (x + 32768) % 65536)) - Math.min(...a.map((x) => (x + 32768) % 65536))) / 65536 * 2 * Math.PI;
    expect(spread).toBeGreaterThan(w.spread * 0.6);
    expect(spread).toBeLessThan(w.spread * 1.4);
  });

  it("a rocket fired at a near wall pushes its own pilot away when it bursts (rocket-dashing)", () => {
    const spot = openSpot(120);
    // Face a wall: find the wall to the east within 300 units.
    const c = newCraftState(spot.x, spot.y);
    c.ammo[Weapon.Rocket] = 5;
    const wall = castRay(c.x, c.y, 1, 0, 2000, t.weapons[Weapon.Rocket].projectileRadius, world);
    c.x = spot.x + Math.max(0, wall - 90);
    let fired = NO_SHOT;
    for (let i = 0; i < 30 && fired === NO_SHOT; i++) fired = stepCraft(c, hold(Weapon.Rocket), world, t);
    expect(fired).toBe(Weapon.Rocket);
    expect(c.blasts).toHaveLength(1);
    let fastest = 0;
    for (let i = 0; i < 20; i++) {
      stepCraft(c, hold(Weapon.Rocket, 0), world, t);
      fastest = Math.min(fastest, c.vx);
    }
    expect(c.blasts).toHaveLength(0);
    // Thrown back west, faster than the craft can fly by itself.
    expect(-fastest).toBeGreaterThan(GAME.craft.maxSpeed * 0.5);
  });

  it("a blast's damage falls off to nothing at its edge", () => {
    const w = t.weapons[Weapon.Rocket];
    expect(blastDamage(0, w)).toBe(GAME.arsenal.rocket.splashDamage);
    expect(blastDamage(w.splashRadius / 2, w)).toBeLessThan(GAME.arsenal.rocket.splashDamage);
    expect(blastDamage(w.splashRadius + w.radius, w)).toBe(0);
  });

  it("the owner's craft crosses the wire whole: weapon, ammo, charge and armed blasts", () => {
    const c = armed(Weapon.Rocket, 4);
    c.ammo[Weapon.Rail] = 3;
    const wall = castRay(c.x, c.y, 1, 0, 2000, 7, world);
    c.x += Math.max(0, wall - 100);
    for (let i = 0; i < 20 && c.blasts.length === 0; i++) stepCraft(c, hold(Weapon.Rocket), world, t);
    expect(c.blasts.length).toBe(1);
    const state = new ArenaState();
    const m = new Match(state, { tickHz: 60, map: "foundry", timeLimitSeconds: 300, resultsSeconds: 2, rotateMaps: false, seed: 1 });
    const schema = m.join("a", "A").schema;
    writeOwnCraft(schema, c, 500);
    schema.status = 1;
    const back = readOwnCraft(schema, 0, 500, c.aim, t);
    expect(sameCraftState(back, c)).toBe(true);
  });
});

describe("the arsenal in the match", () => {
  function duel(weapon: number) {
    const state = new ArenaState();
    const match = new Match(state, { tickHz: 60, map: "foundry", timeLimitSeconds: 300, resultsSeconds: 2, rotateMaps: false, seed: 4 });
    const a = match.join("a", "Ann");
    const b = match.join("b", "Bob");
    const spot = openSpot(400);
    a.craft = newCraftState(spot.x, spot.y);
    b.craft = newCraftState(spot.x + 250, spot.y);
    a.shieldUntil = b.shieldUntil = 0;
    a.craft.ammo[weapon] = 9;
    const events: GameEvent[] = [];
    let seq = 0;
    const step = (inputs: Partial<Record<string, Partial<InputFrame>>> = {}) => {
      match.step((p) => ({ seq: ++seq, buttons: 0, aim: 0, viewTick: match.tick, ...inputs[p.id] }));
      events.push(...match.takeEvents());
    };
    return { match, a, b, events, step };
  }

  const fireUntil = (d: ReturnType<typeof duel>, weapon: number, done: () => boolean, ticks = 200) => {
    for (let i = 0; i < ticks && !done(); i++) d.step({ a: { buttons: withWeaponWish(Buttons.Fire, weapon as Weapon), aim: EAST } });
  };

  it("scatter: several pellets of one shot hit at close range", () => {
    const d = duel(Weapon.Scatter);
    fireUntil(d, Weapon.Scatter, () => d.events.some((e) => e.kind === "hit"), 120);
    for (let i = 0; i < 30; i++) d.step();
    const shot = d.events.find((e) => e.kind === "shot" && e.weapon === Weapon.Scatter);
    expect(shot).toBeDefined();
    const hits = d.events.filter((e) => e.kind === "hit" && shot && e.kind === "hit" && e.shot === (shot as { shot: number }).shot);
    expect(hits.length).toBeGreaterThanOrEqual(2);
    expect(d.b.hp).toBe(GAME.craft.maxHp - hits.length * GAME.arsenal.scatter.damage);
  });

  it("rail: the hit lands on the tick it fires, after the charge", () => {
    const d = duel(Weapon.Rail);
    fireUntil(d, Weapon.Rail, () => d.events.some((e) => e.kind === "shot"));
    const shot = d.events.find((e) => e.kind === "shot")!;
    const hit = d.events.find((e) => e.kind === "hit")!;
    expect(shot.kind === "shot" && shot.weapon).toBe(Weapon.Rail);
    expect(hit?.tick).toBe(shot.tick);
    expect(d.b.hp).toBe(GAME.craft.maxHp - GAME.arsenal.rail.damage);
  });

  it("rocket: a direct hit bursts, hurts and pushes the target; the owner hears a knock", () => {
    const d = duel(Weapon.Rocket);
    fireUntil(d, Weapon.Rocket, () => d.events.some((e) => e.kind === "blast"));
    expect(d.events.some((e) => e.kind === "blast")).toBe(true);
    const hurt = GAME.craft.maxHp - d.b.hp;
    expect(hurt).toBeGreaterThanOrEqual(GAME.arsenal.rocket.damage);
    expect(d.b.craft.knocks).toBeGreaterThan(0);
    expect(Math.hypot(d.b.craft.vx, d.b.craft.vy)).toBeGreaterThan(0);
  });

  it("rocket: the splash is judged where the shooter saw the others, as a direct hit is", () => {
    // Ann's rocket strikes Bob; Cid stood beside Bob, inside the burst, and left a moment
    // before it burst: within the time Ann's view lags the present (`lag` ticks). Ann saw him
    // there, so the splash reaches him; a shooter who saw the present misses him.
    const LAG = 6;
    function play(lag: number, leaveAt?: number) {
      const d = duel(Weapon.Rocket);
      const cid = d.match.join("c", "Cid");
      cid.shieldUntil = 0;
      // Off the rocket's path, well inside the burst.
      const beside = [-60, 60, -70, 70]
        .flatMap((dy) => [0, -40].map((dx) => ({ x: d.b.craft.x + dx, y: d.b.craft.y + dy })))
        .find((p) => !circleBlocked(p.x, p.y, t.radius + 2, world))!;
      expect(beside).toBeDefined();
      cid.craft = newCraftState(beside.x, beside.y);
      let away: { x: number; y: number } | undefined;
      for (let y = 100; y < map.height - 100 && !away; y += 20) {
        for (let x = 100; x < map.width - 100 && !away; x += 20) {
          if (Math.hypot(x - beside.x, y - beside.y) > 500 && !circleBlocked(x, y, t.radius + 2, world)) away = { x, y };
        }
      }
      let burstAt = -1;
      for (let i = 0; i < 200 && burstAt < 0; i++) {
        if (d.match.tick === leaveAt) cid.craft = newCraftState(away!.x, away!.y);
        d.match.step((p) => ({ seq: i + 1, buttons: p.id === "a" ? withWeaponWish(Buttons.Fire, Weapon.Rocket) : 0, aim: EAST, viewTick: d.match.tick - (p.id === "a" ? lag : 0) }));
        const events = d.match.takeEvents();
        if (events.some((e) => e.kind === "blast")) burstAt = d.match.tick;
        d.events.push(...events);
      }
      const cidHit = d.events.some((e) => e.kind === "hit" && e.target === cid.slot);
      return { burstAt, cidHit, bobHit: d.events.some((e) => e.kind === "hit" && e.target === d.b.slot) };
    }
    const stay = play(LAG);
    expect(stay.burstAt).toBeGreaterThan(0);
    expect(stay.bobHit && stay.cidHit).toBe(true);
    // Cid leaves two ticks before the burst: the shooter who saw him LAG ticks back still reaches him.
    const leaveAt = stay.burstAt - 3;
    expect(play(LAG, leaveAt).cidHit).toBe(true);
    expect(play(0, leaveAt).cidHit).toBe(false);
  });

  it("weapons on the floor fill their ammo, and are gone until they come back", () => {
    const state = new ArenaState();
    const m = new Match(state, { tickHz: 60, map: "foundry", timeLimitSeconds: 300, resultsSeconds: 2, rotateMaps: false, seed: 4 });
    const a = m.join("a", "Ann");
    const i = m.map.pickups.findIndex((p) => p.kind === "rocket");
    expect(i).toBeGreaterThanOrEqual(0);
    a.craft = newCraftState(m.map.pickups[i].x, m.map.pickups[i].y);
    m.step(() => undefined);
    expect(a.craft.ammo[Weapon.Rocket]).toBe(GAME.arsenal.rocket.ammo);
    expect(m.pickupReady(i)).toBe(false);
  });
});

describe("own-craft prediction with every weapon", () => {
  // The server's match and the owner's Prediction, fed the same inputs; the owner reconciles
  // against what the server writes for it. Every acknowledged input must match exactly.
  it("is exact at every ack while firing every weapon, rocket pushes included", () => {
    const state = new ArenaState();
    const match = new Match(state, { tickHz: 60, map: "foundry", timeLimitSeconds: 3600, resultsSeconds: 2, rotateMaps: false, seed: 8 });
    const me: Pilot = match.join("me", "Me");
    me.shieldUntil = 0;
    const start = openSpot(300);
    me.craft = newCraftState(start.x, start.y);
    for (const w of [Weapon.Scatter, Weapon.Rail, Weapon.Rocket]) me.craft.ammo[w] = 40;
    const prediction = new Prediction(world, t);
    prediction.reconcile({ ack: 0, state: copyCraftState(me.craft) });
    let checks = 0;
    let misses = 0;
    let armedSeen = 0;
    const weaponsFired = new Set<number>();
    let seq = 0;
    for (let i = 0; i < 1500; i++) {
      // Every weapon in turn, moving about, firing at walls near and far (rocket-dashing).
      const weapon = ([Weapon.Blaster, Weapon.Scatter, Weapon.Rail, Weapon.Rocket] as const)[Math.floor(i / 120) % 4];
      const dirs = [Buttons.Right, Buttons.Down, Buttons.Left, Buttons.Up];
      const input: InputFrame = { seq: ++seq, buttons: withWeaponWish(Buttons.Fire | dirs[Math.floor(i / 45) % 4] | (i % 97 === 0 ? Buttons.Dash : 0), weapon), aim: (i * 1571) % 65536, viewTick: match.tick };
      prediction.apply(input.seq, input);
      match.step((p) => (p === me ? input : undefined));
      match.publish();
      if (i % 2 === 1) {
        const result = prediction.reconcile({ ack: me.ack, state: readOwnCraft(me.schema, state.phase, me.ack, input.aim, t) });
        if (!result.lifeChanged && result.errorAtAck !== undefined) {
          checks++;
          if (result.errorAtAck > 0) misses++;
        }
      }
      if (me.craft.blasts.length > 0) armedSeen++;
      for (const e of match.takeEvents()) if (e.kind === "shot") weaponsFired.add(e.weapon);
    }
    expect(checks).toBeGreaterThan(600);
    expect(misses).toBe(0);
    // And every weapon fired, and its own rockets were set to push the craft.
    expect([...weaponsFired].sort()).toEqual([0, 1, 2, 3]);
    expect(armedSeen).toBeGreaterThan(0);
  });
});
