// A private room's code and invite links, with copy buttons: the code shows on the panel's
// fold, the links when it is opened.
import { el } from "./dom";

export function inviteLinks(code: string, origin = location.origin): { play: string; watch: string } {
  const base = `${origin}/?room=${encodeURIComponent(code)}`;
  return { play: base, watch: `${base}&watch` };
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (no permission, or an insecure origin): fall back to a selection.
    const area = el("textarea", { readonly: "" });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export class InvitePanel {
  readonly root: HTMLDetailsElement;

  constructor(code: string) {
    const links = inviteLinks(code);
    const row = (label: string, value: string, testid: string) => {
      const input = el("input", { readonly: "", value, "data-testid": `${testid}-link`, "aria-label": label });
      input.value = value;
      const button = el("button", { text: "Copy", "data-testid": `${testid}-copy` });
      button.addEventListener("click", async () => {
        button.textContent = (await copy(value)) ? "Copied" : "Copy failed";
        setTimeout(() => (button.textContent = "Copy"), 1500);
      });
      return el("div", { class: "invite-row" }, [el("span", { class: "invite-label", text: label }), input, button]);
    };
    this.root = el("details", { class: "invite panel-lite", "data-testid": "invite-panel" }, [
      el("summary", {}, [el("span", { text: "Invite friends · " }), el("strong", { class: "code", text: code, "data-testid": "room-code" })]),
      row("Invite", links.play, "invite"),
      row("Watch", links.watch, "watch"),
    ]);
  }
}
