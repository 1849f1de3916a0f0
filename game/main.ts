// The page's flow: the landing page (name, Quick Play, private rooms, the room list), into
// an arena, and back — including getting back in after a dropped connection or a reload.

import "./styles.css";
import type { Room } from "colyseus.js";
import { LIMITS } from "../shared/net/messages";
import { ErrorCode } from "../shared/net/messages";
import { normalizeCode } from "../shared/net/roomCode";
import { cleanName } from "../shared/net/text";
import type { ArenaState } from "../shared/schema/ArenaState";
import {
  createPrivateRoom,
  findRoomByCode,
  forgetSeat,
  JoinError,
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
import { el } from "./ui/dom";

const NAME_KEY = "skirmish.name";
/** How long after a drop we try to get the seat back (the server holds it 20 s by default). */
const REJOIN_WINDOW_MS = 20_000;

// Start fetching Phaser and the arena at once, while the player reads the page.
const arenaModule = import("./scenes/startArena");

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const landing = $<HTMLElement>("landing");
const nameInput = $<HTMLInputElement>("name");
const codeInput = $<HTMLInputElement>("code");
const status = $<HTMLElement>("status");
const arenaRoot = $<HTMLElement>("arena");
const overlay = $<HTMLElement>("overlay");
const buttons = [$<HTMLButtonElement>("quick-play"), $<HTMLButtonElement>("create-private"), $<HTMLButtonElement>("join-code")];

nameInput.maxLength = LIMITS.nameLength;
nameInput.value = localStorage.getItem(NAME_KEY) ?? "";

let running: RunningArena | undefined;
let current: Room<ArenaState> | undefined;
let leaving = false;
let seatTimer: ReturnType<typeof setInterval> | undefined;

function playerName(): string {
  localStorage.setItem(NAME_KEY, nameInput.value.trim());
  return cleanName(nameInput.value, LIMITS.nameLength);
}

function busy(text: string): void {
  status.textContent = text;
  for (const b of buttons) b.disabled = true;
}

function showLanding(message = ""): void {
  landing.hidden = false;
  arenaRoot.hidden = true;
  overlay.hidden = true;
  status.textContent = message;
  for (const b of buttons) b.disabled = false;
  refreshRooms();
}

/** A whole-page message (a room that does not exist, a kick) with a way back. */
function showNotice(title: string, text: string): void {
  showLanding();
  $("notice-title").textContent = title;
  $("notice-text").textContent = text;
  $("notice").hidden = false;
}
$("notice-back").addEventListener("click", () => {
  $("notice").hidden = true;
  forgetInvitation();
});

async function enter(join: () => Promise<Room<ArenaState>>, text: string): Promise<void> {
  busy(text);
  $("notice").hidden = true;
  try {
    const [room] = await Promise.all([join(), arenaModule]);
    await play(room);
  } catch (err) {
    showLanding(err instanceof JoinError ? err.message : `Could not join: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function play(room: Room<ArenaState>): Promise<void> {
  const { startArena } = await arenaModule;
  running?.stop();
  current = room;
  leaving = false;
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
  arenaRoot.replaceChildren();
}

async function leaveRoom(): Promise<void> {
  leaving = true;
  forgetSeat();
  forgetInvitation();
  await current?.leave(true).catch(() => undefined);
  stopArena();
  showLanding();
}

async function left(room: Room<ArenaState>, code: number): Promise<void> {
  if (room !== current || leaving) return;
  if (code === ErrorCode.Kicked) {
    forgetSeat();
    stopArena();
    return showNotice("Removed from the room", "The host removed you from this room.");
  }
  if (code === ErrorCode.Abuse) {
    forgetSeat();
    stopArena();
    return showLanding("Disconnected: the server refused too many malformed messages from this page.");
  }
  if (code === 1000 || code === 4000) {
    forgetSeat();
    stopArena();
    return showLanding();
  }
  await getBackIn(room.reconnectionToken);
}

/** A dropped connection: retry with backoff while the server holds the seat. */
async function getBackIn(token: string): Promise<void> {
  const deadline = Date.now() + REJOIN_WINDOW_MS;
  let delay = 300;
  let attempt = 0;
  overlay.hidden = false;
  while (Date.now() < deadline) {
    attempt++;
    $("overlay-text").textContent = `Connection lost. Reconnecting… (attempt ${attempt})`;
    try {
      await play(await rejoin(token));
      return;
    } catch {
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(3000, delay * 2);
    }
  }
  forgetSeat();
  stopArena();
  showLanding("Could not get back into the room. Press Quick Play to play again.");
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
    return showNotice("No such room", err instanceof Error ? err.message : String(err));
  }
  await enter(() => joinRoom(room.id, playerName(), watch), watch ? `Joining room ${code} to watch…` : `Joining room ${code}…`);
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
    join.addEventListener("click", () => void enter(() => joinRoom(r.id, playerName(), false), "Joining…"));
    const watch = el("button", { text: "Watch", "data-testid": "room-watch" });
    watch.addEventListener("click", () => void enter(() => joinRoom(r.id, playerName(), true), "Joining to watch…"));
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
  const seat = savedSeat(REJOIN_WINDOW_MS);
  if (seat) {
    busy("Getting you back into your game…");
    try {
      const [room] = await Promise.all([rejoin(seat.token), arenaModule]);
      return await play(room);
    } catch {
      forgetSeat();
    }
  }
  const params = new URLSearchParams(location.search);
  const code = params.get("room");
  if (code) {
    codeInput.value = code;
    invitedToWatch = params.has("watch");
    // A returning player goes straight in; a newcomer picks a name first.
    if (localStorage.getItem(NAME_KEY)) return joinByCode(code, invitedToWatch);
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
