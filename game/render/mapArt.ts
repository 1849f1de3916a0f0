// A map painted once into a canvas of its own (a source of the atlas texture): the floor
// as the map maker tiled it in Tiled, worn and shaded, team bases and pads, soft shadows, and
// walls and crates with a top face and a front face so they read as solid. Drawn from the
// same data the server collides against; the random detail is seeded by the map's id, so
// every player sees the same floor.
//
// The floor's tile layers are painted into this picture rather than drawn by Phaser as a
// tilemap layer: the map stays one quad per frame instead of a thousand tiles from a texture
// of their own (the game draws one texture per batch, its way round Phaser 4's rotated-sprite
// bug, phaser#7372, so every texture switch costs a batch), and wear and shadows fall over the
// tiles. A map maker's tiles show all the same; a map without tile layers gets plates.

import { GID_MASK, type Tileset, tileSource } from "../../shared/maps/tiled";
import { type ArenaMap, type FloorTiles, type Team, TILESETS, type Zone } from "../maps";
import type { Box } from "../../shared/sim/collision";
import { SeededRandom } from "../../shared/sim/random";
import { PICKUP_COLOUR, TEAM_COLOUR, TEAM_PATTERN } from "./palette";

/** The generated plates' size, for a map without tile layers. */
const PLATE = 64;
const TAU = Math.PI * 2;

// The arena module (which paints the atlas) is ready when the tileset images are: they
// started loading with the page, so this rarely waits.
const tilesets = await TILESETS;

/** Randomness seeded by the map's id: the same map gives the same scuffs on every screen. */
function seeded(text: string): () => number {
  let s = 0;
  for (let i = 0; i < text.length; i++) s = (Math.imul(s, 31) + text.charCodeAt(i)) | 0;
  const rng = new SeededRandom(s);
  return () => rng.next();
}

/** `rgb` lightened (k > 1) or darkened (k < 1), as a CSS colour. */
function shade(rgb: number, k: number, alpha = 1): string {
  const c = (v: number) => Math.max(0, Math.min(255, Math.round(v * k)));
  return `rgba(${c((rgb >> 16) & 255)},${c((rgb >> 8) & 255)},${c(rgb & 255)},${alpha})`;
}

/** Paints `map` into a canvas of its size. */
export function paintMap(map: ArenaMap): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = map.width;
  canvas.height = map.height;
  const g = canvas.getContext("2d");
  if (!g) throw new Error("no 2D canvas");
  const random = seeded(map.id);
  if (!(map.floor && paintTiles(g, map, map.floor))) paintPlates(g, map, random);
  paintWear(g, map, random);
  for (const z of map.zones) paintZone(g, z);
  paintPads(g, map);
  const solids = [...map.walls, ...map.crates];
  paintShadows(g, solids, map.palette.floor);
  for (const b of map.crates) paintCrate(g, b, map.palette.crate);
  for (const b of map.walls) paintWall(g, b, map.palette.wall, random);
  return canvas;
}

/**
 * The map's tile layers, bottom first, flips and turns as Tiled stores them. Grey tilesets
 * (property `tint`) take the map's floor colour. False when a tileset is missing: the page
 * then paints generated plates rather than a floor with holes.
 */
