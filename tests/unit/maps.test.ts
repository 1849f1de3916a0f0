// The map check: every Tiled map in assets/maps, read as the game reads it, held to what makes
// a map playable and fair. Run it after saving a map (`npx vitest run tests/unit/maps.test.ts`):
// a failure names the file, and the object when one is at fault. Then the map reader's own
// refusals, on small broken maps.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NavGrid } from "../../server/bots/NavGrid";
import { DEFAULT_MAP, MAP_IDS, worldOf } from "../../server/maps";
import { GAME } from "../../shared/config";
import { MAP_SIZE, parseTiledMap, parseTiledTileset, type Tileset, tileSource } from "../../shared/maps/tiled";
import type { ArenaMap, Point, Team } from "../../shared/maps/types";
import { type Box, circleBlocked } from "../../shared/sim/collision";

const MAPS_DIR = new URL("../../assets/maps/", import.meta.url);
const TILESETS_DIR = new URL("../../assets/tilesets/", import.meta.url);
const RADIUS = GAME.craft.radius;
const TEAMS: Team[] = [0, 1];
/** How far apart mirrored things may be and still count as mirrored (units). */
const MIRROR_TOLERANCE = 8;
/** How much longer one team's way to the enemy flag may be than the other's. */
const PATH_TOLERANCE = 0.05;

const files = readdirSync(MAPS_DIR).filter((f) => f.endsWith(".tmj")).sort();
const read = (file: string) => parseTiledMap(file, readFileSync(new URL(file, MAPS_DIR), "utf8"));

