import { border, mirrorBoxes, mirrorPoints } from "./mirror";
import type { ArenaMap } from "./types";

// A square-ish hall: four L-shaped corners to fight around, an open centre holding the
// overdrive, and a health pickup tucked inside each corner. One quarter is written out;
// the rest is its mirror image.
const W = 2000;
const H = 1400;

export const foundry: ArenaMap = {
  id: "foundry",
  name: "Foundry",
  width: W,
  height: H,
  walls: [
    ...border(W, H, 32),
    ...mirrorBoxes(
      [
        { x: 280, y: 260, w: 240, h: 32 },
        { x: 280, y: 260, w: 32, h: 200 },
        { x: 880, y: 540, w: 240, h: 32 },
        { x: 720, y: 600, w: 32, h: 200 },
        { x: 984, y: 32, w: 32, h: 180 },
        { x: 32, y: 684, w: 160, h: 32 },
      ],
      W,
      H,
      "xy",
    ),
  ],
  crates: mirrorBoxes(
    [
      { x: 600, y: 360, w: 64, h: 64 },
      { x: 480, y: 620, w: 48, h: 48 },
      { x: 1060, y: 300, w: 56, h: 56 },
      { x: 150, y: 520, w: 56, h: 56 },
    ],
    W,
    H,
    "xy",
  ),
  spawns: mirrorPoints(
    [
      { x: 120, y: 120 },
      { x: 640, y: 160 },
      { x: 160, y: 630 },
      { x: 860, y: 420 },
    ],
    W,
    H,
    "xy",
  ),
  pickups: [
    ...mirrorPoints([{ x: 400, y: 400, kind: "health" as const }], W, H, "xy"),
    { x: 1000, y: 700, kind: "overdrive" },
  ],
  palette: { floor: 0x1b2026, wall: 0x56606e, crate: 0x9a7443 },
};
