// The static world the simulation collides against: axis-aligned solid boxes (walls and
// crates) in a uniform grid, so a query touches only the few boxes near a craft.
// Like Quake III's trace callbacks, the simulation only sees the world through this module.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ArenaWorld {
  readonly width: number;
  readonly height: number;
  readonly solids: readonly Box[];
  /** Boxes that may touch the rectangle; the returned array is reused by the next call. */
  solidsNear(x0: number, y0: number, x1: number, y1: number): readonly Box[];
}

const CELL = 128;

export function buildWorld(width: number, height: number, solids: readonly Box[]): ArenaWorld {
  const cols = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const cells: number[][] = Array.from({ length: cols * rows }, () => []);
  solids.forEach((b, i) => {
    const c0 = clampInt(Math.floor(b.x / CELL), 0, cols - 1);
    const c1 = clampInt(Math.floor((b.x + b.w) / CELL), 0, cols - 1);
    const r0 = clampInt(Math.floor(b.y / CELL), 0, rows - 1);
    const r1 = clampInt(Math.floor((b.y + b.h) / CELL), 0, rows - 1);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cells[r * cols + c].push(i);
  });
  const stamp = new Uint32Array(solids.length);
  let query = 0;
  const found: Box[] = [];
  return {
    width,
    height,
    solids,
    solidsNear(x0, y0, x1, y1) {
      found.length = 0;
      query = (query + 1) >>> 0 || 1;
      const c0 = clampInt(Math.floor(x0 / CELL), 0, cols - 1);
      const c1 = clampInt(Math.floor(x1 / CELL), 0, cols - 1);
      const r0 = clampInt(Math.floor(y0 / CELL), 0, rows - 1);
      const r1 = clampInt(Math.floor(y1 / CELL), 0, rows - 1);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          for (const i of cells[r * cols + c]) {
            if (stamp[i] === query) continue;
            stamp[i] = query;
            found.push(solids[i]);
          }
        }
      }
      return found;
    },
  };
}

function clampInt(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

export interface Body {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/**
 * Moves a circle by (dx, dy), sliding along solids. Steps are at most half a radius, so the
 * centre can never cross into a box from outside: no speed tunnels through a wall.
 */
export function moveCircle(body: Body, dx: number, dy: number, radius: number, world: ArenaWorld): void {
  const dist = Math.sqrt(dx * dx + dy * dy);
  const steps = Math.max(1, Math.ceil(dist / (radius * 0.5)));
  const sx = dx / steps;
  const sy = dy / steps;
  for (let i = 0; i < steps; i++) {
    body.x += sx;
    body.y += sy;
    pushOut(body, radius, world);
  }
}

/** Resolves overlap with nearby solids and cancels the velocity that points into them. */
export function pushOut(body: Body, radius: number, world: ArenaWorld): void {
  for (let pass = 0; pass < 3; pass++) {
    let moved = false;
    const near = world.solidsNear(body.x - radius, body.y - radius, body.x + radius, body.y + radius);
    for (const b of near) {
      const cx = body.x < b.x ? b.x : body.x > b.x + b.w ? b.x + b.w : body.x;
      const cy = body.y < b.y ? b.y : body.y > b.y + b.h ? b.y + b.h : body.y;
      let nx = body.x - cx;
      let ny = body.y - cy;
      const d2 = nx * nx + ny * ny;
      if (d2 >= radius * radius) continue;
      let depth: number;
      if (d2 > 0) {
        const d = Math.sqrt(d2);
        nx /= d;
        ny /= d;
        depth = radius - d;
      } else {
        // Centre inside the box (only a spawn or a teleport can do that): leave by the nearest face.
        const left = body.x - b.x;
        const right = b.x + b.w - body.x;
        const top = body.y - b.y;
        const bottom = b.y + b.h - body.y;
        const m = Math.min(left, right, top, bottom);
        nx = m === left ? -1 : m === right ? 1 : 0;
        ny = nx !== 0 ? 0 : m === top ? -1 : 1;
        depth = m + radius;
      }
      body.x += nx * depth;
      body.y += ny * depth;
      const vn = body.vx * nx + body.vy * ny;
      if (vn < 0) {
        body.vx -= vn * nx;
        body.vy -= vn * ny;
      }
      moved = true;
    }
    if (!moved) break;
  }
  // The map's border walls already hold everyone in; this is the last line of defence.
  body.x = Math.min(Math.max(body.x, radius), world.width - radius);
  body.y = Math.min(Math.max(body.y, radius), world.height - radius);
}

/** True when a circle overlaps any solid. */
export function circleBlocked(x: number, y: number, radius: number, world: ArenaWorld): boolean {
  for (const b of world.solidsNear(x - radius, y - radius, x + radius, y + radius)) {
    const cx = x < b.x ? b.x : x > b.x + b.w ? b.x + b.w : x;
    const cy = y < b.y ? b.y : y > b.y + b.h ? b.y + b.h : y;
    if ((x - cx) ** 2 + (y - cy) ** 2 < radius * radius) return true;
  }
  return x < radius || y < radius || x > world.width - radius || y > world.height - radius;
}

/**
 * Distance along the ray (unit direction) until a circle of radius `pad` touches a solid,
 * or `maxDist` when nothing is in the way.
 */
export function castRay(
  ox: number,
  oy: number,
  dirX: number,
  dirY: number,
  maxDist: number,
  pad: number,
  world: ArenaWorld,
): number {
  let best = maxDist;
  for (const b of world.solids) {
    const t = raySlab(ox, oy, dirX, dirY, b.x - pad, b.y - pad, b.x + b.w + pad, b.y + b.h + pad, best);
    if (t < best) best = t;
  }
  return best;
}

function raySlab(
  ox: number,
  oy: number,
  dx: number,
  dy: number,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  limit: number,
): number {
  let tmin = 0;
  let tmax = limit;
  if (dx === 0) {
    if (ox < minX || ox > maxX) return Infinity;
  } else {
    let t1 = (minX - ox) / dx;
    let t2 = (maxX - ox) / dx;
    if (t1 > t2) [t1, t2] = [t2, t1];
    if (t1 > tmin) tmin = t1;
    if (t2 < tmax) tmax = t2;
    if (tmin > tmax) return Infinity;
  }
  if (dy === 0) {
    if (oy < minY || oy > maxY) return Infinity;
  } else {
    let t1 = (minY - oy) / dy;
    let t2 = (maxY - oy) / dy;
    if (t1 > t2) [t1, t2] = [t2, t1];
    if (t1 > tmin) tmin = t1;
    if (t2 < tmax) tmax = t2;
    if (tmin > tmax) return Infinity;
  }
  return tmin;
}

/**
 * Where along the segment A→B (0..1) a point first comes within `r` of C, or -1 if never.
 * A start already inside counts as a hit at 0.
 */
export function segmentHitsCircle(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  r: number,
): number {
  const fx = ax - cx;
  const fy = ay - cy;
  const c = fx * fx + fy * fy - r * r;
  if (c <= 0) return 0;
  const dx = bx - ax;
  const dy = by - ay;
  const a = dx * dx + dy * dy;
  if (a === 0) return -1;
  const b = 2 * (fx * dx + fy * dy);
  const disc = b * b - 4 * a * c;
  if (disc < 0) return -1;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t >= 0 && t <= 1 ? t : -1;
}
