import { border, mirrorBoxes, mirrorPoints } from "./mirror";
import type { ArenaMap } from "./types";

// A wide map of three lanes split by long walls, with a pillar in the middle and an
// overdrive on each side of it. One quarter is written out; the rest is its mirror image.
const W = 2400;
const H = 1200;

export const causeway: ArenaMap = {
  id: "causeway",
  name: "Causeway",
  width: W,
  height: H,
  walls: [
    ...border(W, H, 32),
    ...mirrorBoxes(
      [
        { x: 400, y: 380, w: 520, h: 32 },
        { x: 1140, y: 520, w: 120, h: 160 },
        { x: 720, y: 120, w: 32, h: 160 },
        { x: 240, y: 560, w: 32, h: 80 },
      ],
      W,
      H,
      "xy",
    ),
  ],
  crates: mirrorBoxes(
    [
      { x: 560, y: 200, w: 64, h: 64 },
      { x: 1000, y: 240, w: 64, h: 64 },
      { x: 880, y: 500, w: 56, h: 56 },
      { x: 140, y: 260, w: 56, h: 56 },
    ],
    W,
    H,
    "xy",
  ),
  spawns: mirrorPoints(
    [
      { x: 100, y: 100 },
      { x: 600, y: 560 },
      { x: 1100, y: 120 },
      { x: 120, y: 480 },
    ],
    W,
    H,
    "xy",
  ),
  pickups: [
    ...mirrorPoints([{ x: 1200, y: 140, kind: "health" as const }], W, H, "xy"),
    ...mirrorPoints([{ x: 160, y: 600, kind: "health" as const }], W, H, "x"),
    ...mirrorPoints([{ x: 700, y: 600, kind: "overdrive" as const }], W, H, "x"),
  ],
  palette: { floor: 0x162129, wall: 0x3f6272, crate: 0x74824c },
};
