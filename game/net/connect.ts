// Finding and joining arenas, and getting back into one after a drop. The server that
// served this page is the game server. Every way a join can fail ends as a JoinError that
// says, in the player's words, what happened.

import { type Client, ErrorCode as MatchMakeCode, type Room } from "@colyseus/sdk";
import { ArenaClient } from "./ArenaClient";
import { identityOptions } from "./identity";
import type { RoomSummary } from "../../shared/net/api";
import { ErrorCode, MATCHMAKING_BUSY, OUTDATED_PAGE, PROTOCOL_VERSION, ROOM_NAME, ServerMessage } from "../../shared/net/messages";
import { nearestRegion, regionPings } from "./regions";
import { ArenaState } from "../../shared/schema/ArenaState";

export type { RoomSummary };


/** The game server is the one that served the page (in `npm run dev`, the one on port 2567). */
export function serverUrl(loc: Pick<Location, "protocol" | "host" | "hostname"> = location): string {
  const scheme = loc.protocol === "https:" ? "wss" : "ws";
  return __DEV_GAME_PORT__ ? `${scheme}://${loc.hostname}:${__DEV_GAME_PORT__}` : `${scheme}://${loc.host}`;
}

/** Who is joining: the key this browser keeps and the identity it plays under (tests give their own). */
export interface Joiner {
  key(): string;
  identity(): { playerId?: string; secret?: string };
}

const thisBrowser: Joiner = { key: () => playerKey(), identity: () => identityOptions() };

/** A random id this browser keeps, so a host's kick sticks to the player who was kicked. */
export function playerKey(storage: Storage = localStorage): string {
  let key = storage.getItem("skirmish.key");
  if (!key) {
    key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
    storage.setItem("skirmish.key", key);
  }
  return key;
}

/** Why a join failed: the landing page picks its title and its way out from this. */
export type JoinFailure = "unreachable" | "full" | "locked" | "gone" | "kicked" | "outdated" | "refused" | "busy";

/** A failed join, with a message the player should read as it is. */
export class JoinError extends Error {
  constructor(
    readonly reason: JoinFailure,
    message: string,
  ) {
    super(message);
  }
}

const UNREACHABLE = "The server did not answer. Check your connection and try again.";

/**
 * Everything the page asks of the game server at `server` (a ws:// or wss:// origin, with a
 * path when the server lives under one): the room list, codes, Quick Play, joins and getting
 * back in. The page's own is `serverUrl()`'s; tests drive a fleet through the same calls.
 */
export function matchmakingAt(server: string, who: Joiner = thisBrowser) {
  const client = () => new ArenaClient(server);

  async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(server.replace(/^ws/, "http") + path, init);
    } catch {
      throw new JoinError("unreachable", UNREACHABLE);
    }
    const body = (await res.json().catch(() => ({}))) as T & { error?: string; busy?: boolean };
    if (res.status === 503 && body.busy) throw new JoinError("busy", MATCHMAKING_BUSY);
    if (res.status === 426) throw new JoinError("outdated", body.error ?? OUTDATED_PAGE);
    if (res.status === 404) throw new JoinError("gone", body.error ?? "That room is gone.");
    if (res.status === 502 || res.status === 504) throw new JoinError("unreachable", UNREACHABLE);
    if (!res.ok) throw new JoinError("refused", body.error ?? `The server answered ${res.status}.`);
    return body;
  }

  return {
    async listRooms(): Promise<RoomSummary[]> {
      return (await getJson<{ rooms: RoomSummary[] }>("/api/rooms")).rooms;
    },

    findRoomByCode(code: string): Promise<RoomSummary> {
      return getJson<RoomSummary>(`/api/rooms/${encodeURIComponent(code)}`);
    },

    async quickPlay(name: string): Promise<Room<ArenaState>> {
      // With several regions, the server prefers the nearest with a free seat (measured once a minute).
      const pings = await regionPings(server);
      const reservation = await getJson<Parameters<Client["consumeSeatReservation"]>[0]>("/api/quickplay", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name, key: who.key(), version: PROTOCOL_VERSION, pings, ...who.identity() }),
      });
      return withJoinErrors(client().consumeSeatReservation(reservation, ArenaState));
    },

    async createPrivateRoom(name: string): Promise<Room<ArenaState>> {
      // The room opens in the host's nearest region (with one region: this server's).
      const region = nearestRegion(await regionPings(server));
      return withJoinErrors(client().create(ROOM_NAME, { name, key: who.key(), private: true, version: PROTOCOL_VERSION, region, ...who.identity() }, ArenaState));
    },

    /** Joins a room by id: to play (on `team`, when an invite link named one), or to watch. */
    joinRoom(roomId: string, name: string, watch: boolean, team?: 0 | 1): Promise<Room<ArenaState>> {
      return withJoinErrors(client().joinById(roomId, { name, key: who.key(), spectate: watch, team, version: PROTOCOL_VERSION, ...who.identity() }, ArenaState));
    },

    /**
     * A quiet look at a public room from behind the landing page: a watcher the server neither
     * announces nor counts, with no chat and no seat. No name and no key: nobody sees it.
     */
    async joinBackdrop(roomId: string): Promise<Room<ArenaState>> {
      return quietUntilPlayed(await client().joinById(roomId, { backdrop: true, version: PROTOCOL_VERSION }, ArenaState));
    },

    rejoin(token: string): Promise<Room<ArenaState>> {
      return withJoinErrors(client().reconnect<ArenaState>(token, ArenaState));
    },
  };
}

