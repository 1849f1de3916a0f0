// The page's flow as a state machine: the menu, joining, playing, getting back in after a
// drop, finding another game after a server restart, and the notices that say what went
// wrong with a way out. It touches neither the DOM nor Phaser: the page (main.ts) feeds it
// the player's actions and the room's close codes and shows each state; the joins, the
// arena and time are handed in, so the unit tests drive it with fakes.

import { GAME } from "../shared/config";
import type { Team } from "../shared/maps/types";
import { ErrorCode, KICKED, MATCHMAKING_BUSY } from "../shared/net/messages";

export { KICKED };
import { normalizeCode } from "../shared/net/roomCode";
import { JoinError, type JoinFailure } from "./net/connect";

/** How long a public player is kept waiting for a restarting server before we give up. */
export const RESTART_WAIT_MS = 60_000;
/** Between tries for another game while the server restarts. */
export const FIND_GAME_EVERY_MS = 1000;
/** Between tries while matchmaking is busy (the servers' shared Redis is away); given up after RESTART_WAIT_MS. */
export const BUSY_RETRY_MS = 1000;

/** The wait after a failed attempt to get back in: 300 ms, doubling, at most 3 s. */
export function retryDelay(attempt: number): number {
  return Math.min(3000, 300 * 2 ** (attempt - 1));
}

/** What the flow needs of a joined room (a Colyseus Room<ArenaState> is one). */
export interface JoinedRoom {
  readonly reconnectionToken: string;
  /** `code` is empty in public rooms; `reconnectSeconds` is how long the server holds a dropped seat. */
  readonly state: { readonly code: string; readonly reconnectSeconds: number };
  leave(consented?: boolean): Promise<unknown>;
}

/** A room to join or watch: a row of the room list, or the room a code named (`team`: the one its invite link asked for). */
export interface RoomTarget {
  id: string;
  code?: string;
  team?: Team;
}

/**
 * The room an invite link names, and the team it puts a player on if it names one;
 * `mainButton`: a newcomer picks a name, then the main button joins it.
 */
export interface Invitation {
  code: string;
  watch: boolean;
  team?: Team;
  mainButton: boolean;
}

/** What a notice offers besides closing it. */
export type NoticeAction = { kind: "reload" } | { kind: "watch"; room: RoomTarget };

/** Where the page is. Each state is a value: a new step of the flow is a new object. */
export type FlowState<R> =
  /** The menu; `status` is its one-line message (an invitation, a mistyped code). */
  | { kind: "landing"; status: string }
  /**
   * Joining: `join` is the join under way (the loading bar follows it), absent while a
   * room code is looked up; `code` is the room's code, when it was named by one. Should it
   * fail: `watchInstead` is offered for a full or locked room; `arrival` means this was the
   * seat saved before a reload, and the arrival goes on.
   */
  | { kind: "joining"; text: string; join?: Promise<unknown>; watchInstead?: RoomTarget; arrival?: Arrival; code?: string; busySince?: number }
  /** `moved`: the one line that says why this is another game than the one the player was in. */
  | { kind: "playing"; room: R; moved?: string }
  /** The player pressed Leave; the menu shows once the server has let them go. */
  | { kind: "leaving"; room: R }
  /** The connection dropped: retrying until `deadline`, the end of the server's `seconds`. */
  | { kind: "reconnecting"; room: R; token: string; attempt: number; deadline: number; seconds: number; replaceable: boolean }
  /** The room ended with its server: a public player is put in another game once one answers. */
  | { kind: "finding-another-game"; title: string; deadline: number; moved: string }
  /**
   * A message on the menu (a failed join, a kick, a lost connection). It is shown over the
   * menu itself, so it is closed, not left "back to the menu".
   */
  | { kind: "notice"; title: string; text: string; action?: NoticeAction; status?: string };

/** How the page was opened: a seat saved before a reload, an invite link, a name already chosen. */
export interface Arrival {
  /** The saved seat's reconnection token. */
  seat?: string;
  invite?: { code: string; watch: boolean; team?: Team };
  named: boolean;
}

/** The team an invite link's `team` parameter names (0 or 1), if it names one. */
export function teamFromLink(value: string | null): Team | undefined {
  return value === "0" || value === "1" ? (Number(value) as Team) : undefined;
}

