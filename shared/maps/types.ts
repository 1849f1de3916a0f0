import type { Box } from "../sim/collision";

/** What a pickup spot hands out: a boost, or a weapon (see GAME.weapons). */
export type PickupKind = "health" | "overdrive" | "scatter" | "rail" | "rocket";
export const PICKUP_KINDS: readonly PickupKind[] = ["health", "overdrive", "scatter", "rail", "rocket"];

/** The game's modes: free-for-all, team deathmatch, capture the flag. */
export type ModeId = "ffa" | "tdm" | "ctf";
export const MODE_IDS: readonly ModeId[] = ["ffa", "tdm", "ctf"];

/** Team 0 or 1 (unused in free-for-all). */
export type Team = 0 | 1;

export interface Point {
  x: number;
  y: number;
}

export interface Spawn extends Point {
  /** The team that spawns here; undefined: anyone (free-for-all, or a team map's shared spots). */
  team?: Team;
}

/** Where a team's flag stands at home (capture the flag): the flag is carried home to it. */
export interface FlagBase extends Point {
  team: Team;
}

/** A marked area of the floor; `team` says whose it is (a base is drawn in the team's colours). */
export interface Zone extends Box {
  kind: "base";
  team: Team;
}

/**
 * The floor as the map maker laid it in Tiled, painted by the page under everything else
 * (the rules never read it): its tile layers, bottom first, each row by row.
 */
export interface FloorTiles {
  tileWidth: number;
  tileHeight: number;
  columns: number;
  rows: number;
  /** Where global tile ids come from: a tileset file in assets/tilesets and its first id. */
  tilesets: { firstgid: number; file: string }[];
  /** Tiled's global tile ids (0: no tile; the top three bits flip or turn the tile). */
  layers: number[][];
}

/** A map is data: the server collides against it and the client draws it, from one file (assets/maps/*.tmj). */
export interface ArenaMap {
  id: string;
  name: string;
  width: number;
  height: number;
  /** Solid and tall: blocks craft and shots. */
  walls: Box[];
  /** Solid and low: blocks craft and shots too, drawn as cargo. */
  crates: Box[];
  spawns: Spawn[];
  pickups: (Point & { kind: PickupKind })[];
  /** One per team on maps that can play capture the flag; empty elsewhere. */
  flags: FlagBase[];
  zones: Zone[];
  /** The modes this map is made for (a free-for-all map without team spawns cannot play tdm or ctf). */
  modes: ModeId[];
  /** Floor and wall tint (0xRRGGBB) so maps are told apart at a glance. */
  palette: { floor: number; wall: number; crate: number };
  /** The Tiled tile layers (a map written in code may have none: the page paints plates). */
  floor?: FloorTiles;
}
