// The page: the landing page (name, Quick Play, private rooms, the room list, a live room
// behind it), the arena, and the words on screen when something goes wrong. Where the page
// goes next is PageFlow's (game/PageFlow.ts); this file wires the DOM to it and shows each
// of its states.

import "./styles.css";
// First: it installs the maps before any other module could ask for one.
import { MAPS } from "./maps";
import { CloseCode, type Room } from "@colyseus/sdk";
import { GAME } from "../shared/config";
import { matchPath, replayApiPath } from "../shared/net/api";
import { LIMITS } from "../shared/net/messages";
import { cleanName } from "../shared/net/text";
import type { ArenaState } from "../shared/schema/ArenaState";
import {
  createPrivateRoom,
  findRoomByCode,
  forgetSeat,
  joinRoom,
  listRooms,
  quickPlay,
  rejoin,
  rememberSeat,
  type RoomSummary,
  savedSeat,
  serverUrl,
} from "./net/connect";
import { regionPings } from "./net/regions";
import type { RegionPings } from "../shared/net/api";
import { type Arena, type FlowState, type FlowView, type Invitation, mainButtonLabel, overlayText, PageFlow, teamFromLink } from "./PageFlow";
import type { RunningArena } from "./scenes/startArena";
import { settings } from "./settings";
import { el, whenIdle } from "./ui/dom";
import { ensureIdentity } from "./net/identity";
import { redeemForm } from "./records/redeem";
import { recordsRoute, replayRoute } from "./records/route";
import { LoadingBar } from "./ui/loading";
import { modeOf } from "./ui/matchText";
import { MenuBackdrop } from "./ui/menuBackdrop";
import { openSettings } from "./ui/settingsPanel";

type JoinedRoom = Room<ArenaState>;

// A page of records (a player, a round, the leaderboard) shows instead of the landing page,
// from a module of its own, with no arena behind it: it never asks for Phaser.
const recordsPage = recordsRoute(location.pathname);
// A round's replay plays in the arena, without a room.
const replayOf = replayRoute(location.pathname);

// Start fetching Phaser and the arena at once, while the player reads the page.
const arenaModule = recordsPage ? new Promise<never>(() => {}) : import("./scenes/startArena");
/** The game's canvas, once the arena module is here (it stays in #arena between arenas). */
let gameCanvas: () => HTMLCanvasElement | undefined = () => undefined;
// Once it is here and the page is idle, boot the game, so a click on Play does not wait for it.
void arenaModule.then(({ prepareArena, arenaCanvas }) => {
  gameCanvas = arenaCanvas;
  whenIdle(() => {
    if (!running) prepareArena(arenaRoot);
  });
});

// Who this player is (records and rating), asked for once in the background: never waited on.
void ensureIdentity();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const landing = $<HTMLElement>("landing");
const nameInput = $<HTMLInputElement>("name");
const codeInput = $<HTMLInputElement>("code");
const status = $<HTMLElement>("status");
const arenaRoot = $<HTMLElement>("arena");
const overlay = $<HTMLElement>("overlay");
const buttons = [$<HTMLButtonElement>("quick-play"), $<HTMLButtonElement>("create-private"), $<HTMLButtonElement>("join-code")];
const loading = new LoadingBar($("loading"), $("loading-fill"), $("loading-text"));
const backdrop = new MenuBackdrop(arenaRoot, arenaModule);

// The name field and the settings panel's name are one setting.
nameInput.maxLength = LIMITS.nameLength;
nameInput.value = settings.get().name;
nameInput.addEventListener("input", () => settings.set({ name: nameInput.value }));
settings.listen((s) => {
  if (nameInput.value !== s.name) nameInput.value = s.name;
});
$("open-settings").addEventListener("click", () => openSettings());
// The records: your own once this browser has an identity, and a code to bring one from another device.
void ensureIdentity().then((identity) => ($("my-record").hidden = !identity));
$("records-links").append(redeemForm(() => ($("my-record").hidden = false)));

