import type { Box } from "../sim/collision";
import type { Point } from "./types";

// Arena maps are symmetric so no spawn corner is better than another; a map lists one
// quarter (or half) and these expand it. Duplicates that land on an axis are dropped.

export function mirrorBoxes(boxes: Box[], width: number, height: number, axes: "x" | "xy"): Box[] {
  const out: Box[] = [];
  const seen = new Set<string>();
  const add = (b: Box) => {
    const key = `${b.x},${b.y},${b.w},${b.h}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(b);
    }
  };
  for (const b of boxes) {
    add(b);
    add({ x: width - b.x - b.w, y: b.y, w: b.w, h: b.h });
    if (axes === "xy") {
      add({ x: b.x, y: height - b.y - b.h, w: b.w, h: b.h });
      add({ x: width - b.x - b.w, y: height - b.y - b.h, w: b.w, h: b.h });
    }
  }
  return out;
}

export function mirrorPoints<P extends Point>(points: P[], width: number, height: number, axes: "x" | "xy"): P[] {
  const out: P[] = [];
  const seen = new Set<string>();
  const add = (p: P) => {
    const key = `${p.x},${p.y}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const p of points) {
    add(p);
    add({ ...p, x: width - p.x });
    if (axes === "xy") {
      add({ ...p, y: height - p.y });
      add({ ...p, x: width - p.x, y: height - p.y });
    }
  }
  return out;
}

/** The four walls around a map. */
export function border(width: number, height: number, thickness: number): Box[] {
  return [
    { x: 0, y: 0, w: width, h: thickness },
    { x: 0, y: height - thickness, w: width, h: thickness },
    { x: 0, y: 0, w: thickness, h: height },
    { x: width - thickness, y: 0, w: thickness, h: height },
  ];
}
