// Game events: things that happen at an instant rather than fields that hold a value
// (Quake III's entity events). The server sends the events of each patch interval as one
// binary batch at the end of the Snapshot message just ahead of the patch (see poses.ts).
// Shots travel here too: a shot is fully described by how it was fired, so it is sent once,
// in 9 bytes, and every client flies it itself.
//
//   batch := count:u8 tick:u16 event{count}            (little-endian; tick: low 16 bits)
//   event := kind:3 back:5 body                         (the event's tick is `tick - back`)
//     Blast   body := owner:u8 x:u16 y:u16                  x, y in units (a rocket bursting)
//     Shot    body := owner:u8 seq:u8 x:u16 y:u16 aim:u16 weapon:u8     x, y in 1/16 units
//     Hit     body := shooter:u8 seq:u8 target:u8 x:u16 y:u16 damage:u8   x, y in units
//     Blocked body := shooter:u8 seq:u8 x:u16 y:u16
//     Down    body := victim:u8 killer:u8
//     Spawn   body := slot:u8
//     Pickup  body := slot:u8 pickup:u8
//     Flag    body := what:4 team:4 slot:u8             (slot: who did it; 255: nobody, it went home by itself)
//
// A shot is named by its owner's slot and the low byte of the input that fired it (see
// shotId): a shot flies for at most two seconds, far less than 256 inputs, so the pair is
// unique while it matters, and costs nothing extra on the wire. A scatter shot's pellets
// share their shot's id (a hit names the shot; the pellet is the one nearest the hit).

import { ByteReader, ByteWriter, type Decoded } from "./bytes";

export const EventKind = {
  Blast: 0,
  Shot: 1,
  Hit: 2,
  Blocked: 3,
  Down: 4,
  Spawn: 5,
  Pickup: 6,
  Flag: 7,
} as const;

/** What happened to a flag (capture the flag). */
export const FlagAction = ["take", "drop", "return", "capture"] as const;
export type FlagAction = (typeof FlagAction)[number];

/** A shot's id: its owner's slot and the low byte of the sequence of the input that fired it. */
export const shotId = (owner: number, seq: number): number => ((owner & 0xff) << 8) | (seq & 0xff);

export type GameEvent =
  | { kind: "shot"; tick: number; shot: number; owner: number; seq: number; x: number; y: number; aim: number; weapon: number }
  | { kind: "blast"; tick: number; owner: number; x: number; y: number }
  | { kind: "hit"; tick: number; shot: number; shooter: number; target: number; x: number; y: number; damage: number }
  | { kind: "blocked"; tick: number; shot: number; shooter: number; x: number; y: number }
  | { kind: "down"; tick: number; victim: number; killer: number }
  | { kind: "spawn"; tick: number; slot: number }
  | { kind: "pickup"; tick: number; slot: number; pickup: number }
  | { kind: "flag"; tick: number; action: FlagAction; team: number; slot: number };

const BODY: Record<GameEvent["kind"], number> = { blast: 5, shot: 9, hit: 8, blocked: 6, down: 2, spawn: 1, pickup: 2, flag: 2 };
const BATCH_HEAD = 3;
const MAX_BATCH = 255;
/** How far back from its batch's tick an event may be (5 bits). */
const MAX_BACK = 31;

/**
 * Packs events into batches of at most 255 whose ticks lie within 31 of
 * each other (one batch per message; a patch interval is far shorter).
 */
