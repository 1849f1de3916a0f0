// Keyboard, mouse and touch sticks, turned into the buttons of an input frame. Plain DOM
// events, so this knows nothing of Phaser; the scene supplies the mouse's aim (it knows where
// the craft is drawn), the sticks supply their own.

import { Buttons } from "../../shared/sim/craft";
import { isEditing, Listeners } from "../ui/dom";
import { TouchSticks } from "./Touch";

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

export class Controls {
  private held = 0;
  private firing = false;
  /** While false (typing in chat, a menu open) the craft gets no buttons. */
  enabled = true;
  private readonly listeners = new Listeners();
  private readonly touch: TouchSticks;

  constructor(surface: HTMLElement) {
    this.touch = new TouchSticks(surface);
    const on = this.listeners.on.bind(this.listeners);
    on(window, "keydown", (e) => {
      const bit = KEYS[e.code];
      if (bit === undefined || isEditing(e.target)) return;
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

