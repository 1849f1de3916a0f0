// The page's flow: the landing page (name, Quick Play, private rooms, the room list), into
// an arena, and back — including getting back in after a dropped connection, a reload or a
// server restart, and a clear message with a way out whenever something fails.

import "./styles.css";
import type { Room } from "@colyseus/sdk";
import { ErrorCode, LIMITS } from "../shared/net/messages";
import { normalizeCode } from "../shared/net/roomCode";
import { cleanName } from "../shared/net/text";
import type { ArenaState } from "../shared/schema/ArenaState";
import {
  createPrivateRoom,
  findRoomByCode,
  forgetSeat,
  JoinError,
  type JoinFailure,
  joinRoom,
  listRooms,
  quickPlay,
  rejoin,
  rememberSeat,
  type RoomSummary,
  savedSeat,
} from "./net/connect";
import type { RunningArena } from "./scenes/startArena";
import { MAPS } from "../shared/maps";
import { settings } from "./settings";
import { el, whenIdle } from "./ui/dom";
import { LoadingBar } from "./ui/loading";
import { openSettings } from "./ui/settingsPanel";

/** How long we wait for a restarting server to come back before giving up. */
const RESTART_WAIT_MS = 60_000;

// Start fetching Phaser and the arena at once, while the player reads the page.
const arenaModule = import("./scenes/startArena");
/** The game's canvas, once the arena module is here (it stays in #arena between arenas). */
let gameCanvas: () => HTMLCanvasElement | undefined = () => undefined;
// Once it is here and the page is idle, boot the game, so a click on Play does not wait for it.
void arenaModule.then(({ prepareArena, arenaCanvas }) => {
  gameCanvas = arenaCanvas;
  whenIdle(() => {
    if (!running) prepareArena(arenaRoot);
  });
});

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const landing = $<HTMLElement>("landing");
const nameInput = $<HTMLInputElement>("name");
const codeInput = $<HTMLInputElement>("code");
const status = $<HTMLElement>("status");
const arenaRoot = $<HTMLElement>("arena");
const overlay = $<HTMLElement>("overlay");
const buttons = [$<HTMLButtonElement>("quick-play"), $<HTMLButtonElement>("create-private"), $<HTMLButtonElement>("join-code")];
const loading = new LoadingBar($("loading"), $("loading-fill"), $("loading-text"));

// The name field and the settings panel's name are one setting.
nameInput.maxLength = LIMITS.nameLength;
nameInput.value = settings.get().name;
nameInput.addEventListener("input", () => settings.set({ name: nameInput.value }));
settings.listen((s) => {
  if (nameInput.value !== s.name) nameInput.value = s.name;
});
$("open-settings").addEventListener("click", () => openSettings());

let running: RunningArena | undefined;
let current: Room<ArenaState> | undefined;
/** Bumped whenever the player enters or leaves a room: a retry loop from before then stops. */
let epoch = 0;
let seatTimer: ReturnType<typeof setInterval> | undefined;

/** The name to join with (the field saves itself as it is typed). */
function playerName(): string {
  return cleanName(settings.get().name, LIMITS.nameLength);
}

function busy(text: string): void {
  status.textContent = text;
  for (const b of buttons) b.disabled = true;
}

function showLanding(message = ""): void {
  loading.hide();
  landing.hidden = false;
  arenaRoot.hidden = true;
  overlay.hidden = true;
  status.textContent = message;
  for (const b of buttons) b.disabled = false;
  refreshRooms();
}

/** A button for a notice or the overlay: what the player can do about what happened. */
function action(text: string, testId: string, fn: () => void): HTMLButtonElement {
  const b = el("button", { type: "button", text, "data-testid": testId });
  b.addEventListener("click", fn);
  return b;
}

