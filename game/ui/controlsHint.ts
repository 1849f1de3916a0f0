// The controls, shown over the arena on a player's first game, kept clear of the middle of
// the screen where their craft is. Touch screens get the thumb controls. The card goes when
// the player dismisses it, or as soon as they move or fire (they have found the controls);
// a watcher has no controls, and never sees it.

import { settings } from "../settings";
import { el } from "./dom";

const KEYBOARD: [how: string, what: string][] = [
  ["WASD / arrows", "move"],
  ["Mouse", "aim · left button fires (hold)"],
  ["Space / Shift", "dash"],
  ["1–4 / wheel", "weapons (pick them up on the map)"],
  ["Enter · Tab · Esc", "chat · scores · settings"],
];

const TOUCH: [how: string, what: string][] = [
  ["Left thumb", "move"],
  ["Right thumb", "aim and fire while held"],
  ["DASH", "a short burst of speed"],
  ["WEAPON", "the next weapon you hold"],
  ["⚙", "settings"],
];

export class ControlsHint {
  private card?: HTMLElement;

  constructor(private readonly parent: HTMLElement) {}

  /** Shows the card, unless it is up already or this player has seen it before. */
  offer(touch: boolean): void {
    if (this.card || settings.get().seenControls) return;
    const ok = el("button", { type: "button", class: "primary", text: "Got it", "data-testid": "controls-hint-ok" });
    const rows = (touch ? TOUCH : KEYBOARD).map(([how, what]) => el("li", {}, [el("b", { text: how }), ` ${what}`]));
    this.card = el("section", { class: "controls-hint", "data-testid": "controls-hint", "aria-label": "Controls" }, [el("h2", { text: "Controls" }), el("ul", {}, rows), ok]);
    ok.addEventListener("click", () => this.learned());
    this.parent.append(this.card);
  }

  /** The player dismissed the card, or used the controls (card or not): it is not shown again. */
  learned(): void {
    if (!settings.get().seenControls) settings.set({ seenControls: true });
    this.hide();
  }

  /** Away without counting as seen (the player became a watcher). */
  hide(): void {
    this.card?.remove();
    this.card = undefined;
  }
}
