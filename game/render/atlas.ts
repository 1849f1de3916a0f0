// Every sprite is drawn here, at start-up, into one canvas that becomes one texture atlas.
// Nothing is downloaded. One atlas also keeps Phaser 4's WebGL batches to a single texture,
// which avoids its bug with rotated sprites from different textures (phaser#7372).
// Every map's floor and walls live in the same atlas too, each in a source image of its own
// (see mapArt.ts): a whole map is one quad, and no image grows past a map's size (WebGL
// promises textures up to 4096 on most devices; stacked, five maps would not fit). The game
// draws one texture per batch anyway, so a map in its own source costs nothing extra. All of
// it is painted and uploaded while the landing page is idle, so entering an arena uploads
// nothing. That holds 4 bytes per unit² of map in memory, some 60 MB for today's five maps:
// many more maps would want painting on demand.

import type Phaser from "phaser";
import { type ArenaMap, MAPS } from "../maps";
import { paintMap } from "./mapArt";
import { BLASTER_COLOUR, cssColour, PICKUP_COLOUR, UI } from "./palette";

export const ATLAS = "atlas";

/**
 * Sprites are painted at twice their size in the world and drawn at ART_SCALE, so they
 * stay crisp on large screens (the camera zooms in past 1 there).
 */
export const ART_SCALE = 0.5;
const RES = 1 / ART_SCALE;

/** The frame holding a map's painted floor and walls. */
export const mapFrame = (map: ArenaMap): string => `map:${map.id}`;

interface Frame {
  name: string;
  /** Size in world units; the canvas holds RES times as many pixels. */
  w: number;
  h: number;
  /** Draws in world units, origin at the frame's top-left. */
  draw(g: CanvasRenderingContext2D, w: number, h: number): void;
}

const TAU = Math.PI * 2;

function disc(g: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  g.beginPath();
  g.arc(x, y, r, 0, TAU);
  g.fill();
}

function softDisc(g: CanvasRenderingContext2D, w: number, h: number, stops: [number, string][]): void {
  const grad = g.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, Math.min(w, h) / 2);
  for (const [at, colour] of stops) grad.addColorStop(at, colour);
  g.fillStyle = grad;
  g.fillRect(0, 0, w, h);
}