/** A whole-page message (a room that does not exist, a kick, a failure) with a way back. */
function showNotice(title: string, text: string, actions: HTMLButtonElement[] = []): void {
  showLanding();
  $("notice-title").textContent = title;
  $("notice-text").textContent = text;
  $("notice-actions").replaceChildren(...actions, $("notice-back"));
  $("notice").hidden = false;
  $("notice").scrollIntoView({ block: "nearest" });
}
$("notice-back").addEventListener("click", () => {
  $("notice").hidden = true;
  forgetInvitation();
});

const FAILURE_TITLES: Record<JoinFailure, string> = {
  unreachable: "Can't reach the server",
  full: "This room is full",
  gone: "No such room",
  kicked: "Removed from the room",
  outdated: "This page is out of date",
  refused: "Could not join",
};

function showFailure(err: unknown, watchInstead?: () => void): void {
  const failure = err instanceof JoinError ? err : new JoinError("refused", err instanceof Error ? err.message : String(err));
  const actions: HTMLButtonElement[] = [];
  if (failure.reason === "outdated") actions.push(action("Reload", "notice-reload", () => location.reload()));
  if (failure.reason === "full" && watchInstead) actions.push(action("Watch instead", "notice-watch", watchInstead));
  actions[0]?.classList.add("primary");
  showNotice(FAILURE_TITLES[failure.reason], failure.message, actions);
}

async function enter(join: () => Promise<Room<ArenaState>>, text: string, watchInstead?: () => void): Promise<void> {
  const failure = await entering(join, text);
  if (failure) showFailure(failure.err, watchInstead);
}

/** Joins and starts the arena, the loading bar showing meanwhile; what went wrong, if it failed. */
async function entering(join: () => Promise<Room<ArenaState>>, text: string): Promise<{ err: unknown } | undefined> {
  busy(text);
  $("notice").hidden = true;
  const joining = join();
  let entered = () => {};
  loading.track([
    ["Loading the game…", arenaModule],
    [text, joining],
    ["Entering the arena…", new Promise<void>((r) => (entered = r))],
  ]);
  try {
    const [room] = await Promise.all([joining, arenaModule]);
    await play(room);
    await firstState();
    entered();
    return undefined;
  } catch (err) {
    loading.hide();
    return { err };
  }
}

/**
 * The room's full state follows the join within a moment; the arena starts from it, so the
 * map is known when the atlas is first uploaded (once, not twice). Never waits long.
 */
function fullState(room: Room<ArenaState>): Promise<void> {
  if (room.state?.map) return Promise.resolve(); // the server always names the map
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      room.onStateChange.remove(done);
      resolve();
    };
    const timer = setTimeout(done, 1000);
    room.onStateChange(done);
  });
}

/** Resolves when the arena has its first state to draw (or the player is no longer in it). */
async function firstState(): Promise<void> {
  const session = running?.session;
  while (session && running?.session === session && !session.ready) await sleep(50);
}

async function play(room: Room<ArenaState>): Promise<void> {
  await fullState(room);
  const { startArena } = await arenaModule;
  running?.stop();
  current = room;
  epoch++;
  landing.hidden = true;
  overlay.hidden = true;
  arenaRoot.hidden = false;
  status.textContent = "";
  // Keys now belong to the game, not to the name field that had focus on the landing page.
  (document.activeElement as HTMLElement | null)?.blur();
  running = startArena(room, arenaRoot, { leave: leaveRoom });
  // Remember how to get back in (a reload keeps sessionStorage), and keep it fresh.
  rememberSeat(room);
  clearInterval(seatTimer);
  seatTimer = setInterval(() => rememberSeat(room), 2000);
  room.onLeave((code) => void left(room, code));
}

function stopArena(): void {
  clearInterval(seatTimer);
  running?.stop();
  running = undefined;
  // The browser tests read the arena from here (see startArena): one that is gone must not look ready.
  (window as { skirmish?: unknown }).skirmish = undefined;
  // Everything but the game's canvas, which waits for the next arena.
  for (const child of [...arenaRoot.children]) if (child !== gameCanvas()) child.remove();
}

async function leaveRoom(): Promise<void> {
  const room = current;
  outOfRoom();
  forgetInvitation();
  await room?.leave(true).catch(() => undefined);
  showLanding();
}

