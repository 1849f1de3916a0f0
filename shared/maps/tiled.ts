// Tiled maps (.tmj, the editor's JSON) read into ArenaMaps. Anything the game cannot use is
// refused with the file, and the layer or object, named, so a map maker knows what to fix
// without reading code. Pure: text in, data out (the server reads the files with fs, the page
// gets them from Vite).

import type { Box } from "../sim/collision";
import {
  type ArenaMap,
  type FlagBase,
  type FloorTiles,
  MODE_IDS,
  type ModeId,
  PICKUP_KINDS,
  type PickupKind,
  type Point,
  type Spawn,
  type Team,
  type Zone,
} from "./types";

/** A map's sides, in units: the page paints a whole map into one texture, and GPUs promise 4096. */
export const MAP_SIZE = { min: 320, max: 4096 } as const;

/** The object types a map is made of (Tiled: an object's Class), and the properties each takes. */
export const OBJECT_TYPES = {
  wall: [],
  crate: [],
  spawn: ["team"],
  pickup: ["kind"],
  flag: ["team"],
  zone: ["kind", "team"],
} as const satisfies Record<string, readonly string[]>;
type ObjectType = keyof typeof OBJECT_TYPES;

export const MAP_PROPERTIES = ["name", "modes", "floor", "wall", "crate"] as const;
export const ZONE_KINDS = ["base"] as const;

/** Tiled keeps a tile's flips in the top bits of its global id; the rest is the id. */
export const GID_MASK = 0x0fffffff;

/** A tileset (.tsj) as the page needs it to paint tiles. */
export interface Tileset {
  file: string;
  tileWidth: number;
  tileHeight: number;
  columns: number;
  tileCount: number;
  /** The image's file name, beside the tileset in assets/tilesets. */
  image: string;
  imageWidth: number;
  imageHeight: number;
  margin: number;
  spacing: number;
  /** Grey tiles that take the map's floor colour (custom bool property `tint`). */
  tint: boolean;
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function fail(where: string, problem: string): never {
  throw new Error(`${where}: ${problem}`);
}

/** The last part of a path, as Tiled writes it (forward slashes, even on Windows). */
const baseName = (path: string): string => path.replace(/^.*[\\/]/, "");

function parseJson(file: string, text: string): Json {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(file, `not valid JSON (${(e as Error).message}): save it from Tiled as a .tmj map`);
  }
  if (!isRecord(data)) fail(file, "not a Tiled map: the file must hold one JSON object");
  return data;
}

function finite(where: string, o: Json, key: string): number {
  const v = o[key];
  if (v === undefined) fail(where, `"${key}" is missing`);
  if (typeof v !== "number" || !Number.isFinite(v)) fail(where, `"${key}" must be a finite number (got ${JSON.stringify(v)})`);
  return v;
}

function int(where: string, o: Json, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = finite(where, o, key);
  if (!Number.isInteger(v) || v < min || v > max) fail(where, `"${key}" must be a whole number from ${min} to ${max} (got ${v})`);
  return v;
}

function optionalNumber(where: string, o: Json, key: string, fallback: number): number {
  return o[key] === undefined ? fallback : finite(where, o, key);
}

function text(where: string, o: Json, key: string): string {
  const v = o[key];
  if (typeof v !== "string") fail(where, `"${key}" must be a string (got ${JSON.stringify(v)})`);
  return v;
}

// ---- custom properties -------------------------------------------------------------------

interface Property {
  type: string;
  value: unknown;
}

/** An object's (or the map's) custom properties by name; names it does not take are refused. */
function properties(where: string, o: Json, allowed: readonly string[]): Map<string, Property> {
  const out = new Map<string, Property>();
  if (o.properties === undefined) return out;
  if (!Array.isArray(o.properties)) fail(where, `"properties" must be a list (save with a current Tiled)`);
  for (const p of o.properties) {
    if (!isRecord(p) || typeof p.name !== "string") fail(where, `a property without a name: ${JSON.stringify(p)}`);
    if (!allowed.includes(p.name)) {
      fail(where, `unknown property "${p.name}" (${allowed.length ? `it takes ${allowed.join(", ")}` : "it takes none"})`);
    }
    out.set(p.name, { type: typeof p.type === "string" ? p.type : "string", value: p.value });
  }
  return out;
}

