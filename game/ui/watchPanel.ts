// For watchers: whom the camera follows (click a name, or Q/E to cycle), a free camera
// (WASD or drag, wheel to zoom), or the whole arena at once. For players: a way to step
// out and watch. Either way, a watcher may take a free seat.

import { ToServer } from "../../shared/net/messages";
import { type ArenaState, type Craft, CraftStatus } from "../../shared/schema/ArenaState";
import type { ArenaSession } from "../net/ArenaSession";
import { colourOf, cssColour } from "../render/palette";
import { el, isEditing, setText } from "./dom";

export type ViewMode = { kind: "own" } | { kind: "follow"; id: string } | { kind: "free" } | { kind: "overview" };

export class WatchPanel {
  readonly root: HTMLElement;
  view: ViewMode = { kind: "own" };
  private readonly title: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly seatButton: HTMLButtonElement;
  private readonly watchButton: HTMLButtonElement;
  private readonly watcherTools: HTMLElement;
  private shownList = "";
  private readonly off: (() => void)[] = [];

  private get room() {
    return this.session.room;
  }

  constructor(private readonly session: ArenaSession) {
    this.title = el("div", { class: "watch-title", "data-testid": "watch-title" });
    this.list = el("ul", { class: "watch-list", "data-testid": "watch-list" });
    const button = (text: string, title: string, onClick: () => void, testid: string) => {
      const b = el("button", { text, title, "data-testid": testid });
      b.addEventListener("click", onClick);
      return b;
    };
    this.seatButton = button("Take a seat", "Play in this room", () => session.send(ToServer.TakeSeat, undefined), "take-seat");
    this.watchButton = button("Watch", "Step out of the game and watch", () => session.send(ToServer.Spectate, undefined), "step-out");
    this.watcherTools = el("div", { class: "watch-tools" }, [
      button("◀ Q", "Follow the previous player", () => this.cycle(-1), "follow-prev"),
      button("E ▶", "Follow the next player", () => this.cycle(1), "follow-next"),
      button("Overview", "See the whole arena (O)", () => (this.view = { kind: "overview" }), "overview"),
      button("Free camera", "Pan with WASD or drag, zoom with the wheel (F)", () => (this.view = { kind: "free" }), "free-camera"),
      this.seatButton,
    ]);
    this.root = el("div", { class: "watch-panel" }, [this.title, this.watcherTools, this.list, this.watchButton]);
    const onKey = (e: KeyboardEvent) => {
      if (!this.watching || isEditing(e.target)) return;
      if (e.code === "KeyQ") this.cycle(-1);
      else if (e.code === "KeyE") this.cycle(1);
      else if (e.code === "KeyO") this.view = { kind: "overview" };
      else if (e.code === "KeyF") this.view = { kind: "free" };
    };
    window.addEventListener("keydown", onKey);
    this.off.push(() => window.removeEventListener("keydown", onKey));
  }

  get watching(): boolean {
    return !this.room.state.crafts.has(this.room.sessionId);
  }

  follow(id: string): void {
    if (this.watching) this.view = { kind: "follow", id };
  }

  private players(): [string, Craft][] {
    return [...this.room.state.crafts.entries()].sort(([, a], [, b]) => a.slot - b.slot);
  }

  private cycle(step: number): void {
    const ids = this.players().map(([id]) => id);
    if (ids.length === 0) return;
    const current = this.view.kind === "follow" ? ids.indexOf(this.view.id) : -1;
    this.view = { kind: "follow", id: ids[(current + step + ids.length) % ids.length] };
  }

  /** Called a few times a second. */
  update(): void {
    const s = this.room.state;
    const watching = this.watching;
    this.root.classList.toggle("watching", watching);
    this.watcherTools.hidden = !watching;
    this.list.hidden = !watching;
    this.watchButton.hidden = watching;
    this.seatButton.disabled = s.locked || this.humanPlayers() >= s.maxPlayers;
    if (!watching) {
      this.view = { kind: "own" };
      setText(this.title, "");
      return;
    }
    if (this.view.kind === "own" || (this.view.kind === "follow" && !s.crafts.has(this.view.id))) {
      const first = this.players()[0];
      this.view = first ? { kind: "follow", id: first[0] } : { kind: "overview" };
    }
    const followed = this.view.kind === "follow" ? s.crafts.get(this.view.id)?.name : undefined;
    const what = followed ? `following ${followed}` : this.view.kind === "free" ? "free camera" : "whole arena";
    setText(this.title, `Watching · ${what} · ${s.watchers} watching`);
    const roster = this.players().map(([id, c]) => `${id}:${c.name}:${c.slot}`).join("|");
    if (roster !== this.shownList) {
      this.shownList = roster;
      this.list.replaceChildren(
        ...this.players().map(([id, c]) => {
          const b = el("button", { class: "watch-name", text: c.name, "data-testid": "follow-player" });
          b.style.borderColor = cssColour(colourOf(c.slot));
          b.addEventListener("click", () => this.follow(id));
          return el("li", {}, [b]);
        }),
      );
    }
  }

  private humanPlayers(): number {
    let n = 0;
    for (const c of this.room.state.crafts.values()) if (!(c.status & CraftStatus.Bot)) n++;
    return n;
  }

  dispose(): void {
    for (const off of this.off) off();
    this.root.remove();
  }
}

