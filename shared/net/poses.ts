// Where every craft is and where its turret points, for drawing others. This is the bulk of
// what a fight sends, so it does not go through the schema (whose per-object framing costs
// 3 bytes on a 4-byte position): each patch the server sends only the crafts whose pose
// changed, as a change from the pose it sent last, in 3 bytes. Every client has every pose
// message since its keyframe (one socket, in order), so each knows what a change is from.
//
//   poses := mask:u32 entry{popcount(mask)}               (bit i: the craft in slot i changed)
//   entry := dx:i8 dy:i8 aim:u8                            (change in quarter units; turret in 256 steps)
//          | 0x80 x:u16 y:u16 aim:u8                       (absolute: first sight, respawn, long moves)
//
// A keyframe is the same message with every craft absolute. Each ends a Snapshot message;
// the rest of the message, if any, is an events batch (events.ts).

import { GAME } from "../config";
import { ByteReader, ByteWriter, type Decoded } from "./bytes";

/**
 * Positions travel in quarter units: finer than a pixel, and close enough to the server's
 * own that a shot grazing a craft's edge on screen grazes it on the server too. A change of
 * up to 31 units fits a byte: a craft at full speed moves 9 a patch, a dash 25.
 */
export const POSE_SCALE = 4;
const SLOTS = GAME.room.slots;
const ABSOLUTE = -128;

export interface Pose {
  /** World units, to the quarter unit. */
  x: number;
  y: number;
  /** Turret, 256 steps per turn. */
  aim: number;
}

const onGrid = (v: number): number => Math.max(0, Math.min(0xffff, Math.round(v * POSE_SCALE)));
const fitsI8 = (d: number): boolean => d > ABSOLUTE && d <= 127;

/** The server's side: remembers what it last sent for each slot, so it can send changes. */
export class PoseEncoder {
  private readonly sentX = new Int32Array(SLOTS);
  private readonly sentY = new Int32Array(SLOTS);
  private readonly sentAim = new Int32Array(SLOTS);
  private sentMask = 0;
  private readonly nowX = new Int32Array(SLOTS);
  private readonly nowY = new Int32Array(SLOTS);
  private readonly nowAim = new Int32Array(SLOTS);
  private readonly out = new ByteWriter(new Uint8Array(4 + SLOTS * 6));

  /**
   * The poses message for this patch (the changed crafts only), or undefined when nothing
   * changed. `crafts` lists every craft in the match; a slot no longer listed is forgotten,
   * so whoever takes it next is sent absolute.
   */
  encode(crafts: Iterable<{ slot: number; x: number; y: number; aim: number }>): Uint8Array | undefined {
    let present = 0;
    for (const c of crafts) {
      present |= 1 << c.slot;
      this.nowX[c.slot] = onGrid(c.x);
      this.nowY[c.slot] = onGrid(c.y);
      this.nowAim[c.slot] = c.aim & 0xff;
    }
    this.sentMask &= present;
    const w = this.out.rewind().u32(0);
    let changed = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      const bit = 1 << slot;
      if ((present & bit) === 0) continue;
      const x = this.nowX[slot];
      const y = this.nowY[slot];
      const aim = this.nowAim[slot];
      const known = (this.sentMask & bit) !== 0;
      const dx = x - this.sentX[slot];
      const dy = y - this.sentY[slot];
      if (known && dx === 0 && dy === 0 && aim === this.sentAim[slot]) continue;
      changed |= bit;
      if (known && fitsI8(dx) && fitsI8(dy)) w.u8(dx).u8(dy).u8(aim);
      else w.u8(ABSOLUTE).u16(x).u16(y).u8(aim);
      this.sentX[slot] = x;
      this.sentY[slot] = y;
      this.sentAim[slot] = aim;
    }
    this.sentMask |= changed;
    if (changed === 0) return undefined;
    const bytes = w.bytes.slice(0, w.length);
    new DataView(bytes.buffer).setUint32(0, changed >>> 0, true);
    return bytes;
  }

  /** Every craft's last sent pose, absolute: what a client starting to listen needs first. */
  keyframe(): Uint8Array {
    const w = new ByteWriter(new Uint8Array(4 + SLOTS * 6)).u32(this.sentMask);
    for (let slot = 0; slot < SLOTS; slot++) {
      if ((this.sentMask & (1 << slot)) !== 0) w.u8(ABSOLUTE).u16(this.sentX[slot]).u16(this.sentY[slot]).u8(this.sentAim[slot]);
    }
    return w.bytes.slice(0, w.length);
  }
}

/** The poses part of a Snapshot in which nothing moved (only events follow). */
export const NO_POSES = new Uint8Array(4);

/**
 * Reads a Snapshot message: applies its poses to `table` and returns its events batch, if
 * it has one (decode it with decodeEvents).
 */
export function readSnapshot(bytes: Uint8Array, table: PoseTable): Uint8Array | undefined {
  const poses = table.apply(bytes);
  return poses.ok && poses.value < bytes.byteLength ? bytes.subarray(poses.value) : undefined;
}

/** The client's side: every slot's latest pose, as the messages build it up. */
export class PoseTable {
  private readonly poses: (Pose | undefined)[] = new Array(SLOTS).fill(undefined);

  get(slot: number): Pose | undefined {
    return this.poses[slot];
  }

  /**
   * Applies a poses message from the start of `bytes`; returns the offset where it ends.
   * A change for a slot with no known pose (messages before this client's keyframe) is
   * skipped: the keyframe brings it.
   */
  apply(bytes: Uint8Array): Decoded<number> {
    const r = new ByteReader(bytes);
    try {
      const mask = r.u32();
      for (let slot = 0; slot < SLOTS; slot++) {
        if (((mask >>> slot) & 1) === 0) continue;
        const first = r.u8();
        if (first === 0x80) {
          const x = r.u16() / POSE_SCALE;
          const y = r.u16() / POSE_SCALE;
          this.poses[slot] = { x, y, aim: r.u8() };
          continue;
        }
        const dx = (first << 24) >> 24;
        const dy = (r.u8() << 24) >> 24;
        const aim = r.u8();
        const p = this.poses[slot];
        if (!p) continue;
        p.x += dx / POSE_SCALE;
        p.y += dy / POSE_SCALE;
        p.aim = aim;
      }
    } catch {
      return { ok: false, error: "poses are truncated" };
    }
    return { ok: true, value: r.offset };
  }
}