describe("the maps in assets/maps", () => {
  it("are the game's maps, the default among them", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(MAP_IDS).toEqual(files.map((f) => f.replace(/\.tmj$/, "")));
    expect(MAP_IDS).toContain(DEFAULT_MAP);
  });

  for (const file of files) {
    describe(file, () => {
      // Parsing is the first check: a broken file fails here, with its reason.
      const map = read(file);
      const world = worldOf(map);
      const points: [string, Point][] = [
        ...map.spawns.map((p, i): [string, Point] => [`spawn ${i} at ${p.x},${p.y}`, p]),
        ...map.pickups.map((p, i): [string, Point] => [`${p.kind} pickup ${i} at ${p.x},${p.y}`, p]),
        ...map.flags.map((p): [string, Point] => [`team ${p.team}'s flag at ${p.x},${p.y}`, p]),
      ];

      it("has a sane size, walls all round, and everything inside", () => {
        for (const side of [map.width, map.height]) {
          expect(side).toBeGreaterThanOrEqual(MAP_SIZE.min);
          expect(side).toBeLessThanOrEqual(MAP_SIZE.max);
        }
        const wallAt = (x: number, y: number) => map.walls.some((b) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
        for (let t = 0; t <= 1; t += 1 / 256) {
          for (const [x, y] of [[t * map.width, 1], [t * map.width, map.height - 1], [1, t * map.height], [map.width - 1, t * map.height]]) {
            expect(wallAt(x, y), `no border wall at ${Math.round(x)},${Math.round(y)}`).toBe(true);
          }
        }
        for (const b of [...map.walls, ...map.crates, ...map.zones]) {
          expect(b.x >= 0 && b.y >= 0 && b.x + b.w <= map.width && b.y + b.h <= map.height, JSON.stringify(b)).toBe(true);
        }
        for (const [what, p] of points) expect(p.x > 0 && p.y > 0 && p.x < map.width && p.y < map.height, what).toBe(true);
      });

      it("has every spawn, pickup and flag clear of walls and crates by a craft's radius", () => {
        for (const [what, p] of points) expect(circleBlocked(p.x, p.y, RADIUS, world), what).toBe(false);
      });

      it("spawns crafts apart, a room's worth of them", () => {
        expect(map.spawns.length).toBeGreaterThanOrEqual(GAME.room.maxPlayersEver);
        map.spawns.forEach((a, i) =>
          map.spawns.slice(i + 1).forEach((b) => expect(Math.hypot(a.x - b.x, a.y - b.y), `spawns at ${a.x},${a.y} and ${b.x},${b.y}`).toBeGreaterThanOrEqual(RADIUS * 2)),
        );
      });

      it("offers health and overdrive, and no more pickups than the state can tell apart (32)", () => {
        expect(map.pickups.some((p) => p.kind === "health")).toBe(true);
        expect(map.pickups.some((p) => p.kind === "overdrive")).toBe(true);
        expect(map.pickups.length).toBeLessThanOrEqual(32);
      });

      it("lets a craft reach every spawn, pickup and flag from every spawn", () => {
        const grid = new FreeGrid(map);
        const reached = grid.distancesFrom([grid.cellNear(map.spawns[0])]);
        for (const [what, p] of points) expect(Number.isFinite(reached[grid.cellNear(p)]), `${what} cannot be reached`).toBe(true);
      });

      it("lets a bot find its way there too", () => {
        const nav = NavGrid.of(map);
        const from = map.spawns[0];
        for (const [what, p] of points) {
          const route = nav.route(from.x, from.y, p.x, p.y);
          const near = Math.hypot(p.x - from.x, p.y - from.y) < 64;
          expect(route.length > 0 || near, `no bot route to ${what}`).toBe(true);
        }
      });

      it("has what its modes need", () => {
        expect(map.modes.length).toBeGreaterThan(0);
        if (map.modes.includes("tdm") || map.modes.includes("ctf")) {
          for (const team of TEAMS) expect(map.spawns.filter((s) => s.team === team).length, `team ${team}'s spawns`).toBeGreaterThanOrEqual(GAME.room.maxPlayersEver / 2);
        }
        if (map.modes.includes("ctf")) {
          for (const team of TEAMS) {
            const flags = map.flags.filter((f) => f.team === team);
            expect(flags, `team ${team}'s flag`).toHaveLength(1);
            const base = map.zones.filter((z) => z.kind === "base" && z.team === team);
            expect(base.length, `team ${team}'s base`).toBeGreaterThan(0);
            expect(base.some((z) => inside(flags[0], z)), `team ${team}'s flag stands in its base`).toBe(true);
          }
        }
      });

      const teamMap = map.spawns.some((s) => s.team !== undefined) || map.flags.length > 0 || map.zones.length > 0;
      it.runIf(teamMap)("is fair to both teams: a mirror image, or equally long ways to the enemy flag", () => {
        const mirror = (["x", "point"] as const).find((kind) => mirrored(map, kind));
        if (mirror) return;
        const [d0, d1] = teamWays(map);
        expect(Math.abs(d0 - d1) / Math.max(d0, d1), `team 0's way ${d0.toFixed(0)}, team 1's ${d1.toFixed(0)}`).toBeLessThanOrEqual(PATH_TOLERANCE);
      });

      it("paints its floor from tilesets that are there", () => {
        if (!map.floor) return;
        const tilesets = new Map<string, Tileset>();
        for (const ref of map.floor.tilesets) {
          expect(existsSync(new URL(ref.file, TILESETS_DIR)), `${ref.file} in assets/tilesets`).toBe(true);
          const tileset = parseTiledTileset(ref.file, readFileSync(new URL(ref.file, TILESETS_DIR), "utf8"));
          expect(pngSize(new URL(tileset.image, TILESETS_DIR)), `${tileset.image}'s size`).toEqual([tileset.imageWidth, tileset.imageHeight]);
          tilesets.set(ref.file, tileset);
        }
        for (const layer of map.floor.layers) {
          layer.forEach((gid, i) => {
            if (gid !== 0) expect(tileSource(gid, map.floor!.tilesets, tilesets), `tile ${i} (${gid}) is in no tileset`).toBeDefined();
          });
        }
      });
    });
  }
});

// ---- geometry for the checks ------------------------------------------------------------------

const inside = (p: Point, b: Box) => p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;

/** Where a craft's centre may be, on a fine grid, and the shortest ways between cells. */
class FreeGrid {
  static readonly CELL = 10;
  readonly cols: number;
  readonly rows: number;
  readonly free: Uint8Array;

