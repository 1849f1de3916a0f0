// Keyboard, mouse and touch sticks, turned into the buttons of an input frame. Plain DOM
// events, so this knows nothing of Phaser; the scene supplies the mouse's aim (it knows where
// the craft is drawn), the sticks supply their own. Weapon keys, the wheel and the touch
// weapon button are kept as asks, which the scene weighs against the craft (weaponChoice).

import { Buttons } from "../../shared/sim/craft";
import { Weapon } from "../../shared/sim/weapons";
import { isEditing, Listeners } from "../ui/dom";
import { TouchSticks } from "./Touch";
import type { WeaponAsk } from "./weaponChoice";

const KEYS: Record<string, number> = {
  KeyW: Buttons.Up,
  ArrowUp: Buttons.Up,
  KeyS: Buttons.Down,
  ArrowDown: Buttons.Down,
  KeyA: Buttons.Left,
  ArrowLeft: Buttons.Left,
  KeyD: Buttons.Right,
  ArrowRight: Buttons.Right,
  Space: Buttons.Dash,
  ShiftLeft: Buttons.Dash,
  ShiftRight: Buttons.Dash,
};

const WEAPON_KEYS: Record<string, Weapon> = {
  Digit1: Weapon.Blaster,
  Digit2: Weapon.Scatter,
  Digit3: Weapon.Rail,
  Digit4: Weapon.Rocket,
  Numpad1: Weapon.Blaster,
  Numpad2: Weapon.Scatter,
  Numpad3: Weapon.Rail,
  Numpad4: Weapon.Rocket,
};

/** Wheel travel (px) that steps one weapon: one notch of a mouse wheel, a short swipe on a touchpad. */
const WHEEL_STEP = 50;
/** Asks kept for the scene at most (a watcher's are never taken). */
const MAX_ASKS = 8;
const NO_ASKS: readonly WeaponAsk[] = [];

export class Controls {
  private held = 0;
  private firing = false;
  private asks: WeaponAsk[] = [];
  private wheel = 0;
  private wheelAt = 0;
  /** While false (typing in chat, a menu open) the craft gets no buttons. */
  enabled = true;
  private readonly listeners = new Listeners();
  private readonly touch: TouchSticks;

  constructor(surface: HTMLElement) {
    this.touch = new TouchSticks(surface);
    const on = this.listeners.on.bind(this.listeners);
    on(window, "keydown", (e) => {
      if (isEditing(e.target)) return;
      const weapon = WEAPON_KEYS[e.code];
      if (weapon !== undefined && !e.repeat) this.ask({ kind: "choose", weapon });
      const bit = KEYS[e.code];
      if (bit === undefined) return;
      this.held |= bit;
      e.preventDefault();
    });
    on(window, "keyup", (e) => {
      const bit = KEYS[e.code];
      if (bit !== undefined) this.held &= ~bit;
    });
    on(surface, "pointerdown", (e) => {
      // A finger fires through the aim stick, never by landing on the screen; a click on the
      // HUD (a button, a panel) is for the HUD, not a shot: only the arena itself fires.
      if (e.button === 0 && e.pointerType !== "touch" && e.target instanceof HTMLCanvasElement) this.firing = true;
    });
    on(window, "pointerup", (e) => {
      if (e.button === 0) this.firing = false;
    });
    // Keys held while the window loses focus would otherwise stay pressed for ever.
    on(window, "blur", () => {
      this.held = 0;
      this.firing = false;
    });
    on(surface, "contextmenu", (e) => e.preventDefault());
    // The wheel over the arena steps through the weapons held (over a panel, it scrolls the panel).
    on(surface, "wheel", (e) => {
      if (!(e.target instanceof HTMLCanvasElement) || e.deltaY === 0) return;
      // A pause ends a gesture: a touchpad's swipe counts from nothing again.
      if (e.timeStamp - this.wheelAt > 250) this.wheel = 0;
      this.wheelAt = e.timeStamp;
      this.wheel += e.deltaMode === WheelEvent.DOM_DELTA_PIXEL ? e.deltaY : Math.sign(e.deltaY) * WHEEL_STEP;
      if (Math.abs(this.wheel) < WHEEL_STEP) return;
      this.ask({ kind: "step", step: this.wheel > 0 ? 1 : -1 });
      this.wheel = 0;
    });
    this.touch.onWeaponStep = () => this.ask({ kind: "step", step: 1 });
  }

  private ask(ask: WeaponAsk): void {
    if (!this.enabled) return;
    this.asks.push(ask);
    if (this.asks.length > MAX_ASKS) this.asks.shift();
  }

  /** The weapon asks since the last call (keys 1–4, the wheel, the touch weapon button), oldest first. */
  takeWeaponAsks(): readonly WeaponAsk[] {
    if (this.asks.length === 0) return NO_ASKS;
    const asks = this.asks;
    this.asks = [];
    return asks;
  }

  buttons(): number {
    if (!this.enabled) return 0;
    return this.held | (this.firing ? Buttons.Fire : 0) | this.touch.buttons();
  }

  /** The aim stick's angle (radians) on a touch screen; undefined while the mouse aims. */
  stickAim(): number | undefined {
    return this.touch.aim();
  }

  dispose(): void {
    this.listeners.removeAll();
    this.touch.dispose();
  }
}

