// Every sprite is drawn here, at start-up, into one canvas that becomes one texture atlas.
// Nothing is downloaded. One atlas also keeps Phaser 4's WebGL batches to a single texture,
// which avoids its bug with rotated sprites from different textures (phaser#7372).

export const ATLAS = "atlas";

interface Frame {
  name: string;
  w: number;
  h: number;
  draw(g: CanvasRenderingContext2D, w: number, h: number): void;
}

const FRAMES: Frame[] = [
  {
    // Grey so that a tint gives each player's colour; a lighter top face gives it volume.
    name: "craft",
    w: 48,
    h: 48,
    draw(g, w, h) {
      const cx = w / 2;
      const cy = h / 2;
      g.fillStyle = "#7a7a7a";
      g.beginPath();
      g.arc(cx, cy, 18, 0, Math.PI * 2);
      g.fill();
      const grad = g.createRadialGradient(cx - 5, cy - 6, 2, cx, cy, 17);
      grad.addColorStop(0, "#ffffff");
      grad.addColorStop(1, "#c8c8c8");
      g.fillStyle = grad;
      g.beginPath();
      g.arc(cx, cy, 15, 0, Math.PI * 2);
      g.fill();
      g.strokeStyle = "#3a3a3a";
      g.lineWidth = 2;
      g.beginPath();
      g.arc(cx, cy, 17, 0, Math.PI * 2);
      g.stroke();
    },
  },
  {
    name: "turret",
    w: 34,
    h: 14,
    draw(g, w, h) {
      g.fillStyle = "#262a30";
      g.fillRect(0, 2, w - 2, h - 4);
      g.fillStyle = "#5c6570";
      g.fillRect(2, 4, w - 6, h - 8);
      g.fillStyle = "#1b1e22";
      g.fillRect(w - 6, 1, 6, h - 2);
    },
  },
  {
    name: "hub",
    w: 16,
    h: 16,
    draw(g) {
      g.fillStyle = "#262a30";
      g.beginPath();
      g.arc(8, 8, 7, 0, Math.PI * 2);
      g.fill();
    },
  },
  {
    name: "shot",
    w: 20,
    h: 20,
    draw(g, w, h) {
      const grad = g.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, w / 2);
      grad.addColorStop(0, "rgba(255,255,255,1)");
      grad.addColorStop(0.35, "rgba(255,255,255,0.95)");
      grad.addColorStop(1, "rgba(255,255,255,0)");
      g.fillStyle = grad;
      g.fillRect(0, 0, w, h);
    },
  },
  {
    name: "trail",
    w: 32,
    h: 8,
    draw(g, w, h) {
      const grad = g.createLinearGradient(0, 0, w, 0);
      grad.addColorStop(0, "rgba(255,255,255,0)");
      grad.addColorStop(1, "rgba(255,255,255,0.8)");
      g.fillStyle = grad;
      g.beginPath();
      g.moveTo(0, h / 2);
      g.lineTo(w, 1);
      g.lineTo(w, h - 1);
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
        g.lineTo(2, 0);
        g.lineTo(0, 11);
        g.lineTo(-2, 0);
        g.closePath();
        g.fill();
      }
    },
  },
  {
    name: "ring",
    w: 64,
    h: 64,
    draw(g, w, h) {
      g.strokeStyle = "#ffffff";
      g.lineWidth = 3;
      g.beginPath();
      g.arc(w / 2, h / 2, w / 2 - 3, 0, Math.PI * 2);
      g.stroke();
    },
  },
  {
    name: "puff",
    w: 48,
    h: 48,
    draw(g, w, h) {
      const grad = g.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, w / 2);
      grad.addColorStop(0, "rgba(255,255,255,0.9)");
      grad.addColorStop(0.6, "rgba(255,255,255,0.35)");
      grad.addColorStop(1, "rgba(255,255,255,0)");
      g.fillStyle = grad;
      g.fillRect(0, 0, w, h);
    },
  },
  {
    name: "health",
    w: 40,
    h: 40,
    draw(g, w, h) {
      g.fillStyle = "#183020";
      g.beginPath();
      g.arc(w / 2, h / 2, 18, 0, Math.PI * 2);
      g.fill();
      g.strokeStyle = "#5fd068";
      g.lineWidth = 2;
      g.stroke();
      g.fillStyle = "#7ef08a";
      g.fillRect(w / 2 - 4, h / 2 - 11, 8, 22);
      g.fillRect(w / 2 - 11, h / 2 - 4, 22, 8);
    },
  },
  {
    name: "overdrive",
    w: 40,
    h: 40,
    draw(g, w, h) {
      g.fillStyle = "#352010";
      g.beginPath();
      g.arc(w / 2, h / 2, 18, 0, Math.PI * 2);
      g.fill();
      g.strokeStyle = "#ff9f1c";
      g.lineWidth = 2;
      g.stroke();
      g.fillStyle = "#ffc15e";
      g.beginPath();
      g.moveTo(w / 2 + 3, h / 2 - 13);
      g.lineTo(w / 2 - 8, h / 2 + 2);
      g.lineTo(w / 2 - 1, h / 2 + 2);
      g.lineTo(w / 2 - 4, h / 2 + 13);
      g.lineTo(w / 2 + 8, h / 2 - 3);
      g.lineTo(w / 2 + 1, h / 2 - 3);
      g.closePath();
      g.fill();
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

export interface AtlasLayout {
  canvas: HTMLCanvasElement;
  frames: { name: string; x: number; y: number; w: number; h: number }[];
}

/** Draws every frame into one canvas, left to right in rows, with a gap against bleeding. */
export function paintAtlas(): AtlasLayout {
  const width = 256;
  const gap = 2;
  let x = gap;
  let y = gap;
  let rowHeight = 0;
  const frames: AtlasLayout["frames"] = [];
  for (const f of FRAMES) {
    if (x + f.w + gap > width) {
      x = gap;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    frames.push({ name: f.name, x, y, w: f.w, h: f.h });
    x += f.w + gap;
    rowHeight = Math.max(rowHeight, f.h);
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = y + rowHeight + gap;
  const g = canvas.getContext("2d");
  if (!g) throw new Error("no 2D canvas");
  FRAMES.forEach((f, i) => {
    const at = frames[i];
    g.save();
    g.translate(at.x, at.y);
    g.beginPath();
    g.rect(0, 0, f.w, f.h);
    g.clip();
    f.draw(g, f.w, f.h);
    g.restore();
  });
  return { canvas, frames };
}
