// The match: one arena's game rules on top of the shared simulation. It applies inputs,
// flies shots with lag compensation, deals damage, scores, respawns, runs pickups and
// rounds, and writes the replicated state. It knows nothing about sockets or Colyseus
// rooms: the room feeds it inputs and ships the state it writes.

import { GAME, makeTuning, secondsToTicks, type Tuning } from "../../shared/config";
import { type ArenaMap, getMap, MAP_IDS, worldOf } from "../../shared/maps";
import { type GameEvent, shotId } from "../../shared/net/events";
import type { InputFrame } from "../../shared/net/input";
import { ArenaState, Craft, CraftStatus, Phase } from "../../shared/schema/ArenaState";
import type { ArenaWorld } from "../../shared/sim/collision";
import { writeOwnCraft } from "../../shared/schema/ownCraft";
import { type CraftState, MoveMode, newCraftState, stepCraft } from "../../shared/sim/craft";
import { firstContact, type Flight, flightDistance, planFlight } from "../../shared/sim/projectile";
import { posToWire } from "../../shared/sim/quantize";
import { SeededRandom } from "../../shared/sim/random";
import { LagHistory, type Sample } from "./LagHistory";

const MAX_SLOTS = GAME.room.slots;

export interface MatchSettings {
  tickHz: number;
  map: string;
  scoreLimit: number;
  timeLimitSeconds: number;
  resultsSeconds: number;
  /** Move to the next map when a round ends. */
  rotateMaps: boolean;
  seed: number;
}

export interface Pilot {
  readonly id: string;
  readonly slot: number;
  name: string;
  /** Flown by the server's bot brain (through inputs, like anyone). */
  readonly bot: boolean;
  /** The connection dropped: the craft is off the field until its player is back (see `away`). */
  reconnecting: boolean;
  /** Who hit this craft last, and at which tick (a drop soon after counts as their down). */
  lastHitBy?: string;
  lastHitTick: number;
  craft: CraftState;
  alive: boolean;
  hp: number;
  kills: number;
  deaths: number;
  respawnTick: number;
  shieldUntil: number;
  overdriveUntil: number;
  /** Last input sequence applied. */
  ack: number;
  readonly schema: Craft;
}

interface LiveShot {
  id: number;
  shooterId: string;
  shooterSlot: number;
  tick: number;
  flight: Flight;
  /** Ticks to rewind the targets by: how far in the past the shooter saw them. */
  lag: number;
  damage: number;
}

export class Match {
  tick = 0;
  readonly pilots = new Map<string, Pilot>();
  readonly tuning: Tuning;
  map!: ArenaMap;
  private world!: ArenaWorld;
  private shots: LiveShot[] = [];
  private events: GameEvent[] = [];
  private readonly history: LagHistory;
  private readonly rng: SeededRandom;
  /** Per pickup: the tick from which it can be taken again. */
  private pickupReadyAt: number[] = [];
  private roundStartTick = 0;
  private readonly sample: Sample = { x: 0, y: 0 };

  constructor(
    readonly state: ArenaState,
    readonly settings: MatchSettings,
  ) {
    this.tuning = makeTuning(settings.tickHz);
    this.rng = new SeededRandom(settings.seed);
    this.history = new LagHistory(MAX_SLOTS, this.tuning.maxRewindTicks + 4);
    state.tickHz = settings.tickHz;
    state.scoreLimit = settings.scoreLimit;
    state.timeLimit = settings.timeLimitSeconds;
    this.loadMap(settings.map);
    this.beginRound(false);
  }

  private ticks(seconds: number): number {
    return secondsToTicks(seconds, this.settings.tickHz);
  }

  // ---- players -------------------------------------------------------------------------