const FRAMES: Frame[] = [
  {
    // Grey so that a tint gives each player's colour. The deck stays light (a tint keeps it
    // close to the player colour); the darker hover skirt around it reads as the edge.
    name: "craft",
    w: 48,
    h: 48,
    draw(g, w, h) {
      const cx = w / 2;
      const cy = h / 2;
      g.fillStyle = "#6e6e6e";
      disc(g, cx, cy, 20);
      g.strokeStyle = "#a8a8a8";
      g.lineWidth = 1;
      for (let i = 0; i < 12; i++) {
        const a = (i / 12) * TAU;
        g.beginPath();
        g.moveTo(cx + Math.cos(a) * 16.5, cy + Math.sin(a) * 16.5);
        g.lineTo(cx + Math.cos(a) * 19.5, cy + Math.sin(a) * 19.5);
        g.stroke();
      }
      const deck = g.createRadialGradient(cx - 5, cy - 6, 1, cx, cy, 16);
      deck.addColorStop(0, "#ffffff");
      deck.addColorStop(0.7, "#f0f0f0");
      deck.addColorStop(1, "#d2d2d2");
      g.fillStyle = deck;
      disc(g, cx, cy, 16);
      // Three air intakes around the deck, and a seam where deck meets skirt.
      g.fillStyle = "#bdbdbd";
      for (const a of [Math.PI / 2, (Math.PI * 7) / 6, (Math.PI * 11) / 6]) {
        g.save();
        g.translate(cx + Math.cos(a) * 12.5, cy + Math.sin(a) * 12.5);
        g.rotate(a + Math.PI / 2);
        g.beginPath();
        g.roundRect(-3.5, -1.2, 7, 2.4, 1.2);
        g.fill();
        g.restore();
      }
      g.strokeStyle = "#9c9c9c";
      g.lineWidth = 0.8;
      g.beginPath();
      g.arc(cx, cy, 16, 0, TAU);
      g.stroke();
      g.fillStyle = "rgba(255,255,255,0.9)";
      g.beginPath();
      g.ellipse(cx - 6, cy - 8, 5, 2.2, -0.6, 0, TAU);
      g.fill();
    },
  },
  {
    // Gunmetal, never tinted: a dome on the craft's centre and a barrel out to the muzzle.
    // The scene rotates it about the dome (TURRETS' originX).
    name: "turret",
    w: 36,
    h: 16,
    draw(g, _w, h) {
      const cy = h / 2;
      g.fillStyle = "#1e2227";
      g.fillRect(6, cy - 3.5, 24, 7);
      g.fillStyle = "#4b535d";
      g.fillRect(7, cy - 2.5, 22, 5);
      g.fillStyle = "#1a1d21";
      g.fillRect(28, cy - 4.5, 7, 9);
      g.fillStyle = "#3a4049";
      g.fillRect(29, cy - 3.5, 5, 7);
      turretDome(g, cy);
    },
  },
  // The other weapons' turrets, gunmetal like the blaster's, dome at the same place: a craft
  // shows everyone which gun it holds by the barrel alone.
  {
    // Scatter: two stubby barrels side by side under a flared shroud.
    name: "turret-scatter",
    w: 40,
    h: 16,
    draw(g, _w, h) {
      const cy = h / 2;
      g.fillStyle = "#1e2227";
      g.fillRect(6, cy - 6, 20, 12);
      g.fillStyle = "#4b535d";
      g.fillRect(7, cy - 5, 18, 3.6);
      g.fillRect(7, cy + 1.4, 18, 3.6);
      g.fillStyle = "#1a1d21";
      g.beginPath();
      g.moveTo(23, cy - 6.5);
      g.lineTo(31, cy - 7.5);
      g.lineTo(31, cy + 7.5);
      g.lineTo(23, cy + 6.5);
      g.closePath();
      g.fill();
      g.fillStyle = "#0c0e10";
      disc(g, 30, cy - 3.4, 1.8);
      disc(g, 30, cy + 3.4, 1.8);
      turretDome(g, cy);
    },
  },
  {
    // Rail: one long thin barrel through three coils that glow faintly.
    name: "turret-rail",
    w: 40,
    h: 16,
    draw(g, _w, h) {
      const cy = h / 2;
      g.fillStyle = "#1e2227";
      g.fillRect(6, cy - 2, 33, 4);
      g.fillStyle = "#5d6670";
      g.fillRect(7, cy - 1, 31, 2);
      for (const x of [16, 23, 30]) {
        g.fillStyle = "#1a1d21";
        g.fillRect(x, cy - 4.5, 3.4, 9);
        g.fillStyle = "rgba(126, 232, 250, 0.8)";
        g.fillRect(x + 0.8, cy - 3.5, 1.8, 7);
      }
      turretDome(g, cy);
    },
  },
  {
    // Rocket: a fat launch tube with a dark mouth and a warning band.
    name: "turret-rocket",
    w: 40,
    h: 16,
    draw(g, _w, h) {
      const cy = h / 2;
      g.fillStyle = "#1a1d21";
      g.beginPath();
      g.roundRect(6, cy - 6.5, 27, 13, 2);
      g.fill();
      g.fillStyle = "#454d57";
      g.fillRect(7, cy - 5.5, 25, 11);
      g.fillStyle = "#a8463c";
      g.fillRect(19, cy - 5.5, 3, 11);
      g.fillStyle = "#0c0e10";
      g.beginPath();
      g.ellipse(32, cy, 1.6, 5, 0, 0, TAU);
      g.fill();
      turretDome(g, cy);
    },
  },
  {
    name: "shadow",
    w: 56,
    h: 56,
    draw(g, w, h) {
      softDisc(g, w, h, [
        [0, "rgba(0,0,0,0.75)"],
        [0.6, "rgba(0,0,0,0.45)"],
        [1, "rgba(0,0,0,0)"],
      ]);
    },
  },
  {
    // The spawn shield: a bubble with a bright rim and a faint hexagon weave (tinted, added).
    name: "shield",
    w: 64,
    h: 64,
    draw(g, w, h) {
      const cx = w / 2;
      const cy = h / 2;
      const r = 27;
      const fill = g.createRadialGradient(cx, cy, r * 0.5, cx, cy, r);
      fill.addColorStop(0, "rgba(255,255,255,0)");
      fill.addColorStop(0.85, "rgba(255,255,255,0.18)");
      fill.addColorStop(1, "rgba(255,255,255,0.5)");
      g.fillStyle = fill;
      disc(g, cx, cy, r);
      g.save();
      g.beginPath();
      g.arc(cx, cy, r, 0, TAU);
      g.clip();
      g.strokeStyle = "rgba(255,255,255,0.22)";
      g.lineWidth = 0.7;
      const s = 6;
      for (let row = -6; row <= 6; row++) {
        for (let col = -6; col <= 6; col++) {
          const hx = cx + col * s * 1.5;
          const hy = cy + row * s * Math.sqrt(3) + (col % 2 ? (s * Math.sqrt(3)) / 2 : 0);
          g.beginPath();
          for (let k = 0; k <= 6; k++) {
            const a = (k / 6) * TAU;
            g.lineTo(hx + Math.cos(a) * s * 0.95, hy + Math.sin(a) * s * 0.95);
          }
          g.stroke();
        }
      }
      g.restore();
      g.strokeStyle = "rgba(255,255,255,0.95)";
      g.lineWidth = 1.6;
      g.beginPath();
      g.arc(cx, cy, r - 1, 0, TAU);
      g.stroke();
    },
  },
  {
    // Overdrive: a ring of flame tongues around the craft (tinted, added, turning slowly).
    name: "aura",
    w: 64,
    h: 64,
    draw(g, w, h) {
      const cx = w / 2;
      const cy = h / 2;
      g.fillStyle = "rgba(255,255,255,0.55)";
      g.beginPath();
      const tongues = 14;
      for (let i = 0; i <= tongues * 2; i++) {
        const a = (i / (tongues * 2)) * TAU;
        const r = i % 2 ? 30 : 23;
        g.lineTo(cx + Math.cos(a) * r, cy + Math.sin(a) * r);
      }
      g.closePath();
      g.arc(cx, cy, 21, 0, TAU, true);
      g.fill();
      g.strokeStyle = "rgba(255,255,255,0.9)";
      g.lineWidth = 1.5;
      g.beginPath();
      g.arc(cx, cy, 22, 0, TAU);
      g.stroke();
    },
  },
  {
    name: "ring",
    w: 64,
    h: 64,
    draw(g, w, h) {
      g.strokeStyle = "#ffffff";
      g.lineWidth = 2;
      g.beginPath();
      g.arc(w / 2, h / 2, w / 2 - 2, 0, TAU);
      g.stroke();
    },
  },
  {
    // White core, colourless glow: drawn with the ADD tint mode, the glow takes the
    // shooter's colour and the core stays white-hot.
    name: "shot",
    w: 20,
    h: 20,
    draw(g, w, h) {
      softDisc(g, w, h, [
        [0, "rgba(0,0,0,0.9)"],
        [0.45, "rgba(0,0,0,0.55)"],
        [1, "rgba(0,0,0,0)"],
      ]);
      g.fillStyle = "#ffffff";
      disc(g, w / 2, h / 2, 3.2);
    },
  },
  {
    // Drawn with its right end on the shot and stretched to the distance flown.
    name: "trail",
    w: 64,
    h: 8,
    draw(g, w, h) {
      const grad = g.createLinearGradient(0, 0, w, 0);
      grad.addColorStop(0, "rgba(255,255,255,0)");
      grad.addColorStop(0.7, "rgba(255,255,255,0.45)");
      grad.addColorStop(1, "rgba(255,255,255,0.95)");
      g.fillStyle = grad;
      g.beginPath();
      g.moveTo(0, h / 2);
      g.lineTo(w, h / 2 - 2.5);
      g.lineTo(w, h / 2 + 2.5);
      g.closePath();
      g.fill();
    },
  },
  {
    // A rocket in flight, pointing right: a white shell in a colourless glow (drawn like
    // "shot", the glow takes the shooter's colour and the shell stays white-hot).
    name: "missile",
    w: 30,
    h: 16,
    draw(g, w, h) {
      const cy = h / 2;
      const glow = g.createRadialGradient(15, cy, 1, 15, cy, 14);
      glow.addColorStop(0, "rgba(0,0,0,0.85)");
      glow.addColorStop(1, "rgba(0,0,0,0)");
      g.fillStyle = glow;
      g.fillRect(0, 0, w, h);
      g.fillStyle = "#ffffff";
      g.beginPath();
      g.moveTo(25, cy);
      g.quadraticCurveTo(21, cy - 3.2, 16, cy - 3);
      g.lineTo(9, cy - 3);
      g.lineTo(6, cy - 5.5);
      g.lineTo(7, cy - 1.5);
      g.lineTo(7, cy + 1.5);
      g.lineTo(6, cy + 5.5);
      g.lineTo(9, cy + 3);
      g.lineTo(16, cy + 3);
      g.quadraticCurveTo(21, cy + 3.2, 25, cy);
      g.closePath();
      g.fill();
    },
  },
  {
    // A rail's beam: a band bright along its middle, soft at its edges; stretched along x
    // from the muzzle to where the beam stops.
    name: "beam",
    w: 64,
    h: 10,
    draw(g, w, h) {
      const grad = g.createLinearGradient(0, 0, 0, h);
      grad.addColorStop(0, "rgba(255,255,255,0)");
      grad.addColorStop(0.35, "rgba(255,255,255,0.55)");
      grad.addColorStop(0.5, "rgba(255,255,255,1)");
      grad.addColorStop(0.65, "rgba(255,255,255,0.55)");
      grad.addColorStop(1, "rgba(255,255,255,0)");
      g.fillStyle = grad;
      g.fillRect(0, 0, w, h);
    },
  },
  {
    // A muzzle flash, pointing right (rotated to the shot's direction).
    name: "muzzle",
    w: 28,
    h: 20,
    draw(g, _w, h) {
      const cy = h / 2;
      const glow = g.createRadialGradient(6, cy, 0, 6, cy, 9);
      glow.addColorStop(0, "rgba(255,250,220,1)");
      glow.addColorStop(1, "rgba(255,200,120,0)");
      g.fillStyle = glow;
      g.fillRect(0, 0, 16, h);
      g.fillStyle = "rgba(255,240,200,0.95)";
      g.beginPath();
      g.moveTo(2, cy - 3);
      g.lineTo(27, cy);
      g.lineTo(2, cy + 3);
      g.closePath();
      g.fill();
      g.beginPath();
      g.moveTo(4, cy);
      g.lineTo(16, cy - 8);
      g.lineTo(9, cy);
      g.lineTo(16, cy + 8);
      g.closePath();
      g.fill();
    },
  },
  {
    name: "spark",
    w: 24,
    h: 24,
    draw(g, w, h) {
      g.translate(w / 2, h / 2);
      g.fillStyle = "#ffffff";
      for (let i = 0; i < 4; i++) {
        g.rotate(Math.PI / 4);
        g.beginPath();
        g.moveTo(0, -11);
        g.lineTo(1.6, 0);
        g.lineTo(0, 11);
        g.lineTo(-1.6, 0);
        g.closePath();
        g.fill();
      }
    },
  },
  {
    // A spark in flight: a short bright dash, drawn along its velocity.
    name: "streak",
    w: 14,
    h: 4,
    draw(g, w, h) {
      const grad = g.createLinearGradient(0, 0, w, 0);
      grad.addColorStop(0, "rgba(255,255,255,0)");
      grad.addColorStop(1, "rgba(255,255,255,1)");
      g.fillStyle = grad;
      g.beginPath();
      g.moveTo(0, h / 2);
      g.lineTo(w - 1.5, 0.5);
      g.arc(w - 1.5, h / 2, 1.5, -Math.PI / 2, Math.PI / 2);
      g.closePath();
      g.fill();
    },
  },
  {
    name: "glow",
    w: 48,
    h: 48,
    draw(g, w, h) {
      softDisc(g, w, h, [
        [0, "rgba(255,255,255,1)"],
        [0.25, "rgba(255,255,255,0.6)"],
        [1, "rgba(255,255,255,0)"],
      ]);
    },
  },
  {
    // Smoke: a lumpy soft cloud, light so a tint sets its shade.
    name: "smoke",
    w: 40,
    h: 40,
    draw(g) {
      for (const [x, y, r] of [
        [20, 20, 13],
        [13, 16, 9],
        [27, 15, 9],
        [15, 26, 9],
        [26, 26, 10],
      ]) {
        const grad = g.createRadialGradient(x, y, 0, x, y, r);
        grad.addColorStop(0, "rgba(255,255,255,0.55)");
        grad.addColorStop(1, "rgba(255,255,255,0)");
        g.fillStyle = grad;
        g.fillRect(0, 0, 40, 40);
      }
    },
  },
  {
    // Debris from a downed craft (tinted in its colour).
    name: "shard",
    w: 12,
    h: 10,
    draw(g) {
      g.fillStyle = "#ffffff";
      g.beginPath();
      g.moveTo(1, 2);
      g.lineTo(11, 4);
      g.lineTo(4, 9);
      g.closePath();
      g.fill();
      g.fillStyle = "rgba(0,0,0,0.35)";
      g.beginPath();
      g.moveTo(4, 9);
      g.lineTo(11, 4);
      g.lineTo(7, 5);
      g.closePath();
      g.fill();
    },
  },
  {
    // A burn mark left on the floor where a craft went down.
    name: "scorch",
    w: 64,
    h: 64,
    draw(g, w, h) {
      const cx = w / 2;
      const cy = h / 2;
      for (let i = 0; i < 9; i++) {
        const a = (i / 9) * TAU + (i % 3) * 0.4;
        const d = 6 + (i % 4) * 3;
        const r = 9 + ((i * 7) % 5);
        const x = cx + Math.cos(a) * d;
        const y = cy + Math.sin(a) * d;
        const grad = g.createRadialGradient(x, y, 0, x, y, r);
        grad.addColorStop(0, "rgba(0,0,0,0.5)");
        grad.addColorStop(1, "rgba(0,0,0,0)");
        g.fillStyle = grad;
        g.fillRect(0, 0, w, h);
      }
      softDisc(g, w, h, [
        [0, "rgba(0,0,0,0.7)"],
        [0.45, "rgba(0,0,0,0.35)"],
        [1, "rgba(0,0,0,0)"],
      ]);
    },
  },
  {
    name: "health",
    w: 40,
    h: 40,
    draw(g, w, h) {
      pickupBase(g, w, h, "#163a22", cssColour(UI.health));
      const cx = w / 2;
      const cy = h / 2;
      g.fillStyle = "#eafff0";
      g.beginPath();
      g.roundRect(cx - 3.5, cy - 10, 7, 20, 1.5);
      g.roundRect(cx - 10, cy - 3.5, 20, 7, 1.5);
      g.fill();
      g.strokeStyle = "#2f8f3c";
      g.lineWidth = 1;
      g.stroke();
    },
  },
  {
    name: "overdrive",
    w: 40,
    h: 40,
    draw(g, w, h) {
      pickupBase(g, w, h, "#3d2410", cssColour(UI.overdrive));
      const cx = w / 2;
      const cy = h / 2;
      g.fillStyle = "#fff1d6";
      g.beginPath();
      g.moveTo(cx + 3, cy - 12);
      g.lineTo(cx - 8, cy + 2);
      g.lineTo(cx - 1, cy + 2);
      g.lineTo(cx - 4, cy + 12);
      g.lineTo(cx + 8, cy - 3);
      g.lineTo(cx + 1, cy - 3);
      g.closePath();
      g.fill();
      g.strokeStyle = "#b5600a";
      g.lineWidth = 1;
      g.stroke();
    },
  },
  {
    // Scatter: three pellets fanning out of a short muzzle.
    name: "scatter",
    w: 40,
    h: 40,
    draw(g, w, h) {
      pickupBase(g, w, h, "#2e1840", cssColour(PICKUP_COLOUR.scatter));
      const cx = w / 2;
      const cy = h / 2 + 5;
      g.fillStyle = "#f6e8ff";
      g.strokeStyle = "#8a3fb8";
      g.lineWidth = 1;
      g.beginPath();
      g.roundRect(cx - 3, cy - 1, 6, 8, 1.5);
      g.fill();
      g.stroke();
      for (const a of [-0.55, 0, 0.55]) {
        const x = cx + Math.sin(a) * 12;
        const y = cy - 3 - Math.cos(a) * 12;
        g.beginPath();
        g.arc(x, y, 3.4, 0, TAU);
        g.fill();
        g.stroke();
      }
    },
  },
  {
    // Rail: a long thin bar across the capsule, with its coils.
    name: "rail",
    w: 40,
    h: 40,
    draw(g, w, h) {
      pickupBase(g, w, h, "#10303a", cssColour(PICKUP_COLOUR.rail));
      g.save();
      g.translate(w / 2, h / 2);
      g.rotate(-Math.PI / 4);
      g.fillStyle = "#e8fcff";
      g.strokeStyle = "#2a8ea3";
      g.lineWidth = 1;
      g.beginPath();
      g.roundRect(-13, -1.8, 26, 3.6, 1.5);
      g.fill();
      g.stroke();
      for (const x of [-8, -3, 2]) {
        g.beginPath();
        g.roundRect(x, -4, 2.4, 8, 1);
        g.fill();
        g.stroke();
      }
      g.restore();
    },
  },
  {
    // Rocket: a fat shell with a pointed nose and fins.
    name: "rocket",
    w: 40,
    h: 40,
    draw(g, w, h) {
      pickupBase(g, w, h, "#401612", cssColour(PICKUP_COLOUR.rocket));
      g.save();
      g.translate(w / 2, h / 2);
      g.rotate(-Math.PI / 4);
      g.fillStyle = "#ffece8";
      g.strokeStyle = "#b8372b";
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(13, 0);
      g.quadraticCurveTo(7, -6, 0, -5.5);
      g.lineTo(-8, -5.5);
      g.lineTo(-12, -9);
      g.lineTo(-11, -2.5);
      g.lineTo(-11, 2.5);
      g.lineTo(-12, 9);
      g.lineTo(-8, 5.5);
      g.lineTo(0, 5.5);
      g.quadraticCurveTo(7, 6, 13, 0);
      g.closePath();
      g.fill();
      g.stroke();
      g.fillStyle = "#b8372b";
      g.fillRect(-3, -5.5, 2, 11);
      g.restore();
    },
  },
  {
    // The blaster, everyone's gun (never on the floor; its icon is for the HUD): one bolt and its trail.
    name: "blaster",
    w: 40,
    h: 40,
    draw(g, w, h) {
      pickupBase(g, w, h, "#1d2530", cssColour(BLASTER_COLOUR));
      const cx = w / 2;
      const cy = h / 2;
      g.save();
      g.translate(cx, cy);
      g.rotate(-Math.PI / 4);
      const tail = g.createLinearGradient(-12, 0, 6, 0);
      tail.addColorStop(0, "rgba(232,240,248,0)");
      tail.addColorStop(1, "rgba(232,240,248,0.95)");
      g.fillStyle = tail;
      g.beginPath();
      g.moveTo(-12, 0);
      g.lineTo(6, -3);
      g.lineTo(6, 3);
      g.closePath();
      g.fill();
      g.fillStyle = "#ffffff";
      g.strokeStyle = "#6f7d8c";
      g.lineWidth = 1;
      g.beginPath();
      g.arc(7, 0, 4.5, 0, TAU);
      g.fill();
      g.stroke();
      g.restore();
    },
  },
  {
    name: "pixel",
    w: 4,
    h: 4,
    draw(g, w, h) {
      g.fillStyle = "#ffffff";
      g.fillRect(0, 0, w, h);
    },
  },
];