function stringProperty(where: string, props: Map<string, Property>, name: string, options: readonly string[] = []): string {
  const p = props.get(name);
  if (!p) fail(where, `the string property "${name}" is missing`);
  if (p.type !== "string" || typeof p.value !== "string" || p.value.trim() === "") {
    fail(where, `property "${name}" must be a non-empty string (got ${p.type} ${JSON.stringify(p.value)})`);
  }
  const value = p.value.trim();
  if (options.length && !options.includes(value)) fail(where, `property "${name}" is "${value}": use ${options.join(", ")}`);
  return value;
}

function teamProperty(where: string, props: Map<string, Property>, required: boolean): Team | undefined {
  const p = props.get("team");
  if (!p) {
    if (required) fail(where, `the int property "team" is missing (0 or 1)`);
    return undefined;
  }
  if (p.type !== "int" || (p.value !== 0 && p.value !== 1)) fail(where, `property "team" must be an int, 0 or 1 (got ${p.type} ${JSON.stringify(p.value)})`);
  return p.value as Team;
}

/** A Tiled colour, "#aarrggbb" or "#rrggbb", as 0xrrggbb (the alpha is ignored). */
function colourProperty(where: string, props: Map<string, Property>, name: string): number {
  const p = props.get(name);
  if (!p) fail(where, `the color property "${name}" is missing`);
  const m = typeof p.value === "string" ? /^#(?:[0-9a-f]{2})?([0-9a-f]{6})$/i.exec(p.value) : null;
  if ((p.type !== "color" && p.type !== "string") || !m) fail(where, `property "${name}" must be a colour, "#rrggbb" or "#aarrggbb" (got ${JSON.stringify(p.value)})`);
  return Number.parseInt(m[1], 16);
}

// ---- the map -------------------------------------------------------------------------------

interface Layer {
  file: string;
  /** The layer's name, with its groups' ("group/layer"). */
  name: string;
  where: string;
  json: Json;
}

/** Reads one Tiled map; its id is the file's name. Throws an Error naming the file and the object at fault. */
export function parseTiledMap(fileName: string, source: string): ArenaMap {
  const file = baseName(fileName);
  const id = file.replace(/\.tmj$/i, "");
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id) || id === file) {
    fail(file, "a map's file is named id.tmj, the id in lower-case letters, digits, - and _ (it is the map's id)");
  }
  const json = parseJson(file, source);
  if (json.type !== undefined && json.type !== "map") fail(file, `not a map (type "${String(json.type)}")`);
  if (json.orientation !== "orthogonal") fail(file, `orientation must be "orthogonal" (got ${JSON.stringify(json.orientation)})`);
  if (json.infinite === true) fail(file, "infinite maps are not supported: untick Map > Map Properties > Infinite");
  const tileWidth = int(file, json, "tilewidth", 1, MAP_SIZE.max);
  const tileHeight = int(file, json, "tileheight", 1, MAP_SIZE.max);
  const columns = int(file, json, "width", 1, MAP_SIZE.max);
  const rows = int(file, json, "height", 1, MAP_SIZE.max);
  const width = columns * tileWidth;
  const height = rows * tileHeight;
  for (const [side, size] of [["width", width], ["height", height]] as const) {
    if (size < MAP_SIZE.min || size > MAP_SIZE.max) {
      fail(file, `the map is ${size} units in ${side} (tiles × tile size): it must be from ${MAP_SIZE.min} to ${MAP_SIZE.max}`);
    }
  }

  const where = `${file}, map properties`;
  const props = properties(where, json, MAP_PROPERTIES);
  const name = stringProperty(where, props, "name");
  const modes = parseModes(where, stringProperty(where, props, "modes"));
  const palette = { floor: colourProperty(where, props, "floor"), wall: colourProperty(where, props, "wall"), crate: colourProperty(where, props, "crate") };

  const tilesets = parseTilesetRefs(file, json.tilesets);
  const map: ArenaMap = { id, name, width, height, walls: [], crates: [], spawns: [], pickups: [], flags: [], zones: [], modes, palette };
  const tileLayers: number[][] = [];

  if (!Array.isArray(json.layers)) fail(file, `"layers" must be a list`);
  for (const layer of flattenLayers(file, json.layers)) {
    const type = layer.json.type;
    if (type === "tilelayer") tileLayers.push(readTileLayer(layer, columns, rows, tilesets));
    else if (type === "objectgroup") readObjects(layer, map);
    else if (type === "imagelayer") fail(layer.where, "image layers are not drawn by the game: paint the floor with tiles");
    else fail(layer.where, `unknown layer type ${JSON.stringify(type)}`);
  }
  if (tileLayers.length) map.floor = { tileWidth, tileHeight, columns, rows, tilesets, layers: tileLayers } satisfies FloorTiles;
  checkModes(file, map);
  return map;
}