  join(id: string, name: string, opts: { bot?: boolean } = {}): Pilot {
    const used = new Set([...this.pilots.values()].map((p) => p.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    if (slot >= MAX_SLOTS) throw new Error("no free slot");
    const schema = new Craft();
    schema.name = name;
    schema.slot = slot;
    const pilot: Pilot = {
      id,
      slot,
      name,
      bot: opts.bot ?? false,
      reconnecting: false,
      craft: newCraftState(0, 0, 0, MoveMode.Frozen),
      alive: false,
      hp: 0,
      kills: 0,
      deaths: 0,
      respawnTick: this.tick,
      lastHitTick: -Infinity,
      shieldUntil: 0,
      overdriveUntil: 0,
      ack: 0,
      schema,
    };
    this.history.forget(slot);
    this.pilots.set(id, pilot);
    this.state.crafts.set(id, schema);
    if (this.state.phase === Phase.Playing) this.spawn(pilot);
    this.publish();
    return pilot;
  }

  leave(id: string): void {
    const pilot = this.pilots.get(id);
    if (!pilot) return;
    this.pilots.delete(id);
    this.state.crafts.delete(id);
    this.history.forget(pilot.slot);
  }

  /**
   * The player's connection dropped: the craft leaves the field (deals and takes nothing,
   * is no target) until they are back. Pulling the plug must not pay: dropping soon after
   * being hit counts as being downed by the hitter.
   */
  away(id: string): void {
    const pilot = this.pilots.get(id);
    if (!pilot || pilot.reconnecting) return;
    pilot.reconnecting = true;
    this.shots = this.shots.filter((s) => s.shooterId !== id);
    if (!pilot.alive) return;
    const hitter = pilot.lastHitBy !== undefined && this.tick - pilot.lastHitTick <= this.ticks(GAME.life.dropAfterHitSeconds) ? this.pilots.get(pilot.lastHitBy) : undefined;
    if (hitter && hitter !== pilot) this.down(pilot, hitter);
    else this.takeOff(pilot);
  }

  /** The player is back: the craft comes back at a spawn point, with the usual shield. */
  back(id: string): void {
    const pilot = this.pilots.get(id);
    if (!pilot || !pilot.reconnecting) return;
    pilot.reconnecting = false;
    if (this.state.phase === Phase.Playing) this.spawn(pilot);
  }

  /** Applies a host's changes. A new map starts a new round on it at once. */
  configure(change: { map?: string; scoreLimit?: number; timeLimitSeconds?: number }): void {
    if (change.scoreLimit !== undefined) {
      this.settings.scoreLimit = change.scoreLimit;
      this.state.scoreLimit = change.scoreLimit;
    }
    if (change.timeLimitSeconds !== undefined) {
      this.settings.timeLimitSeconds = change.timeLimitSeconds;
      this.state.timeLimit = change.timeLimitSeconds;
      if (this.state.phase === Phase.Playing) this.state.phaseEndsTick = this.roundStartTick + this.ticks(change.timeLimitSeconds);
    }
    if (change.map !== undefined && change.map !== this.map.id) {
      this.settings.map = change.map;
      this.loadMap(change.map);
      this.beginRound(false);
    }
    this.publish();
  }

  /** Starts the match over: a new round, everyone back at zero. */
  restart(): void {
    this.beginRound(false);
    this.publish();
  }

  /** Where every shot in flight is now (the game sends shots once; benchmarks of other ways need this). */
  shotsInFlight(): { id: number; owner: number; x: number; y: number; dx: number; dy: number }[] {
    return this.shots.map((s) => {
      const d = flightDistance(s.flight, this.tick - s.tick, this.tuning);
      return { id: s.id, owner: s.shooterSlot, x: s.flight.ox + s.flight.dx * d, y: s.flight.oy + s.flight.dy * d, dx: s.flight.dx, dy: s.flight.dy };
    });
  }

  takeEvents(): GameEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  // ---- the tick ------------------------------------------------------------------------

  /** One fixed step. `nextInput` hands over at most one queued input per pilot. */
  step(nextInput: (pilot: Pilot) => InputFrame | undefined): void {
    const tick = ++this.tick;
    const playing = this.state.phase === Phase.Playing;

    for (const pilot of this.pilots.values()) {
      const input = nextInput(pilot);
      if (!input) continue;
      pilot.ack = input.seq;
      // Whether the craft moves (down, between rounds) is the shared step's to say: its mode.
      if (stepCraft(pilot.craft, input, this.world, this.tuning)) this.fire(pilot, input);
    }

    this.history.begin(tick);
    for (const pilot of this.pilots.values()) {
      if (pilot.alive) this.history.record(tick, pilot.slot, pilot.craft.x, pilot.craft.y);
    }

    if (playing) {
      this.flyShots();
      this.collectPickups();
      for (const pilot of this.pilots.values()) {
        if (!pilot.alive && !pilot.reconnecting && tick >= pilot.respawnTick) this.spawn(pilot);
      }
      if (tick >= this.state.phaseEndsTick || this.scoreLimitReached()) this.endRound();
    } else if (tick >= this.state.phaseEndsTick) {
      this.beginRound(this.settings.rotateMaps);
    }
  }

  // ---- shots ---------------------------------------------------------------------------

  private fire(pilot: Pilot, input: InputFrame): void {
    const c = pilot.craft;
    const flight = planFlight({ x: c.x, y: c.y, aim: input.aim, tick: this.tick }, this.world, this.tuning);
    // Judge the shot against the world the shooter was looking at, but no further back
    // than the rewind limit: beyond it, the shooter has to lead the target.
    const seen = this.tick - input.viewTick;
    const lag = seen > 0 ? Math.min(seen, this.tuning.maxRewindTicks) : 0;
    // Firing gives up the spawn shield: a shielded craft cannot be a free turret.
    pilot.shieldUntil = 0;
    const overdrive = this.tick < pilot.overdriveUntil;
    const id = shotId(pilot.slot, input.seq);
    this.shots.push({
      id,
      shooterId: pilot.id,
      shooterSlot: pilot.slot,
      tick: this.tick,
      flight,
      lag,
      damage: GAME.gun.damage * (overdrive ? GAME.pickups.overdrive.damageMultiplier : 1),
    });
    this.events.push({
      kind: "shot",
      tick: this.tick,
      shot: id,
      owner: pilot.slot,
      seq: input.seq & 0xff,
      x: posToWire(c.x),
      y: posToWire(c.y),
      aim: input.aim,
    });
  }

  private flyShots(): void {
    let kept = 0;
    for (const shot of this.shots) {
      const step = this.tick - shot.tick;
      const seenTick = this.tick - shot.lag;
      const contact = firstContact(shot.flight, step, this.tuning, this.pilots.values(), (pilot) =>
        pilot.alive && pilot.id !== shot.shooterId ? this.history.at(pilot.slot, seenTick, this.sample) : undefined,
      );
      if (contact) {
        const { target, x, y } = contact;
        if (this.tick < target.shieldUntil) {
          this.events.push({ kind: "blocked", tick: this.tick, shot: shot.id, shooter: shot.shooterSlot, x, y });
        } else {
          this.damage(target, shot, x, y);
        }
      } else if (step < shot.flight.lastStep) {
        this.shots[kept++] = shot;
      }
    }
    this.shots.length = kept;
  }

  private damage(target: Pilot, shot: LiveShot, x: number, y: number): void {
    target.hp = Math.max(0, target.hp - shot.damage);
    target.lastHitBy = shot.shooterId;
    target.lastHitTick = this.tick;
    this.events.push({
      kind: "hit",
      tick: this.tick,
      shooter: shot.shooterSlot,
      target: target.slot,
      x,
      y,
      damage: shot.damage,
      shot: shot.id,
    });
    if (target.hp > 0) return;
    this.down(target, this.pilots.get(shot.shooterId));
  }

  /** A craft is downed: a death for it, a kill for who did it, back after the respawn time. */
  private down(target: Pilot, killer: Pilot | undefined): void {
    this.takeOff(target);
    target.hp = 0;
    target.deaths++;
    target.respawnTick = this.tick + this.tuning.respawnTicks;
    if (killer) killer.kills++;
    this.events.push({ kind: "down", tick: this.tick, victim: target.slot, killer: killer?.slot ?? target.slot });
  }

  /** Off the field: not drawn as live, no target, does not move. */
  private takeOff(pilot: Pilot): void {
    pilot.alive = false;
    pilot.craft.mode = MoveMode.Frozen;
    pilot.lastHitBy = undefined;
  }

  private scoreLimitReached(): boolean {
    for (const pilot of this.pilots.values()) if (pilot.kills >= this.settings.scoreLimit) return true;
    return false;
  }

  private clearShots(): void {
    this.shots.length = 0;
  }

  // ---- pickups -------------------------------------------------------------------------

  private collectPickups(): void {
    const reach = this.tuning.radius + GAME.pickups.radius;
    this.map.pickups.forEach((spot, i) => {
      if (this.pickupReadyAt[i] > this.tick) return;
      for (const pilot of this.pilots.values()) {
        if (!pilot.alive) continue;
        const dx = pilot.craft.x - spot.x;
        const dy = pilot.craft.y - spot.y;
        if (dx * dx + dy * dy > reach * reach) continue;
        if (spot.kind === "health") {
          if (pilot.hp >= GAME.craft.maxHp) continue;
          pilot.hp = Math.min(GAME.craft.maxHp, pilot.hp + GAME.pickups.health.heal);
          this.pickupReadyAt[i] = this.tick + this.ticks(GAME.pickups.health.respawnSeconds);
        } else {
          pilot.overdriveUntil = this.tick + this.ticks(GAME.pickups.overdrive.seconds);
          this.pickupReadyAt[i] = this.tick + this.ticks(GAME.pickups.overdrive.respawnSeconds);
        }
        this.events.push({ kind: "pickup", tick: this.tick, slot: pilot.slot, pickup: i });
        return;
      }
    });
  }

  // ---- life and rounds -----------------------------------------------------------------

  private spawn(pilot: Pilot): void {
    const point = this.chooseSpawn(pilot);
    pilot.craft = newCraftState(point.x, point.y, pilot.craft.aim);
    pilot.alive = true;
    pilot.hp = GAME.craft.maxHp;
    pilot.shieldUntil = this.tick + this.ticks(GAME.life.spawnShieldSeconds);
    pilot.overdriveUntil = 0;
    pilot.lastHitBy = undefined;
    this.events.push({ kind: "spawn", tick: this.tick, slot: pilot.slot });
  }

  /** A spawn point far from everyone else, picked at random among the three farthest. */
  private chooseSpawn(pilot: Pilot): { x: number; y: number } {
    const others = [...this.pilots.values()].filter((p) => p !== pilot && p.alive);
    const ranked = this.map.spawns
      .map((s) => ({
        s,
        room: others.reduce((m, o) => Math.min(m, Math.hypot(o.craft.x - s.x, o.craft.y - s.y)), Infinity),
      }))
      .sort((a, b) => b.room - a.room);
    const pool = ranked.slice(0, Math.min(3, ranked.length));
    return pool[this.rng.int(pool.length)].s;
  }

  private endRound(): void {
    if (this.state.phase !== Phase.Playing) return;
    this.state.phase = Phase.Results;
    this.state.phaseEndsTick = this.tick + this.ticks(this.settings.resultsSeconds);
    this.clearShots();
    for (const pilot of this.pilots.values()) pilot.craft.mode = MoveMode.Frozen;
  }

  private beginRound(nextMap: boolean): void {
    if (nextMap) {
      const i = MAP_IDS.indexOf(this.map.id);
      this.loadMap(MAP_IDS[(i + 1) % MAP_IDS.length]);
    }
    if (this.tick > 0) this.state.round++;
    this.state.phase = Phase.Playing;
    this.roundStartTick = this.tick;
    this.state.phaseEndsTick = this.tick + this.ticks(this.settings.timeLimitSeconds);
    this.pickupReadyAt = this.map.pickups.map(() => 0);
    this.clearShots();
    for (const pilot of this.pilots.values()) {
      pilot.kills = 0;
      pilot.deaths = 0;
      pilot.alive = false;
      pilot.craft.mode = MoveMode.Frozen;
    }
    for (const pilot of this.pilots.values()) if (!pilot.reconnecting) this.spawn(pilot);
  }

  private loadMap(id: string): void {
    const map = getMap(id);
    if (!map) throw new Error(`unknown map ${id}`);
    this.map = map;
    this.world = worldOf(map);
    this.state.map = map.id;
  }

  // ---- replication ---------------------------------------------------------------------

  /** Whether pickup `i` of the map is there to take. */
  pickupReady(i: number): boolean {
    return this.pickupReadyAt[i] <= this.tick;
  }

  /**
   * Copies the simulation into the replicated state; unchanged values cost nothing. The
   * room calls it only before a patch: every changed field costs a setter and change
   * tracking, and in between nobody reads the state.
   */
  publish(): void {
    const s = this.state;
    s.setTick(this.tick);
    let ready = 0;
    this.pickupReadyAt.forEach((_, i) => {
      if (this.pickupReady(i)) ready |= 1 << i;
    });
    s.pickupsReady = ready >>> 0;
    for (const p of this.pilots.values()) {
      const c = p.craft;
      const w = p.schema;
      writeOwnCraft(w, c, p.ack);
      w.hp = p.hp;
      w.status =
        (p.alive ? CraftStatus.Alive : 0) |
        (this.tick < p.shieldUntil ? CraftStatus.Shielded : 0) |
        (this.tick < p.overdriveUntil ? CraftStatus.Overdrive : 0) |
        (c.dashTicks > 0 ? CraftStatus.Dashing : 0) |
        (p.bot ? CraftStatus.Bot : 0) |
        (p.reconnecting ? CraftStatus.Reconnecting : 0);
      w.kills = p.kills;
      w.deaths = p.deaths;
    }
  }
}
