// The weapon the player asks to hold. The wish rides in every input (shared/sim/weapons), so
// it must last between key presses; the shared step alone decides what is in hand. Keys 1–4
// choose, the wheel and the touch button step through the weapons held, and a weapon picked
// up while the blaster is in hand comes to hand by itself. No DOM and no Phaser: the scene
// hands it the player's asks and the predicted craft once a frame.

import { Weapon } from "../../shared/sim/weapons";

/** What the player did to change weapons: a key for one weapon, or a step to the next (+1) or previous (-1) held. */
export type WeaponAsk = { kind: "choose"; weapon: Weapon } | { kind: "step"; step: 1 | -1 };

/** What the player must be told: that weapon has no ammo, or there is nothing but the blaster to step to. */
export type WeaponRefusal = { kind: "empty"; weapon: Weapon } | { kind: "only-blaster" };

/** What the choice needs of the own craft (shared/sim/craft CraftState). */
export interface ArmedCraft {
  weapon: Weapon;
  ammo: readonly number[];
}

const COUNT = 4;

/** Whether the craft can hold `weapon` now: the blaster always, the rest while they have ammo. */
export const canHold = (craft: ArmedCraft, weapon: Weapon): boolean => weapon === Weapon.Blaster || craft.ammo[weapon] > 0;

/** The next weapon the craft can hold after `from`, going `step` through 1–4 and round; undefined: none but `from`. */
export function nextHeld(craft: ArmedCraft, from: Weapon, step: 1 | -1): Weapon | undefined {
  for (let i = 1; i < COUNT; i++) {
    const weapon = ((from + step * i + COUNT) % COUNT) as Weapon;
    if (canHold(craft, weapon)) return weapon;
  }
  return undefined;
}

export class WeaponChoice {
  /** The weapon every input asks for. */
  wish: Weapon = Weapon.Blaster;
  /** The ammo seen last frame, to notice a pickup (0 to more); none before the first look (a page back in its seat finds ammo, not a pickup). */
  private seen?: number[];

  /**
   * One frame: the asks since the last one, against the craft as predicted now. `flying`
   * false (down, between rounds) drops the asks: keys 1–3 are the vote's then. Returns what
   * was refused, for the HUD and the empty click.
   */
  update(craft: ArmedCraft, asks: readonly WeaponAsk[], flying: boolean): WeaponRefusal[] {
    const refused: WeaponRefusal[] = [];
    if (flying) {
      // Picked up while the blaster is in hand (and no other weapon is on its way to hand):
      // the new weapon is what the player wants.
      const blasterOnly = craft.weapon === Weapon.Blaster && !(this.wish !== Weapon.Blaster && canHold(craft, this.wish));
      for (let w = 1; w < COUNT; w++) {
        if (blasterOnly && this.seen?.[w] === 0 && craft.ammo[w] > 0) this.wish = w as Weapon;
      }
      for (const ask of asks) {
        if (ask.kind === "choose") {
          if (canHold(craft, ask.weapon)) this.wish = ask.weapon;
          else refused.push({ kind: "empty", weapon: ask.weapon });
          continue;
        }
        // From what was asked last (the step may not have brought it to hand yet).
        const from = canHold(craft, this.wish) ? this.wish : craft.weapon;
        const next = nextHeld(craft, from, ask.step);
        if (next === undefined) refused.push({ kind: "only-blaster" });
        else this.wish = next;
      }
    }
    // A weapon run dry (or gone with a respawn) leaves the wish where the step put the craft:
    // on the blaster, so a later pickup does not switch by surprise.
    if (!canHold(craft, this.wish)) this.wish = Weapon.Blaster;
    this.seen ??= [0, 0, 0, 0];
    for (let w = 0; w < COUNT; w++) this.seen[w] = craft.ammo[w] ?? 0;
    return refused;
  }
}
