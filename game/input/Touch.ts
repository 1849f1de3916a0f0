// Touch screens: two thumb sticks, a dash button and a weapon button over the arena. The left
// stick presses the same direction buttons the keys do, the right one aims and fires while
// held, so a touch player's inputs go through the same frame and codec as everyone else's;
// the weapon button steps to the next weapon held, as the mouse wheel does.

import { Buttons } from "../../shared/sim/craft";
import { el, Listeners } from "../ui/dom";

/** Below this share of the stick's reach, a thumb is resting, not pushing. */
const DEAD_ZONE = 0.25;
/** sin 22.5°: the eight directions of the keys each get an equal slice of the circle. */
const DIAGONAL = 0.383;
/** How far (CSS px) the knob travels from the stick's centre. */
const REACH = 56;

/** True on a device whose main pointer is a finger (phones, tablets). */
export function touchFirst(): boolean {
  return typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
}

/** One thumb stick: it appears where the thumb lands on its half of the screen. */
class Stick {
  readonly base: HTMLElement;
  private readonly knob: HTMLElement;
  pointerId = -1;
  private cx = 0;
  private cy = 0;
  /** Push in stick reaches (length 0..1). */
  x = 0;
  y = 0;

  constructor(side: "move" | "aim") {
    this.knob = el("div", { class: "stick-knob" });
    this.base = el("div", { class: `stick stick-${side}`, "data-testid": `stick-${side}` }, [this.knob]);
  }

  get pushed(): boolean {
    return this.pointerId >= 0 && Math.hypot(this.x, this.y) >= DEAD_ZONE;
  }

  get angle(): number {
    return Math.atan2(this.y, this.x);
  }

  grab(e: PointerEvent, layer: DOMRect): void {
    this.pointerId = e.pointerId;
    this.cx = e.clientX;
    this.cy = e.clientY;
    this.base.style.left = `${e.clientX - layer.left}px`;
    this.base.style.top = `${e.clientY - layer.top}px`;
    this.base.classList.add("held");
    this.drag(e);
  }

  drag(e: PointerEvent): void {
    const dx = e.clientX - this.cx;
    const dy = e.clientY - this.cy;
    const k = Math.min(1, REACH / (Math.hypot(dx, dy) || 1));
    this.x = (dx * k) / REACH;
    this.y = (dy * k) / REACH;
    this.knob.style.transform = `translate(${dx * k}px, ${dy * k}px)`;
  }

  release(): void {
    this.pointerId = -1;
    this.x = this.y = 0;
    this.knob.style.transform = "";
    // Back to its resting place (set in CSS), so the player always sees where the sticks are.
    this.base.style.left = this.base.style.top = "";
    this.base.classList.remove("held");
  }
}

export class TouchSticks {
  /** The layer over the arena that takes the thumbs (hidden unless touch is in use). */
  readonly root: HTMLElement;
  private readonly move = new Stick("move");
  private readonly aimStick = new Stick("aim");
  private readonly dash: HTMLElement;
  private dashId = -1;
  private readonly weapon: HTMLElement;
  private weaponId = -1;
  /** Called when the weapon button is pressed. */
  onWeaponStep?: () => void;
  /** Radians; kept when the thumb lifts so the turret does not snap back. */
  private lastAim = 0;
  private readonly listeners = new Listeners();

  constructor(private readonly surface: HTMLElement) {
    this.dash = el("div", { class: "touch-dash", "data-testid": "touch-dash", text: "DASH", role: "button", "aria-label": "Dash" });
    this.weapon = el("div", { class: "touch-weapon", "data-testid": "touch-weapon", text: "WEAPON", role: "button", "aria-label": "Next weapon" });
    this.root = el("div", { class: "touch-controls", "data-testid": "touch-controls" }, [this.move.base, this.aimStick.base, this.dash, this.weapon]);
    surface.append(this.root);
    this.use(touchFirst());

    const on = this.listeners.on.bind(this.listeners);
    // A laptop with a touch screen: whichever the player used last decides.
    on(window, "pointerdown", (e) => this.use(e.pointerType === "touch"));
    on(this.root, "pointerdown", (e) => this.press(e));
    on(this.root, "pointermove", (e) => {
      if (e.pointerId === this.move.pointerId) this.move.drag(e);
      else if (e.pointerId === this.aimStick.pointerId) this.aimStick.drag(e);
    });
    on(this.root, "pointerup", (e) => this.lift(e.pointerId));
    on(this.root, "pointercancel", (e) => this.lift(e.pointerId));
    on(window, "blur", () => {
      for (const id of [this.move.pointerId, this.aimStick.pointerId, this.dashId, this.weaponId]) this.lift(id);
    });
  }

  /** True while the sticks are shown and read. */
  get active(): boolean {
    return !this.root.hidden;
  }

  private use(touch: boolean): void {
    this.root.hidden = !touch;
    this.surface.classList.toggle("touch", touch);
  }

  private press(e: PointerEvent): void {
    if (e.pointerType === "mouse") return;
    e.preventDefault();
    // Keep the finger's moves and lift coming here even when it slides off the layer.
    this.root.setPointerCapture?.(e.pointerId);
    if (e.target === this.dash || this.dash.contains(e.target as Node)) {
      this.dashId = e.pointerId;
      this.dash.classList.add("held");
      return;
    }
    if (e.target === this.weapon || this.weapon.contains(e.target as Node)) {
      this.weaponId = e.pointerId;
      this.weapon.classList.add("held");
      this.onWeaponStep?.();
      return;
    }
    const layer = this.root.getBoundingClientRect();
    const stick = e.clientX < layer.left + layer.width / 2 ? this.move : this.aimStick;
    if (stick.pointerId < 0) stick.grab(e, layer);
  }

  private lift(pointerId: number): void {
    if (pointerId < 0) return;
    if (pointerId === this.move.pointerId) this.move.release();
    if (pointerId === this.aimStick.pointerId) {
      if (this.aimStick.pushed) this.lastAim = this.aimStick.angle;
      this.aimStick.release();
    }
    if (pointerId === this.dashId) {
      this.dashId = -1;
      this.dash.classList.remove("held");
    }
    if (pointerId === this.weaponId) {
      this.weaponId = -1;
      this.weapon.classList.remove("held");
    }
  }

  /** The buttons the thumbs hold: the move stick's direction, fire, dash. */
  buttons(): number {
    if (!this.active) return 0;
    let b = 0;
    if (this.move.pushed) {
      const a = this.move.angle;
      const x = Math.cos(a);
      const y = Math.sin(a);
      if (x > DIAGONAL) b |= Buttons.Right;
      if (x < -DIAGONAL) b |= Buttons.Left;
      if (y > DIAGONAL) b |= Buttons.Down;
      if (y < -DIAGONAL) b |= Buttons.Up;
    }
    if (this.aimStick.pushed) b |= Buttons.Fire;
    if (this.dashId >= 0) b |= Buttons.Dash;
    return b;
  }

  /**
   * Where the turret points (radians), or undefined while the mouse aims. The aim stick
   * wins; without it the turret faces where the craft is going, then stays put.
   */
  aim(): number | undefined {
    if (!this.active) return undefined;
    if (this.aimStick.pushed) this.lastAim = this.aimStick.angle;
    else if (this.move.pushed) this.lastAim = this.move.angle;
    return this.lastAim;
  }

  dispose(): void {
    this.listeners.removeAll();
    this.root.remove();
    this.surface.classList.remove("touch");
  }
}
