// A player as the page is one, without a browser: the page's own flow (game/PageFlow) over the
// page's own matchmaking calls (game/net/connect), against a server or a balancer, in Node.
// What the fault tests and benches need of many players at once: when each was in play, when
// not, what the page said meanwhile, and whether its room kept ticking.

import type { Room } from "@colyseus/sdk";
import { type FlowState, PageFlow } from "../game/PageFlow";
import { matchmakingAt } from "../game/net/connect";
import type { ChatLine } from "../shared/net/chat";
import { onMessage, sendMessage, ToClient, ToServer } from "../shared/net/messages";
import type { ArenaState } from "../shared/schema/ArenaState";

type ArenaRoom = Room<ArenaState>;

export interface Outage {
  /** When the room the player was playing in closed on them. */
  from: number;
  /** When they were playing again (undefined: not yet). */
  to?: number;
  /** The room that closed. */
  roomId: string;
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
  /** Chat lines this player said (see talk()), and which came back to it. */
  readonly said: { text: string; at: number; roomId: string }[] = [];
  readonly heard = new Set<string>();
  private talking: ReturnType<typeof setInterval> | undefined;

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

  /**
   * Says a line in the room's chat every `everyMs` while playing: the room sends each line to
   * everyone in it, the sayer too, so a line that never comes back was lost.
   */
  talk(everyMs: number): void {
    let n = 0;
    this.talking = setInterval(() => {
      const room = this.room;
      if (!room || !this.playing) return;
      const text = `${this.name} #${++n}`;
      this.said.push({ text, at: Date.now(), roomId: room.roomId });
      sendMessage(room, ToServer.Chat, text);
    }, everyMs);
  }

  /**
   * Lines said in a room that stayed open at least `graceMs` afterwards and never came back:
   * messages a running room lost. (A line said just before the room closed may die with it.)
   */
  lostLines(graceMs = 2000): string[] {
    const closedAt = (roomId: string) => this.outages.find((o) => o.roomId === roomId)?.from ?? Number.POSITIVE_INFINITY;
    return this.said.filter((l) => !this.heard.has(l.text) && closedAt(l.roomId) - l.at >= graceMs && Date.now() - l.at >= graceMs).map((l) => l.text);
  }

  /** Leaves for good. */
  async leave(): Promise<void> {
    clearInterval(this.talking);
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
    onMessage(room, ToClient.Chat, (line: ChatLine) => this.heard.add(line.text));
    room.onLeave((code) => {
      if (this.room !== room || this.flow.state.kind !== "playing") return;
      this.outages.push({ from: Date.now(), code, roomId: room.roomId });
      this.flow.send({ type: "closed", room, code, playing: true });
    });
  }
}

/** Resolves once a room's first full state is here (the page's arena starts from it). */
function fullState(room: ArenaRoom): Promise<void> {
  if (room.state?.tick > 0) return Promise.resolve();
  return new Promise((resolve) => room.onStateChange.once(() => resolve()));
}
