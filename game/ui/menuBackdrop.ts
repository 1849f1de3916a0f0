// The game behind the menu: a live, quiet, dimmed view of the busiest public room while the
// landing page shows, on screens big enough to enjoy it. It costs little: a watcher the
// server does not announce or count, no HUD, no sound, a low frame rate, and it leaves the
// room while the tab is hidden. It is gone the moment the player joins a game. Phones and
// small screens get nothing (nor do players who asked their system for less motion).

import type { Room } from "@colyseus/sdk";
import type { ArenaState } from "../../shared/schema/ArenaState";
import { joinBackdrop, type RoomSummary } from "../net/connect";
import type { Backdrop } from "../scenes/startArena";

type ArenaModule = typeof import("../scenes/startArena");

/** Where a live backdrop is not worth its cost, or not wanted. */
const NOT_HERE = "(pointer: coarse), (max-width: 899px), (max-height: 499px), (prefers-reduced-motion: reduce)";
/** A room that would not let the backdrop in is not asked again for this long. */
const REFUSED_MS = 30_000;

export class MenuBackdrop {
  private wanted = false;
  private rooms: RoomSummary[] = [];
  private showing?: { roomId: string; backdrop: Backdrop };
  /** A join under way (its room's id). */
  private joining?: string;
  private readonly refused = new Map<string, number>();
  private readonly notHere = matchMedia(NOT_HERE);

  constructor(
    /** The arena's element: the game's canvas lives there, shown dimmed behind the menu. */
    private readonly parent: HTMLElement,
    private readonly arena: Promise<ArenaModule>,
  ) {
    document.addEventListener("visibilitychange", () => this.decide());
    this.notHere.addEventListener("change", () => this.decide());
  }

  /** The landing page is showing (true), or the player is on their way into a game (false). */
  show(on: boolean): void {
    this.wanted = on;
    this.decide();
  }

  /** The public rooms, as the landing page's list last heard them (busiest first). */
  offer(rooms: RoomSummary[]): void {
    this.rooms = rooms;
    this.decide();
  }

  /** The landing page shows, on a screen big enough, in a tab the player is looking at. */
  private get wantedHere(): boolean {
    return this.wanted && document.visibilityState === "visible" && !this.notHere.matches;
  }

  private decide(): void {
    const room = this.wantedHere ? this.pick() : undefined;
    if (this.showing && this.showing.roomId !== room) this.stop();
    if (room && !this.showing && this.joining === undefined) void this.join(room);
  }

  /** The room shown now while it still has players, else the busiest with any. */
  private pick(): string | undefined {
    const now = Date.now();
    const live = this.rooms.filter((r) => r.players > 0 && (this.refused.get(r.id) ?? 0) < now);
    return live.find((r) => r.id === this.showing?.roomId)?.id ?? live[0]?.id;
  }

  private async join(roomId: string): Promise<void> {
    this.joining = roomId;
    let room: Room<ArenaState> | undefined;
    try {
      const [arena, joined] = await Promise.all([this.arena, joinBackdrop(roomId)]);
      room = joined;
      // The player pressed Play (or hid the tab) meanwhile: not wanted any more.
      if (!this.wantedHere) {
        void room.leave(true).catch(() => undefined);
        return;
      }
      // Shown first: the game sizes its canvas to the element as the backdrop starts.
      this.parent.classList.add("backdrop");
      this.parent.hidden = false;
      const backdrop = arena.startBackdrop(room, this.parent);
      this.showing = { roomId, backdrop };
      room.onLeave(() => {
        if (this.showing?.backdrop !== backdrop) return;
        // The room ended, or the connection did: look again at the next room list.
        this.stop();
      });
    } catch {
      // Nothing to tell the player: the menu works without it. Not this room again for a while.
      this.refused.set(roomId, Date.now() + REFUSED_MS);
      if (room) void room.leave(true).catch(() => undefined);
    } finally {
      this.joining = undefined;
    }
    this.decide();
  }

  private stop(): void {
    const showing = this.showing;
    if (!showing) return;
    this.showing = undefined;
    showing.backdrop.stop();
    // (An arena may have the element by now: it is only ours while it has the class.)
    if (!this.parent.classList.contains("backdrop")) return;
    this.parent.classList.remove("backdrop");
    this.parent.hidden = true;
  }
}
