// The player's weapons under the health bar: four slots (key, icon, shots left), the one in
// hand lit, the empty ones dimmed; a bar filling on the rail while it charges; and a short
// line of news under them ("Picked up the rocket", or why a key did nothing). Read from the
// predicted own craft, so it answers the keys in the same frame as the turret does.

import { makeTuning } from "../../shared/config";
import type { CraftState } from "../../shared/sim/craft";
import { Weapon, WEAPON_NAMES } from "../../shared/sim/weapons";
import type { WeaponRefusal } from "../input/weaponChoice";
import { iconUrl } from "../render/atlas";
import { el, setText } from "./dom";

/** How long a line of news stays (ms). */
const NEWS_MS = 2600;
/** The icons' size (CSS px). */
const ICON_PX = 20;

interface Slot {
  root: HTMLElement;
  count: HTMLElement;
  /** What is shown now, so the DOM is touched only on a change (-1: nothing yet). */
  ammo: number;
  held: boolean;
}

export class WeaponSlots {
  readonly root: HTMLElement;
  readonly news: HTMLElement;
  private readonly slots: Slot[];
  private readonly charge: HTMLElement;
  private charging?: Animation;
  private newsTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    this.slots = WEAPON_NAMES.map((name, weapon) => {
      const count = el("span", { class: "weapon-ammo", "data-testid": `ammo-${name}` });
      const icon = el("img", { class: "weapon-icon", src: iconUrl(name, ICON_PX), alt: "", width: String(ICON_PX), height: String(ICON_PX) });
      const root = el("li", { class: "weapon-slot", "data-testid": `weapon-${name}`, "data-weapon": name }, [el("span", { class: "weapon-key", text: String(weapon + 1) }), icon, count]);
      return { root, count, ammo: -1, held: false };
    });
    this.charge = el("span", { class: "weapon-charge", "data-testid": "rail-charge" });
    this.charge.hidden = true;
    this.slots[Weapon.Rail].root.append(this.charge);
    this.root = el("ol", { class: "weapons", "data-testid": "weapons", "aria-label": "Weapons" }, this.slots.map((s) => s.root));
    this.news = el("div", { class: "weapon-news", role: "status", "data-testid": "weapon-news" });
    this.news.hidden = true;
  }

  /**
   * The craft as predicted now: the weapon in hand, the shots left, a rail charging. Touches
   * the DOM only on a change: call it every frame.
   */
  update(craft: CraftState, tickHz: number): void {
    this.slots.forEach((slot, weapon) => {
      const ammo = weapon === Weapon.Blaster ? Infinity : craft.ammo[weapon];
      const held = craft.weapon === weapon;
      if (ammo === slot.ammo && held === slot.held) return;
      slot.ammo = ammo;
      slot.held = held;
      const name = WEAPON_NAMES[weapon];
      setText(slot.count, ammo === Infinity ? "∞" : String(ammo));
      slot.root.classList.toggle("held", held);
      slot.root.classList.toggle("empty", ammo === 0);
      slot.root.setAttribute("aria-label", `${name}, key ${weapon + 1}, ${ammo === Infinity ? "never runs out" : `${ammo} shots`}${held ? ", in hand" : ""}`);
    });
    // The charge fills by itself (an animation as long as what is left of it): no DOM work each frame.
    const charging = craft.charge > 0;
    if (charging === !this.charge.hidden) return;
    this.charge.hidden = !charging;
    this.charging?.cancel();
    this.charging = undefined;
    if (charging && typeof this.charge.animate === "function") {
      const total = makeTuning(tickHz).weapons[Weapon.Rail].chargeTicks;
      const from = Math.max(0, 1 - craft.charge / total);
      this.charging = this.charge.animate([{ transform: `scaleX(${from})` }, { transform: "scaleX(1)" }], { duration: (craft.charge / tickHz) * 1000, fill: "forwards" });
    }
  }

  /** The player took a weapon off the floor. */
  pickedUp(weapon: Weapon): void {
    this.say(`Picked up the ${WEAPON_NAMES[weapon]}`);
  }

  /** A weapon key or step did nothing: the slot shakes and the line says why. */
  refused(r: WeaponRefusal): void {
    if (r.kind === "only-blaster") {
      this.say("Only the blaster: pick weapons up");
      for (const slot of this.slots.slice(1)) shake(slot.root);
      return;
    }
    // Short enough for one line under the slots.
    this.say(`No ${WEAPON_NAMES[r.weapon]} ammo: pick one up`);
    shake(this.slots[r.weapon].root);
  }

  private say(text: string): void {
    setText(this.news, text);
    this.news.hidden = false;
    clearTimeout(this.newsTimer);
    this.newsTimer = setTimeout(() => (this.news.hidden = true), NEWS_MS);
  }

  dispose(): void {
    clearTimeout(this.newsTimer);
    this.charging?.cancel();
  }
}

/** Restarts a slot's "no" shake (remove the class, force a reflow, add it again). */
function shake(node: HTMLElement): void {
  node.classList.remove("denied");
  void node.offsetWidth;
  node.classList.add("denied");
}
