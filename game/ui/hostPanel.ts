// The host's controls for a private room: settings, lock, restart and kick (which asks
// first: a kicked player is kept out for a while). The server checks every one of them;
// this panel only asks. Folded away until the host opens it.

import { GAME } from "../../shared/config";
import { MAPS } from "../../shared/maps";
import { ToServer } from "../../shared/net/messages";
import { type RoomSettings, SETTING_RANGES } from "../../shared/net/settings";
import { type ArenaState, CraftStatus } from "../../shared/schema/ArenaState";
import type { ArenaSession } from "../net/ArenaSession";
import { ConfirmButton } from "./confirm";
import { el } from "./dom";

export class HostPanel {
  readonly root: HTMLDetailsElement;
  private readonly form: HTMLFormElement;
  private readonly players: HTMLUListElement;
  private readonly fields: {
    map: HTMLSelectElement;
    scoreLimit: HTMLInputElement;
    timeLimit: HTMLInputElement;
    maxPlayers: HTMLInputElement;
    bots: HTMLInputElement;
    locked: HTMLInputElement;
  };
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
      map: el("select", { name: "map", "data-testid": "host-map" }, Object.values(MAPS).map((m) => el("option", { value: m.id, text: m.name }))),
      scoreLimit: number("scoreLimit"),
      timeLimit: number("timeLimit", 60),
      maxPlayers: number("maxPlayers"),
      bots: el("input", { type: "checkbox", name: "bots", "data-testid": "host-bots" }),
      locked: el("input", { type: "checkbox", name: "locked", "data-testid": "host-locked" }),
    };
    const label = (text: string, field: HTMLElement) => el("label", {}, [el("span", { text }), field]);
    const apply = el("button", { type: "submit", class: "primary", text: "Apply", "data-testid": "host-apply" });
    const restart = el("button", { type: "button", text: "Restart match", "data-testid": "host-restart" });
    restart.addEventListener("click", () => session.send(ToServer.Restart, undefined));
    this.form = el("form", { class: "host-form" }, [
      label("Map", this.fields.map),
      label("Score limit", this.fields.scoreLimit),
      label("Time limit (min)", this.fields.timeLimit),
      label("Max players", this.fields.maxPlayers),
      label("Bots", this.fields.bots),
      label("Locked", this.fields.locked),
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
    if (f.map.value !== s.map) out.map = f.map.value;
    const score = Number(f.scoreLimit.value);
    if (score !== s.scoreLimit) out.scoreLimit = score;
    const minutes = Math.round(Number(f.timeLimit.value) * 60);
    if (minutes !== s.timeLimit) out.timeLimit = minutes;
    const max = Number(f.maxPlayers.value);
    if (max !== s.maxPlayers) out.maxPlayers = max;
    if (f.bots.checked !== s.bots) out.bots = f.bots.checked;
    if (f.locked.checked !== s.locked) out.locked = f.locked.checked;
    return out;
  }

  private fill(): void {
    const s = this.room.state;
    const f = this.fields;
    f.map.value = s.map;
    f.scoreLimit.value = String(s.scoreLimit);
    f.timeLimit.value = String(Math.round(s.timeLimit / 60));
    f.maxPlayers.value = String(s.maxPlayers);
    f.bots.checked = s.bots;
    f.locked.checked = s.locked;
  }

  /** Called a few times a second: shows the panel to the host only, and keeps the player list current. */
  update(): void {
    const s = this.room.state;
    const isHost = s.hostId === this.room.sessionId;
    this.root.hidden = !isHost;
    if (!isHost) return;
    const roster = [...s.crafts.entries()]
      .filter(([, c]) => !(c.status & CraftStatus.Bot))
      .map(([id, c]) => `${id}:${c.name}`)
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
        return el("li", {}, [el("span", { class: "host-player", text: c.name }), kick.root]);
      });
    this.players.replaceChildren(...(items.length ? items : [el("li", { class: "muted", text: "Nobody else yet." })]));
  }
}