/** What the page tells the flow. */
export type PageEvent<R> =
  | { type: "arrive"; arrival: Arrival }
  | { type: "quick-play" }
  | { type: "create-private" }
  | { type: "join-by-code"; code: string }
  | { type: "join"; room: RoomTarget }
  | { type: "watch"; room: RoomTarget }
  /** The HUD's Leave button. */
  | { type: "leave" }
  /** "Back to the menu", on a notice or on the overlay. */
  | { type: "back" }
  /** The room's connection closed with this code; `playing`: the player had a craft (a watcher has none). */
  | { type: "closed"; room: R; code: number; playing: boolean };

/** What the flow's own effects report back: each answers the step that asked. */
type Answer<R> =
  /** A join, rejoin or quick play succeeded, and the arena can start at once. */
  | { type: "joined"; room: R }
  | { type: "found"; room: RoomTarget }
  | { type: "failed"; error: unknown }
  /** A wait between attempts is over. */
  | { type: "retry" }
  /** The time allowed has passed. */
  | { type: "deadline" }
  /** The server has let the player go. */
  | { type: "left" };

export interface Joins<R> {
  quickPlay(): Promise<R>;
  createPrivate(): Promise<R>;
  findRoom(code: string): Promise<{ id: string }>;
  /** `team`: the team asked for (a team's invite link); given only when there is one. */
  joinRoom(roomId: string, watch: boolean, team?: Team): Promise<R>;
  rejoin(token: string): Promise<R>;
}

export interface Arena<R> {
  /** Resolves once the arena can start for this room (its full state and the game's code are here). */
  ready(room: R): Promise<void>;
  /** Starts the arena for this room, in place of any before it, and remembers the seat; `moved`: a line to show in it. */
  start(room: R, moved?: string): void;
  /** Out of the room for good: the arena stops and the saved seat is forgotten. */
  stop(): void;
}

export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel. */
  after(ms: number, fn: () => void): () => void;
}

export interface FlowView<R> {
  show(state: FlowState<R>): void;
  /** The invitation was taken up or forgotten. */
  invitation(invite: Invitation | undefined): void;
}

export interface FlowEffects<R> {
  join: Joins<R>;
  arena: Arena<R>;
  clock: Clock;
  view: FlowView<R>;
}

export const FAILURE_TITLES: Record<JoinFailure, string> = {
  unreachable: "Can't reach the server",
  full: "This room is full",
  locked: "This room is locked",
  gone: "No such room",
  kicked: "Removed from the room",
  outdated: "This page is out of date",
  refused: "Could not join",
  busy: "Matchmaking is busy",
};

/** The line a public player reads in the game they were moved into. */
export const MOVED = {
  restart: "Your server restarted, so you are in a new game.",
  lost: "Your room ended with its server, so you are in a new game.",
} as const;

export const BAD_CODE = "A room code is 6 letters and digits, like 7KX2QF.";

/** What an invite link whose room is not there says, at once, before the player types a name. */
export function inviteGoneText(code: string): string {
  return `The invite link is for room ${code}, which does not exist or has ended. Ask for a new link, or press Quick Play to play now.`;
}

/** What the menu says while an invite link's room is looked up, and once it is found. */
export function invitationText(invite: Invitation, state: "checking" | "found"): string {
  const code = invite.code.toUpperCase();
  if (state === "checking") return `Looking for room ${code}…`;
  const what = invite.watch ? "watch" : invite.team !== undefined ? `play for ${GAME.teams[invite.team]} in` : "play in";
  return `You are invited to ${what} room ${code}. Type your name, then press ${mainButtonLabel(invite)}.`;
}

/** The main button's words: Quick Play, or the room an invite link names. */
export function mainButtonLabel(invite: Invitation | undefined): string {
  if (!invite?.mainButton) return "Quick Play";
  return invite.watch ? "Watch room" : "Join room";
}

/** The overlay's words over the frozen arena, in the states that show it. */
export function overlayText(state: FlowState<unknown>): string | undefined {
  if (state.kind === "reconnecting") return `Connection lost. Reconnecting… (attempt ${state.attempt})`;
  if (state.kind === "finding-another-game") return `${state.title}. Getting you back into a game…`;
  return undefined;
}

const notice = <R>(title: string, text: string, action?: NoticeAction): FlowState<R> => ({ kind: "notice", title, text, action });
const landing = <R>(status = ""): FlowState<R> => ({ kind: "landing", status });

export class PageFlow<R extends JoinedRoom> {
  private current: FlowState<R> = landing();
  private invite: Invitation | undefined;
  /** What the joining step asked, to ask again while matchmaking is busy. */
  private again: (() => void) | undefined;
  /** Bumped with every new step: an answer or a timer from an earlier step is stale. */
  private step = 0;
  private timers: (() => void)[] = [];

  constructor(private readonly fx: FlowEffects<R>) {}

