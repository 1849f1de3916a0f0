// Two rooms written the common way, for comparison only (never served by the game):
//   StraightforwardRoom - Colyseus schema with plain `number` (float64) fields, one message per
//     input, projectiles replicated (moved) every tick, Colyseus' own patch timer.
//   JsonRoom            - no schema: the full state as a JSON string to everyone on every patch.
// Both play the very same match (server/rules/Match) so only the replication differs.

import { type Client, Room } from "@colyseus/core";
import { MapSchema, Schema, type } from "@colyseus/schema";
import { GAME } from "../../shared/config";
import { ArenaState } from "../../shared/schema/ArenaState";
import type { InputFrame } from "../../shared/net/input";
import { Match } from "../../server/rules/Match";
import { InputQueue } from "../../server/rooms/InputQueue";

class SfCraft extends Schema {
  @type("string") name = "";
  @type("number") x = 0;
  @type("number") y = 0;
  @type("number") vx = 0;
  @type("number") vy = 0;
  @type("number") angle = 0;
  @type("number") hp = 100;
  @type("number") kills = 0;
  @type("number") deaths = 0;
  @type("boolean") alive = true;
  @type("number") ack = 0;
}

class SfShot extends Schema {
  @type("number") x = 0;
  @type("number") y = 0;
  @type("number") vx = 0;
  @type("number") vy = 0;
  @type("number") owner = 0;
}

export class SfState extends Schema {
  @type("number") tick = 0;
  @type({ map: SfCraft }) crafts = new MapSchema<SfCraft>();
  @type({ map: SfShot }) shots = new MapSchema<SfShot>();
}

/** A match for benchmarks: one map, rounds that never end. */
export function benchMatch(): Match {
  return new Match(new ArenaState(), {
    tickHz: GAME.net.tickHz,
    map: "foundry",
    scoreLimit: 10_000,
    timeLimitSeconds: 24 * 3600,
    resultsSeconds: 5,
    rotateMaps: false,
    seed: 42,
  });
}

/** Live common-way rooms, for the capacity benchmark's tick count. */
export const liveCommonRooms = new Set<{ ticks: number }>();

/** What both common-way rooms share: the same match, one input queue per player, 60 Hz. */
abstract class CommonRoom<S extends object> extends Room<S> {
  match!: Match;
  readonly queues = new Map<string, InputQueue>();
  ticks = 0;

  protected startMatch(): void {
    this.match = benchMatch();
    this.maxClients = 10;
    liveCommonRooms.add(this);
    // The common way: Colyseus' interval, one step per call, no catch-up.
    this.setSimulationInterval(() => this.step(), 1000 / GAME.net.tickHz);
  }

  private step(): void {
    this.match.step((p) => this.queues.get(p.id)?.next());
    this.match.takeEvents();
    this.ticks++;
    this.mirror();
  }

  protected abstract mirror(): void;

  protected queueInput(client: Client, input: InputFrame): void {
    this.queues.get(client.sessionId)?.push([input]);
  }

  override onJoin(client: Client): void {
    this.match.join(client.sessionId, "bot");
    this.queues.set(client.sessionId, new InputQueue(9));
  }

  override onLeave(client: Client): void {
    this.match.leave(client.sessionId);
    this.queues.delete(client.sessionId);
  }

  override onDispose(): void {
    liveCommonRooms.delete(this);
  }
}

/** Copies the match into the float64 schema, moving every projectile (the common way). */
export function mirrorStraightforward(match: Match, s: SfState): void {
  s.tick = match.tick;
  for (const p of match.pilots.values()) {
    let c = s.crafts.get(p.id);
    if (!c) s.crafts.set(p.id, (c = new SfCraft()));
    c.name = p.name;
    c.x = p.craft.x;
    c.y = p.craft.y;
    c.vx = p.craft.vx;
    c.vy = p.craft.vy;
    c.angle = (p.craft.aim / 65536) * Math.PI * 2;
    c.hp = p.hp;
    c.kills = p.kills;
    c.deaths = p.deaths;
    c.alive = p.alive;
    c.ack = p.ack;
  }
  for (const id of s.crafts.keys()) if (!match.pilots.has(id)) s.crafts.delete(id);
  const live = new Set<string>();
  for (const shot of match.shotsInFlight()) {
    const key = String(shot.id);
    live.add(key);
    let sh = s.shots.get(key);
    if (!sh) s.shots.set(key, (sh = new SfShot()));
    sh.x = shot.x;
    sh.y = shot.y;
    sh.vx = shot.dx * GAME.gun.projectileSpeed;
    sh.vy = shot.dy * GAME.gun.projectileSpeed;
    sh.owner = shot.owner;
  }
  for (const key of s.shots.keys()) if (!live.has(key)) s.shots.delete(key);
}

/** The whole match as one JSON-able object (the naive broadcast). */
export function jsonSnapshot(match: Match): unknown {
  return {
    tick: match.tick,
    crafts: [...match.pilots.values()].map((p) => ({
      id: p.id,
      name: p.name,
      x: p.craft.x,
      y: p.craft.y,
      vx: p.craft.vx,
      vy: p.craft.vy,
      aim: p.craft.aim,
      hp: p.hp,
      kills: p.kills,
      deaths: p.deaths,
      alive: p.alive,
      ack: p.ack,
    })),
    shots: match.shotsInFlight(),
  };
}

export class StraightforwardRoom extends CommonRoom<SfState> {
  override onCreate(): void {
    this.state = new SfState();
    this.setPatchRate(1000 / GAME.net.patchHz);
    this.startMatch();
    this.onMessage("input", (client, m: { seq: number; buttons: number; aim: number; viewTick: number }) => {
      if (typeof m?.seq !== "number") return;
      this.queueInput(client, { seq: m.seq, buttons: m.buttons & 63, aim: m.aim & 0xffff, viewTick: m.viewTick });
    });
  }

  protected mirror(): void {
    mirrorStraightforward(this.match, this.state);
  }
}

export class JsonRoom extends CommonRoom<object> {
  override onCreate(): void {
    this.startMatch();
    this.onMessage("input", (client, m: { seq: number; buttons: number; aim: number; viewTick: number }) => {
      if (typeof m?.seq !== "number") return;
      this.queueInput(client, { seq: m.seq, buttons: m.buttons & 63, aim: m.aim & 0xffff, viewTick: m.viewTick });
    });
    this.clock.setInterval(() => this.broadcast("state", JSON.stringify(this.snapshot())), 1000 / GAME.net.patchHz);
  }

  snapshot(): unknown {
    return jsonSnapshot(this.match);
  }

  protected mirror(): void {
    // The whole state is serialized at patch time.
  }
}