function parseModes(where: string, list: string): ModeId[] {
  const modes: ModeId[] = [];
  for (const part of list.split(",")) {
    const mode = part.trim();
    if (!(MODE_IDS as readonly string[]).includes(mode)) fail(where, `property "modes" lists "${mode}": use a comma list of ${MODE_IDS.join(", ")}`);
    if (!modes.includes(mode as ModeId)) modes.push(mode as ModeId);
  }
  return modes;
}

function parseTilesetRefs(file: string, refs: unknown): FloorTiles["tilesets"] {
  if (refs === undefined) return [];
  if (!Array.isArray(refs)) fail(file, `"tilesets" must be a list`);
  return refs.map((ref, i) => {
    const where = `${file}, tileset ${i + 1}`;
    if (!isRecord(ref)) fail(where, "must be an object");
    const firstgid = int(where, ref, "firstgid", 1, GID_MASK);
    if (typeof ref.source !== "string") {
      fail(where, `the tileset "${String(ref.name ?? "")}" is embedded in the map: use an external tileset from assets/tilesets (Map > Add External Tileset)`);
    }
    if (!/\.(tsj|json)$/i.test(ref.source)) fail(where, `"${ref.source}" is not a JSON tileset: use one saved as .tsj in assets/tilesets`);
    return { firstgid, file: baseName(ref.source) };
  });
}

/** Layers in drawing order, groups opened; hidden layers are left out (a map maker's notes). */
function flattenLayers(file: string, layers: unknown[], parent = ""): Layer[] {
  const out: Layer[] = [];
  for (const raw of layers) {
    if (!isRecord(raw)) fail(file, `a layer must be an object (got ${JSON.stringify(raw)})`);
    const name = `${parent}${typeof raw.name === "string" ? raw.name : "?"}`;
    const where = `${file}, layer "${name}"`;
    if (raw.visible === false) continue;
    if (optionalNumber(where, raw, "offsetx", 0) !== 0 || optionalNumber(where, raw, "offsety", 0) !== 0) {
      fail(where, "the layer has an offset: set Offset to 0, 0 (the game places objects where their numbers say)");
    }
    if (raw.type === "group") {
      if (!Array.isArray(raw.layers)) fail(where, `"layers" must be a list`);
      out.push(...flattenLayers(file, raw.layers, `${name}/`));
    } else {
      out.push({ file, name, where, json: raw });
    }
  }
  return out;
}

function readTileLayer({ where, json }: Layer, columns: number, rows: number, tilesets: FloorTiles["tilesets"]): number[] {
  if (json.chunks !== undefined) fail(where, "a chunked (infinite) tile layer is not supported");
  if (int(where, json, "width", 1) !== columns || int(where, json, "height", 1) !== rows) fail(where, `the layer must be the map's size, ${columns} × ${rows} tiles`);
  const data = tileData(where, json);
  if (data.length !== columns * rows) fail(where, `"data" holds ${data.length} tiles, the map has ${columns * rows}`);
  const firstgid = Math.min(...tilesets.map((t) => t.firstgid));
  data.forEach((gid, i) => {
    if (!Number.isInteger(gid) || gid < 0 || gid > 0xffffffff) fail(where, `tile ${i} (column ${i % columns}, row ${Math.floor(i / columns)}) is ${gid}, not a tile id`);
    const tile = gid & GID_MASK;
    if (tile !== 0 && !(tile >= firstgid)) fail(where, `tile ${i} (column ${i % columns}, row ${Math.floor(i / columns)}) is tile id ${tile}, from no tileset of the map`);
  });
  return data;
}

/** The layer's global tile ids: Tiled's CSV (a JSON list) or uncompressed base64. */
function tileData(where: string, json: Json): number[] {
  if (json.encoding === undefined || json.encoding === "csv") {
    if (!Array.isArray(json.data)) fail(where, `"data" must be a list of tile ids`);
    return json.data as number[];
  }
  if (json.encoding !== "base64") fail(where, `unknown tile encoding ${JSON.stringify(json.encoding)}`);
  if (json.compression !== undefined && json.compression !== "") {
    fail(where, `compressed tile data (${String(json.compression)}) is not supported: set Map Properties > Tile Layer Format to CSV`);
  }
  const bytes = atob(text(where, json, "data"));
  if (bytes.length % 4 !== 0) fail(where, "base64 tile data is not a whole number of tiles");
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    out.push((bytes.charCodeAt(i) | (bytes.charCodeAt(i + 1) << 8) | (bytes.charCodeAt(i + 2) << 16) | (bytes.charCodeAt(i + 3) << 24)) >>> 0);
  }
  return out;
}

