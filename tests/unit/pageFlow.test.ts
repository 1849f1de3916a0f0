import { describe, expect, it, vi } from "vitest";
import { JoinError } from "../../game/net/connect";
import {
  KICKED,
  type JoinedRoom,
  type Arrival,
  BAD_CODE,
  type Clock,
  FAILURE_TITLES,
  inviteGoneText,
  type FlowState,
  type Invitation,
  mainButtonLabel,
  MOVED,
  overlayText,
  PageFlow,
  teamFromLink,
} from "../../game/PageFlow";
import { ErrorCode, MATCHMAKING_BUSY } from "../../shared/net/messages";

// The page's flow from the player's side: what the page shows after each thing they do and
// each thing that happens to their connection. The server's answers, the arena and time are fakes.

class FakeRoom implements JoinedRoom {
  readonly leave = vi.fn(async (_consented?: boolean) => 4000);
  constructor(
    readonly state = { code: "", reconnectSeconds: 20 },
    readonly reconnectionToken = "seat-token",
  ) {}
}
const publicRoom = (reconnectSeconds = 20) => new FakeRoom({ code: "", reconnectSeconds });
const privateRoom = () => new FakeRoom({ code: "7KX2QF", reconnectSeconds: 20 });

/** Time that moves only when a test says so; answers on their way arrive between timers. */
class FakeClock implements Clock {
  private t = 0;
  private timers: { at: number; fn: () => void }[] = [];

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }

  /** Timers still waiting: a flow that has settled down leaves none behind. */
  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await settle();
  }
}