/** A pickup's round capsule: dark glassy fill, a rim in the pickup's colour and a gloss. */
function pickupBase(g: CanvasRenderingContext2D, w: number, h: number, fill: string, rim: string): void {
  const cx = w / 2;
  const cy = h / 2;
  const body = g.createRadialGradient(cx - 4, cy - 5, 1, cx, cy, 18);
  body.addColorStop(0, "#ffffff44");
  body.addColorStop(0.3, fill);
  body.addColorStop(1, fill);
  g.fillStyle = body;
  disc(g, cx, cy, 17);
  g.strokeStyle = rim;
  g.lineWidth = 2.5;
  g.beginPath();
  g.arc(cx, cy, 16.5, 0, TAU);
  g.stroke();
  g.strokeStyle = "rgba(255,255,255,0.35)";
  g.lineWidth = 1.2;
  g.beginPath();
  g.arc(cx, cy, 13.5, Math.PI * 1.1, Math.PI * 1.6);
  g.stroke();
}

/** The turret's dome, where the barrel meets the craft (the same on every weapon's turret). */
function turretDome(g: CanvasRenderingContext2D, cy: number): void {
  g.fillStyle = "#1e2227";
  disc(g, 8, cy, 7.5);
  const dome = g.createRadialGradient(6, cy - 2.5, 0.5, 8, cy, 7);
  dome.addColorStop(0, "#8f99a5");
  dome.addColorStop(1, "#353b43");
  g.fillStyle = dome;
  disc(g, 8, cy, 6.2);
}

