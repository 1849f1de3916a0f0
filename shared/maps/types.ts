import type { Box } from "../sim/collision";

export type PickupKind = "health" | "overdrive";

export interface Point {
  x: number;
  y: number;
}

/** A map is data: the server collides against it and the client draws it, from this one table. */
export interface ArenaMap {
  id: string;
  name: string;
  width: number;
  height: number;
  /** Solid and tall: blocks craft and shots. */
  walls: Box[];
  /** Solid and low: blocks craft and shots too, drawn as cargo. */
  crates: Box[];
  spawns: Point[];
  pickups: (Point & { kind: PickupKind })[];
  /** Floor and wall tint (0xRRGGBB) so maps are told apart at a glance. */
  palette: { floor: number; wall: number; crate: number };
}