// ---- objects -------------------------------------------------------------------------------

function describe(o: Json): string {
  const id = typeof o.id === "number" ? o.id : "?";
  const name = typeof o.name === "string" && o.name !== "" ? ` "${o.name}"` : "";
  const type = classOf(o);
  return `object ${id}${name} (${type ? `type "${type}"` : "no type"})`;
}

/** Tiled 1.9 saved an object's class as `class`; other versions as `type`. */
function classOf(o: Json): string {
  if (typeof o.type === "string" && o.type !== "") return o.type;
  if (typeof o.class === "string") return o.class;
  return "";
}

function readObjects(layer: Layer, map: ArenaMap): void {
  const { json } = layer;
  if (!Array.isArray(json.objects)) fail(layer.where, `"objects" must be a list`);
  for (const raw of json.objects) {
    if (!isRecord(raw)) fail(layer.where, `an object must be a JSON object (got ${JSON.stringify(raw)})`);
    if (raw.visible === false) continue;
    const where = `${layer.file}: ${describe(raw)} in layer "${layer.name}"`;
    int(where, raw, "id", 1);
    const type = classOf(raw);
    if (!Object.hasOwn(OBJECT_TYPES, type)) {
      fail(where, `${type ? `unknown type "${type}"` : "no type"}: set its Class to one of ${Object.keys(OBJECT_TYPES).join(", ")}`);
    }
    const kind = type as ObjectType;
    if (raw.template !== undefined) fail(where, "objects from templates are not supported: detach the template (Replace with Template… > Detach)");
    if (raw.gid !== undefined) fail(where, "tile objects are not supported: use a rectangle or a point");
    const props = properties(where, raw, OBJECT_TYPES[kind]);
    if (kind === "wall" || kind === "crate" || kind === "zone") {
      const box = rectangle(where, raw, map);
      if (kind === "wall") map.walls.push(box);
      else if (kind === "crate") map.crates.push(box);
      else {
        stringProperty(where, props, "kind", ZONE_KINDS);
        map.zones.push({ ...box, kind: "base", team: teamProperty(where, props, true) as Team } satisfies Zone);
      }
    } else {
      const at = point(where, raw, map);
      if (kind === "spawn") {
        const team = teamProperty(where, props, false);
        map.spawns.push(team === undefined ? at : ({ ...at, team } satisfies Spawn));
      } else if (kind === "pickup") {
        map.pickups.push({ ...at, kind: stringProperty(where, props, "kind", PICKUP_KINDS) as PickupKind });
      } else {
        const team = teamProperty(where, props, true) as Team;
        if (map.flags.some((f) => f.team === team)) fail(where, `team ${team} has a flag already: a map has one flag per team`);
        map.flags.push({ ...at, team } satisfies FlagBase);
      }
    }
  }
}

/** What a Tiled object is drawn as, with its article; undefined for a rectangle. */
function shapeOf(o: Json): string | undefined {
  if (o.point === true) return "a point";
  if (o.ellipse === true) return "an ellipse";
  if (o.polygon !== undefined) return "a polygon";
  if (o.polyline !== undefined) return "a polyline";
  if (o.text !== undefined) return "a text";
  return undefined;
}

function rectangle(where: string, o: Json, map: ArenaMap): Box {
  const shape = shapeOf(o);
  if (shape) fail(where, `must be a rectangle, not ${shape}`);
  if (optionalNumber(where, o, "rotation", 0) !== 0) fail(where, "must not be rotated: the game's walls and areas are upright rectangles");
  const box = { x: finite(where, o, "x"), y: finite(where, o, "y"), w: finite(where, o, "width"), h: finite(where, o, "height") };
  if (box.w <= 0 || box.h <= 0) fail(where, `has no area (${box.w} × ${box.h})`);
  if (box.x < 0 || box.y < 0 || box.x + box.w > map.width || box.y + box.h > map.height) {
    fail(where, `reaches outside the map (${box.x}, ${box.y}, ${box.w} × ${box.h} in ${map.width} × ${map.height})`);
  }
  return box;
}

