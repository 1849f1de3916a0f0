import { buildWorld, type ArenaWorld } from "../sim/collision";
import { causeway } from "./causeway";
import { foundry } from "./foundry";
import type { ArenaMap } from "./types";

export type { ArenaMap, PickupKind, Point } from "./types";

export const MAPS: Record<string, ArenaMap> = { foundry, causeway };
export const DEFAULT_MAP = "foundry";
export const MAP_IDS = Object.keys(MAPS);

export function getMap(id: string): ArenaMap | undefined {
  return Object.hasOwn(MAPS, id) ? MAPS[id] : undefined;
}

const worlds = new Map<string, ArenaWorld>();

/** The collision world of a map, built once and shared by every room that plays it. */
export function worldOf(map: ArenaMap): ArenaWorld {
  let world = worlds.get(map.id);
  if (!world) {
    world = buildWorld(map.width, map.height, [...map.walls, ...map.crates]);
    worlds.set(map.id, world);
  }
  return world;
}
