// Finding and joining an arena. The server that served this page is the game server.
import { Client, type Room } from "colyseus.js";
import { ArenaState } from "../../shared/schema/ArenaState";

export const ROOM_NAME = "arena";

/** The game server is the one that served the page (in `npm run dev`, the one on port 2567). */
export function serverUrl(loc: Pick<Location, "protocol" | "host" | "hostname"> = location): string {
  const scheme = loc.protocol === "https:" ? "wss" : "ws";
  return __DEV_GAME_PORT__ ? `${scheme}://${loc.hostname}:${__DEV_GAME_PORT__}` : `${scheme}://${loc.host}`;
}

export function quickPlay(name: string, url = serverUrl()): Promise<Room<ArenaState>> {
  return new Client(url).joinOrCreate(ROOM_NAME, { name }, ArenaState);
}
