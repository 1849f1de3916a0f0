// Game events: things that happen at an instant rather than fields that hold a value
// (Quake III's entity events). The server sends the events of each patch interval right
// after the patch, as one binary batch. Shots travel here too: a shot is fully described by
// how it was fired, so it is sent once, in 13 bytes, and every client flies it itself.
//
//   batch := count:u8 event{count}                     (little-endian)
//   event := kind:u8 tick:u16 body                     (tick: low 16 bits; see fullTick)
//     Shot    body := shot:u16 owner:u8 seq:u8 x:u16 y:u16 aim:u16     x, y in 1/16 units
//     Hit     body := shot:u16 shooter:u8 target:u8 x:u16 y:u16 damage:u8   x, y in units
//     Blocked body := shot:u16 shooter:u8 x:u16 y:u16
//     Down    body := victim:u8 killer:u8
//     Spawn   body := slot:u8
//     Pickup  body := slot:u8 pickup:u8

import { ByteReader, ByteWriter, type Decoded } from "./bytes";

export const EventKind = {
  Shot: 1,
  Hit: 2,
  Blocked: 3,
  Down: 4,
  Spawn: 5,
  Pickup: 6,
} as const;

/** Shot ids wrap at 16 bits: far more than can be in flight at once. */
export const SHOT_ID_MASK = 0xffff;

export type GameEvent =
  | { kind: "shot"; tick: number; shot: number; owner: number; seq: number; x: number; y: number; aim: number }
  | { kind: "hit"; tick: number; shot: number; shooter: number; target: number; x: number; y: number; damage: number }
  | { kind: "blocked"; tick: number; shot: number; shooter: number; x: number; y: number }
  | { kind: "down"; tick: number; victim: number; killer: number }
  | { kind: "spawn"; tick: number; slot: number }
  | { kind: "pickup"; tick: number; slot: number; pickup: number };

const BODY: Record<GameEvent["kind"], number> = { shot: 10, hit: 9, blocked: 7, down: 2, spawn: 1, pickup: 2 };
const HEAD = 3;
const MAX_BATCH = 255;

/** Packs events into batches of at most 255 (one batch per message). */
export function encodeEvents(events: readonly GameEvent[]): Uint8Array[] {
  const batches: Uint8Array[] = [];
  for (let start = 0; start < events.length; start += MAX_BATCH) {
    const part = events.slice(start, start + MAX_BATCH);
    const w = new ByteWriter(new Uint8Array(1 + part.reduce((n, e) => n + HEAD + BODY[e.kind], 0)));
    w.u8(part.length);
    for (const e of part) {
      switch (e.kind) {
        case "shot":
          w.u8(EventKind.Shot).u16(e.tick).u16(e.shot).u8(e.owner).u8(e.seq).u16(e.x).u16(e.y).u16(e.aim);
          break;
        case "hit":
          w.u8(EventKind.Hit).u16(e.tick).u16(e.shot).u8(e.shooter).u8(e.target).u16(Math.round(e.x)).u16(Math.round(e.y)).u8(e.damage);
          break;
        case "blocked":
          w.u8(EventKind.Blocked).u16(e.tick).u16(e.shot).u8(e.shooter).u16(Math.round(e.x)).u16(Math.round(e.y));
          break;
        case "down":
          w.u8(EventKind.Down).u16(e.tick).u8(e.victim).u8(e.killer);
          break;
        case "spawn":
          w.u8(EventKind.Spawn).u16(e.tick).u8(e.slot);
          break;
        case "pickup":
          w.u8(EventKind.Pickup).u16(e.tick).u8(e.slot).u8(e.pickup);
          break;
      }
    }
    batches.push(w.bytes);
  }
  return batches;
}

/** Decodes a batch; ticks come back as their low 16 bits (expand them with fullTick). */
export function decodeEvents(bytes: Uint8Array): Decoded<GameEvent[]> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 1) return { ok: false, error: "events must be binary" };
  const r = new ByteReader(bytes);
  const events: GameEvent[] = [];
  try {
    const count = r.u8();
    for (let i = 0; i < count; i++) {
      const kind = r.u8();
      const tick = r.u16();
      switch (kind) {
        case EventKind.Shot:
          events.push({ kind: "shot", tick, shot: r.u16(), owner: r.u8(), seq: r.u8(), x: r.u16(), y: r.u16(), aim: r.u16() });
          break;
        case EventKind.Hit:
          events.push({ kind: "hit", tick, shot: r.u16(), shooter: r.u8(), target: r.u8(), x: r.u16(), y: r.u16(), damage: r.u8() });
          break;
        case EventKind.Blocked:
          events.push({ kind: "blocked", tick, shot: r.u16(), shooter: r.u8(), x: r.u16(), y: r.u16() });
          break;
        case EventKind.Down:
          events.push({ kind: "down", tick, victim: r.u8(), killer: r.u8() });
          break;
        case EventKind.Spawn:
          events.push({ kind: "spawn", tick, slot: r.u8() });
          break;
        case EventKind.Pickup:
          events.push({ kind: "pickup", tick, slot: r.u8(), pickup: r.u8() });
          break;
        default:
          return { ok: false, error: `unknown event kind ${kind}` };
      }
    }
  } catch {
    return { ok: false, error: "events batch is truncated" };
  }
  if (r.remaining !== 0) return { ok: false, error: "events batch has trailing bytes" };
  return { ok: true, value: events };
}