/** Each weapon's turret (index: shared/sim/weapons Weapon), and where its dome centre is as a fraction of its width. */
export const TURRETS: readonly { frame: string; originX: number }[] = [
  { frame: "turret", originX: 8 / 36 },
  { frame: "turret-scatter", originX: 8 / 40 },
  { frame: "turret-rail", originX: 8 / 40 },
  { frame: "turret-rocket", originX: 8 / 40 },
];

/**
 * One frame painted as a picture of its own (a data URL), `css` CSS pixels square, sharp on
 * the screen's pixel ratio: the HUD shows the weapons by the same icons as their pickups on
 * the floor. A picture, not a canvas: the page's one canvas is the arena.
 */
export function iconUrl(name: string, css: number): string {
  const frame = FRAMES.find((f) => f.name === name);
  if (!frame) throw new Error(`no frame "${name}" in the atlas`);
  const px = Math.round(css * Math.min(3, globalThis.devicePixelRatio || 1));
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = px;
  const g = canvas.getContext("2d");
  if (g) {
    g.scale(px / frame.w, px / frame.h);
    frame.draw(g, frame.w, frame.h);
  }
  return canvas.toDataURL();
}

export interface AtlasLayout {
  /** The sprites' sheet first, then one picture per map. */
  sources: HTMLCanvasElement[];
  frames: { name: string; source: number; x: number; y: number; w: number; h: number }[];
}