  get state(): FlowState<R> {
    return this.current;
  }

  get invitation(): Invitation | undefined {
    return this.invite;
  }

  send(event: PageEvent<R>): void {
    const s = this.current;
    const atMenu = s.kind === "landing" || s.kind === "notice";
    switch (event.type) {
      case "arrive":
        if (s.kind === "landing" && this.step === 0) this.arrive(event.arrival);
        return;
      case "quick-play":
        if (!atMenu) return;
        if (this.invite?.mainButton) return this.joinByCode(this.invite.code);
        return this.enter(() => this.fx.join.quickPlay(), "Finding an arena…");
      case "create-private":
        if (atMenu) this.enter(() => this.fx.join.createPrivate(), "Opening a private room…");
        return;
      case "join-by-code":
        if (atMenu) this.joinByCode(event.code);
        return;
      case "join":
        if (atMenu) this.joinRoom(event.room, false);
        return;
      case "watch":
        if (atMenu) this.joinRoom(event.room, true);
        return;
      case "leave":
        if (s.kind === "playing") this.leave(s.room);
        return;
      case "back":
        if (s.kind !== "notice" && s.kind !== "reconnecting" && s.kind !== "finding-another-game") return;
        // From the overlay, the frozen arena goes too.
        if (s.kind !== "notice") this.fx.arena.stop();
        this.forgetInvitation();
        return this.go(landing());
      case "closed":
        if (s.kind === "playing" && s.room === event.room) this.closed(event.room, event.code, event.playing);
        return;
    }
  }

  // ---- the steps ------------------------------------------------------------------------

  /** A new step: whatever the one before was waiting for no longer counts. */
  private go(state: FlowState<R>): void {
    this.step++;
    this.again = undefined;
    for (const cancel of this.timers.splice(0)) cancel();
    this.show(state);
  }

  /** The same step, further along (another attempt): its deadline still stands. */
  private show(state: FlowState<R>): void {
    this.current = state;
    this.fx.view.show(state);
  }

  private arrive(arrival: Arrival): void {
    // Back into the game after a reload; if the seat is gone, on to the invitation or the menu.
    if (arrival.seat !== undefined) {
      const token = arrival.seat;
      return this.enter(() => this.fx.join.rejoin(token), "Getting you back into your game…", { arrival });
    }
    this.welcome(arrival);
  }

  private welcome({ invite, named }: Arrival): void {
    if (!invite) return this.go(landing());
    // A returning player goes straight in; a newcomer picks a name first.
    this.invite = { ...invite, mainButton: !named };
    this.fx.view.invitation(this.invite);
    if (named) return this.joinByCode(invite.code);
    const code = normalizeCode(invite.code);
    if (!code) return this.go(landing(BAD_CODE));
    // While they type, the code is checked: a link to a room that is not there says so at once,
    // not after the name is typed and Join pressed.
    this.go(landing(invitationText(this.invite, "checking")));
    this.ask(attempt(() => this.fx.join.findRoom(code)).then((r): Answer<R> => ({ type: "found", room: { id: r.id, code } })));
  }

  /** The invitation's room answered (or did not), while the newcomer is still at the menu. */
  private invitationChecked(a: Answer<R>): void {
    const invite = this.invite;
    if (!invite) return;
    if (a.type === "found") return this.go(landing(invitationText(invite, "found")));
    if (a.type !== "failed") return;
    if (a.error instanceof JoinError && a.error.reason === "gone") {
      this.forgetInvitation();
      return this.go(notice(FAILURE_TITLES.gone, inviteGoneText(invite.code.toUpperCase())));
    }
    // Unreachable, refused: say so; the invitation stays, and Join tries again.
    this.failed(a.error);
  }

  private forgetInvitation(): void {
    this.invite = undefined;
    this.fx.view.invitation(undefined);
  }

  private joinByCode(raw: string): void {
    const code = normalizeCode(raw);
    if (!code) {
      const s = this.current;
      return this.go(s.kind === "notice" ? { ...s, status: BAD_CODE } : landing(BAD_CODE));
    }
    this.go({ kind: "joining", text: `Looking for room ${code}…`, code });
    this.again = () => this.ask(attempt(() => this.fx.join.findRoom(code)).then((r): Answer<R> => ({ type: "found", room: { id: r.id, code } })));
    this.again();
  }