export type Matchmaking = ReturnType<typeof matchmakingAt>;

/** The page's server's matchmaking (made when first asked: `location` is read then). */
let pageMatchmaking: Matchmaking | undefined;
const here = (): Matchmaking => (pageMatchmaking ??= matchmakingAt(serverUrl()));

export const listRooms = () => here().listRooms();
export const findRoomByCode = (code: string) => here().findRoomByCode(code);
export const quickPlay = (name: string) => here().quickPlay(name);
export const createPrivateRoom = (name: string) => here().createPrivateRoom(name);
export const joinRoom = (roomId: string, name: string, watch: boolean, team?: 0 | 1) => here().joinRoom(roomId, name, watch, team);
export const joinBackdrop = (roomId: string) => here().joinBackdrop(roomId);
export const rejoin = (token: string) => here().rejoin(token);

/** Sorts a refused join by the code the server (or Colyseus) gave it. */
async function withJoinErrors(joining: Promise<Room<ArenaState>>): Promise<Room<ArenaState>> {
  try {
    return quietUntilPlayed(await joining);
  } catch (err) {
    const { code, message = "" } = (typeof err === "object" && err ? err : {}) as { code?: number; message?: string };
    if (message === MATCHMAKING_BUSY) throw new JoinError("busy", MATCHMAKING_BUSY);
    switch (code) {
      case ErrorCode.VersionMismatch:
        throw new JoinError("outdated", message || OUTDATED_PAGE);
      case ErrorCode.RoomFull:
        // One code for both: the server's words tell a locked room from a full one.
        throw new JoinError(/locked/i.test(message) ? "locked" : "full", message);
      case ErrorCode.Kicked:
        throw new JoinError("kicked", message);
      case MatchMakeCode.MATCHMAKE_INVALID_ROOM_ID:
      case MatchMakeCode.MATCHMAKE_EXPIRED:
        throw new JoinError("gone", "That room has ended.");
    }
    // Colyseus's own check when the last seat went between the room list and the click.
    if (/already full/i.test(message)) throw new JoinError("full", "This room is full. You can still watch.");
    // Matchmaking's own refusals (520-526: no such room type, bad options, onCreate failed…)
    // come from a server that answered: say what it said.
    if (code !== undefined && code >= MatchMakeCode.MATCHMAKE_NO_HANDLER && code <= MatchMakeCode.APPLICATION_ERROR) throw new JoinError("refused", message || `The server refused (${code}).`);
    // No answer, a server error status, a dropped socket (close codes 1xxx), or a server on its way down.
    const noServer = code === undefined || (code >= 500 && code < 600) || (code >= 1000 && code < 1100) || code === ErrorCode.ServerRestarting;
    if (noServer || /failed to fetch|network/i.test(message)) throw new JoinError("unreachable", UNREACHABLE);
    throw new JoinError("refused", message);
  }
}

// ---- getting back in after a drop or a reload --------------------------------------------

const SEAT_KEY = "skirmish.seat";

interface SavedSeat {
  token: string;
  roomId: string;
  savedAt: number;
  /** How long the server holds a dropped seat (its RECONNECT_SECONDS), in ms. */
  holdMs: number;
}

/** Remembers how to get back into this room, for this tab only (a reload keeps it). */
/**
 * The room's per-patch messages start at once, before the arena's session listens (the page
 * first waits for the full state and builds the scene): let them go quietly until then, or
 * colyseus.js warns in the console for each. The session asks for every pose when it starts.
 */
function quietUntilPlayed(room: Room<ArenaState>): Room<ArenaState> {
  for (const type of [ServerMessage.Snapshot, ServerMessage.Events, ServerMessage.Pong]) room.onMessage(type, () => undefined);
  return room;
}

export function rememberSeat(room: Room, storage: Storage = sessionStorage): void {
  const holdMs = ((room.state as ArenaState | undefined)?.reconnectSeconds ?? 0) * 1000;
  storage.setItem(SEAT_KEY, JSON.stringify({ token: room.reconnectionToken, roomId: room.roomId, savedAt: Date.now(), holdMs } satisfies SavedSeat));
}

export function forgetSeat(storage: Storage = sessionStorage): void {
  storage.removeItem(SEAT_KEY);
}

/** A saved seat young enough to still be held for us, if any. */
export function savedSeat(storage: Storage = sessionStorage): SavedSeat | undefined {
  try {
    const seat = JSON.parse(storage.getItem(SEAT_KEY) ?? "null") as SavedSeat | null;
    if (seat && typeof seat.token === "string" && typeof seat.holdMs === "number" && Date.now() - seat.savedAt < seat.holdMs) return seat;
  } catch {
    // unreadable: treat as none
  }
  return undefined;
}