function paintTiles(g: CanvasRenderingContext2D, map: ArenaMap, floor: FloorTiles): boolean {
  const loaded = new Map<string, Tileset>();
  const images = new Map<string, CanvasImageSource>();
  for (const ref of floor.tilesets) {
    const t = tilesets.get(ref.file);
    if (!t?.image) {
      console.warn(`map ${map.id}: tileset ${ref.file} is not there; painting plates instead`);
      return false;
    }
    loaded.set(ref.file, t.tileset);
    images.set(ref.file, t.tileset.tint ? tinted(t.image, map.palette.floor) : t.image);
  }
  g.fillStyle = shade(map.palette.floor, 1);
  g.fillRect(0, 0, map.width, map.height);
  for (const layer of floor.layers) {
    layer.forEach((gid, i) => {
      const at = gid && tileSource(gid, floor.tilesets, loaded);
      if (!at) return;
      const { tileset, sx, sy } = at;
      const image = images.get(tileset.file) as CanvasImageSource;
      const tw = tileset.tileWidth;
      const th = tileset.tileHeight;
      // Tiled stands a tile on its cell's bottom-left corner (it may be bigger than the cell).
      const x = (i % floor.columns) * floor.tileWidth;
      const y = (Math.floor(i / floor.columns) + 1) * floor.tileHeight - th;
      if ((gid & ~GID_MASK) === 0) {
        g.drawImage(image, sx, sy, tw, th, x, y, tw, th);
        return;
      }
      // Flipped or turned: Tiled flips along the diagonal first, then horizontally, then vertically.
      const diagonal = (gid & 0x20000000) !== 0;
      g.save();
      g.translate(x + tw / 2, y + th / 2);
      if (gid & 0x40000000) g.scale(1, -1);
      if (gid & 0x80000000) g.scale(-1, 1);
      if (diagonal) g.transform(0, 1, 1, 0, 0, 0);
      const [w, h] = diagonal ? [th, tw] : [tw, th];
      g.drawImage(image, sx, sy, tw, th, -w / 2, -h / 2, w, h);
      g.restore();
    });
  }
  return true;
}

/** A grey tileset image multiplied by the floor colour (a little lightened, so the palest tiles shine). */
function tinted(image: HTMLImageElement, colour: number): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const g = canvas.getContext("2d");
  if (!g) throw new Error("no 2D canvas");
  g.drawImage(image, 0, 0);
  g.globalCompositeOperation = "multiply";
  g.fillStyle = shade(colour, 1.1);
  g.fillRect(0, 0, canvas.width, canvas.height);
  // Multiplying filled any transparent pixels: keep only where the tiles are.
  g.globalCompositeOperation = "destination-in";
  g.drawImage(image, 0, 0);
  return canvas;
}

/** The floor when the map has no tiles: plates, each a little lighter or darker, bevelled, some bolted, a few with a vent. */
function paintPlates(g: CanvasRenderingContext2D, map: ArenaMap, random: () => number): void {
  const floor = map.palette.floor;
  g.fillStyle = shade(floor, 1);
  g.fillRect(0, 0, map.width, map.height);
  for (let y = 0; y < map.height; y += PLATE) {
    for (let x = 0; x < map.width; x += PLATE) {
      g.fillStyle = shade(floor, 0.92 + random() * 0.14);
      g.fillRect(x, y, PLATE, PLATE);
      g.fillStyle = "rgba(255,255,255,0.045)";
      g.fillRect(x, y, PLATE, 1);
      g.fillRect(x, y, 1, PLATE);
      g.fillStyle = "rgba(0,0,0,0.32)";
      g.fillRect(x, y + PLATE - 2, PLATE, 2);
      g.fillRect(x + PLATE - 2, y, 2, PLATE);
      const kind = random();
      if (kind < 0.22) {
        g.fillStyle = "rgba(0,0,0,0.35)";
        for (const [bx, by] of [[6, 6], [PLATE - 8, 6], [6, PLATE - 8], [PLATE - 8, PLATE - 8]]) {
          g.beginPath();
          g.arc(x + bx, y + by, 1.8, 0, TAU);
          g.fill();
        }
        g.fillStyle = "rgba(255,255,255,0.08)";
        for (const [bx, by] of [[6, 6], [PLATE - 8, 6], [6, PLATE - 8], [PLATE - 8, PLATE - 8]]) g.fillRect(x + bx - 1, y + by - 1, 1, 1);
      } else if (kind < 0.27) {
        g.fillStyle = "rgba(0,0,0,0.3)";
        for (let i = 0; i < 6; i++) g.fillRect(x + 14, y + 14 + i * 6, PLATE - 30, 3);
        g.fillStyle = "rgba(255,255,255,0.035)";
        for (let i = 0; i < 6; i++) g.fillRect(x + 14, y + 17 + i * 6, PLATE - 30, 1);
      }
    }
  }
}

