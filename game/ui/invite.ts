// A private room's code and invite links, with copy buttons: the code shows on the panel's
// fold, the links when it is opened. In team modes there is a link per team as well, which
// puts whoever opens it on that team.
import { GAME } from "../../shared/config";
import { el } from "./dom";
import { teamName } from "./matchText";
import { teamSwatch } from "./teams";

export function inviteLinks(code: string, origin = location.origin): { play: string; watch: string; teams: string[] } {
  const base = `${origin}/?room=${encodeURIComponent(code)}`;
  return { play: base, watch: `${base}&watch`, teams: GAME.teams.map((_, team) => `${base}&team=${team}`) };
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
  private readonly teamRows: HTMLElement[];

  constructor(code: string) {
    const links = inviteLinks(code);
    /** A labelled link and its copy button; `shown` is what the label shows (its words, or a team's badge and name). */
    const row = (label: string, value: string, testid: string, shown: (Node | string)[] = [label]) => {
      const input = el("input", { readonly: "", value, "data-testid": `${testid}-link`, "aria-label": label });
      input.value = value;
      const button = el("button", { text: "Copy", "data-testid": `${testid}-copy` });
      button.addEventListener("click", async () => {
        button.textContent = (await copy(value)) ? "Copied" : "Copy failed";
        setTimeout(() => (button.textContent = "Copy"), 1500);
      });
      return el("div", { class: "invite-row" }, [el("span", { class: "invite-label" }, shown), input, button]);
    };
    this.teamRows = links.teams.map((link, team) => row(`Invite to ${teamName(team)}`, link, `invite-team-${team}`, [teamSwatch(team), teamName(team)]));
    for (const r of this.teamRows) r.hidden = true;
    this.root = el("details", { class: "invite panel-lite", "data-testid": "invite-panel" }, [
      el("summary", {}, [el("span", { text: "Invite friends · " }), el("strong", { class: "code", text: code, "data-testid": "room-code" })]),
      row("Invite", links.play, "invite"),
      ...this.teamRows,
      row("Watch", links.watch, "watch"),
    ]);
  }

  /** The per-team links show in team modes only. */
  update(teams: boolean): void {
    for (const r of this.teamRows) if (r.hidden === teams) r.hidden = !teams;
  }
}
