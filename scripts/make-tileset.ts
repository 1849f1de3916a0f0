// Paints the floor tileset, assets/tilesets/floor.png, and writes its Tiled tileset beside it
// (floor.tsj). Run it again after changing the art: `node --import tsx scripts/make-tileset.ts`.
// The tiles are grey: the page multiplies them by each map's floor colour (the tileset's
// `tint` property), so one tileset dresses every map. Seeded, so a re-run gives the same bytes.

import { mkdirSync, writeFileSync } from "node:fs";
import { PNG } from "pngjs";
import { SeededRandom } from "../shared/sim/random";

const TILE = 50;
const COLUMNS = 4;
const ROWS = 4;
const OUT = new URL("../assets/tilesets/", import.meta.url);

const png = new PNG({ width: TILE * COLUMNS, height: TILE * ROWS });
const random = new SeededRandom(20261201);

/** One tile's painter: grey levels (0–255, 255 is the map's floor colour a little lightened). */
type Painter = (t: Tile) => void;

class Tile {
  constructor(
    private readonly ox: number,
    private readonly oy: number,
  ) {}

  set(x: number, y: number, v: number): void {
    if (x < 0 || y < 0 || x >= TILE || y >= TILE) return;
    const i = ((this.oy + y) * png.width + this.ox + x) * 4;
    const g = Math.max(0, Math.min(255, Math.round(v)));
    png.data[i] = png.data[i + 1] = png.data[i + 2] = g;
    png.data[i + 3] = 255;
  }

  get(x: number, y: number): number {
    return png.data[((this.oy + y) * png.width + this.ox + x) * 4];
  }

  /** Multiplies a rectangle's grey by k (k < 1 darkens). */
  shade(x: number, y: number, w: number, h: number, k: number): void {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) if (i >= 0 && j >= 0 && i < TILE && j < TILE) this.set(i, j, this.get(i, j) * k);
  }

  fill(x: number, y: number, w: number, h: number, v: number): void {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this.set(i, j, v);
  }

  disc(cx: number, cy: number, r: number, k: number): void {
    for (let j = Math.floor(cy - r); j <= Math.ceil(cy + r); j++) {
      for (let i = Math.floor(cx - r); i <= Math.ceil(cx + r); i++) {
        if ((i + 0.5 - cx) ** 2 + (j + 0.5 - cy) ** 2 <= r * r && i >= 0 && j >= 0 && i < TILE && j < TILE) this.set(i, j, this.get(i, j) * k);
      }
    }
  }

  /** A plate: flat grey with a little grain, lit on the top and left edges, shaded on the others. */
  plate(v: number): void {
    for (let y = 0; y < TILE; y++) for (let x = 0; x < TILE; x++) this.set(x, y, v + (random.next() - 0.5) * 7);
    this.bevel(0, 0, TILE, TILE);
  }

  bevel(x: number, y: number, w: number, h: number): void {
    this.shade(x, y, w, 1, 1.06);
    this.shade(x, y, 1, h, 1.06);
    this.shade(x, y + h - 2, w, 2, 0.68);
    this.shade(x + w - 2, y, 2, h, 0.68);
  }

  bolt(x: number, y: number): void {
    this.disc(x, y, 2, 0.62);
    this.set(Math.floor(x - 1), Math.floor(y - 1), 255);
  }
}

