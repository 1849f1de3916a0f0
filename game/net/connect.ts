// Finding and joining an arena. The server that served this page is the game server.
import { Client, type Room } from "colyseus.js";
import { ArenaState } from "../../shared/schema/ArenaState";

export const ROOM_NAME = "arena";

export function serverUrl(loc: Pick<Location, "protocol" | "host"> = location): string {
  return `${loc.protocol === "https:" ? "wss" : "ws"}://${loc.host}`;
}

export function quickPlay(name: string, url = serverUrl()): Promise<Room<ArenaState>> {
  return new Client(url).joinOrCreate(ROOM_NAME, { name }, ArenaState);
}
