// The controls, shown over the arena on a player's first game until they dismiss them, kept
// clear of the middle of the screen where their craft is. Touch screens get the thumb controls.

import { settings } from "../settings";
import { el } from "./dom";

const KEYBOARD: [how: string, what: string][] = [
  ["WASD / arrows", "move"],
  ["Mouse", "aim · left button fires (hold)"],
  ["Space / Shift", "dash"],
  ["Enter · Tab · Esc", "chat · scores · settings"],
];

const TOUCH: [how: string, what: string][] = [
  ["Left thumb", "move"],
  ["Right thumb", "aim and fire while held"],
  ["DASH", "a short burst of speed"],
  ["⚙", "settings"],
];

/** Adds the hint to `parent` unless this player has dismissed it before. */
export function showControlsHint(parent: HTMLElement, touch: boolean): void {
  if (settings.get().seenControls) return;
  const ok = el("button", { type: "button", class: "primary", text: "Got it", "data-testid": "controls-hint-ok" });
  const rows = (touch ? TOUCH : KEYBOARD).map(([how, what]) => el("li", {}, [el("b", { text: how }), ` ${what}`]));
  const card = el("section", { class: "controls-hint", "data-testid": "controls-hint", "aria-label": "Controls" }, [
    el("h2", { text: "Controls" }),
    el("ul", {}, rows),
    ok,
  ]);
  ok.addEventListener("click", () => {
    settings.set({ seenControls: true });
    card.remove();
  });
  parent.append(card);
}
