// The maps every part of the game asks for by id. They are Tiled files (assets/maps/*.tmj)
// that each side reads its own way and installs here: the server with fs (server/maps.ts),
// the page through Vite (game/maps.ts). This module does no I/O, so the simulation, the rules
// and the page's session run the same code in Node and in the browser.

import { buildWorld, type ArenaWorld } from "../sim/collision";
import { parseTiledMap } from "./tiled";
import type { ArenaMap } from "./types";

export type { ArenaMap, FlagBase, FloorTiles, ModeId, PickupKind, Point, Spawn, Team, Zone } from "./types";
export { MODE_IDS, PICKUP_KINDS } from "./types";
export { parseTiledMap, parseTiledTileset, type Tileset } from "./tiled";

/** A map file's name (its id plus .tmj) and its text. */
export interface MapFile {
  file: string;
  text: string;
}

// Filled in place by installMaps, so whoever holds these sees the maps once they are in.
export const MAPS: Record<string, ArenaMap> = {};
export const MAP_IDS: string[] = [];
export const DEFAULT_MAP = "foundry";

const worlds = new WeakMap<ArenaMap, ArenaWorld>();

/** Reads every map file and makes them the game's maps, in order of id. Throws on the first bad file (naming it). */
export function installMaps(files: readonly MapFile[]): void {
  const maps = files.map((f) => parseTiledMap(f.file, f.text)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const id of Object.keys(MAPS)) delete MAPS[id];
  for (const map of maps) MAPS[map.id] = map;
  MAP_IDS.splice(0, MAP_IDS.length, ...maps.map((m) => m.id));
}

export function getMap(id: string): ArenaMap | undefined {
  if (MAP_IDS.length === 0) throw new Error("no maps installed: import server/maps.ts (Node) or game/maps.ts (the page) first");
  return Object.hasOwn(MAPS, id) ? MAPS[id] : undefined;
}

/** The collision world of a map, built once and shared by every room that plays it. */
export function worldOf(map: ArenaMap): ArenaWorld {
  let world = worlds.get(map);
  if (!world) {
    world = buildWorld(map.width, map.height, [...map.walls, ...map.crates]);
    worlds.set(map, world);
  }
  return world;
}