function point(where: string, o: Json, map: ArenaMap): Point {
  const shape = shapeOf(o);
  if (shape !== "a point") fail(where, `must be a point (Insert Point), not ${shape ?? "a rectangle"}`);
  const at = { x: finite(where, o, "x"), y: finite(where, o, "y") };
  if (at.x <= 0 || at.y <= 0 || at.x >= map.width || at.y >= map.height) fail(where, `is outside the map (${at.x}, ${at.y} in ${map.width} × ${map.height})`);
  return at;
}

/** What each mode needs: team spawns for both teams (tdm, ctf), and a flag in a base for each (ctf). */
function checkModes(file: string, map: ArenaMap): void {
  const teams: Team[] = [0, 1];
  if (map.modes.includes("tdm") || map.modes.includes("ctf")) {
    for (const team of teams) {
      if (!map.spawns.some((s) => s.team === team)) fail(file, `modes include team play but team ${team} has no spawn (a spawn point with int property team = ${team})`);
    }
  }
  if (map.modes.includes("ctf")) {
    for (const team of teams) {
      const flag = map.flags.find((f) => f.team === team);
      if (!flag) fail(file, `modes include ctf but team ${team} has no flag (a flag point with int property team = ${team})`);
      const inBase = map.zones.some((z) => z.team === team && flag.x >= z.x && flag.x <= z.x + z.w && flag.y >= z.y && flag.y <= z.y + z.h);
      if (!inBase) fail(file, `modes include ctf but team ${team}'s flag stands in no base of theirs (a zone rectangle, kind "base", team ${team}, around it)`);
    }
  }
}

// ---- tilesets ------------------------------------------------------------------------------

/** Reads one external tileset (.tsj) with a single image. */
export function parseTiledTileset(fileName: string, source: string): Tileset {
  const file = baseName(fileName);
  const json = parseJson(file, source);
  if (json.type !== undefined && json.type !== "tileset") fail(file, `not a tileset (type "${String(json.type)}")`);
  if (typeof json.image !== "string") fail(file, "a tileset must be one image (a collection of images is not supported)");
  const props = properties(`${file}, tileset properties`, json, ["tint"]);
  const tint = props.get("tint");
  if (tint && (tint.type !== "bool" || typeof tint.value !== "boolean")) fail(`${file}, tileset properties`, `property "tint" must be a bool`);
  const tileset: Tileset = {
    file,
    tileWidth: int(file, json, "tilewidth", 1),
    tileHeight: int(file, json, "tileheight", 1),
    columns: int(file, json, "columns", 1),
    tileCount: int(file, json, "tilecount", 1),
    image: baseName(json.image),
    imageWidth: int(file, json, "imagewidth", 1),
    imageHeight: int(file, json, "imageheight", 1),
    margin: json.margin === undefined ? 0 : int(file, json, "margin", 0),
    spacing: json.spacing === undefined ? 0 : int(file, json, "spacing", 0),
    tint: tint?.value === true,
  };
  const rowsFit = Math.floor((tileset.imageHeight - tileset.margin * 2 + tileset.spacing) / (tileset.tileHeight + tileset.spacing));
  const colsFit = Math.floor((tileset.imageWidth - tileset.margin * 2 + tileset.spacing) / (tileset.tileWidth + tileset.spacing));
  if (tileset.columns > colsFit || Math.ceil(tileset.tileCount / tileset.columns) > rowsFit) fail(file, "its tiles do not fit in its image");
  return tileset;
}

/** Where tile `gid` (flags cleared) of a map is: its tileset and its rectangle in the tileset's image. */
export function tileSource(
  gid: number,
  refs: FloorTiles["tilesets"],
  tilesets: ReadonlyMap<string, Tileset>,
): { tileset: Tileset; sx: number; sy: number } | undefined {
  const tile = gid & GID_MASK;
  let ref: FloorTiles["tilesets"][number] | undefined;
  for (const r of refs) if (r.firstgid <= tile && (!ref || r.firstgid > ref.firstgid)) ref = r;
  const tileset = ref && tilesets.get(ref.file);
  if (!ref || !tileset) return undefined;
  const index = tile - ref.firstgid;
  if (index >= tileset.tileCount) return undefined;
  return {
    tileset,
    sx: tileset.margin + (index % tileset.columns) * (tileset.tileWidth + tileset.spacing),
    sy: tileset.margin + Math.floor(index / tileset.columns) * (tileset.tileHeight + tileset.spacing),
  };
}
