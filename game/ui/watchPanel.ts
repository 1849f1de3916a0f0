// For watchers: whom the camera follows (click a name, or Q/E to cycle; in capture the flag,
// whoever carries a flag, C), a free camera (WASD or drag, wheel to zoom), or the whole arena
// at once, folded under a line that says what they watch; and a free seat to take. For
// players: giving up the seat to watch, which asks first (the craft and its score leave the
// match, and someone else may take the seat).

import { ToServer } from "../../shared/net/messages";
import { type ArenaState, type Craft, CraftStatus } from "../../shared/schema/ArenaState";
import type { ArenaSession } from "../net/ArenaSession";
import { cssColour } from "../render/palette";
import { craftColour } from "../render/teamLook";
import { ConfirmButton } from "./confirm";
import { el, isEditing, setText } from "./dom";
import { flagCarrierToFollow, modeOf } from "./matchText";

/**
 * What the camera shows. Following with `carrier` set goes from flag carrier to flag carrier
 * (staying on the last one while nobody carries a flag).
 */
export type ViewMode = { kind: "own" } | { kind: "follow"; id: string; carrier?: boolean } | { kind: "free" } | { kind: "overview" };

export class WatchPanel {
  readonly root: HTMLElement;
  view: ViewMode = { kind: "own" };
  private readonly title: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly seatButton: HTMLButtonElement;
  private readonly carrierButton: HTMLButtonElement;
  private readonly stepOut: ConfirmButton;
  /** The watcher's tools and the list of players, folded under the title. */
  readonly details: HTMLDetailsElement;
  private shownList = "";
  private readonly off: (() => void)[] = [];

  private get room() {
    return this.session.room;
  }

  constructor(private readonly session: ArenaSession) {
    this.title = el("span", { class: "watch-title", "data-testid": "watch-title" });
    this.list = el("ul", { class: "watch-list", "data-testid": "watch-list" });
    const button = (text: string, title: string, onClick: () => void, testid: string) => {
      const b = el("button", { text, title, "data-testid": testid });
      b.addEventListener("click", onClick);
      return b;
    };
    this.seatButton = button("Take a seat", "Play in this room", () => session.send(ToServer.TakeSeat, undefined), "take-seat");
    this.stepOut = new ConfirmButton(
      {
        text: "Give up seat and watch",
        title: "Leave your craft and watch this room",
        question: "Give up your seat to watch? Your craft and score leave the match, and someone else (or a bot) may take the seat.",
        yes: "Give up seat",
        no: "Keep playing",
        testid: "step-out",
      },
      () => session.send(ToServer.Spectate, undefined),
    );
    this.carrierButton = button("Flag carrier (C)", "Follow whoever carries a flag (C)", () => this.followCarrier(), "follow-carrier");
    const tools = el("div", { class: "watch-tools" }, [
      button("◀ Q", "Follow the previous player", () => this.cycle(-1), "follow-prev"),
      button("E ▶", "Follow the next player", () => this.cycle(1), "follow-next"),
      this.carrierButton,
      button("Overview", "See the whole arena (O)", () => (this.view = { kind: "overview" }), "overview"),
      button("Free camera", "Pan with WASD or drag, zoom with the wheel (F)", () => (this.view = { kind: "free" }), "free-camera"),
    ]);
    this.details = el("details", { class: "watch-details panel-lite", "data-testid": "watch-panel" }, [el("summary", {}, [this.title]), tools, this.list]);
    this.root = el("div", { class: "watch-panel" }, [this.details, this.seatButton, this.stepOut.root]);
    const onKey = (e: KeyboardEvent) => {
      if (!this.watching || isEditing(e.target)) return;
      if (e.code === "KeyQ") this.cycle(-1);
      else if (e.code === "KeyE") this.cycle(1);
      else if (e.code === "KeyO") this.view = { kind: "overview" };
      else if (e.code === "KeyF") this.view = { kind: "free" };
      else if (e.code === "KeyC") this.followCarrier();
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

  /** Follows the flag carrier from now on; with nobody carrying yet, whoever is followed now (or the first player). */
  followCarrier(): void {
    if (!this.watching || modeOf(this.room.state) !== "ctf") return;
    const now = this.view.kind === "follow" ? this.view.id : undefined;
    const id = flagCarrierToFollow(this.room.state, now) ?? now ?? this.players()[0]?.[0];
    if (id) this.view = { kind: "follow", id, carrier: true };
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
    this.details.hidden = !watching;
    this.seatButton.hidden = !watching;
    this.stepOut.root.hidden = watching;
    if (watching && this.stepOut.open) this.stepOut.reset();
    this.seatButton.disabled = s.locked || this.humanPlayers() >= s.maxPlayers;
    this.seatButton.title = s.locked ? "The host has locked this room" : this.seatButton.disabled ? "No free seat" : "Play in this room";
    if (!watching) {
      this.view = { kind: "own" };
      setText(this.title, "");
      return;
    }
    const ctf = modeOf(s) === "ctf";
    this.carrierButton.hidden = !ctf;
    if (this.view.kind === "follow" && this.view.carrier) {
      // On to whoever carries a flag now; nobody does: stay on the last one while they are here.
      if (!ctf) this.view = { kind: "follow", id: this.view.id };
      else {
        const id = flagCarrierToFollow(s, this.view.id);
        if (id && id !== this.view.id) this.view = { kind: "follow", id, carrier: true };
      }
    }
    if (this.view.kind === "own" || (this.view.kind === "follow" && !s.crafts.has(this.view.id))) {
      const first = this.players()[0];
      const carrier = this.view.kind === "follow" && this.view.carrier;
      this.view = first ? { kind: "follow", id: first[0], carrier } : { kind: "overview" };
    }
    const followed = this.view.kind === "follow" ? s.crafts.get(this.view.id) : undefined;
    const carrying = followed !== undefined && s.flags.some((f) => f.carrier === followed.slot);
    const carrierView = this.view.kind === "follow" && this.view.carrier;
    this.carrierButton.setAttribute("aria-pressed", String(carrierView));
    // Short enough for one line: how many watch is on the room's line above.
    setText(
      this.title,
      followed
        ? `Watching ${followed.name}${carrying ? " · flag carrier" : carrierView ? " · no carrier now" : ""}`
        : `Watching · ${this.view.kind === "free" ? "free camera" : "whole arena"}`,
    );
    const roster = this.players().map(([id, c]) => `${id}:${c.name}:${c.slot}:${c.team}:${s.mode}`).join("|");
    if (roster !== this.shownList) {
      this.shownList = roster;
      this.list.replaceChildren(
        ...this.players().map(([id, c]) => {
          const b = el("button", { class: "watch-name", text: c.name, "data-testid": "follow-player" });
          b.style.borderColor = cssColour(craftColour(s, c));
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