/** Out of a room for good: the arena goes, and the page says why. */
function outOfRoom(): void {
  epoch++;
  current = undefined;
  forgetSeat();
  stopArena();
}

async function left(room: Room<ArenaState>, code: number): Promise<void> {
  if (room !== current) return;
  if (code === ErrorCode.Kicked) {
    outOfRoom();
    return showNotice("Removed from the room", "The host removed you from this room.");
  }
  if (code === ErrorCode.Abuse) {
    outOfRoom();
    return showNotice("Disconnected", "The server refused too many malformed messages from this page. Reload it to play again.");
  }
  if (code === 1000 || code === 4000) {
    outOfRoom();
    return showLanding();
  }
  // Public rooms are everywhere alike: a player whose room is gone is put in another one.
  // A private room, and what a watcher was watching, cannot be replaced.
  const comeBack = !room.state.code && running?.session.playing === true;
  if (code === ErrorCode.ServerRestarting) {
    outOfRoom();
    return findAnotherGame(comeBack, "The server is restarting", "The room you were in ended with it. In a moment you can start or join another one.");
  }
  // As long as this server holds the seat (RECONNECT_SECONDS, told in the room's state).
  await getBackIn(room.reconnectionToken, comeBack, room.state.reconnectSeconds * 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The overlay over a frozen arena while we try to get back; returns the epoch that owns it. */
function showOverlay(text: string): number {
  overlay.hidden = false;
  $("overlay-text").textContent = text;
  return epoch;
}
$("overlay-back").addEventListener("click", () => {
  outOfRoom();
  forgetInvitation();
  showLanding();
});

/** A dropped connection: retry with backoff while the server holds the seat. */
async function getBackIn(token: string, comeBack: boolean, windowMs: number): Promise<void> {
  const deadline = Date.now() + windowMs;
  const mine = showOverlay("Connection lost. Reconnecting…");
  let delay = 300;
  let attempt = 0;
  while (Date.now() < deadline) {
    attempt++;
    $("overlay-text").textContent = `Connection lost. Reconnecting… (attempt ${attempt})`;
    try {
      const room = await rejoin(token);
      if (epoch !== mine) return void room.leave(true);
      return await play(room);
    } catch (err) {
      // The server is there but the room is not (it restarted while we were away).
      if (err instanceof JoinError && err.reason === "gone" && epoch === mine) {
        outOfRoom();
        return findAnotherGame(comeBack, "Your room has ended", "It ended while you were disconnected. Start or join another one from here.");
      }
      await sleep(delay);
      if (epoch !== mine) return;
      delay = Math.min(3000, delay * 2);
    }
  }
  outOfRoom();
  showNotice("Connection lost", `Could not get back into the room: the server did not answer for ${Math.round(windowMs / 1000)} seconds. Check your connection, then press Quick Play.`);
}

/** The room is gone (with its server): put a public player in another game once a server answers. */
async function findAnotherGame(comeBack: boolean, title: string, cannotComeBack: string): Promise<void> {
  if (!comeBack) return showNotice(title, cannotComeBack);
  const mine = showOverlay(`${title}. Getting you back into a game…`);
  const deadline = Date.now() + RESTART_WAIT_MS;
  while (Date.now() < deadline) {
    await sleep(1000);
    if (epoch !== mine) return;
    try {
      const room = await quickPlay(playerName());
      if (epoch !== mine) return void room.leave(true);
      return await play(room);
    } catch {
      // Not back yet (or still on its way down): try again.
    }
  }
  outOfRoom();
  showNotice(title, "The server has not come back yet. Try again in a minute.");
}

// ---- the landing page's actions ---------------------------------------------------------

$("play-form").addEventListener("submit", (e) => {
  e.preventDefault();
  if (invitedCode) void joinByCode(invitedCode, invitedToWatch);
  else void enter(() => quickPlay(playerName()), "Finding an arena…");
});

$("create-private").addEventListener("click", () => {
  void enter(() => createPrivateRoom(playerName()), "Opening a private room…");
});

/** Set when the page was opened from an invite link: the main button then joins that room. */
let invitedCode = "";
let invitedToWatch = false;

function forgetInvitation(): void {
  invitedCode = "";
  invitedToWatch = false;
  $("quick-play").textContent = "Quick Play";
  history.replaceState(null, "", "/");
}

$("code-form").addEventListener("submit", (e) => {
  e.preventDefault();
  void joinByCode(codeInput.value, invitedToWatch);
});

async function joinByCode(raw: string, watch: boolean): Promise<void> {
  const code = normalizeCode(raw);
  if (!code) {
    status.textContent = "A room code is 6 letters and digits, like 7KX2QF.";
    return;
  }
  busy(`Looking for room ${code}…`);
  let room: RoomSummary;
  try {
    room = await findRoomByCode(code);
  } catch (err) {
    return showFailure(err);
  }
  const watchInstead = watch ? undefined : () => void enter(() => joinRoom(room.id, playerName(), true), `Joining room ${code} to watch…`);
  await enter(() => joinRoom(room.id, playerName(), watch), watch ? `Joining room ${code} to watch…` : `Joining room ${code}…`, watchInstead);
}

// ---- the room list ----------------------------------------------------------------------

let listTimer: ReturnType<typeof setTimeout> | undefined;

async function refreshRooms(): Promise<void> {
  clearTimeout(listTimer);
  if (landing.hidden) return;
  try {
    renderRooms(await listRooms());
  } catch {
    // The list is a convenience; Quick Play still works. Try again on the next refresh.
  }
  listTimer = setTimeout(refreshRooms, 3000);
}

function renderRooms(rooms: RoomSummary[]): void {
  $("no-rooms").hidden = rooms.length > 0;
  const rows = rooms.map((r) => {
    const join = el("button", { text: "Join", "data-testid": "room-join" });
    join.disabled = r.locked || r.players >= r.maxPlayers;
    join.title = r.locked ? "This room is locked" : join.disabled ? "This room is full" : "";
    const watchIt = () => void enter(() => joinRoom(r.id, playerName(), true), "Joining to watch…");
    join.addEventListener("click", () => void enter(() => joinRoom(r.id, playerName(), false), "Joining…", watchIt));
    const watch = el("button", { text: "Watch", "data-testid": "room-watch" });
    watch.addEventListener("click", watchIt);
    const bots = r.bots > 0 ? ` + ${r.bots} bot${r.bots > 1 ? "s" : ""}` : "";
    return el("tr", { "data-room": r.id }, [
      el("td", { text: MAPS[r.map]?.name ?? r.map }),
      el("td", { text: `${r.players}/${r.maxPlayers}${bots}` }),
      el("td", { text: String(r.spectators) }),
      el("td", { class: "actions" }, [join, watch]),
    ]);
  });
  $("room-list").replaceChildren(...rows);
}

// ---- arriving: a seat to get back to, an invite link, or the menu -----------------------

async function arrive(): Promise<void> {
  const seat = savedSeat();
  if (seat) {
    // Back into the game after a reload; if the seat is gone, on to the invitation or the menu.
    const failed = await entering(() => rejoin(seat.token), "Getting you back into your game…");
    if (!failed) return;
    forgetSeat();
  }
  const params = new URLSearchParams(location.search);
  const code = params.get("room");
  if (code) {
    codeInput.value = code;
    invitedToWatch = params.has("watch");
    // A returning player goes straight in; a newcomer picks a name first.
    if (settings.get().name) return joinByCode(code, invitedToWatch);
    invitedCode = code;
    const action = invitedToWatch ? "Watch room" : "Join room";
    $("quick-play").textContent = action;
    showLanding(`You are invited to ${invitedToWatch ? "watch" : "play in"} room ${code.toUpperCase()}. Type your name, then press ${action}.`);
    nameInput.focus();
    return;
  }
  showLanding();
}

void arrive();
