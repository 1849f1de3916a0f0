// A map painted once into its region of the atlas: a plated floor with grime and pads,
// soft shadows, and walls and crates with a top face and a front face so they read as solid.
// Drawn from the same data the server collides against; the random detail is seeded by
// the map's id, so every player sees the same floor.

import type { ArenaMap } from "../../shared/maps";
import type { Box } from "../../shared/sim/collision";
import { SeededRandom } from "../../shared/sim/random";
import { PICKUP_COLOUR } from "./palette";

const TILE = 64;
const TAU = Math.PI * 2;

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


/** Paints `map` into the atlas canvas, its top-left corner at (0, top) (its frame is mapFrame(map)). */
export function paintMap(canvas: HTMLCanvasElement, map: ArenaMap, top: number): void {
  const g = canvas.getContext("2d");
  if (!g) throw new Error("no 2D canvas");
  const random = seeded(map.id);
  g.save();
  g.translate(0, top);
  g.beginPath();
  g.rect(0, 0, map.width, map.height);
  g.clip();
  paintFloor(g, map, random);
  paintPads(g, map);
  const solids = [...map.walls, ...map.crates];
  paintShadows(g, solids, map.palette.floor);
  for (const b of map.crates) paintCrate(g, b, map.palette.crate);
  for (const b of map.walls) paintWall(g, b, map.palette.wall, random);
  g.restore();
}

function paintFloor(g: CanvasRenderingContext2D, map: ArenaMap, random: () => number): void {
  const floor = map.palette.floor;
  g.fillStyle = shade(floor, 1);
  g.fillRect(0, 0, map.width, map.height);
  // Plates: each a little lighter or darker, bevelled, some bolted, a few with a vent.
  for (let y = 0; y < map.height; y += TILE) {
    for (let x = 0; x < map.width; x += TILE) {
      g.fillStyle = shade(floor, 0.92 + random() * 0.14);
      g.fillRect(x, y, TILE, TILE);
      g.fillStyle = "rgba(255,255,255,0.045)";
      g.fillRect(x, y, TILE, 1);
      g.fillRect(x, y, 1, TILE);
      g.fillStyle = "rgba(0,0,0,0.32)";
      g.fillRect(x, y + TILE - 2, TILE, 2);
      g.fillRect(x + TILE - 2, y, 2, TILE);
      const kind = random();
      if (kind < 0.22) {
        g.fillStyle = "rgba(0,0,0,0.35)";
        for (const [bx, by] of [[6, 6], [TILE - 8, 6], [6, TILE - 8], [TILE - 8, TILE - 8]]) {
          g.beginPath();
          g.arc(x + bx, y + by, 1.8, 0, TAU);
          g.fill();
        }
        g.fillStyle = "rgba(255,255,255,0.08)";
        for (const [bx, by] of [[6, 6], [TILE - 8, 6], [6, TILE - 8], [TILE - 8, TILE - 8]]) g.fillRect(x + bx - 1, y + by - 1, 1, 1);
      } else if (kind < 0.27) {
        g.fillStyle = "rgba(0,0,0,0.3)";
        for (let i = 0; i < 6; i++) g.fillRect(x + 14, y + 14 + i * 6, TILE - 30, 3);
        g.fillStyle = "rgba(255,255,255,0.035)";
        for (let i = 0; i < 6; i++) g.fillRect(x + 14, y + 17 + i * 6, TILE - 30, 1);
      }
    }
  }
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

/** Spawn pads (a dashed ring) and pickup pads (a hexagon lit in the pickup's colour). */
function paintPads(g: CanvasRenderingContext2D, map: ArenaMap): void {
  g.save();
  g.lineWidth = 2;
  g.setLineDash([7, 6]);
  g.strokeStyle = "rgba(255,255,255,0.1)";
  for (const s of map.spawns) {
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