/** Lays the sprite frames out in rows on one sheet and paints them; paints every map into a picture of its own. */
export function paintAtlas(): AtlasLayout {
  const width = 1024;
  const gap = 2;
  let x = gap;
  let y = gap;
  let rowHeight = 0;
  const frames: AtlasLayout["frames"] = FRAMES.map((f) => {
    const w = f.w * RES;
    const h = f.h * RES;
    if (x + w + gap > width) {
      x = gap;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    const at = { name: f.name, source: 0, x, y, w, h };
    x += w + gap;
    rowHeight = Math.max(rowHeight, h);
    return at;
  });
  const sheet = document.createElement("canvas");
  sheet.width = width;
  sheet.height = y + rowHeight + gap;
  const g = sheet.getContext("2d");
  if (!g) throw new Error("no 2D canvas");
  FRAMES.forEach((f, i) => {
    const at = frames[i];
    g.save();
    g.translate(at.x, at.y);
    g.beginPath();
    g.rect(0, 0, at.w, at.h);
    g.clip();
    g.scale(RES, RES);
    f.draw(g, f.w, f.h);
    g.restore();
  });
  const sources = [sheet];
  for (const m of Object.values(MAPS)) {
    frames.push({ name: mapFrame(m), source: sources.length, x: 0, y: 0, w: m.width, h: m.height });
    sources.push(paintMap(m));
  }
  return { sources, frames };
}

/** Paints the atlas and uploads it as the game's ATLAS texture, unless it is there already. */
export function createAtlas(textures: Phaser.Textures.TextureManager): void {
  if (textures.exists(ATLAS)) return;
  const layout = paintAtlas();
  // A plain texture over the canvases (not a CanvasTexture, which would keep a copy of its pixels).
  const texture = textures.create(ATLAS, layout.sources);
  for (const f of layout.frames) texture?.add(f.name, f.source, f.x, f.y, f.w, f.h);
}