/** Wear over any floor: grime and light, scuffs, grain, and edges falling into shade. */
function paintWear(g: CanvasRenderingContext2D, map: ArenaMap, random: () => number): void {
  // Grime and light: broad soft patches break the grid's regularity.
  for (let i = 0; i < (map.width * map.height) / 60000; i++) {
    const x = random() * map.width;
    const y = random() * map.height;
    const r = 60 + random() * 160;
    const dark = random() < 0.65;
    const grad = g.createRadialGradient(x, y, 0, x, y, r);
    grad.addColorStop(0, dark ? "rgba(0,0,0,0.16)" : "rgba(255,255,255,0.035)");
    grad.addColorStop(1, "rgba(0,0,0,0)");
    g.fillStyle = grad;
    g.fillRect(x - r, y - r, r * 2, r * 2);
  }
  // Scuffs: short thin scratches.
  g.lineWidth = 1;
  for (let i = 0; i < (map.width * map.height) / 9000; i++) {
    const x = random() * map.width;
    const y = random() * map.height;
    const a = random() * TAU;
    const len = 6 + random() * 22;
    g.strokeStyle = random() < 0.5 ? "rgba(255,255,255,0.05)" : "rgba(0,0,0,0.18)";
    g.beginPath();
    g.moveTo(x, y);
    g.lineTo(x + Math.cos(a) * len, y + Math.sin(a) * len);
    g.stroke();
  }
  // Grain: a speckled tile laid over the whole floor.
  const grain = document.createElement("canvas");
  grain.width = grain.height = 128;
  const gg = grain.getContext("2d");
  if (gg) {
    const img = gg.createImageData(128, 128);
    for (let i = 0; i < img.data.length; i += 4) {
      const v = random() < 0.75 ? 0 : 255;
      img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
      img.data[i + 3] = random() * (v ? 8 : 26);
    }
    gg.putImageData(img, 0, 0);
    const pattern = g.createPattern(grain, "repeat");
    if (pattern) {
      g.fillStyle = pattern;
      g.fillRect(0, 0, map.width, map.height);
    }
  }
  // Edges of the hall fall into shade.
  const vignette = g.createRadialGradient(map.width / 2, map.height / 2, Math.min(map.width, map.height) * 0.35, map.width / 2, map.height / 2, Math.max(map.width, map.height) * 0.7);
  vignette.addColorStop(0, "rgba(0,0,0,0)");
  vignette.addColorStop(1, "rgba(0,0,0,0.3)");
  g.fillStyle = vignette;
  g.fillRect(0, 0, map.width, map.height);
}

/** A team's pattern over the current clip: team 0 diagonal stripes, team 1 dots (see palette.ts). */
function teamPattern(g: CanvasRenderingContext2D, team: Team, b: Box, alpha: number): void {
  const step = 22;
  if (TEAM_PATTERN[team] === "stripes") {
    g.strokeStyle = shade(TEAM_COLOUR[team], 1.15, alpha);
    g.lineWidth = 7;
    g.beginPath();
    for (let d = -b.h; d < b.w + step; d += step) {
      g.moveTo(b.x + d, b.y + b.h);
      g.lineTo(b.x + d + b.h, b.y);
    }
    g.stroke();
  } else {
    g.fillStyle = shade(TEAM_COLOUR[team], 1.15, alpha);
    let row = 0;
    for (let y = b.y + step / 2; y < b.y + b.h; y += step, row++) {
      for (let x = b.x + step / 2 + (row % 2) * (step / 2); x < b.x + b.w; x += step) {
        g.beginPath();
        g.arc(x, y, 4, 0, TAU);
        g.fill();
      }
    }
  }
}

/** A team's base: the floor washed in its colour and pattern, edged with a dashed line. */
function paintZone(g: CanvasRenderingContext2D, z: Zone): void {
  const colour = TEAM_COLOUR[z.team];
  g.save();
  g.beginPath();
  g.rect(z.x, z.y, z.w, z.h);
  g.clip();
  g.fillStyle = shade(colour, 1, 0.1);
  g.fillRect(z.x, z.y, z.w, z.h);
  teamPattern(g, z.team, z, 0.13);
  g.lineWidth = 4;
  g.setLineDash([18, 10]);
  g.strokeStyle = shade(colour, 1.1, 0.55);
  g.strokeRect(z.x + 4, z.y + 4, z.w - 8, z.h - 8);
  g.restore();
}