export function encodeEvents(events: readonly GameEvent[]): Uint8Array[] {
  const batches: Uint8Array[] = [];
  let start = 0;
  while (start < events.length) {
    let end = start + 1;
    let low = events[start].tick;
    let tick = low;
    for (; end < events.length && end - start < MAX_BATCH; end++) {
      const t = events[end].tick;
      if (Math.max(tick, t) - Math.min(low, t) > MAX_BACK) break;
      low = Math.min(low, t);
      tick = Math.max(tick, t);
    }
    const part = events.slice(start, end);
    const w = new ByteWriter(new Uint8Array(BATCH_HEAD + part.reduce((n, e) => n + 1 + BODY[e.kind], 0)));
    w.u8(part.length).u16(tick);
    for (const e of part) {
      const head = (kind: number) => (kind << 5) | (tick - e.tick);
      switch (e.kind) {
        case "shot":
          w.u8(head(EventKind.Shot)).u8(e.owner).u8(e.seq).u16(e.x).u16(e.y).u16(e.aim).u8(e.weapon);
          break;
        case "blast":
          w.u8(head(EventKind.Blast)).u8(e.owner).u16(Math.round(e.x)).u16(Math.round(e.y));
          break;
        case "hit":
          w.u8(head(EventKind.Hit)).u8(e.shooter).u8(e.shot).u8(e.target).u16(Math.round(e.x)).u16(Math.round(e.y)).u8(e.damage);
          break;
        case "blocked":
          w.u8(head(EventKind.Blocked)).u8(e.shooter).u8(e.shot).u16(Math.round(e.x)).u16(Math.round(e.y));
          break;
        case "down":
          w.u8(head(EventKind.Down)).u8(e.victim).u8(e.killer);
          break;
        case "spawn":
          w.u8(head(EventKind.Spawn)).u8(e.slot);
          break;
        case "pickup":
          w.u8(head(EventKind.Pickup)).u8(e.slot).u8(e.pickup);
          break;
        case "flag":
          w.u8(head(EventKind.Flag)).u8((FlagAction.indexOf(e.action) << 4) | (e.team & 0xf)).u8(e.slot);
          break;
      }
    }
    batches.push(w.bytes);
    start = end;
  }
  return batches;
}

/** Decodes a batch; ticks come back as their low 16 bits (expand them with fullTick). */
export function decodeEvents(bytes: Uint8Array): Decoded<GameEvent[]> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < BATCH_HEAD) return { ok: false, error: "events must be binary" };
  const r = new ByteReader(bytes);
  const events: GameEvent[] = [];
  try {
    const count = r.u8();
    const batchTick = r.u16();
    for (let i = 0; i < count; i++) {
      const head = r.u8();
      const kind = head >> 5;
      const tick = (batchTick - (head & MAX_BACK)) & 0xffff;
      switch (kind) {
        case EventKind.Shot: {
          const owner = r.u8();
          const seq = r.u8();
          const x = r.u16();
          const y = r.u16();
          const aim = r.u16();
          const weapon = r.u8();
          if (weapon > 3) return { ok: false, error: `unknown weapon ${weapon}` };
          events.push({ kind: "shot", tick, shot: shotId(owner, seq), owner, seq, x, y, aim, weapon });
          break;
        }
        case EventKind.Blast:
          events.push({ kind: "blast", tick, owner: r.u8(), x: r.u16(), y: r.u16() });
          break;
        case EventKind.Hit: {
          const shooter = r.u8();
          const shot = shotId(shooter, r.u8());
          events.push({ kind: "hit", tick, shot, shooter, target: r.u8(), x: r.u16(), y: r.u16(), damage: r.u8() });
          break;
        }
        case EventKind.Blocked: {
          const shooter = r.u8();
          const shot = shotId(shooter, r.u8());
          events.push({ kind: "blocked", tick, shot, shooter, x: r.u16(), y: r.u16() });
          break;
        }
        case EventKind.Down:
          events.push({ kind: "down", tick, victim: r.u8(), killer: r.u8() });
          break;
        case EventKind.Spawn:
          events.push({ kind: "spawn", tick, slot: r.u8() });
          break;
        case EventKind.Pickup:
          events.push({ kind: "pickup", tick, slot: r.u8(), pickup: r.u8() });
          break;
        case EventKind.Flag: {
          const what = r.u8();
          const action = FlagAction[what >> 4];
          if (!action) return { ok: false, error: `unknown flag action ${what >> 4}` };
          events.push({ kind: "flag", tick, action, team: what & 0xf, slot: r.u8() });
          break;
        }
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
