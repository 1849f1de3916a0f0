// Where a craft can go on a map, as a grid of free cells, and shortest routes through it
// (A*). Bots use it to steer around walls instead of into them.

import type { ArenaMap } from "../maps";
import { worldOf } from "../maps";
import { circleBlocked } from "../../shared/sim/collision";
import { GAME } from "../../shared/config";

const CELL = 32;
const grids = new Map<string, NavGrid>();

export class NavGrid {
  readonly cols: number;
  readonly rows: number;
  private readonly free: Uint8Array;

  private constructor(readonly map: ArenaMap) {
    this.cols = Math.ceil(map.width / CELL);
    this.rows = Math.ceil(map.height / CELL);
    this.free = new Uint8Array(this.cols * this.rows);
    const world = worldOf(map);
    // A little clearance beyond the craft's radius so routes do not scrape the walls.
    const clearance = GAME.craft.radius + 6;
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) {
        this.free[r * this.cols + c] = circleBlocked((c + 0.5) * CELL, (r + 0.5) * CELL, clearance, world) ? 0 : 1;
      }
    }
  }

  static of(map: ArenaMap): NavGrid {
    let grid = grids.get(map.id);
    if (!grid) {
      grid = new NavGrid(map);
      grids.set(map.id, grid);
    }
    return grid;
  }

  private cellOf(x: number, y: number): number {
    const c = Math.min(this.cols - 1, Math.max(0, Math.floor(x / CELL)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor(y / CELL)));
    return r * this.cols + c;
  }

  /** The nearest free cell to a point (a craft hugging a wall may stand in a blocked one). */
  private nearestFree(cell: number): number {
    if (this.free[cell]) return cell;
    const c0 = cell % this.cols;
    const r0 = Math.floor(cell / this.cols);
    for (let d = 1; d < 6; d++) {
      for (let dr = -d; dr <= d; dr++) {
        for (let dc = -d; dc <= d; dc++) {
          const r = r0 + dr;
          const c = c0 + dc;
          if (r < 0 || c < 0 || r >= this.rows || c >= this.cols) continue;
          if (this.free[r * this.cols + c]) return r * this.cols + c;
        }
      }
    }
    return cell;
  }

  /** Waypoints (cell centres) from one point to another, or [] when there is no way. */
  route(fromX: number, fromY: number, toX: number, toY: number): { x: number; y: number }[] {
    const start = this.nearestFree(this.cellOf(fromX, fromY));
    const goal = this.nearestFree(this.cellOf(toX, toY));
    const n = this.cols * this.rows;
    const cost = new Float64Array(n).fill(Infinity);
    const from = new Int32Array(n).fill(-1);
    const open: { cell: number; f: number }[] = [{ cell: start, f: 0 }];
    cost[start] = 0;
    const gc = goal % this.cols;
    const gr = Math.floor(goal / this.cols);
    const h = (cell: number) => Math.hypot((cell % this.cols) - gc, Math.floor(cell / this.cols) - gr);
    while (open.length > 0) {
      // The open list stays short on maps this size; a linear scan beats a heap here.
      let bi = 0;
      for (let i = 1; i < open.length; i++) if (open[i].f < open[bi].f) bi = i;
      const { cell } = open[bi];
      open[bi] = open[open.length - 1];
      open.pop();
      if (cell === goal) break;
      const c = cell % this.cols;
      const r = Math.floor(cell / this.cols);
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          if (dr === 0 && dc === 0) continue;
          const nc = c + dc;
          const nr = r + dr;
          if (nc < 0 || nr < 0 || nc >= this.cols || nr >= this.rows) continue;
          const next = nr * this.cols + nc;
          if (!this.free[next]) continue;
          // No cutting corners past a wall.
          if (dr !== 0 && dc !== 0 && (!this.free[r * this.cols + nc] || !this.free[nr * this.cols + c])) continue;
          const g = cost[cell] + (dr !== 0 && dc !== 0 ? Math.SQRT2 : 1);
          if (g < cost[next]) {
            cost[next] = g;
            from[next] = cell;
            open.push({ cell: next, f: g + h(next) });
          }
        }
      }
    }
    if (from[goal] === -1 && goal !== start) return [];
    const path: { x: number; y: number }[] = [];
    for (let cell = goal; cell !== start && cell !== -1; cell = from[cell]) {
      path.push({ x: ((cell % this.cols) + 0.5) * CELL, y: (Math.floor(cell / this.cols) + 0.5) * CELL });
    }
    return path.reverse();
  }
}