/**
 * Spawn pads (a dashed ring, in the team's colour on a team's spawn), pickup pads (a hexagon
 * lit in the pickup's colour) and flag pads (a ring in the team's colour around its pattern;
 * the flag itself is drawn over it by the scene).
 */
function paintPads(g: CanvasRenderingContext2D, map: ArenaMap): void {
  g.save();
  g.lineWidth = 2;
  g.setLineDash([7, 6]);
  for (const s of map.spawns) {
    g.strokeStyle = s.team === undefined ? "rgba(255,255,255,0.1)" : shade(TEAM_COLOUR[s.team], 1, 0.3);
    g.beginPath();
    g.arc(s.x, s.y, 28, 0, TAU);
    g.stroke();
  }
  g.restore();
  for (const p of map.pickups) {
    const colour = PICKUP_COLOUR[p.kind];
    const glow = g.createRadialGradient(p.x, p.y, 0, p.x, p.y, 70);
    glow.addColorStop(0, shade(colour, 1, 0.16));
    glow.addColorStop(1, shade(colour, 1, 0));
    g.fillStyle = glow;
    g.fillRect(p.x - 70, p.y - 70, 140, 140);
    g.beginPath();
    for (let k = 0; k < 6; k++) {
      const a = (k / 6) * TAU + Math.PI / 6;
      g.lineTo(p.x + Math.cos(a) * 30, p.y + Math.sin(a) * 30);
    }
    g.closePath();
    g.fillStyle = "rgba(0,0,0,0.35)";
    g.fill();
    g.lineWidth = 2;
    g.strokeStyle = shade(colour, 1, 0.45);
    g.stroke();
  }
  for (const f of map.flags) {
    const colour = TEAM_COLOUR[f.team];
    const r = 40;
    const glow = g.createRadialGradient(f.x, f.y, r * 0.6, f.x, f.y, r * 2.2);
    glow.addColorStop(0, shade(colour, 1, 0.22));
    glow.addColorStop(1, shade(colour, 1, 0));
    g.fillStyle = glow;
    g.fillRect(f.x - r * 2.2, f.y - r * 2.2, r * 4.4, r * 4.4);
    g.save();
    g.beginPath();
    g.arc(f.x, f.y, r, 0, TAU);
    g.fillStyle = "rgba(0,0,0,0.4)";
    g.fill();
    g.clip();
    teamPattern(g, f.team, { x: f.x - r, y: f.y - r, w: r * 2, h: r * 2 }, 0.45);
    g.restore();
    g.lineWidth = 4;
    g.strokeStyle = shade(colour, 1.1, 0.95);
    g.beginPath();
    g.arc(f.x, f.y, r - 2, 0, TAU);
    g.stroke();
    // The socket the flag stands in, and four studs round the rim.
    g.fillStyle = "rgba(0,0,0,0.6)";
    g.beginPath();
    g.arc(f.x, f.y, 9, 0, TAU);
    g.fill();
    g.lineWidth = 2;
    g.strokeStyle = shade(colour, 1.3, 0.9);
    g.stroke();
    g.fillStyle = shade(colour, 1.3, 0.9);
    for (let k = 0; k < 4; k++) {
      const a = (k / 4) * TAU + Math.PI / 4;
      g.beginPath();
      g.arc(f.x + Math.cos(a) * (r + 7), f.y + Math.sin(a) * (r + 7), 3, 0, TAU);
      g.fill();
    }
  }
}

/** Soft shadows cast down and to the right, all before any solid so none falls on another. */
function paintShadows(g: CanvasRenderingContext2D, boxes: Box[], floor: number): void {
  g.save();
  g.shadowColor = "rgba(0,0,0,0.6)";
  g.shadowBlur = 14;
  g.shadowOffsetX = 7;
  g.shadowOffsetY = 11;
  g.fillStyle = shade(floor, 1);
  for (const b of boxes) g.fillRect(b.x, b.y, b.w, b.h);
  g.restore();
}

