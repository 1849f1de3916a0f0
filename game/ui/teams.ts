// The teams in the page: a team's badge (a small swatch in its colour under its pattern,
// stripes or dots, so a team reads the same on the field, in the HUD and in the panels,
// colour or not), and the player's own team with the way to change it.

import { ToServer } from "../../shared/net/messages";
import type { ArenaSession } from "../net/ArenaSession";
import { TEAM_PATTERN } from "../render/palette";
import { teamSwatchStyle } from "../render/teamLook";
import { el, isEditing, Listeners } from "./dom";
import { hasTeams, otherTeam, teamName } from "./matchText";

export function teamSwatch(team: number): HTMLElement {
  const swatch = el("span", { class: "swatch team-swatch", title: `${teamName(team)} (${TEAM_PATTERN[team] ?? ""})`, "aria-hidden": "true" });
  swatch.style.background = teamSwatchStyle(team);
  return swatch;
}

/**
 * The player's team, and a way to change it (a button, or T): the craft leaves the field and
 * is back at once at the other team's spawns, no down counted. The server may refuse (teams
 * locked by the host, or a public room's teams kept even); its words show in the chat.
 */
export class TeamSwitch {
  readonly root: HTMLElement;
  private readonly label: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly listeners = new Listeners();
  private shown = "";

  constructor(private readonly session: ArenaSession) {
    this.label = el("span", { class: "team-label", "data-testid": "my-team" });
    this.button = el("button", { type: "button", "data-testid": "team-switch" });
    this.button.addEventListener("click", () => this.switchTeam());
    this.root = el("div", { class: "team-line" }, [this.label, this.button]);
    this.root.hidden = true;
    this.listeners.on(window, "keydown", (e) => {
      if (e.code === "KeyT" && !e.repeat && !this.root.hidden && !isEditing(e.target)) this.switchTeam();
    });
  }

  switchTeam(): void {
    const me = this.session.me;
    if (me && hasTeams(this.session.state)) this.session.send(ToServer.Team, { team: otherTeam(me.team) });
  }

  /** Called a few times a second: shown to players in team modes. */
  update(): void {
    const state = this.session.state;
    const me = this.session.me;
    this.root.hidden = !me || !hasTeams(state);
    if (!me || this.root.hidden) return;
    const other = otherTeam(me.team);
    const shown = `${me.team}|${state.teamsLocked}`;
    if (shown === this.shown) return;
    this.shown = shown;
    this.label.replaceChildren(teamSwatch(me.team), el("span", { text: `You are on ${teamName(me.team)}` }));
    this.label.dataset.team = String(me.team);
    this.button.textContent = state.teamsLocked ? "Teams locked" : `Switch to ${teamName(other)} (T)`;
    this.button.disabled = state.teamsLocked;
    this.button.title = state.teamsLocked
      ? "The host locked the teams"
      : `Play for ${teamName(other)}: your craft leaves the field and is back at once on ${teamName(other)}'s side (no down counted)`;
  }

  dispose(): void {
    this.listeners.removeAll();
  }
}