const TILES: [string, Painter][] = [
  ["plate", (t) => t.plate(228)],
  ["plate, light", (t) => t.plate(238)],
  ["plate, dark", (t) => t.plate(218)],
  ["plate, pale", (t) => t.plate(246)],
  [
    "bolted plate",
    (t) => {
      t.plate(232);
      for (const [x, y] of [[6, 6], [TILE - 7, 6], [6, TILE - 7], [TILE - 7, TILE - 7]]) t.bolt(x, y);
    },
  ],
  [
    "vent",
    (t) => {
      t.plate(230);
      for (let i = 0; i < 5; i++) {
        t.shade(11, 11 + i * 6, TILE - 22, 3, 0.62);
        t.shade(11, 14 + i * 6, TILE - 22, 1, 1.08);
      }
    },
  ],
  [
    "grate",
    (t) => {
      t.plate(196);
      for (let y = 5; y < TILE - 5; y += 6) for (let x = 5; x < TILE - 5; x += 6) t.shade(x, y, 4, 4, 0.45);
    },
  ],
  [
    "scuffed plate",
    (t) => {
      t.plate(230);
      for (let i = 0; i < 9; i++) {
        const x0 = 4 + random.next() * (TILE - 8);
        const y0 = 4 + random.next() * (TILE - 8);
        const a = random.next() * Math.PI * 2;
        const k = random.next() < 0.5 ? 1.1 : 0.8;
        for (let d = 0; d < 4 + random.next() * 10; d++) t.shade(Math.round(x0 + Math.cos(a) * d), Math.round(y0 + Math.sin(a) * d), 1, 1, k);
      }
    },
  ],
  [
    "tread plate",
    (t) => {
      t.plate(224);
      for (let y = 4; y < TILE - 4; y += 8) {
        for (let x = 4 + ((y / 8) % 2) * 4; x < TILE - 6; x += 8) {
          t.shade(x, y, 4, 1, 1.12);
          t.shade(x, y + 1, 4, 1, 0.78);
        }
      }
    },
  ],
  [
    "striped plate",
    (t) => {
      t.plate(236);
      for (let y = 2; y < TILE - 2; y++) for (let x = 2; x < TILE - 2; x++) if (Math.floor((x + y) / 6) % 2 === 0) t.shade(x, y, 1, 1, 0.8);
      t.bevel(0, 0, TILE, TILE);
    },
  ],
  [
    "drain",
    (t) => {
      t.plate(230);
      t.disc(TILE / 2, TILE / 2, 16, 0.7);
      t.disc(TILE / 2, TILE / 2, 14, 1.25);
      for (let k = 0; k < 8; k++) {
        const a = (k / 8) * Math.PI * 2;
        for (let d = 4; d < 12; d++) t.shade(Math.round(TILE / 2 + Math.cos(a) * d), Math.round(TILE / 2 + Math.sin(a) * d), 1, 1, 0.55);
      }
    },
  ],
  [
    "sunken panel",
    (t) => {
      t.plate(230);
      t.shade(6, 6, TILE - 12, TILE - 12, 0.84);
      t.shade(6, 6, TILE - 12, 1, 0.7);
      t.shade(6, 6, 1, TILE - 12, 0.7);
      t.shade(6, TILE - 7, TILE - 12, 1, 1.15);
      t.shade(TILE - 7, 6, 1, TILE - 12, 1.15);
    },
  ],
  [
    "trimmed plate",
    (t) => {
      t.plate(232);
      t.shade(4, 4, TILE - 8, 1, 1.12);
      t.shade(4, TILE - 5, TILE - 8, 1, 1.12);
      t.shade(4, 4, 1, TILE - 8, 1.12);
      t.shade(TILE - 5, 4, 1, TILE - 8, 1.12);
    },
  ],
  [
    "riveted plate",
    (t) => {
      t.plate(228);
      for (let d = 7; d < TILE - 4; d += 9) {
        t.bolt(d, 4);
        t.bolt(d, TILE - 5);
        t.bolt(4, d);
        t.bolt(TILE - 5, d);
      }
    },
  ],
  [
    "quartered plate",
    (t) => {
      t.plate(232);
      for (const [x, y] of [[0, 0], [25, 0], [0, 25], [25, 25]]) t.bevel(x, y, 25, 25);
    },
  ],
  [
    "arrow",
    (t) => {
      t.plate(228);
      // A chevron pointing right (flip or turn the tile in Tiled for the other ways).
      for (let y = 10; y < TILE - 10; y++) {
        const x = 14 + (TILE / 2 - Math.abs(y + 0.5 - TILE / 2)) * 0.9;
        t.shade(Math.round(x), y, 7, 1, 1.16);
      }
    },
  ],
];

if (TILES.length !== COLUMNS * ROWS) throw new Error(`${TILES.length} tiles for ${COLUMNS * ROWS} places`);
TILES.forEach(([, paint], i) => paint(new Tile((i % COLUMNS) * TILE, Math.floor(i / COLUMNS) * TILE)));

mkdirSync(OUT, { recursive: true });
writeFileSync(new URL("floor.png", OUT), PNG.sync.write(png, { colorType: 0 }));
const tileset = {
  columns: COLUMNS,
  image: "floor.png",
  imageheight: png.height,
  imagewidth: png.width,
  margin: 0,
  name: "floor",
  properties: [{ name: "tint", type: "bool", value: true }],
  spacing: 0,
  tilecount: TILES.length,
  tiledversion: "1.11.2",
  tileheight: TILE,
  tiles: TILES.map(([name], id) => ({ id, properties: [{ name: "name", type: "string", value: name }] })),
  tilewidth: TILE,
  type: "tileset",
  version: "1.10",
};
writeFileSync(new URL("floor.tsj", OUT), `${JSON.stringify(tileset, null, 1)}\n`);
console.log(`assets/tilesets/floor.png: ${TILES.length} tiles of ${TILE} × ${TILE}`);
