// Choosing a weapon on the page: keys 1–4, the wheel and the touch button, a pickup taken up
// when only the blaster is in hand, and the wish that every input carries.

import { describe, expect, it } from "vitest";
import { makeTuning } from "../../shared/config";
import { worldOf } from "../../server/maps";
import { getMap } from "../../shared/maps";
import { Buttons, newCraftState, stepCraft } from "../../shared/sim/craft";
import { NO_SHOT, Weapon, weaponWish, withWeaponWish } from "../../shared/sim/weapons";
import { type ArmedCraft, nextHeld, type WeaponAsk, WeaponChoice } from "../../game/input/weaponChoice";

const craft = (weapon: Weapon, ammo: [number, number, number, number]): ArmedCraft => ({ weapon, ammo });
const choose = (weapon: Weapon): WeaponAsk => ({ kind: "choose", weapon });
const next: WeaponAsk = { kind: "step", step: 1 };
const back: WeaponAsk = { kind: "step", step: -1 };

describe("choosing a weapon", () => {
  it("takes a key for a weapon with ammo, and refuses one without (the HUD says why)", () => {
    const choice = new WeaponChoice();
    const held = craft(Weapon.Blaster, [0, 8, 0, 6]);
    expect(choice.update(held, [choose(Weapon.Rocket)], true)).toEqual([]);
    expect(choice.wish).toBe(Weapon.Rocket);
    expect(choice.update(held, [choose(Weapon.Rail)], true)).toEqual([{ kind: "empty", weapon: Weapon.Rail }]);
    // The wish stays on what was chosen before.
    expect(choice.wish).toBe(Weapon.Rocket);
    expect(choice.update(held, [choose(Weapon.Blaster)], true)).toEqual([]);
    expect(choice.wish).toBe(Weapon.Blaster);
  });

  it("steps through the weapons held, in key order and round, skipping the empty ones", () => {
    const held = craft(Weapon.Blaster, [0, 0, 5, 6]);
    expect(nextHeld(held, Weapon.Blaster, 1)).toBe(Weapon.Rail);
    expect(nextHeld(held, Weapon.Rocket, 1)).toBe(Weapon.Blaster);
    expect(nextHeld(held, Weapon.Blaster, -1)).toBe(Weapon.Rocket);
    const choice = new WeaponChoice();
    choice.update(held, [], true);
    // Two steps in one frame go two weapons on, though the first is not in hand yet.
    choice.update(held, [next, next], true);
    expect(choice.wish).toBe(Weapon.Rocket);
    choice.update(held, [back], true);
    expect(choice.wish).toBe(Weapon.Rail);
  });

  it("says so when there is nothing but the blaster to step to", () => {
    const choice = new WeaponChoice();
    expect(choice.update(craft(Weapon.Blaster, [0, 0, 0, 0]), [next], true)).toEqual([{ kind: "only-blaster" }]);
    expect(choice.wish).toBe(Weapon.Blaster);
  });

  it("takes up a weapon picked up while the blaster is in hand", () => {
    const choice = new WeaponChoice();
    choice.update(craft(Weapon.Blaster, [0, 0, 0, 0]), [], true);
    choice.update(craft(Weapon.Blaster, [0, 0, 5, 0]), [], true);
    expect(choice.wish).toBe(Weapon.Rail);
  });

  it("finds the ammo a craft already has (a page back in its seat) without taking anything up", () => {
    const choice = new WeaponChoice();
    choice.update(craft(Weapon.Blaster, [0, 8, 0, 6]), [], true);
    expect(choice.wish).toBe(Weapon.Blaster);
  });

  it("leaves the weapon in hand alone when another one is picked up, or the same one refilled", () => {
    const choice = new WeaponChoice();
    choice.update(craft(Weapon.Blaster, [0, 8, 0, 0]), [choose(Weapon.Scatter)], true);
    choice.update(craft(Weapon.Scatter, [0, 8, 0, 0]), [], true);
    choice.update(craft(Weapon.Scatter, [0, 8, 0, 6]), [], true);
    expect(choice.wish).toBe(Weapon.Scatter);
    // The blaster chosen by hand, the scatter refilled: still the blaster.
    choice.update(craft(Weapon.Scatter, [0, 3, 0, 6]), [choose(Weapon.Blaster)], true);
    choice.update(craft(Weapon.Blaster, [0, 8, 0, 6]), [], true);
    expect(choice.wish).toBe(Weapon.Blaster);
  });

  it("goes back to the blaster when the weapon runs dry, so a later pickup does not switch by surprise", () => {
    const choice = new WeaponChoice();
    choice.update(craft(Weapon.Blaster, [0, 0, 0, 1]), [choose(Weapon.Rocket)], true);
    expect(choice.wish).toBe(Weapon.Rocket);
    choice.update(craft(Weapon.Blaster, [0, 0, 0, 0]), [], true);
    expect(choice.wish).toBe(Weapon.Blaster);
  });

  it("ignores the keys while the craft is down or between rounds (keys 1–3 vote then)", () => {
    const choice = new WeaponChoice();
    expect(choice.update(craft(Weapon.Blaster, [0, 8, 0, 0]), [choose(Weapon.Scatter), choose(Weapon.Rail), next], false)).toEqual([]);
    expect(choice.wish).toBe(Weapon.Blaster);
  });

  it("rides in every input, and the shared step brings the wished weapon to hand", () => {
    const t = makeTuning(60);
    const world = worldOf(getMap("foundry")!);
    const c = newCraftState(1000, 700);
    c.ammo[Weapon.Scatter] = 1;
    const choice = new WeaponChoice();
    choice.update(c, [choose(Weapon.Scatter)], true);
    const buttons = withWeaponWish(Buttons.Fire, choice.wish);
    expect(weaponWish(buttons)).toBe(Weapon.Scatter);
    expect(buttons & Buttons.Fire).toBe(Buttons.Fire);
    let fired = NO_SHOT;
    for (let i = 0; i < t.switchTicks + 2 && fired === NO_SHOT; i++) fired = stepCraft(c, { buttons, aim: 0 }, world, t);
    expect(fired).toBe(Weapon.Scatter);
    // Its last shot gone, the craft is back on the blaster, and so is the wish.
    expect(c.weapon).toBe(Weapon.Blaster);
    choice.update(c, [], true);
    expect(choice.wish).toBe(Weapon.Blaster);
  });
});
