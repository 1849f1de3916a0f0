// A player as the page is one, without a browser: the page's own flow (game/PageFlow) over the
// page's own matchmaking calls (game/net/connect), against a server or a balancer, in Node.
// What the fault tests and benches need of many players at once: when each was in play, when
// not, what the page said meanwhile, and whether its room kept ticking.

import type { Room } from "@colyseus/sdk";
import { type FlowState, PageFlow } from "../game/PageFlow";
import { matchmakingAt } from "../game/net/connect";
import { ArenaState } from "../shared/schema/ArenaState";

type ArenaRoom = Room<ArenaState>;

export interface Outage {
  /** When the room the player was playing in closed on them. */
  from: number;
  /** When they were playing again (undefined: not yet). */
  to?: number;
  /** What closed it (a WebSocket close code). */
  code: number;
}

let players = 0;

export class PagePlayer {
  readonly flow: PageFlow<ArenaRoom>;
  /** Every state the page showed, with when. */
  readonly shown: { at: number; state: FlowState<ArenaRoom> }[] = [];
  /** The lines the page put in the chat on arriving in a game it was moved to. */
  readonly moved: string[] = [];
  readonly outages: Outage[] = [];
  /** The room played in now (the last one started). */
  room: ArenaRoom | undefined;
  /** Longest time between two patches of a room while playing in it (ms). */
  longestSilence = 0;
  private lastPatch = 0;

  constructor(
    server: string,
    readonly name = `Page${++players}`,
  ) {
    const key = `pageplayer-${process.pid}-${players}-${Math.random().toString(36).slice(2)}`;
    const mm = matchmakingAt(server, { key: () => key, identity: () => ({}) });
    this.flow = new PageFlow<ArenaRoom>({
      join: {
        quickPlay: () => mm.quickPlay(this.name),
        createPrivate: () => mm.createPrivateRoom(this.name),
        findRoom: (code) => mm.findRoomByCode(code),
        joinRoom: (id, watch, team) => mm.joinRoom(id, this.name, watch, team),
        rejoin: (token) => mm.rejoin(token),
      },
      arena: {
        ready: (room) => fullState(room),
        start: (room, moved) => this.start(room, moved),
        stop: () => undefined,
      },
      clock: {
        now: () => Date.now(),
        after(ms, fn) {
          const timer = setTimeout(fn, ms);
          return () => clearTimeout(timer);
        },
      },
      view: {
        show: (state) => this.shown.push({ at: Date.now(), state }),
        invitation: () => undefined,
      },
    });
  }

  get state(): FlowState<ArenaRoom> {
    return this.flow.state;
  }

  get playing(): boolean {
    return this.flow.state.kind === "playing";
  }

  /** What the page shows in words now (a joining text, an overlay, a notice's title). */
  get words(): string {
    const s = this.flow.state;
    if (s.kind === "joining") return s.text;
    if (s.kind === "notice") return `${s.title}: ${s.text}`;
    if (s.kind === "finding-another-game") return s.title;
    return s.kind;
  }

  /** Presses Quick Play (or another menu action) and resolves once playing. */
  async quickPlay(timeoutMs = 15_000): Promise<ArenaRoom> {
    this.flow.send({ type: "quick-play" });
    await this.until(() => this.playing, timeoutMs, "playing after Quick Play");
    return this.room!;
  }

  async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${this.name}: not ${what} within ${timeoutMs} ms (the page shows: ${this.words})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Leaves for good. */
  async leave(): Promise<void> {
    const s = this.flow.state;
    if (s.kind === "playing") {
      this.flow.send({ type: "leave" });
      await this.until(() => this.flow.state.kind === "landing", 5000, "back at the menu").catch(() => undefined);
    } else if (s.kind !== "landing") this.flow.send({ type: "back" });
  }

  private start(room: ArenaRoom, moved: string | undefined): void {
    const open = this.outages.at(-1);
    if (open && open.to === undefined) open.to = Date.now();
    this.room = room;
    if (moved) this.moved.push(moved);
    this.lastPatch = Date.now();
    room.onStateChange(() => {
      if (this.room !== room) return;
      const now = Date.now();
      this.longestSilence = Math.max(this.longestSilence, now - this.lastPatch);
      this.lastPatch = now;
    });
    room.onLeave((code) => {
      if (this.room !== room || this.flow.state.kind !== "playing") return;
      this.outages.push({ from: Date.now(), code });
      this.flow.send({ type: "closed", room, code, playing: true });
    });
  }
}

/** Resolves once a room's first full state is here (the page's arena starts from it). */
function fullState(room: ArenaRoom): Promise<void> {
  if (room.state?.tick > 0) return Promise.resolve();
  return new Promise((resolve) => room.onStateChange.once(() => resolve()));
}