/** Lets every answer already on its way arrive. */
const settle = () => new Promise<void>((r) => setImmediate(r));

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(err: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const unreachable = () => new JoinError("unreachable", "The server did not answer. Check your connection and try again.");
const gone = () => new JoinError("gone", "That room has ended.");

/** A page, not yet arrived, over a server that lets every join in unless a test says otherwise. */
function newPage() {
  const clock = new FakeClock();
  const shown: FlowState<FakeRoom>[] = [];
  const invitations: (Invitation | undefined)[] = [];
  const join = {
    quickPlay: vi.fn(async () => publicRoom()),
    createPrivate: vi.fn(async () => privateRoom()),
    findRoom: vi.fn(async (code: string) => ({ id: `id-of-${code}` })),
    joinRoom: vi.fn(async (_id: string, _watch: boolean, _team?: 0 | 1) => publicRoom()),
    rejoin: vi.fn(async (_token: string) => publicRoom()),
  };
  const arena = { ready: vi.fn(async (_room: FakeRoom) => undefined), start: vi.fn((_room: FakeRoom) => undefined), stop: vi.fn() };
  const flow = new PageFlow<FakeRoom>({
    join,
    arena,
    clock,
    view: { show: (s) => shown.push(s), invitation: (i) => invitations.push(i) },
  });
  const page = {
    flow,
    clock,
    join,
    arena,
    shown,
    invitations,
    get state(): FlowState<FakeRoom> {
      return flow.state;
    },
    /** The room the player is in now (fails the test if they are not playing). */
    get room(): FakeRoom {
      expect(flow.state.kind).toBe("playing");
      return (flow.state as { room: FakeRoom }).room;
    },
    /** The overlay's words over the arena, if it shows. */
    get overlay(): string | undefined {
      return overlayText(flow.state);
    },
    get notice(): { title: string; text: string; action?: unknown } {
      expect(flow.state.kind).toBe("notice");
      return flow.state as { title: string; text: string; action?: unknown };
    },
    async arrive(arrival: Arrival): Promise<void> {
      flow.send({ type: "arrive", arrival });
      await settle();
    },
    async does(event: Parameters<typeof flow.send>[0]): Promise<void> {
      flow.send(event);
      await settle();
    },
    /** Quick Play from the menu, into a room like `room`. */
    async playIn(room: FakeRoom): Promise<void> {
      join.quickPlay.mockResolvedValueOnce(room);
      await page.does({ type: "quick-play" });
      expect(page.room).toBe(room);
    },
    /** The room's connection closes with `code`; `playing`: the player had a craft (a watcher has none). */
    async closes(code: number, playing = true): Promise<void> {
      await page.does({ type: "closed", room: page.room, code, playing });
    },
  };
  return page;
}

async function openPage(arrival: Arrival = { named: true }) {
  const page = newPage();
  await page.arrive(arrival);
  return page;
}

describe("arriving on the page", () => {
  it("shows the menu", async () => {
    const page = await openPage({ named: false });
    expect(page.state).toEqual({ kind: "landing", status: "" });
    expect(mainButtonLabel(page.flow.invitation)).toBe("Quick Play");
  });

  it("after a reload with a saved seat, gets the player back into their game", async () => {
    const page = await openPage({ seat: "saved-token", named: true });
    expect(page.shown[0]).toMatchObject({ kind: "joining", text: "Getting you back into your game…" });
    expect(page.join.rejoin).toHaveBeenCalledWith("saved-token");
    expect(page.arena.start).toHaveBeenCalledWith(page.room);
  });

  it("forgets a saved seat the server no longer holds, and goes on to the invite link without a notice", async () => {
    const page = newPage();
    page.join.rejoin.mockRejectedValueOnce(gone());
    await page.arrive({ seat: "old", invite: { code: "7kx2qf", watch: false }, named: true });
    expect(page.arena.stop).toHaveBeenCalled(); // which forgets the seat
    expect(page.shown.some((s) => s.kind === "notice")).toBe(false);
    expect(page.join.findRoom).toHaveBeenCalledWith("7KX2QF");
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", false);
    expect(page.state.kind).toBe("playing");
  });

  it("with a saved seat that cannot be reached and no invitation, shows the menu", async () => {
    const page = newPage();
    page.join.rejoin.mockRejectedValueOnce(unreachable());
    await page.arrive({ seat: "old", named: true });
    expect(page.state).toEqual({ kind: "landing", status: "" });
  });

  it("from an invite link, checks the room at once, then asks a newcomer for a name; the main button then joins that room", async () => {
    const page = newPage();
    const lookup = deferred<{ id: string }>();
    page.join.findRoom.mockReturnValueOnce(lookup.promise);
    await page.arrive({ invite: { code: "7kx2qf", watch: false }, named: false });
    expect(page.state).toEqual({ kind: "landing", status: "Looking for room 7KX2QF…" });
    expect(page.join.findRoom).toHaveBeenCalledWith("7KX2QF");
    lookup.resolve({ id: "id-of-7KX2QF" });
    await settle();
    expect(page.state).toEqual({ kind: "landing", status: "You are invited to play in room 7KX2QF. Type your name, then press Join room." });
    expect(page.invitations.at(-1)).toEqual({ code: "7kx2qf", watch: false, mainButton: true });
    expect(mainButtonLabel(page.flow.invitation)).toBe("Join room");
    expect(page.join.joinRoom).not.toHaveBeenCalled();

    page.flow.send({ type: "quick-play" });
    expect(page.state).toMatchObject({ kind: "joining", text: "Looking for room 7KX2QF…" });
    expect(page.state).not.toHaveProperty("join"); // no loading bar while the code is looked up
    await settle();
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", false);
    expect(page.join.quickPlay).not.toHaveBeenCalled();
    expect(page.state.kind).toBe("playing");
  });

  it("from a watch link, asks a newcomer for a name, then watches", async () => {
    const page = await openPage({ invite: { code: "7KX2QF", watch: true }, named: false });
    expect(page.state).toEqual({ kind: "landing", status: "You are invited to watch room 7KX2QF. Type your name, then press Watch room." });
    expect(mainButtonLabel(page.flow.invitation)).toBe("Watch room");
  });

  it("from a watch link, takes a returning player straight in to watch", async () => {
    const page = await openPage({ invite: { code: "7KX2QF", watch: true }, named: true });
    expect(page.shown.map((s) => s.kind === "joining" && s.text)).toEqual(["Looking for room 7KX2QF…", "Joining room 7KX2QF to watch…", false]);
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", true);
    expect(mainButtonLabel(page.flow.invitation)).toBe("Quick Play");
  });

  it("from an invite link to a room that is not there, says so at once, and the main button is Quick Play again", async () => {
    const page = newPage();
    page.join.findRoom.mockRejectedValueOnce(new JoinError("gone", "No room has the code ZZZZZZ."));
    await page.arrive({ invite: { code: "zzzzzz", watch: false }, named: false });
    expect(page.notice).toEqual({ kind: "notice", title: FAILURE_TITLES.gone, text: inviteGoneText("ZZZZZZ"), action: undefined });
    expect(page.notice.text).toBe("The invite link is for room ZZZZZZ, which does not exist or has ended. Ask for a new link, or press Quick Play to play now.");
    expect(page.invitations.at(-1)).toBeUndefined();
    expect(mainButtonLabel(page.flow.invitation)).toBe("Quick Play");
    await page.does({ type: "back" });
    await page.does({ type: "quick-play" });
    expect(page.join.quickPlay).toHaveBeenCalledTimes(1);
    expect(page.join.joinRoom).not.toHaveBeenCalled();
  });

  it("from an invite link while the server cannot be reached, says so and keeps the invitation for another try", async () => {
    const page = newPage();
    page.join.findRoom.mockRejectedValueOnce(unreachable());
    await page.arrive({ invite: { code: "7KX2QF", watch: false }, named: false });
    expect(page.notice.title).toBe("Can't reach the server");
    expect(mainButtonLabel(page.flow.invitation)).toBe("Join room");
    await page.does({ type: "quick-play" });
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", false);
  });

  it("a player pressing Join before the invitation's check answers is not interrupted by it", async () => {
    const page = newPage();
    const lookup = deferred<{ id: string }>();
    page.join.findRoom.mockReturnValueOnce(lookup.promise);
    await page.arrive({ invite: { code: "7KX2QF", watch: false }, named: false });
    await page.does({ type: "quick-play" });
    expect(page.state.kind).toBe("playing");
    lookup.resolve({ id: "id-of-7KX2QF" });
    await settle();
    expect(page.state.kind).toBe("playing");
  });

  it("from an invite link, takes a returning player straight in; a room that is gone forgets the link", async () => {
    const page = newPage();
    page.join.findRoom.mockRejectedValueOnce(new JoinError("gone", "No room has the code ZZZZZZ."));
    await page.arrive({ invite: { code: "ZZZZZZ", watch: false }, named: true });
    expect(page.notice.title).toBe("No such room");
    expect(page.invitations.at(-1)).toBeUndefined();
  });

  it("from a team's invite link, says which team, and joins on it", async () => {
    const page = await openPage({ invite: { code: "7kx2qf", watch: false, team: 1 }, named: false });
    expect(page.state).toEqual({ kind: "landing", status: "You are invited to play for Orange in room 7KX2QF. Type your name, then press Join room." });
    await page.does({ type: "quick-play" });
    expect(page.shown.some((s) => s.kind === "joining" && s.text === "Joining room 7KX2QF for Orange…")).toBe(true);
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", false, 1);
    expect(page.state.kind).toBe("playing");
  });

  it("from a team's invite link, takes a returning player straight in on that team", async () => {
    const page = await openPage({ invite: { code: "7KX2QF", watch: false, team: 0 }, named: true });
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", false, 0);
    expect(page.state.kind).toBe("playing");
  });

  it("asks for the link's team only in the room the link names (not in another code typed meanwhile)", async () => {
    const page = await openPage({ invite: { code: "7KX2QF", watch: false, team: 1 }, named: false });
    await page.does({ type: "join-by-code", code: "ab3def" });
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-AB3DEF", false);
  });

  it("offers a full team-link room to watch, and a watcher asks for no team", async () => {
    const page = newPage();
    page.join.joinRoom.mockRejectedValueOnce(new JoinError("full", "This room is full. You can still watch."));
    await page.arrive({ invite: { code: "7KX2QF", watch: false, team: 1 }, named: true });
    expect(page.notice.action).toMatchObject({ kind: "watch", room: { id: "id-of-7KX2QF" } });
    await page.does({ type: "watch", room: (page.notice.action as { room: { id: string; team?: 0 | 1 } }).room });
    expect(page.join.joinRoom).toHaveBeenLastCalledWith("id-of-7KX2QF", true);
  });

  it("reads a link's team as 0 or 1, and anything else as no team", () => {
    expect(teamFromLink("0")).toBe(0);
    expect(teamFromLink("1")).toBe(1);
    for (const other of [null, "", "2", "blue", "01", " 1"]) expect(teamFromLink(other)).toBeUndefined();
  });

  it("says what a room code looks like when the link's code cannot be one", async () => {
    const page = await openPage({ invite: { code: "nope", watch: false }, named: true });
    expect(page.state).toEqual({ kind: "landing", status: BAD_CODE });
    expect(page.join.findRoom).not.toHaveBeenCalled();
  });
});

describe("joining from the menu", () => {
  it("Quick Play finds an arena, the loading bar following the join, and the arena starts", async () => {
    const page = await openPage();
    page.flow.send({ type: "quick-play" });
    expect(page.state).toMatchObject({ kind: "joining", text: "Finding an arena…", join: expect.any(Promise) });
    await settle();
    expect(page.arena.ready).toHaveBeenCalledWith(page.room);
    expect(page.arena.start).toHaveBeenCalledWith(page.room);
  });

  it("waits for the arena to be ready before showing it", async () => {
    const page = await openPage();
    const ready = deferred<undefined>();
    page.arena.ready.mockReturnValueOnce(ready.promise);
    await page.does({ type: "create-private" });
    expect(page.state).toMatchObject({ kind: "joining", text: "Opening a private room…" });
    expect(page.arena.start).not.toHaveBeenCalled();
    ready.resolve(undefined);
    await settle();
    expect(page.room.state.code).toBe("7KX2QF");
  });

  it("ignores the menu's buttons while a join is under way", async () => {
    const page = await openPage();
    const slow = deferred<FakeRoom>();
    page.join.quickPlay.mockReturnValueOnce(slow.promise);
    page.flow.send({ type: "quick-play" });
    page.flow.send({ type: "quick-play" });
    page.flow.send({ type: "watch", room: { id: "other" } });
    expect(page.join.quickPlay).toHaveBeenCalledTimes(1);
    expect(page.join.joinRoom).not.toHaveBeenCalled();
    slow.resolve(publicRoom());
    await settle();
    expect(page.state.kind).toBe("playing");
  });

  it("says what a room code looks like, without asking the server, when one is mistyped", async () => {
    const page = await openPage();
    await page.does({ type: "join-by-code", code: "7KX" });
    expect(page.state).toEqual({ kind: "landing", status: BAD_CODE });
    expect(page.join.findRoom).not.toHaveBeenCalled();
  });

  it("joins a room by its code, whatever the case and spaces it was typed with", async () => {
    const page = await openPage();
    page.flow.send({ type: "join-by-code", code: " 7kx2qf " });
    expect(page.state).toMatchObject({ kind: "joining", text: "Looking for room 7KX2QF…" });
    await settle();
    expect(page.shown.at(-2)).toMatchObject({ kind: "joining", text: "Joining room 7KX2QF…" });
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", false);
    expect(page.state.kind).toBe("playing");
  });

  it("says so when a code matches no room", async () => {
    const page = await openPage();
    page.join.findRoom.mockRejectedValueOnce(new JoinError("gone", "No room has the code ZZZZZZ."));
    await page.does({ type: "join-by-code", code: "ZZZZZZ" });
    expect(page.notice).toEqual({ kind: "notice", title: "No such room", text: "No room has the code ZZZZZZ.", action: undefined });
  });

  it("says so when the room is full, and offers to watch instead", async () => {
    const page = await openPage();
    page.join.joinRoom.mockRejectedValueOnce(new JoinError("full", "This room is full. You can still watch."));
    await page.does({ type: "join-by-code", code: "7KX2QF" });
    expect(page.notice).toMatchObject({ title: "This room is full", text: "This room is full. You can still watch." });
    expect(page.notice.action).toEqual({ kind: "watch", room: { id: "id-of-7KX2QF", code: "7KX2QF" } });

    page.flow.send({ type: "watch", room: { id: "id-of-7KX2QF", code: "7KX2QF" } });
    expect(page.state).toMatchObject({ kind: "joining", text: "Joining room 7KX2QF to watch…" });
    await settle();
    expect(page.join.joinRoom).toHaveBeenLastCalledWith("id-of-7KX2QF", true);
    expect(page.state.kind).toBe("playing");
  });

  it("offers to watch a full room from the room list too, but not when watching was what failed", async () => {
    const page = await openPage();
    page.join.joinRoom.mockRejectedValue(new JoinError("full", "This room is full. You can still watch."));
    await page.does({ type: "join", room: { id: "r1" } });
    expect(page.shown.at(-2)).toMatchObject({ kind: "joining", text: "Joining…" });
    expect(page.notice.action).toEqual({ kind: "watch", room: { id: "r1" } });
    await page.does({ type: "watch", room: { id: "r1" } });
    expect(page.shown.at(-2)).toMatchObject({ kind: "joining", text: "Joining to watch…" });
    expect(page.notice).toMatchObject({ title: "This room is full", action: undefined });
  });

  it("asks an out-of-date page to reload", async () => {
    const page = await openPage();
    page.join.quickPlay.mockRejectedValueOnce(new JoinError("outdated", "This page is out of date. Reload to get the new version."));
    await page.does({ type: "quick-play" });
    expect(page.notice).toMatchObject({ title: "This page is out of date", action: { kind: "reload" } });
  });

  it("says so when the room is locked, and offers to watch instead", async () => {
    const page = await openPage();
    page.join.joinRoom.mockRejectedValueOnce(new JoinError("locked", "This room is locked. You can still watch."));
    await page.does({ type: "join-by-code", code: "7KX2QF" });
    expect(page.notice).toMatchObject({ title: "This room is locked", text: "This room is locked. You can still watch." });
    expect(page.notice.action).toEqual({ kind: "watch", room: { id: "id-of-7KX2QF", code: "7KX2QF" } });
  });

  it("tells a kicked player, who cannot come back", async () => {
    const page = await openPage();
    page.join.joinRoom.mockRejectedValueOnce(new JoinError("kicked", KICKED));
    await page.does({ type: "join-by-code", code: "7KX2QF" });
    expect(page.notice).toMatchObject({ title: "Removed from the room", text: KICKED });
  });

  it("shows what any other failure said, as a refusal", async () => {
    const page = await openPage();
    page.join.createPrivate.mockRejectedValueOnce(new Error("boom"));
    await page.does({ type: "create-private" });
    expect(page.notice).toMatchObject({ title: "Could not join", text: "boom" });
  });

  it("keeps a notice up when the player then mistypes a code, with the hint under the buttons", async () => {
    const page = await openPage();
    page.join.quickPlay.mockRejectedValueOnce(unreachable());
    await page.does({ type: "quick-play" });
    await page.does({ type: "join-by-code", code: "?" });
    expect(page.notice).toMatchObject({ title: "Can't reach the server", status: BAD_CODE });
  });

  it("closes a notice, forgetting an invite link whose room has gone meanwhile", async () => {
    const page = await openPage({ invite: { code: "ZZZZZZ", watch: false }, named: false });
    expect(mainButtonLabel(page.flow.invitation)).toBe("Join room");
    page.join.findRoom.mockRejectedValueOnce(new JoinError("gone", "No room has the code ZZZZZZ."));
    await page.does({ type: "quick-play" });
    expect(page.notice.title).toBe("No such room");
    await page.does({ type: "back" });
    expect(page.state).toEqual({ kind: "landing", status: "" });
    expect(page.invitations.at(-1)).toBeUndefined();
    // The main button is Quick Play again.
    expect(mainButtonLabel(page.flow.invitation)).toBe("Quick Play");
    await page.does({ type: "quick-play" });
    expect(page.join.quickPlay).toHaveBeenCalledTimes(1);
  });
});

describe("leaving", () => {
  it("stops the arena at once, and shows the menu once the server has let the player go", async () => {
    const page = await openPage();
    const room = publicRoom();
    await page.playIn(room);
    const letGo = deferred<number>();
    room.leave.mockReturnValueOnce(letGo.promise);
    await page.does({ type: "leave" });
    expect(room.leave).toHaveBeenCalledWith(true);
    expect(page.arena.stop).toHaveBeenCalled();
    expect(page.state.kind).toBe("leaving");
    // The close that follows a Leave is the player's own: nothing to get back into.
    await page.does({ type: "closed", room, code: 4000, playing: true });
    expect(page.state.kind).toBe("leaving");
    letGo.resolve(4000);
    await settle();
    expect(page.state).toEqual({ kind: "landing", status: "" });
    expect(page.join.rejoin).not.toHaveBeenCalled();
  });
});

describe("a room that closes", () => {
  it("after a kick ends at the 'Removed from the room' notice, with no try to get back", async () => {
    const page = await openPage();
    await page.playIn(privateRoom());
    await page.closes(ErrorCode.Kicked);
    expect(page.notice).toMatchObject({ title: "Removed from the room", text: KICKED });
    expect(page.arena.stop).toHaveBeenCalled();
    await page.clock.advance(60_000);
    expect(page.join.rejoin).not.toHaveBeenCalled();
  });

  it("after too many malformed messages says so", async () => {
    const page = await openPage();
    await page.playIn(publicRoom());
    await page.closes(ErrorCode.Abuse);
    expect(page.notice).toMatchObject({ title: "Disconnected", text: expect.stringContaining("Reload it to play again") });
  });

  it.each([1000, 4000])("with the consented code %i goes back to the menu", async (code) => {
    const page = await openPage();
    await page.playIn(publicRoom());
    await page.closes(code);
    expect(page.state).toEqual({ kind: "landing", status: "" });
    expect(page.arena.stop).toHaveBeenCalled();
  });

  it("is no business of the page's once it has moved on to another room", async () => {
    const page = await openPage();
    const first = publicRoom();
    await page.playIn(first);
    await page.closes(1006);
    await page.clock.advance(0);
    const second = page.room;
    expect(second).not.toBe(first);
    await page.does({ type: "closed", room: first, code: ErrorCode.Kicked, playing: true });
    expect(page.room).toBe(second);
  });
});

describe("a dropped connection", () => {
  it("is retried with backoff until the server's window passes, then is a 'Connection lost' notice naming that window", async () => {
    const page = await openPage();
    await page.playIn(publicRoom(3)); // this server holds a dropped seat for 3 s
    const tries: number[] = [];
    page.join.rejoin.mockImplementation(async () => {
      tries.push(page.clock.now());
      throw unreachable();
    });
    await page.closes(1006);
    expect(page.state).toMatchObject({ kind: "reconnecting", attempt: 1, seconds: 3 });
    expect(page.overlay).toBe("Connection lost. Reconnecting… (attempt 1)");
    expect(page.arena.stop).not.toHaveBeenCalled(); // the arena stays, frozen, under the overlay

    await page.clock.advance(2999);
    expect(tries).toEqual([0, 300, 900, 2100]);
    expect(page.overlay).toBe("Connection lost. Reconnecting… (attempt 4)");
    await page.clock.advance(1);
    expect(page.notice).toMatchObject({
      title: "Connection lost",
      text: "Could not get back into the room: the server did not answer for 3 seconds. Check your connection, then press Quick Play.",
    });
    expect(page.arena.stop).toHaveBeenCalled();
    await page.clock.advance(60_000);
    expect(tries).toHaveLength(4);
    expect(page.clock.pending).toBe(0);
  });

  it("keeps trying for as long as the server says it holds the seat, the waits growing to 3 s", async () => {
    const page = await openPage();
    await page.playIn(publicRoom(20));
    const tries: number[] = [];
    page.join.rejoin.mockImplementation(async () => {
      tries.push(page.clock.now());
      throw unreachable();
    });
    await page.closes(1006);
    await page.clock.advance(19_999);
    expect(page.state.kind).toBe("reconnecting");
    expect(tries.slice(0, 7)).toEqual([0, 300, 900, 2100, 4500, 7500, 10_500]);
    await page.clock.advance(1);
    expect(page.notice.text).toContain("did not answer for 20 seconds");
  });

  it("gets back into the same seat: the arena starts again for the room rejoined", async () => {
    const page = await openPage();
    const room = new FakeRoom({ code: "", reconnectSeconds: 20 }, "my-seat");
    await page.playIn(room);
    const back = publicRoom();
    page.join.rejoin.mockRejectedValueOnce(unreachable()).mockResolvedValueOnce(back);
    await page.closes(1006);
    await page.clock.advance(300);
    expect(page.join.rejoin).toHaveBeenNthCalledWith(2, "my-seat");
    expect(page.room).toBe(back);
    expect(page.arena.start).toHaveBeenLastCalledWith(back);
    expect(page.arena.stop).not.toHaveBeenCalled();
    expect(page.clock.pending).toBe(0); // the window's deadline went with the reconnecting
  });

  it("to a room that ended meanwhile puts a public player into another game", async () => {
    const page = await openPage();
    await page.playIn(publicRoom());
    page.join.rejoin.mockRejectedValueOnce(gone());
    await page.closes(1006);
    // Another game at once (in a fleet, other servers are up), said in one line in it.
    expect(page.join.quickPlay).toHaveBeenCalledTimes(2);
    expect(page.shown.some((s) => s.kind === "finding-another-game" && overlayText(s) === "Your room has ended. Getting you back into a game…")).toBe(true);
    expect(page.arena.stop).toHaveBeenCalled();
    expect(page.state).toMatchObject({ kind: "playing", moved: MOVED.lost });
    expect(page.arena.start).toHaveBeenLastCalledWith(page.room, MOVED.lost);
  });

  it("to a private room that ended meanwhile tells its player why", async () => {
    const page = await openPage();
    await page.playIn(privateRoom());
    page.join.rejoin.mockRejectedValueOnce(gone());
    await page.closes(1006);
    expect(page.notice).toMatchObject({ title: "Your room has ended", text: "It ended while you were disconnected. Start or join another one from here." });
  });

  it("ends with 'Back to the menu' on the overlay; an attempt still on its way does not pull the player back in", async () => {
    const page = await openPage();
    await page.playIn(publicRoom());
    const late = deferred<FakeRoom>();
    page.join.rejoin.mockReturnValueOnce(late.promise);
    await page.closes(1006);
    await page.does({ type: "back" });
    expect(page.state).toEqual({ kind: "landing", status: "" });
    expect(page.arena.stop).toHaveBeenCalled();

    const stale = publicRoom();
    late.resolve(stale);
    await page.clock.advance(30_000);
    expect(page.state).toEqual({ kind: "landing", status: "" });
    expect(stale.leave).toHaveBeenCalledWith(true);
    expect(page.arena.start).toHaveBeenCalledTimes(1); // only for the first room
    expect(page.join.rejoin).toHaveBeenCalledTimes(1);
  });

  it("gives up when the window passes even while an attempt hangs, and leaves the room it brings late", async () => {
    const page = await openPage();
    await page.playIn(publicRoom(3));
    const hung = deferred<FakeRoom>();
    page.join.rejoin.mockReturnValueOnce(hung.promise);
    await page.closes(1006);
    await page.clock.advance(3000);
    expect(page.notice.title).toBe("Connection lost");
    const late = publicRoom();
    hung.resolve(late);
    await settle();
    expect(late.leave).toHaveBeenCalledWith(true);
    expect(page.state.kind).toBe("notice");
  });
});

describe("matchmaking that is busy (the servers' shared Redis away)", () => {
  const busy = () => new JoinError("busy", MATCHMAKING_BUSY);

  it("says so, keeps trying by itself once a second, and plays when it answers", async () => {
    const page = await openPage();
    page.join.quickPlay.mockRejectedValueOnce(busy()).mockRejectedValueOnce(busy());
    await page.does({ type: "quick-play" });
    expect(page.state).toMatchObject({ kind: "joining", text: MATCHMAKING_BUSY });
    await page.clock.advance(1000);
    expect(page.join.quickPlay).toHaveBeenCalledTimes(2);
    expect(page.state).toMatchObject({ kind: "joining", text: MATCHMAKING_BUSY });
    await page.clock.advance(1000);
    expect(page.join.quickPlay).toHaveBeenCalledTimes(3);
    expect(page.state.kind).toBe("playing");
    expect(page.shown.some((s) => s.kind === "notice")).toBe(false);
  });

  it("retries a room code the same way", async () => {
    const page = await openPage();
    page.join.findRoom.mockRejectedValueOnce(busy());
    await page.does({ type: "join-by-code", code: "7kx2qf" });
    expect(page.state).toMatchObject({ kind: "joining", text: MATCHMAKING_BUSY });
    await page.clock.advance(1000);
    expect(page.join.joinRoom).toHaveBeenCalledWith("id-of-7KX2QF", false);
    expect(page.state.kind).toBe("playing");
  });

  it("gives up after a minute with a notice", async () => {
    const page = await openPage();
    page.join.quickPlay.mockRejectedValue(busy());
    await page.does({ type: "quick-play" });
    await page.clock.advance(60_000);
    expect(page.notice.title).toBe("Matchmaking is busy");
    expect(page.clock.pending).toBe(0);
  });
});

describe("a server that restarts", () => {
  it("puts a public player into another game once a server answers", async () => {
    const page = await openPage();
    const before = publicRoom();
    await page.playIn(before);
    const after = publicRoom();
    page.join.quickPlay.mockRejectedValueOnce(unreachable()).mockRejectedValueOnce(unreachable()).mockResolvedValueOnce(after);
    await page.closes(ErrorCode.ServerRestarting);
    expect(page.overlay).toBe("The server is restarting. Getting you back into a game…");
    expect(page.arena.stop).toHaveBeenCalled();
    expect(page.join.rejoin).not.toHaveBeenCalled();
    // Asked at once, then once a second.
    await page.clock.advance(1999);
    expect(page.join.quickPlay).toHaveBeenCalledTimes(3);
    expect(page.state.kind).toBe("finding-another-game");
    await page.clock.advance(1);
    expect(page.room).toBe(after);
    expect(page.state).toMatchObject({ kind: "playing", moved: MOVED.restart });
  });

  it("tells a private room's player why their room ended", async () => {
    const page = await openPage();
    await page.playIn(privateRoom());
    await page.closes(ErrorCode.ServerRestarting);
    expect(page.notice).toMatchObject({
      title: "The server is restarting",
      text: "The room you were in ended with it. In a moment you can start or join another one.",
    });
    await page.clock.advance(60_000);
    expect(page.join.quickPlay).toHaveBeenCalledTimes(1);
  });

  it("tells a watcher too: what they watched cannot be replaced", async () => {
    const page = await openPage();
    await page.playIn(publicRoom());
    await page.closes(ErrorCode.ServerRestarting, false);
    expect(page.notice.title).toBe("The server is restarting");
  });

  it("gives up after a minute without a server", async () => {
    const page = await openPage();
    await page.playIn(publicRoom());
    page.join.quickPlay.mockRejectedValue(unreachable());
    await page.closes(ErrorCode.ServerRestarting);
    await page.clock.advance(60_000);
    expect(page.notice).toMatchObject({ title: "The server is restarting", text: "The server has not come back yet. Try again in a minute." });
    expect(page.clock.pending).toBe(0);
  });

  it("lets the player go back to the menu meanwhile; a game found late is left, not shown", async () => {
    const page = await openPage();
    await page.playIn(publicRoom());
    const late = deferred<FakeRoom>();
    page.join.quickPlay.mockReturnValueOnce(late.promise);
    await page.closes(ErrorCode.ServerRestarting);
    await page.clock.advance(1000);
    await page.does({ type: "back" });
    expect(page.state).toEqual({ kind: "landing", status: "" });
    const room = publicRoom();
    late.resolve(room);
    await settle();
    expect(room.leave).toHaveBeenCalledWith(true);
    expect(page.state).toEqual({ kind: "landing", status: "" });
  });
});