  constructor(map: ArenaMap) {
    const cell = FreeGrid.CELL;
    const world = worldOf(map);
    this.cols = Math.ceil(map.width / cell);
    this.rows = Math.ceil(map.height / cell);
    this.free = new Uint8Array(this.cols * this.rows);
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) this.free[r * this.cols + c] = circleBlocked((c + 0.5) * cell, (r + 0.5) * cell, RADIUS, world) ? 0 : 1;
    }
  }

  /** The free cell nearest a point (its own, or one beside it: the point may sit by a cell's blocked centre). */
  cellNear(p: Point): number {
    const c0 = Math.floor(p.x / FreeGrid.CELL);
    const r0 = Math.floor(p.y / FreeGrid.CELL);
    let best = -1;
    let bestD = Infinity;
    for (let r = r0 - 1; r <= r0 + 1; r++) {
      for (let c = c0 - 1; c <= c0 + 1; c++) {
        if (c < 0 || r < 0 || c >= this.cols || r >= this.rows || !this.free[r * this.cols + c]) continue;
        const d = Math.hypot((c + 0.5) * FreeGrid.CELL - p.x, (r + 0.5) * FreeGrid.CELL - p.y);
        if (d < bestD) [best, bestD] = [r * this.cols + c, d];
      }
    }
    return best;
  }

  /** Shortest way (units, eight directions, no corner cutting) from any of `starts` to every cell. */
  distancesFrom(starts: number[]): Float64Array {
    const dist = new Float64Array(this.cols * this.rows).fill(Infinity);
    const heap: [number, number][] = [];
    const push = (d: number, cell: number) => {
      heap.push([d, cell]);
      for (let i = heap.length - 1; i > 0; ) {
        const up = (i - 1) >> 1;
        if (heap[up][0] <= heap[i][0]) break;
        [heap[up], heap[i]] = [heap[i], heap[up]];
        i = up;
      }
    };
    const pop = (): [number, number] => {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        for (let i = 0; ; ) {
          const l = i * 2 + 1;
          const m = l + 1 < heap.length && heap[l + 1][0] < heap[l][0] ? l + 1 : l;
          if (l >= heap.length || heap[i][0] <= heap[m][0]) break;
          [heap[m], heap[i]] = [heap[i], heap[m]];
          i = m;
        }
      }
      return top;
    };
    for (const s of starts) {
      if (s < 0) continue;
      dist[s] = 0;
      push(0, s);
    }
    while (heap.length) {
      const [d, cell] = pop();
      if (d > dist[cell]) continue;
      const c = cell % this.cols;
      const r = (cell - c) / this.cols;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const nc = c + dc;
          const nr = r + dr;
          if ((dr === 0 && dc === 0) || nc < 0 || nr < 0 || nc >= this.cols || nr >= this.rows) continue;
          const next = nr * this.cols + nc;
          if (!this.free[next]) continue;
          if (dr !== 0 && dc !== 0 && (!this.free[r * this.cols + nc] || !this.free[nr * this.cols + c])) continue;
          const nd = d + (dr !== 0 && dc !== 0 ? Math.SQRT2 : 1) * FreeGrid.CELL;
          if (nd < dist[next]) {
            dist[next] = nd;
            push(nd, next);
          }
        }
      }
    }
    return dist;
  }
}

/** Whether the map is its own mirror image (left-right, or turned half a turn) with team 0 and team 1 swapped. */
function mirrored(map: ArenaMap, kind: "x" | "point"): boolean {
  const flip = (p: Point): Point => ({ x: map.width - p.x, y: kind === "point" ? map.height - p.y : p.y });
  const flipBox = (b: Box): Box => ({ x: map.width - b.x - b.w, y: kind === "point" ? map.height - b.y - b.h : b.y, w: b.w, h: b.h });
  const near = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y) <= MIRROR_TOLERANCE;
  const nearBox = (a: Box, b: Box) => near(a, b) && Math.abs(a.w - b.w) <= MIRROR_TOLERANCE && Math.abs(a.h - b.h) <= MIRROR_TOLERANCE;
  const team = <T extends { team?: Team }>(list: T[], t: Team) => list.filter((x) => x.team === t);
  return (
    sameSet(team(map.spawns, 0).map(flip), team(map.spawns, 1), near) &&
    sameSet(team(map.flags, 0).map(flip), team(map.flags, 1), near) &&
    sameSet(team(map.zones, 0).map(flipBox), team(map.zones, 1), nearBox) &&
    sameSet([...map.walls, ...map.crates].map(flipBox), [...map.walls, ...map.crates], nearBox) &&
    sameSet(map.pickups.map((p) => ({ ...flip(p), kind: p.kind })), map.pickups, (a, b) => a.kind === b.kind && near(a, b))
  );
}