  private joinRoom(room: RoomTarget, watch: boolean): void {
    const joining = room.code ? `Joining room ${room.code}` : "Joining";
    const team = watch ? undefined : room.team;
    const text = watch ? `${joining} to watch…` : team !== undefined ? `${joining} for ${GAME.teams[team]}…` : `${joining}…`;
    const join = team === undefined ? () => this.fx.join.joinRoom(room.id, watch) : () => this.fx.join.joinRoom(room.id, false, team);
    this.enter(join, text, { watchInstead: watch ? undefined : room, code: room.code });
  }

  /** The team the invitation asks for, if it is the invitation to room `code`. */
  private invitedTeam(code: string | undefined): Team | undefined {
    const invite = this.invite;
    return invite && code !== undefined && normalizeCode(invite.code) === code ? invite.team : undefined;
  }

  /** Joins from the menu, the loading bar showing meanwhile. */
  private enter(join: () => Promise<R>, text: string, more: { watchInstead?: RoomTarget; arrival?: Arrival; code?: string } = {}): void {
    const joining = attempt(join);
    this.go({ kind: "joining", text, join: joining, ...more });
    this.askToJoin(joining);
    this.again = () => {
      const again = attempt(join);
      this.show({ ...(this.current as Extract<FlowState<R>, { kind: "joining" }>), join: again });
      this.askToJoin(again);
    };
  }

  private play(room: R, moved?: string): void {
    // The page is shown before the arena starts: the game sizes itself to a visible parent.
    if (moved) {
      this.go({ kind: "playing", room, moved });
      return this.fx.arena.start(room, moved);
    }
    this.go({ kind: "playing", room });
    this.fx.arena.start(room);
  }

  private leave(room: R): void {
    this.fx.arena.stop();
    this.forgetInvitation();
    this.go({ kind: "leaving", room });
    this.ask(room.leave(true).then(
      (): Answer<R> => ({ type: "left" }),
      (): Answer<R> => ({ type: "left" }),
    ));
  }

  /** The room's connection closed: the code says whether it is worth getting back in. */
  private closed(room: R, code: number, playing: boolean): void {
    if (code === ErrorCode.Kicked) {
      this.fx.arena.stop();
      return this.go(notice("Removed from the room", KICKED));
    }
    if (code === ErrorCode.Abuse) {
      this.fx.arena.stop();
      return this.go(notice("Disconnected", "The server refused too many malformed messages from this page. Reload it to play again."));
    }
    if (code === 1000 || code === 4000) {
      this.fx.arena.stop();
      return this.go(landing());
    }
    // Public rooms are everywhere alike: a player whose room is gone is put in another one.
    // A private room, and what a watcher was watching, cannot be replaced.
    const replaceable = !room.state.code && playing;
    if (code === ErrorCode.ServerRestarting) {
      this.fx.arena.stop();
      return this.findAnotherGame(replaceable, "The server is restarting", "The room you were in ended with it. In a moment you can start or join another one.", MOVED.restart);
    }
    // Anything else dropped us: retry for as long as THIS server holds the seat (its RECONNECT_SECONDS).
    const seconds = room.state.reconnectSeconds;
    const deadline = this.fx.clock.now() + seconds * 1000;
    this.go({ kind: "reconnecting", room, token: room.reconnectionToken, attempt: 1, deadline, seconds, replaceable });
    this.after(seconds * 1000, { type: "deadline" });
    this.rejoin();
  }

  private rejoin(): void {
    const s = this.current;
    if (s.kind !== "reconnecting") return;
    if (this.fx.clock.now() >= s.deadline) return this.connectionLost(s.seconds);
    this.askToJoin(attempt(() => this.fx.join.rejoin(s.token)));
  }

  private connectionLost(seconds: number): void {
    this.fx.arena.stop();
    this.go(
      notice("Connection lost", `Could not get back into the room: the server did not answer for ${Math.round(seconds)} seconds. Check your connection, then press Quick Play.`),
    );
  }

  /** The room is gone (with its server): put a public player in another game at once, or once a server answers. */
  private findAnotherGame(replaceable: boolean, title: string, cannotComeBack: string, moved: string): void {
    if (!replaceable) return this.go(notice(title, cannotComeBack));
    this.go({ kind: "finding-another-game", title, deadline: this.fx.clock.now() + RESTART_WAIT_MS, moved });
    this.after(RESTART_WAIT_MS, { type: "deadline" });
    // Other servers may be up this very moment (a fleet): ask at once.
    this.askToJoin(attempt(() => this.fx.join.quickPlay()));
  }

