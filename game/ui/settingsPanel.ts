// The settings panel: name, volume, mute, screen shake, the kill-cam and the network panel. One panel for
// the page, opened from the landing page and from the arena (the gear button or Esc); every
// change is kept at once, so there is nothing to save.

import { LIMITS } from "../../shared/net/messages";
import { type Settings, settings } from "../settings";
import { el } from "./dom";

let dialog: HTMLDialogElement | undefined;

function toggle(key: "muted" | "screenShake" | "netPanel" | "killCam", label: string): { row: HTMLElement; sync(s: Readonly<Settings>): void } {
  const box = el("input", { type: "checkbox", "data-testid": `settings-${key}` });
  box.addEventListener("change", () => settings.set({ [key]: box.checked }));
  return { row: el("label", { class: "settings-row" }, [el("span", { text: label }), box]), sync: (s) => (box.checked = s[key]) };
}

function build(): HTMLDialogElement {
  const name = el("input", { maxlength: String(LIMITS.nameLength), placeholder: "Pilot", spellcheck: "false", autocomplete: "off", "data-testid": "settings-name" });
  name.addEventListener("input", () => settings.set({ name: name.value }));
  const volume = el("input", { type: "range", min: "0", max: "100", step: "5", "data-testid": "settings-volume", "aria-label": "Volume" });
  const volumeText = el("span", { class: "settings-value" });
  volume.addEventListener("input", () => settings.set({ volume: Number(volume.value) / 100 }));
  const muted = toggle("muted", "Mute all sound");
  const shake = toggle("screenShake", "Screen shake on hits");
  const net = toggle("netPanel", "Network panel (F3)");
  const killCam = toggle("killCam", "Kill-cam when downed");
  // Focus lands on Done, not the name field: on a phone that would pop the keyboard up.
  const done = el("button", { type: "button", class: "primary", text: "Done", autofocus: "", "data-testid": "settings-done" });

  // The dialog has no padding of its own: a click on it, not on its body, is on the backdrop.
  const panel = el("dialog", { class: "settings", "data-testid": "settings", "aria-label": "Settings" }, [el("div", { class: "settings-body" }, [
    el("h2", { text: "Settings" }),
    el("label", { class: "settings-row" }, [el("span", { text: "Name" }), name]),
    el("p", { class: "settings-note", text: "Used the next time you join a room." }),
    el("label", { class: "settings-row" }, [el("span", { text: "Volume" }), el("span", { class: "settings-volume" }, [volume, volumeText])]),
    muted.row,
    shake.row,
    killCam.row,
    net.row,
    done,
  ])]);
  done.addEventListener("click", () => panel.close());
  panel.addEventListener("click", (e) => {
    if (e.target === panel) panel.close();
  });

  const show = (s: Readonly<Settings>) => {
    if (document.activeElement !== name) name.value = s.name;
    volume.value = String(Math.round(s.volume * 100));
    volumeText.textContent = `${volume.value}%`;
    for (const t of [muted, shake, killCam, net]) t.sync(s);
  };
  show(settings.get());
  settings.listen(show);
  document.body.append(panel);
  return panel;
}

export function openSettings(): void {
  dialog ??= build();
  if (!dialog.open) dialog.showModal();
}

export function settingsOpen(): boolean {
  return dialog?.open ?? false;
}