/** Whether every `a` pairs off with its own `b`. */
function sameSet<T>(a: T[], b: T[], match: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  const left = [...b];
  for (const x of a) {
    const i = left.findIndex((y) => match(x, y));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

/**
 * Each team's way to what it fights for: the mean shortest way from its spawns to the enemy's
 * flag, or, without flags, the mean over the pickups of its shortest way to each.
 */
function teamWays(map: ArenaMap): [number, number] {
  const grid = new FreeGrid(map);
  const way = (team: Team): number => {
    const spawns = map.spawns.filter((s) => s.team === team).map((s) => grid.cellNear(s));
    const enemyFlag = map.flags.find((f) => f.team !== team);
    if (enemyFlag) {
      const fromFlag = grid.distancesFrom([grid.cellNear(enemyFlag)]);
      return spawns.reduce((sum, s) => sum + fromFlag[s], 0) / spawns.length;
    }
    const fromSpawns = grid.distancesFrom(spawns);
    return map.pickups.reduce((sum, p) => sum + fromSpawns[grid.cellNear(p)], 0) / map.pickups.length;
  };
  return [way(0), way(1)];
}

/** A PNG's width and height, from its header. */
function pngSize(file: URL): [number, number] {
  const bytes = readFileSync(file);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

// ---- the reader's refusals ----------------------------------------------------------------------

/** A small map that reads cleanly; each test breaks one thing in it. */
function tiny() {
  return {
    type: "map",
    orientation: "orthogonal",
    infinite: false,
    width: 10,
    height: 8,
    tilewidth: 50,
    tileheight: 50,
    properties: [
      { name: "name", type: "string", value: "Tiny" },
      { name: "modes", type: "string", value: "ffa, tdm" },
      { name: "floor", type: "color", value: "#ff112233" },
      { name: "wall", type: "color", value: "#445566" },
      { name: "crate", type: "color", value: "#ff778899" },
    ],
    tilesets: [{ firstgid: 1, source: "../tilesets/floor.tsj" }],
    layers: [
      { type: "tilelayer", name: "floor", width: 10, height: 8, data: Array.from({ length: 80 }, (_, i) => (i % 3) + 1) },
      {
        type: "objectgroup",
        name: "things",
        objects: [
          { id: 1, name: "border", type: "wall", x: 0, y: 0, width: 500, height: 20, rotation: 0 },
          { id: 2, name: "", class: "crate", x: 200, y: 200, width: 40, height: 40, rotation: 0 },
          { id: 3, name: "", type: "spawn", point: true, x: 80, y: 80, properties: [{ name: "team", type: "int", value: 0 }] },
          { id: 4, name: "", type: "spawn", point: true, x: 420, y: 80, properties: [{ name: "team", type: "int", value: 1 }] },
          { id: 5, name: "", type: "spawn", point: true, x: 250, y: 330 },
          { id: 6, name: "", type: "pickup", point: true, x: 250, y: 100, properties: [{ name: "kind", type: "string", value: "rail" }] },
        ],
      },
    ],
  };
}

type TinyObject = Record<string, unknown> & { x?: number; properties?: { name: string; type: string; value: unknown }[] };
const parse = (map: unknown, file = "tiny.tmj") => parseTiledMap(file, JSON.stringify(map));
const objects = (map: ReturnType<typeof tiny>) => (map.layers[1] as unknown as { objects: TinyObject[] }).objects;

describe("reading a Tiled map", () => {
  it("reads walls, crates (by class too), team and shared spawns, pickups, modes and colours", () => {
    const map = parse(tiny());
    expect(map).toMatchObject({
      id: "tiny",
      name: "Tiny",
      width: 500,
      height: 400,
      modes: ["ffa", "tdm"],
      palette: { floor: 0x112233, wall: 0x445566, crate: 0x778899 },
      walls: [{ x: 0, y: 0, w: 500, h: 20 }],
      crates: [{ x: 200, y: 200, w: 40, h: 40 }],
      spawns: [{ x: 80, y: 80, team: 0 }, { x: 420, y: 80, team: 1 }, { x: 250, y: 330 }],
      pickups: [{ x: 250, y: 100, kind: "rail" }],
      flags: [],
      zones: [],
    });
    expect(map.floor).toMatchObject({ tileWidth: 50, columns: 10, rows: 8, tilesets: [{ firstgid: 1, file: "floor.tsj" }] });
  });

  it("refuses an object of unknown type, naming the file and the object", () => {
    const map = tiny();
    objects(map).push({ id: 7, name: "oops", type: "wal", x: 10, y: 10, width: 5, height: 5, rotation: 0 });
    expect(() => parse(map)).toThrow(/^tiny\.tmj: object 7 "oops" \(type "wal"\) in layer "things": unknown type "wal"/);
  });

  it("refuses an object without a type", () => {
    const map = tiny();
    objects(map).push({ id: 8, name: "", x: 10, y: 10, width: 5, height: 5, rotation: 0 });
    expect(() => parse(map)).toThrow(/tiny\.tmj: object 8 \(no type\).*no type/);
  });

  it("refuses a team other than 0 or 1", () => {
    const map = tiny();
    objects(map)[3].properties = [{ name: "team", type: "int", value: 2 }];
    expect(() => parse(map)).toThrow(/tiny\.tmj: object 4 \(type "spawn"\).*"team" must be an int, 0 or 1/);
  });

  it("refuses a pickup kind the game does not have", () => {
    const map = tiny();
    objects(map)[5].properties = [{ name: "kind", type: "string", value: "laser" }];
    expect(() => parse(map)).toThrow(/tiny\.tmj: object 6 \(type "pickup"\).*"laser": use health, overdrive, scatter, rail, rocket/);
  });

  it("refuses a pickup without a kind, and a map without a name", () => {
    const map = tiny();
    delete objects(map)[5].properties;
    expect(() => parse(map)).toThrow(/tiny\.tmj: object 6 \(type "pickup"\).*"kind" is missing/);
    const nameless = tiny();
    nameless.properties.splice(0, 1);
    expect(() => parse(nameless)).toThrow(/tiny\.tmj, map properties: the string property "name" is missing/);
  });

  it("refuses a misspelt property rather than ignoring it", () => {
    const map = tiny();
    objects(map)[2].properties = [{ name: "teem", type: "int", value: 0 }];
    expect(() => parse(map)).toThrow(/object 3 \(type "spawn"\).*unknown property "teem"/);
  });

  it("refuses a spawn drawn as a rectangle, and a rotated wall", () => {
    const map = tiny();
    Object.assign(objects(map)[2], { point: false, width: 30, height: 30 });
    expect(() => parse(map)).toThrow(/object 3 \(type "spawn"\).*must be a point \(Insert Point\), not a rectangle/);
    const turned = tiny();
    objects(turned)[0].rotation = 45;
    expect(() => parse(turned)).toThrow(/object 1 "border" \(type "wall"\).*must not be rotated/);
  });

  it("reads base64 tile data and layers inside groups, and leaves hidden layers out", () => {
    const map = tiny();
    const ids = new Uint32Array(80).fill(2);
    ids[0] = 0x80000003; // tile 3, flipped horizontally
    const floor = { ...map.layers[0], data: btoa(String.fromCharCode(...new Uint8Array(ids.buffer))), encoding: "base64" };
    const hidden = { type: "objectgroup", name: "notes", visible: false, objects: [{ id: 50, type: "scribble", x: 1, y: 1 }] };
    const grouped = { ...map, layers: [{ type: "group", name: "ground", layers: [floor] }, map.layers[1], hidden] };
    const read = parse(grouped);
    expect(read.floor?.layers[0].slice(0, 2)).toEqual([0x80000003, 2]);
    expect(read.walls).toHaveLength(1);
  });

  it("refuses bad JSON, naming the file", () => {
    expect(() => parseTiledMap("broken.tmj", '{ "width": 10, ')).toThrow(/^broken\.tmj: not valid JSON/);
  });

  it("refuses numbers that are not numbers, and objects outside the map", () => {
    const map = tiny();
    objects(map)[1].x = "200" as unknown as number;
    expect(() => parse(map)).toThrow(/object 2 \(type "crate"\).*"x" must be a finite number/);
    const out = tiny();
    objects(out)[4].x = 900;
    expect(() => parse(out)).toThrow(/object 5 \(type "spawn"\).*outside the map/);
  });

  it("refuses maps the game cannot lay out: not orthogonal, infinite, or too big", () => {
    expect(() => parse({ ...tiny(), orientation: "isometric" })).toThrow(/tiny\.tmj: orientation must be "orthogonal"/);
    expect(() => parse({ ...tiny(), infinite: true })).toThrow(/tiny\.tmj: infinite maps are not supported/);
    expect(() => parse({ ...tiny(), width: 100 })).toThrow(/tiny\.tmj: the map is 5000 units in width/);
  });

  it("refuses capture the flag without a flag in a base for each team", () => {
    const map = tiny();
    map.properties[1].value = "ctf";
    expect(() => parse(map)).toThrow(/tiny\.tmj: modes include ctf but team 0 has no flag/);
  });

  it("refuses a map with two flags for one team, naming the second", () => {
    const map = tiny();
    const flag = (id: number): TinyObject => ({ id, name: "", type: "flag", point: true, x: 100, y: 300, properties: [{ name: "team", type: "int", value: 0 }] });
    objects(map).push(flag(9), flag(10));
    expect(() => parse(map)).toThrow(/object 10 \(type "flag"\).*team 0 has a flag already/);
  });
});
