// The host's controls for a private room: the mode and a map made for it, settings, lock,
// teams locked, the watch delay, restart; per player, a move to the other team (team modes) and kick (which
// asks first: a kicked player is kept out for a while). The server checks every one of them;
// this panel only asks. Folded away until the host opens it.

import { GAME } from "../../shared/config";
import { MAPS, MODE_IDS, type ModeId } from "../maps";
import { ToServer } from "../../shared/net/messages";
import { type RoomSettings, SETTING_RANGES, WATCH_DELAYS } from "../../shared/net/settings";
import { type ArenaState, CraftStatus } from "../../shared/schema/ArenaState";
import type { ArenaSession } from "../net/ArenaSession";
import { ConfirmButton } from "./confirm";
import { el, setText } from "./dom";
import { hasTeams, modeOf, otherTeam, teamName } from "./matchText";
import { teamSwatch } from "./teams";

export class HostPanel {
  readonly root: HTMLDetailsElement;
  private readonly form: HTMLFormElement;
  private readonly players: HTMLUListElement;
  private readonly fields: {
    mode: HTMLSelectElement;
    map: HTMLSelectElement;
    scoreLimit: HTMLInputElement;
    timeLimit: HTMLInputElement;
    maxPlayers: HTMLInputElement;
    bots: HTMLInputElement;
    locked: HTMLInputElement;
    teamsLocked: HTMLInputElement;
    watchDelay: HTMLSelectElement;
  };
  /** Under the map: which maps the chosen mode leaves out, or that none is made for it. */
  private readonly mapNote: HTMLElement;
  /** "Lock teams", offered in team modes only. */
  private readonly teamsLockedRow: HTMLElement;
  private readonly apply: HTMLButtonElement;
  private shownFor = "";

  private get room() {
    return this.session.room;
  }