/** The name to join with (the field saves itself as it is typed). */
function playerName(): string {
  return cleanName(settings.get().name, LIMITS.nameLength);
}

// ---- the arena ---------------------------------------------------------------------------

let running: RunningArena | undefined;
let seatTimer: ReturnType<typeof setInterval> | undefined;
/** Completes the loading bar's last step ("Entering the arena…"), when one is showing. */
let entered: () => void = () => {};

/**
 * The room's full state follows the join within a moment; the arena starts from it, so the
 * map is known when the atlas is first uploaded (once, not twice). Never waits long.
 */
function fullState(room: JoinedRoom): Promise<void> {
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

let startArena: typeof import("./scenes/startArena").startArena | undefined;

const arena: Arena<JoinedRoom> = {
  async ready(room) {
    await fullState(room);
    ({ startArena } = await arenaModule);
  },
  start(room, moved) {
    running?.stop();
    // Keys now belong to the game, not to the name field that had focus on the landing page.
    (document.activeElement as HTMLElement | null)?.blur();
    running = startArena!(room, arenaRoot, { leave: () => flow.send({ type: "leave" }) });
    // Moved here from a room that ended with its server: one line says so.
    if (moved) running.hud.chat.notice(moved);
    // Remember how to get back in (a reload keeps sessionStorage), and keep it fresh.
    rememberSeat(room);
    clearInterval(seatTimer);
    seatTimer = setInterval(() => rememberSeat(room), 2000);
    const closed = (code: number) => flow.send({ type: "closed", room, code, playing: running?.session.playing === true });
    room.onLeave(closed);
    // Silence for seconds: the connection is dead though nobody closed it. Drop it and get back in.
    running.session.listeners.lost = () => {
      closed(CloseCode.ABNORMAL_CLOSURE);
      room.connection.close();
    };
    const done = entered;
    entered = () => {};
    void firstState().then(done);
  },
  stop() {
    forgetSeat();
    clearInterval(seatTimer);
    running?.stop();
    running = undefined;
    // The browser tests read the arena from here (see startArena): one that is gone must not look ready.
    (window as { skirmish?: unknown }).skirmish = undefined;
    // Everything but the game's canvas, which waits for the next arena.
    for (const child of [...arenaRoot.children]) if (child !== gameCanvas()) child.remove();
  },
};

// ---- showing the flow's states -----------------------------------------------------------

function showLanding(message: string): void {
  loading.hide();
  landing.hidden = false;
  // The arena's element stays only while it holds the backdrop.
  if (!arenaRoot.classList.contains("backdrop")) arenaRoot.hidden = true;
  overlay.hidden = true;
  $("notice").hidden = true;
  status.textContent = message;
  for (const b of buttons) b.disabled = false;
  refreshRooms();
}

/** A button for a notice: what the player can do about what happened. */
function action(text: string, testId: string, fn: () => void): HTMLButtonElement {
  const b = el("button", { type: "button", text, "data-testid": testId });
  b.addEventListener("click", fn);
  b.classList.add("primary");
  return b;
}

/** A message on the menu (a room that does not exist, a kick, a failure), closed with Close. */
function showNotice(state: Extract<FlowState<JoinedRoom>, { kind: "notice" }>): void {
  showLanding(state.status ?? "");
  const actions: HTMLButtonElement[] = [];
  const todo = state.action;
  if (todo?.kind === "reload") actions.push(action("Reload", "notice-reload", () => location.reload()));
  if (todo?.kind === "watch") actions.push(action("Watch instead", "notice-watch", () => flow.send({ type: "watch", room: todo.room })));
  $("notice-title").textContent = state.title;
  $("notice-text").textContent = state.text;
  $("notice-actions").replaceChildren(...actions, $("notice-back"));
  $("notice").hidden = false;
  $("notice").scrollIntoView({ block: "nearest" });
}

function showJoining(state: Extract<FlowState<JoinedRoom>, { kind: "joining" }>): void {
  status.textContent = state.text;
  for (const b of buttons) b.disabled = true;
  $("notice").hidden = true;
  if (!state.join) return; // a room code is being looked up
  loading.track([
    ["Loading the game…", arenaModule],
    [state.text, state.join],
    ["Entering the arena…", new Promise<void>((r) => (entered = r))],
  ]);
}

function showArena(): void {
  landing.hidden = true;
  overlay.hidden = true;
  arenaRoot.hidden = false;
  status.textContent = "";
}

/** The overlay over the (frozen) arena while the page tries to get back into a game. */
function showOverlay(text: string): void {
  overlay.hidden = false;
  $("overlay-text").textContent = text;
}

/** The code an invite link put in the code field. */
let invitedCode: string | undefined;

const view: FlowView<JoinedRoom> = {
  show(state) {
    // The backdrop goes before anything else does: an arena may start right after this.
    backdrop.show(state.kind === "landing" || state.kind === "notice");
    switch (state.kind) {
      case "landing":
        return showLanding(state.status);
      case "notice":
        return showNotice(state);
      case "joining":
        return showJoining(state);
      case "playing":
        return showArena();
      case "leaving":
        return; // the arena has gone; the menu follows once the server lets the player go
      case "reconnecting":
      case "finding-another-game":
        return showOverlay(overlayText(state)!);
    }
  },
  invitation(invite: Invitation | undefined) {
    $("quick-play").textContent = mainButtonLabel(invite);
    // A forgotten invitation takes its code out of the code field too (a code the player typed stays).
    if (!invite && codeInput.value === invitedCode) codeInput.value = "";
    invitedCode = invite?.code;
    // While the main button joins the invited room, there is no Quick Play to point to.
    $("no-rooms-hint").hidden = Boolean(invite?.mainButton);
    if (!invite) return history.replaceState(null, "", "/");
    codeInput.value = invite.code;
    if (invite.mainButton) nameInput.focus();
  },
};

const flow = new PageFlow<JoinedRoom>({
  join: {
    quickPlay: () => quickPlay(playerName()),
    createPrivate: () => createPrivateRoom(playerName()),
    findRoom: findRoomByCode,
    joinRoom: (id, watch, team) => joinRoom(id, playerName(), watch, team),
    rejoin,
  },
  arena,
  clock: {
    now: () => Date.now(),
    after(ms, fn) {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
  },
  view,
});

// ---- the player's actions ---------------------------------------------------------------

$("play-form").addEventListener("submit", (e) => {
  e.preventDefault();
  flow.send({ type: "quick-play" });
});
$("create-private").addEventListener("click", () => flow.send({ type: "create-private" }));
$("code-form").addEventListener("submit", (e) => {
  e.preventDefault();
  flow.send({ type: "join-by-code", code: codeInput.value });
});
$("notice-back").addEventListener("click", () => flow.send({ type: "back" }));
$("overlay-back").addEventListener("click", () => flow.send({ type: "back" }));

// ---- the room list ----------------------------------------------------------------------

let listTimer: ReturnType<typeof setTimeout> | undefined;

async function refreshRooms(): Promise<void> {
  clearTimeout(listTimer);
  if (landing.hidden) return;
  try {
    const rooms = await listRooms();
    const pings = await regionPings(serverUrl(), rooms.map((r) => r.region));
    renderRooms(rooms, pings);
    backdrop.offer(rooms);
  } catch {
    // The list is a convenience; Quick Play still works. Try again on the next refresh.
  }
  listTimer = setTimeout(refreshRooms, 3000);
}

/** Each room's region and this page's latency to it, when the fleet names regions. */
function regionTag(region: string, pings: RegionPings): HTMLElement | string {
  if (!region) return "";
  const ms = pings[region];
  return el("span", { class: "tag region", text: ms === undefined ? region : `${region} · ${ms} ms`, title: "Region, and your ping to it", "data-testid": "room-region" });
}

function renderRooms(rooms: RoomSummary[], pings: RegionPings): void {
  $("no-rooms").hidden = rooms.length > 0;
  const rows = rooms.map((r) => {
    const join = el("button", { text: "Join", "data-testid": "room-join" });
    join.disabled = r.locked || r.players >= r.maxPlayers;
    join.title = r.locked ? "This room is locked" : join.disabled ? "This room is full" : "";
    join.addEventListener("click", () => flow.send({ type: "join", room: { id: r.id } }));
    const watch = el("button", { text: "Watch", "data-testid": "room-watch" });
    watch.addEventListener("click", () => flow.send({ type: "watch", room: { id: r.id } }));
    const bots = r.bots > 0 ? ` + ${r.bots} bot${r.bots > 1 ? "s" : ""}` : "";
    const mode = GAME.modes[modeOf(r)];
    return el("tr", { "data-room": r.id }, [
      el("td", {}, [MAPS[r.map]?.name ?? r.map, el("span", { class: "tag mode", text: mode.short, title: mode.name, "data-testid": "room-mode" }), regionTag(r.region, pings)]),
      el("td", { text: `${r.players}/${r.maxPlayers}${bots}` }),
      el("td", { text: String(r.spectators) }),
      el("td", { class: "actions" }, [join, watch]),
    ]);
  });
  $("room-list").replaceChildren(...rows);
}

// ---- arriving: a seat to get back to, an invite link, or the menu -----------------------

const params = new URLSearchParams(location.search);
const invitedTo = params.get("room");
if (recordsPage) showRecordsPage(recordsPage);
else if (replayOf !== undefined) showReplay(replayOf);
else flow.send({
  type: "arrive",
  arrival: {
    seat: savedSeat()?.token,
    invite: invitedTo ? { code: invitedTo, watch: params.has("watch"), team: teamFromLink(params.get("team")) } : undefined,
    named: Boolean(settings.get().name),
  },
});

/** A round's replay: fetched while Phaser arrives, then played; a replay that cannot be, said in words. */
function showReplay(id: string): void {
  landing.hidden = true;
  document.title = "Replay — Skirmish";
  const seconds = Number(params.get("t"));
  // Asked for at once; read when the arena's module (which has the reader) is here.
  const asked = fetch(replayApiPath(id));
  asked.catch(() => undefined);
  const loaded = arenaModule.then(({ loadReplay }) => loadReplay(id, asked));
  loading.track([
    ["Loading the game…", arenaModule],
    ["Loading the replay…", loaded],
  ]);
  Promise.all([arenaModule, loaded])
    .then(([{ startReplay }, loaded]) => {
      loading.hide();
      if (!loaded.ok) return replayProblem(id, loaded.error);
      arenaRoot.hidden = false;
      startReplay(loaded.value, arenaRoot, { matchId: id, startSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 0, back: () => location.assign(matchPath(id)) });
    })
    .catch(() => {
      loading.hide();
      replayProblem(id, "This page could not be loaded. Reload to try again.");
    });
}

function replayProblem(id: string, text: string): void {
  landing.after(
    el("main", { class: "replay-problem", "data-testid": "replay-problem" }, [
      el("h1", { text: "Replay" }),
      el("p", { class: "status", text, "data-testid": "replay-problem-text" }),
      el("p", {}, [el("a", { href: matchPath(id), text: "The round's page" }), " · ", el("a", { href: "/", text: "Play" })]),
    ]),
  );
}

function showRecordsPage(page: NonNullable<typeof recordsPage>): void {
  landing.hidden = true;
  import("./records/page")
    .then(({ showRecords }) => showRecords(page, landing))
    .catch(() => {
      // The page's own files could not be had (a new release, or the network gone): say so.
      landing.after(el("main", { class: "landing" }, [el("p", { class: "status", text: "This page could not be loaded. Reload to try again." }), el("a", { href: "/", text: "Play" })]));
    });
}
