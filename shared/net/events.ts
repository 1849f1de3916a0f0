// Game events the server reports alongside each patch (Quake III's entity events): things
// that happen at an instant rather than fields that hold a value. Each is a small array
// [kind, tick, ...args] so a batch packs into a few bytes per event.

export const EventKind = {
  /** [kind, tick, shooterSlot, targetSlot, x, y, damage, shotId] */
  Hit: 1,
  /** [kind, tick, victimSlot, killerSlot] */
  Down: 2,
  /** [kind, tick, slot] */
  Spawn: 3,
  /** [kind, tick, slot, pickupIndex] */
  Pickup: 4,
  /** [kind, tick, shooterSlot, x, y, shotId]: a shot stopped by a spawn shield */
  Blocked: 5,
} as const;

export type GameEvent =
  | { kind: "hit"; tick: number; shooter: number; target: number; x: number; y: number; damage: number; shot: number }
  | { kind: "down"; tick: number; victim: number; killer: number }
  | { kind: "spawn"; tick: number; slot: number }
  | { kind: "pickup"; tick: number; slot: number; pickup: number }
  | { kind: "blocked"; tick: number; shooter: number; x: number; y: number; shot: number };

export function packEvent(e: GameEvent): number[] {
  switch (e.kind) {
    case "hit":
      return [EventKind.Hit, e.tick, e.shooter, e.target, Math.round(e.x), Math.round(e.y), e.damage, e.shot];
    case "down":
      return [EventKind.Down, e.tick, e.victim, e.killer];
    case "spawn":
      return [EventKind.Spawn, e.tick, e.slot];
    case "pickup":
      return [EventKind.Pickup, e.tick, e.slot, e.pickup];
    case "blocked":
      return [EventKind.Blocked, e.tick, e.shooter, Math.round(e.x), Math.round(e.y), e.shot];
  }
}

export function unpackEvent(a: readonly number[]): GameEvent | undefined {
  switch (a[0]) {
    case EventKind.Hit:
      return { kind: "hit", tick: a[1], shooter: a[2], target: a[3], x: a[4], y: a[5], damage: a[6], shot: a[7] };
    case EventKind.Down:
      return { kind: "down", tick: a[1], victim: a[2], killer: a[3] };
    case EventKind.Spawn:
      return { kind: "spawn", tick: a[1], slot: a[2] };
    case EventKind.Pickup:
      return { kind: "pickup", tick: a[1], slot: a[2], pickup: a[3] };
    case EventKind.Blocked:
      return { kind: "blocked", tick: a[1], shooter: a[2], x: a[3], y: a[4], shot: a[5] };
    default:
      return undefined;
  }
}