function paintWall(g: CanvasRenderingContext2D, b: Box, colour: number, random: () => number): void {
  const face = Math.min(9, Math.floor(b.h / 3));
  const top = b.h - face;
  const grad = g.createLinearGradient(0, b.y, 0, b.y + top);
  grad.addColorStop(0, shade(colour, 1.15));
  grad.addColorStop(1, shade(colour, 0.92));
  g.fillStyle = grad;
  g.fillRect(b.x, b.y, b.w, top);
  // The front face, lit from above: darker, with a bright lip where it meets the top.
  g.fillStyle = shade(colour, 0.55);
  g.fillRect(b.x, b.y + top, b.w, face);
  g.fillStyle = shade(colour, 1.45, 0.7);
  g.fillRect(b.x, b.y + top, b.w, 1);
  g.fillStyle = "rgba(255,255,255,0.2)";
  g.fillRect(b.x, b.y, b.w, 2);
  g.fillRect(b.x, b.y, 1, top);
  g.fillStyle = "rgba(0,0,0,0.3)";
  g.fillRect(b.x + b.w - 1, b.y, 1, b.h);
  // Panel seams across the long side, an inset trim, bolts, and a few warning lights.
  g.strokeStyle = "rgba(255,255,255,0.07)";
  g.lineWidth = 1;
  g.strokeRect(b.x + 4.5, b.y + 4.5, b.w - 9, top - 9);
  g.fillStyle = "rgba(0,0,0,0.28)";
  const along = b.w >= b.h;
  const length = along ? b.w : top;
  for (let d = 64; d < length - 16; d += 64) {
    if (along) g.fillRect(b.x + d, b.y + 2, 2, top - 2);
    else g.fillRect(b.x + 1, b.y + d, b.w - 2, 2);
  }
  for (let d = 32; d < length - 16; d += 64) {
    if (random() > 0.35) continue;
    const x = along ? b.x + d : b.x + b.w / 2;
    const y = along ? b.y + top / 2 : b.y + d;
    const light = g.createRadialGradient(x, y, 0, x, y, 7);
    light.addColorStop(0, "rgba(255,214,150,0.9)");
    light.addColorStop(0.35, "rgba(255,170,80,0.45)");
    light.addColorStop(1, "rgba(255,170,80,0)");
    g.fillStyle = light;
    g.fillRect(x - 7, y - 7, 14, 14);
  }
}

function paintCrate(g: CanvasRenderingContext2D, b: Box, colour: number): void {
  const face = Math.min(6, Math.floor(b.h / 6));
  const top = b.h - face;
  g.fillStyle = shade(colour, 0.62);
  g.fillRect(b.x, b.y, b.w, b.h);
  const inset = 4;
  const grad = g.createLinearGradient(b.x, b.y, b.x + b.w, b.y + top);
  grad.addColorStop(0, shade(colour, 1.18));
  grad.addColorStop(1, shade(colour, 0.9));
  g.fillStyle = grad;
  g.fillRect(b.x + inset, b.y + inset, b.w - inset * 2, top - inset * 2);
  // Planks, and a brace from corner to corner.
  g.fillStyle = "rgba(0,0,0,0.18)";
  for (let y = b.y + inset + 10; y < b.y + top - inset - 4; y += 10) g.fillRect(b.x + inset, y, b.w - inset * 2, 1);
  g.strokeStyle = shade(colour, 0.6);
  g.lineWidth = 4;
  g.beginPath();
  g.moveTo(b.x + inset + 2, b.y + top - inset - 2);
  g.lineTo(b.x + b.w - inset - 2, b.y + inset + 2);
  g.stroke();
  g.strokeStyle = shade(colour, 1.3, 0.5);
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(b.x + inset + 2, b.y + top - inset - 4);
  g.lineTo(b.x + b.w - inset - 4, b.y + inset + 2);
  g.stroke();
  // Steel corners.
  g.fillStyle = "#8d949c";
  for (const [cx, cy] of [[b.x, b.y], [b.x + b.w - 7, b.y], [b.x, b.y + top - 7], [b.x + b.w - 7, b.y + top - 7]]) g.fillRect(cx, cy, 7, 7);
  g.fillStyle = "rgba(0,0,0,0.35)";
  g.fillRect(b.x, b.y + top, b.w, 1);
  g.fillStyle = "rgba(255,255,255,0.22)";
  g.fillRect(b.x, b.y, b.w, 1);
}