  /** Matchmaking is busy: say so and ask again shortly, for up to RESTART_WAIT_MS. */
  private busy(s: Extract<FlowState<R>, { kind: "joining" }>): void {
    const since = s.busySince ?? this.fx.clock.now();
    if (this.fx.clock.now() - since >= RESTART_WAIT_MS) {
      return this.go(notice(FAILURE_TITLES.busy, "The servers could not find you a game for a minute. Try again in a moment."));
    }
    this.show({ ...s, text: MATCHMAKING_BUSY, join: undefined, busySince: since });
    this.after(BUSY_RETRY_MS, { type: "retry" });
  }

  private failed(error: unknown, watchInstead?: RoomTarget): void {
    const failure = error instanceof JoinError ? error : new JoinError("refused", error instanceof Error ? error.message : String(error));
    let action: NoticeAction | undefined;
    if (failure.reason === "outdated") action = { kind: "reload" };
    if ((failure.reason === "full" || failure.reason === "locked") && watchInstead) action = { kind: "watch", room: watchInstead };
    this.go(notice(FAILURE_TITLES[failure.reason], failure.message, action));
  }

  // ---- the answers ----------------------------------------------------------------------

  private answered(a: Answer<R>): void {
    const s = this.current;
    switch (s.kind) {
      case "landing":
        return this.invitationChecked(a);
      case "joining":
        if (a.type === "found") {
          const team = this.invitedTeam(a.room.code);
          return this.joinRoom(team === undefined ? a.room : { ...a.room, team }, this.invite?.watch ?? false);
        }
        if (a.type === "joined") return this.play(a.room);
        if (a.type === "retry") return this.again?.();
        if (a.type !== "failed") return;
        if (a.error instanceof JoinError && a.error.reason === "busy" && this.again) return this.busy(s);
        // The invitation's room is not there: the main button goes back to Quick Play.
        if (s.code && a.error instanceof JoinError && a.error.reason === "gone" && normalizeCode(this.invite?.code ?? "") === s.code) this.forgetInvitation();
        if (!s.arrival) return this.failed(a.error, s.watchInstead);
        // The saved seat is gone: forget it, and go on as if the page had just opened.
        this.fx.arena.stop();
        return this.welcome({ ...s.arrival, seat: undefined });
      case "reconnecting":
        if (a.type === "joined") return this.play(a.room);
        if (a.type === "deadline") return this.connectionLost(s.seconds);
        if (a.type === "retry") {
          this.show({ ...s, attempt: s.attempt + 1 });
          return this.rejoin();
        }
        if (a.type !== "failed") return;
        // The server is there but the room is not (it restarted while we were away).
        if (a.error instanceof JoinError && a.error.reason === "gone") {
          this.fx.arena.stop();
          return this.findAnotherGame(s.replaceable, "Your room has ended", "It ended while you were disconnected. Start or join another one from here.", MOVED.lost);
        }
        return this.after(retryDelay(s.attempt), { type: "retry" });
      case "finding-another-game":
        if (a.type === "joined") return this.play(a.room, s.moved);
        if (a.type === "retry") return this.askToJoin(attempt(() => this.fx.join.quickPlay()));
        // Not back yet (or still on its way down): try again.
        if (a.type === "failed") return this.after(FIND_GAME_EVERY_MS, { type: "retry" });
        if (a.type === "deadline") return this.go(notice(s.title, "The server has not come back yet. Try again in a minute."));
        return;
      case "leaving":
        if (a.type === "left") this.go(landing());
        return;
    }
  }

  /** Hands an answer to the step that asked; a room joined for a step that has passed is left. */
  private answer(step: number, a: Answer<R>): void {
    if (step === this.step) return this.answered(a);
    if (a.type === "joined") leaveQuietly(a.room);
  }

  private ask(asking: Promise<Answer<R>>): void {
    const step = this.step;
    asking.then(
      (a) => this.answer(step, a),
      (error: unknown) => this.answer(step, { type: "failed", error }),
    );
  }

  /** A join, then the arena's readiness: the step that asked hears "joined" when it can start. */
  private askToJoin(joining: Promise<R>): void {
    const step = this.step;
    this.ask(
      joining.then(async (room): Promise<Answer<R>> => {
        if (step === this.step) {
          try {
            await this.fx.arena.ready(room);
          } catch (error) {
            leaveQuietly(room);
            return { type: "failed", error };
          }
        }
        return { type: "joined", room };
      }),
    );
  }

  private after(ms: number, a: Answer<R>): void {
    const step = this.step;
    this.timers.push(this.fx.clock.after(ms, () => this.answer(step, a)));
  }
}

/** Calls `fn`, turning a throw into a rejection. */
function attempt<T>(fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

function leaveQuietly(room: JoinedRoom): void {
  void room.leave(true).catch(() => undefined);
}