  constructor(private readonly session: ArenaSession) {
    const number = (name: keyof typeof SETTING_RANGES, scale = 1) =>
      el("input", {
        type: "number",
        name,
        min: String(SETTING_RANGES[name][0] / scale),
        max: String(SETTING_RANGES[name][1] / scale),
        "data-testid": `host-${name}`,
      });
    this.fields = {
      mode: el("select", { name: "mode", "data-testid": "host-mode" }, MODE_IDS.map((id) => el("option", { value: id, text: GAME.modes[id].name }))),
      map: el("select", { name: "map", "data-testid": "host-map" }),
      scoreLimit: number("scoreLimit"),
      timeLimit: number("timeLimit", 60),
      maxPlayers: number("maxPlayers"),
      bots: el("input", { type: "checkbox", name: "bots", "data-testid": "host-bots" }),
      locked: el("input", { type: "checkbox", name: "locked", "data-testid": "host-locked" }),
      teamsLocked: el("input", { type: "checkbox", name: "teamsLocked", "data-testid": "host-teams-locked" }),
      watchDelay: el(
        "select",
        { name: "watchDelay", "data-testid": "host-watch-delay", title: "Watchers see the game this late, so nobody can watch to tell a player where the others are" },
        WATCH_DELAYS.map((d) => el("option", { value: String(d), text: d === 0 ? "None (live)" : `${d} s` })),
      ),
    };
    this.mapNote = el("p", { class: "host-note", "data-testid": "host-map-note" });
    // A new mode offers only the maps made for it, and its own score limit.
    this.fields.mode.addEventListener("change", () => {
      const mode = this.fields.mode.value as ModeId;
      const s = this.room.state;
      this.fields.scoreLimit.value = String(mode === s.mode ? s.scoreLimit : GAME.modes[mode].scoreLimit);
      this.offerMaps(mode, this.fields.map.value);
    });
    const label = (text: string, field: HTMLElement) => el("label", {}, [el("span", { text }), field]);
    const apply = el("button", { type: "submit", class: "primary", text: "Apply", "data-testid": "host-apply" });
    this.apply = apply;
    this.teamsLockedRow = label("Lock teams", this.fields.teamsLocked);
    const restart = el("button", { type: "button", text: "Restart match", "data-testid": "host-restart" });
    restart.addEventListener("click", () => session.send(ToServer.Restart, undefined));
    this.form = el("form", { class: "host-form" }, [
      label("Mode", this.fields.mode),
      label("Map", this.fields.map),
      this.mapNote,
      label("Score limit", this.fields.scoreLimit),
      label("Time limit (min)", this.fields.timeLimit),
      label("Max players", this.fields.maxPlayers),
      label("Bots", this.fields.bots),
      label("Locked", this.fields.locked),
      this.teamsLockedRow,
      label("Watch delay", this.fields.watchDelay),
      el("div", { class: "host-actions" }, [apply, restart]),
    ]);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      session.send(ToServer.Settings, this.changes());
    });
    this.players = el("ul", { class: "host-players", "data-testid": "host-players" });
    this.root = el("details", { class: "host-panel panel-lite", "data-testid": "host-panel" }, [
      el("summary", { text: "Host controls" }),
      this.form,
      el("h3", { text: "Players" }),
      this.players,
    ]);
    this.root.hidden = true;
    this.root.addEventListener("toggle", () => this.fill());
  }

  /** Only what differs from the room's current settings is sent. */
  private changes(): Partial<RoomSettings> {
    const s = this.room.state;
    const f = this.fields;
    const out: Partial<RoomSettings> = {};
    if (f.mode.value !== s.mode) out.mode = f.mode.value as ModeId;
    if (f.map.value && f.map.value !== s.map) out.map = f.map.value;
    const score = Number(f.scoreLimit.value);
    if (score !== s.scoreLimit) out.scoreLimit = score;
    const minutes = Math.round(Number(f.timeLimit.value) * 60);
    if (minutes !== s.timeLimit) out.timeLimit = minutes;
    const max = Number(f.maxPlayers.value);
    if (max !== s.maxPlayers) out.maxPlayers = max;
    if (f.bots.checked !== s.bots) out.bots = f.bots.checked;
    if (f.locked.checked !== s.locked) out.locked = f.locked.checked;
    if (f.teamsLocked.checked !== s.teamsLocked) out.teamsLocked = f.teamsLocked.checked;
    if (Number(f.watchDelay.value) !== s.watchDelay) out.watchDelay = Number(f.watchDelay.value);
    return out;
  }

  /** Offers the maps made for `mode` (keeping `keep` if it is one), and says which are left out. */
  private offerMaps(mode: ModeId, keep: string): void {
    const maps = Object.values(MAPS);
    const fit = maps.filter((m) => m.modes.includes(mode));
    this.fields.map.replaceChildren(...fit.map((m) => el("option", { value: m.id, text: m.name })));
    this.fields.map.value = fit.some((m) => m.id === keep) ? keep : (fit[0]?.id ?? "");
    const left = maps.filter((m) => !m.modes.includes(mode)).map((m) => m.name);
    const name = GAME.modes[mode].name;
    setText(this.mapNote, fit.length === 0 ? `No map is made for ${name} yet.` : left.length ? `Not made for ${name}: ${left.join(", ")}.` : "");
    this.mapNote.hidden = this.mapNote.textContent === "";
    this.apply.disabled = fit.length === 0;
    this.apply.title = fit.length === 0 ? `No map is made for ${name} yet` : "";
    this.teamsLockedRow.hidden = !GAME.modes[mode].teams;
  }

  private fill(): void {
    const s = this.room.state;
    const f = this.fields;
    f.mode.value = modeOf(s);
    this.offerMaps(modeOf(s), s.map);
    f.scoreLimit.value = String(s.scoreLimit);
    f.timeLimit.value = String(Math.round(s.timeLimit / 60));
    f.maxPlayers.value = String(s.maxPlayers);
    f.bots.checked = s.bots;
    f.locked.checked = s.locked;
    f.teamsLocked.checked = s.teamsLocked;
    f.watchDelay.value = String(s.watchDelay);
  }

  /** Called a few times a second: shows the panel to the host only, and keeps the player list current. */
  update(): void {
    const s = this.room.state;
    const isHost = s.hostId === this.room.sessionId;
    this.root.hidden = !isHost;
    if (!isHost) return;
    const teams = hasTeams(s);
    const roster = [...s.crafts.entries()]
      .filter(([, c]) => !(c.status & CraftStatus.Bot))
      .map(([id, c]) => `${id}:${c.name}:${teams ? c.team : ""}`)
      .join("|");
    if (roster === this.shownFor) return;
    this.shownFor = roster;
    if (!this.root.open) this.fill();
    const items = [...s.crafts.entries()]
      .filter(([id, c]) => id !== this.room.sessionId && !(c.status & CraftStatus.Bot))
      .map(([id, c]) => {
        const kick = new ConfirmButton(
          {
            text: "Kick",
            title: `Remove ${c.name} from the room`,
            question: `Remove ${c.name}? They cannot come back for ${GAME.room.kickMinutes} minutes.`,
            yes: "Remove",
            no: "Cancel",
            testid: "host-kick",
          },
          () => this.session.send(ToServer.Kick, id),
        );
        if (!teams) return el("li", {}, [el("span", { class: "host-player", text: c.name }), kick.root]);
        const to = otherTeam(c.team);
        const move = el("button", { type: "button", text: `Move to ${teamName(to)}`, title: `Put ${c.name} on ${teamName(to)}`, "data-testid": "host-move" });
        move.addEventListener("click", () => this.session.send(ToServer.Team, { team: to, sessionId: id }));
        return el("li", { "data-team": String(c.team) }, [el("span", { class: "host-player" }, [teamSwatch(c.team), c.name]), el("span", { class: "host-player-actions" }, [move, kick.root])]);
      });
    this.players.replaceChildren(...(items.length ? items : [el("li", { class: "muted", text: "Nobody else yet." })]));
  }
}
