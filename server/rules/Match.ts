// The match: one arena's game rules on top of the shared simulation. It applies inputs,
// flies shots with lag compensation, deals damage, scores, respawns, runs pickups and
// rounds, and writes the replicated state. It knows nothing about sockets or Colyseus
// rooms: the room feeds it inputs and ships the state it writes.

import { GAME, makeTuning, secondsToTicks, type Tuning } from "../../shared/config";
import { type ArenaMap, getMap, worldOf } from "../maps";
import type { ModeId, Team } from "../../shared/maps/types";
import { type GameEvent, shotId } from "../../shared/net/events";
import type { InputFrame } from "../../shared/net/input";
import { ArenaState, Craft, CraftStatus, NO_CARRIER, Phase } from "../../shared/schema/ArenaState";
import type { ArenaWorld } from "../../shared/sim/collision";
import { writeOwnCraft } from "../../shared/schema/ownCraft";
import { type CraftState, MoveMode, newCraftState, stepCraft } from "../../shared/sim/craft";
import { type Blast, blastDamage, blastPush, NO_SHOT, pelletAims, pelletSeed, railContact, railReach, Weapon, WEAPON_NAMES } from "../../shared/sim/weapons";
import { firstContact, type Flight, flightDistance, planFlight } from "../../shared/sim/projectile";
import { posToWire, snapVel } from "../../shared/sim/quantize";
import { SeededRandom } from "../../shared/sim/random";
import { CaptureTheFlag } from "./CaptureTheFlag";
import { LagHistory, type Sample } from "./LagHistory";
import { type Pairing, pairingKey, parsePairing, voteChoices, winner } from "./Rotation";

const MAX_SLOTS = GAME.room.slots;

export interface MatchSettings {
  tickHz: number;
  map: string;
  /** Free-for-all when not given. */
  mode?: ModeId;
  /** The score that ends a round in every mode (an operator's SCORE_LIMIT); each mode's own when not given. */
  scoreLimit?: number;
  timeLimitSeconds: number;
  resultsSeconds: number;
  /** A public room: after each round, a vote for the next map and mode (no votes: the next in turn). */
  rotateMaps: boolean;
  seed: number;
}

export interface Pilot {
  readonly id: string;
  readonly slot: number;
  name: string;
  /** 0 or 1; kept in free-for-all too, so a switch to a team mode starts from even teams. */
  team: Team;
  /** When the pilot joined (the last to come is the first moved to even the teams). */
  readonly joinedTick: number;
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
  captures: number;
  respawnTick: number;
  shieldUntil: number;
  overdriveUntil: number;
  /** Last input sequence applied. */
  ack: number;
  readonly schema: Craft;
  /** The verified player behind this craft (their records and rating), if they have one; never a bot. */
  playerId: string | null;
  /** This round, per weapon: shots fired (a scatter's pellets each) and shots that hurt someone else. */
  shots: number[];
  hits: number[];
}

/** A pilot's round as it is kept when the round is over (or when they left in the middle of it). */
export interface RoundLine {
  playerId: string | null;
  bot: boolean;
  name: string;
  team: Team;
  kills: number;
  downs: number;
  captures: number;
  shots: number[];
  hits: number[];
}

/** A round that ended (or was cut short), for the records. */
export interface RoundOver {
  round: number;
  mode: ModeId;
  map: string;
  /** Ticks played. */
  ticks: number;
  interrupted: boolean;
  teamScores: number[] | null;
  /** Everyone who played in it: those on the field at the end, and those who left during it. */
  lines: RoundLine[];
}

interface LiveShot {
  id: number;
  shooterId: string;
  shooterSlot: number;
  tick: number;
  weapon: Weapon;
  flight: Flight;
  /** Ticks to rewind the targets by: how far in the past the shooter saw them. */
  lag: number;
  damage: number;
  /** The shooter's team when it fired (team modes: it does not hurt its own). */
  team: Team;
  /** A rocket's burst as its pilot's step armed it (it pushes its pilot itself; see stepCraft), and the craft it was armed on. */
  armed?: Blast;
  armedOn?: CraftState;
  /** It hurt someone other than its shooter (counted once, however many it reached). */
  landed?: boolean;
}

export class Match {
  tick = 0;
  readonly pilots = new Map<string, Pilot>();
  /** The same pilots by slot (a slot is free while undefined): events and flags name slots. */
  private readonly bySlot: (Pilot | undefined)[] = [];
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
  /** Those who left during this round, as they were when they left (their lines in its record). */
  private departed: RoundLine[] = [];
  /** Told when a round is over (the records keep it). */
  onRoundOver?: (round: RoundOver) => void;
  private readonly sample: Sample = { x: 0, y: 0 };
  private readonly pellets: number[] = [];
  mode: ModeId = "ffa";
  /** Capture the flag's rules, while the mode is ctf. */
  flags?: CaptureTheFlag;
  /** The score that ends the round now (a host may change it). */
  private scoreLimit = 0;
  /** During a public round's results: each voter's choice (index into state.voteChoices). */
  private readonly ballots = new Map<string, number>();

  constructor(
    readonly state: ArenaState,
    readonly settings: MatchSettings,
  ) {
    this.tuning = makeTuning(settings.tickHz);
    this.rng = new SeededRandom(settings.seed);
    this.history = new LagHistory(MAX_SLOTS, this.tuning.maxRewindTicks + 4);
    state.tickHz = settings.tickHz;
    state.timeLimit = settings.timeLimitSeconds;
    this.loadMap(settings.map);
    const mode = settings.mode ?? "ffa";
    if (!this.map.modes.includes(mode)) throw new Error(`${this.map.name} is not made for ${GAME.modes[mode].name} (its modes: ${this.map.modes.join(", ")})`);
    this.setMode(mode);
    this.beginRound(false);
  }

  private ticks(seconds: number): number {
    return secondsToTicks(seconds, this.settings.tickHz);
  }

  // ---- players -------------------------------------------------------------------------

  /** A team mode (tdm, ctf): teams, no friendly fire, team scores. */
  get teams(): boolean {
    return GAME.modes[this.mode].teams;
  }

  join(id: string, name: string, opts: { bot?: boolean; team?: Team } = {}): Pilot {
    const used = new Set([...this.pilots.values()].map((p) => p.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    if (slot >= MAX_SLOTS) throw new Error("no free slot");
    const schema = new Craft();
    schema.name = name;
    schema.slot = slot;
    const team = opts.team ?? this.smallerTeam();
    schema.team = team;
    const pilot: Pilot = {
      id,
      slot,
      name,
      team,
      joinedTick: this.tick,
      bot: opts.bot ?? false,
      reconnecting: false,
      craft: newCraftState(0, 0, 0, MoveMode.Frozen),
      alive: false,
      hp: 0,
      kills: 0,
      deaths: 0,
      captures: 0,
      respawnTick: this.tick,
      lastHitTick: -Infinity,
      shieldUntil: 0,
      overdriveUntil: 0,
      ack: 0,
      schema,
      playerId: null,
      shots: [0, 0, 0, 0],
      hits: [0, 0, 0, 0],
    };
    this.history.forget(slot);
    this.pilots.set(id, pilot);
    this.bySlot[slot] = pilot;
    this.state.crafts.set(id, schema);
    if (this.state.phase === Phase.Playing) this.spawn(pilot);
    this.publish();
    return pilot;
  }

  /** The pilot in `slot`, if any. */
  pilotInSlot(slot: number): Pilot | undefined {
    return this.bySlot[slot];
  }

  leave(id: string): void {
    const pilot = this.pilots.get(id);
    if (!pilot) return;
    this.flags?.drop(pilot, this.tick, this.events);
    if (this.state.phase === Phase.Playing && !pilot.bot) this.departed.push(roundLine(pilot));
    this.ballots.delete(id);
    this.pilots.delete(id);
    if (this.bySlot[pilot.slot] === pilot) this.bySlot[pilot.slot] = undefined;
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
    this.flags?.drop(pilot, this.tick, this.events);
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

  /**
   * Applies a host's changes. A new map or mode starts a new round at once (with the mode's
   * own score limit, unless the change sets one).
   */
  configure(change: { map?: string; mode?: ModeId; scoreLimit?: number; timeLimitSeconds?: number }): void {
    const newMap = change.map !== undefined && change.map !== this.map.id;
    const newMode = change.mode !== undefined && change.mode !== this.mode;
    if (newMap) this.loadMap(change.map!);
    if (newMode) this.setMode(change.mode!);
    if (change.scoreLimit !== undefined) this.setScoreLimit(change.scoreLimit);
    if (change.timeLimitSeconds !== undefined) {
      this.settings.timeLimitSeconds = change.timeLimitSeconds;
      this.state.timeLimit = change.timeLimitSeconds;
      if (this.state.phase === Phase.Playing) this.state.phaseEndsTick = this.roundStartTick + this.ticks(change.timeLimitSeconds);
    }
    if (newMap || newMode) this.beginRound(false);
    this.publish();
  }

  // ---- teams ---------------------------------------------------------------------------

  /** How many pilots are on each team. */
  teamSizes(): [number, number] {
    const sizes: [number, number] = [0, 0];
    for (const p of this.pilots.values()) sizes[p.team]++;
    return sizes;
  }

  /** The team a newcomer evens out (on a tie, the one behind on score). */
  smallerTeam(): Team {
    const [a, b] = this.teamSizes();
    if (a !== b) return a < b ? 0 : 1;
    const [sa, sb] = this.state.teamScores;
    return sb < sa ? 1 : 0;
  }

  /**
   * Puts a pilot on a team. One on the field leaves it (dropping any flag, no death counted)
   * and is back at once at one of its new team's spawns.
   */
  setTeam(id: string, team: Team): boolean {
    const pilot = this.pilots.get(id);
    if (!pilot || pilot.team === team) return false;
    this.flags?.drop(pilot, this.tick, this.events);
    pilot.team = team;
    pilot.schema.team = team;
    if (pilot.alive) {
      this.takeOff(pilot);
      if (this.state.phase === Phase.Playing) this.spawn(pilot);
    }
    return true;
  }

  /**
   * Evens the teams (public rooms): while one team has two more, its newest member moves,
   * a bot before any person and never a flag carrier. Returns who moved.
   */
  evenTeams(): Pilot[] {
    const moved: Pilot[] = [];
    if (!this.teams) return moved;
    for (;;) {
      const [a, b] = this.teamSizes();
      if (Math.abs(a - b) < 2) return moved;
      const from: Team = a > b ? 0 : 1;
      const pick = [...this.pilots.values()]
        .filter((p) => p.team === from && !this.flags?.carriedBy(p.slot))
        .sort((p, q) => Number(q.bot) - Number(p.bot) || q.joinedTick - p.joinedTick)[0];
      if (!pick) return moved;
      this.setTeam(pick.id, from === 0 ? 1 : 0);
      moved.push(pick);
    }
  }

  // ---- the vote for the next round ----------------------------------------------------------

  /** A player's vote during a public round's results; a new vote replaces their last. */
  vote(id: string, choice: number): string | undefined {
    if (!this.settings.rotateMaps) return "this room's host picks the next map";
    if (this.state.phase !== Phase.Results || this.state.voteChoices.length === 0) return "there is no vote right now";
    if (!this.pilots.has(id)) return "only players vote";
    if (choice >= this.state.voteChoices.length) return "no such choice";
    this.ballots.set(id, choice);
    const counts = this.state.voteChoices.map(() => 0);
    for (const c of this.ballots.values()) counts[c]++;
    counts.forEach((n, i) => {
      if (this.state.votes[i] !== n) this.state.votes[i] = n;
    });
    return undefined;
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

  /**
   * One fixed step. `nextInput` hands over a pilot's next queued input; `extraInput`, now and
   * then, a second one for the same tick (a backlog giving a tick back, see InputQueue).
   */
  step(nextInput: (pilot: Pilot) => InputFrame | undefined, extraInput?: (pilot: Pilot) => InputFrame | undefined): void {
    const tick = ++this.tick;
    const playing = this.state.phase === Phase.Playing;

    for (const pilot of this.pilots.values()) {
      const input = nextInput(pilot);
      if (!input) continue;
      this.apply(pilot, input);
      // A tick paid back never quickens the gun: only while it is idle (its cooldowns count
      // inputs, so two in one tick would bring the next shot a tick early).
      const idle = pilot.craft.fireCooldown === 0 && pilot.craft.charge === 0;
      const extra = idle ? extraInput?.(pilot) : undefined;
      if (extra) this.apply(pilot, extra);
    }

    this.history.begin(tick);
    for (const pilot of this.pilots.values()) {
      if (pilot.alive) this.history.record(tick, pilot.slot, pilot.craft.x, pilot.craft.y);
    }

    if (playing) {
      this.flyShots();
      this.collectPickups();
      const scored = this.flags?.step(tick, this.pilots.values(), this.events);
      if (scored) {
        this.addTeamScore(scored.team);
        (scored.pilot as Pilot).captures++;
      }
      for (const pilot of this.pilots.values()) {
        if (!pilot.alive && !pilot.reconnecting && tick >= pilot.respawnTick) this.spawn(pilot);
      }
      if (tick >= this.state.phaseEndsTick || this.scoreLimitReached()) this.endRound();
    } else if (tick >= this.state.phaseEndsTick) {
      this.beginRound(this.settings.rotateMaps);
    }
  }

  private apply(pilot: Pilot, input: InputFrame): void {
    pilot.ack = input.seq;
    // Whether the craft moves (down, between rounds) is the shared step's to say: its mode.
    const blasts = pilot.craft.blasts;
    const lastArmed = blasts[blasts.length - 1];
    const fired = stepCraft(pilot.craft, input, this.world, this.tuning);
    if (fired === NO_SHOT) return;
    const armed = blasts[blasts.length - 1];
    this.fire(pilot, input, fired as Weapon, armed !== lastArmed ? armed : undefined);
  }

  // ---- shots ---------------------------------------------------------------------------

  private fire(pilot: Pilot, input: InputFrame, weapon: Weapon, armed: Blast | undefined): void {
    const c = pilot.craft;
    const w = this.tuning.weapons[weapon];
    // Judge the shot against the world the shooter was looking at, but no further back
    // than the rewind limit: beyond it, the shooter has to lead the target.
    const seen = this.tick - input.viewTick;
    const lag = seen > 0 ? Math.min(seen, this.tuning.maxRewindTicks) : 0;
    // Firing gives up the spawn shield: a shielded craft cannot be a free turret.
    pilot.shieldUntil = 0;
    const overdrive = this.tick < pilot.overdriveUntil;
    const damage = w.damage * (overdrive ? GAME.pickups.overdrive.damageMultiplier : 1);
    const id = shotId(pilot.slot, input.seq);
    this.events.push({ kind: "shot", tick: this.tick, shot: id, owner: pilot.slot, seq: input.seq & 0xff, x: posToWire(c.x), y: posToWire(c.y), aim: input.aim, weapon });
    const shot = { id, shooterId: pilot.id, shooterSlot: pilot.slot, tick: this.tick, weapon, lag, damage, team: pilot.team };
    if (w.hitscan) {
      pilot.shots[weapon]++;
      return this.railShot(pilot, shot, input.aim);
    }
    const aims = weapon === Weapon.Scatter ? pelletAims(input.aim, pelletSeed(pilot.slot, input.seq), w, this.pellets) : [input.aim];
    pilot.shots[weapon] += aims.length;
    for (const aim of aims) this.shots.push({ ...shot, flight: planFlight({ x: c.x, y: c.y, aim, tick: this.tick }, this.world, w), armed, armedOn: armed && c });
  }

  /** A rail: the beam reaches at once, judged against the world as the shooter saw it. */
  private railShot(pilot: Pilot, shot: Omit<LiveShot, "flight">, aim: number): void {
    const c = pilot.craft;
    const seenTick = this.tick - shot.lag;
    const teams = this.teams;
    const reach = railReach(c.x, c.y, aim, this.world, this.tuning);
    // The history holds the ticks before this one; a shooter who saw the present (a bot) aims at it.
    const contact = railContact(c.x, c.y, aim, reach, this.tuning, this.pilots.values(), (p) =>
      !p.alive || p === pilot || (teams && p.team === pilot.team) ? undefined : seenTick >= this.tick ? p.craft : this.history.at(p.slot, seenTick, this.sample),
    );
    if (!contact) return;
    if (this.tick < contact.target.shieldUntil) this.events.push({ kind: "blocked", tick: this.tick, shot: shot.id, shooter: shot.shooterSlot, x: contact.x, y: contact.y });
    else this.damage(contact.target, shot, contact.x, contact.y, shot.damage);
  }

  private flyShots(): void {
    let kept = 0;
    const teams = this.teams;
    for (const shot of this.shots) {
      const step = this.tick - shot.tick;
      const seenTick = this.tick - shot.lag;
      const contact = firstContact(shot.flight, step, this.tuning.weapons[shot.weapon], this.pilots.values(), (pilot) =>
        // No friendly fire: a team's shots pass through its own crafts.
        pilot.alive && pilot.id !== shot.shooterId && !(teams && pilot.team === shot.team) ? this.history.at(pilot.slot, seenTick, this.sample) : undefined,
      );
      if (contact) {
        const { target, x, y } = contact;
        if (this.tick < target.shieldUntil) {
          this.events.push({ kind: "blocked", tick: this.tick, shot: shot.id, shooter: shot.shooterSlot, x, y });
        } else {
          this.damage(target, shot, x, y, shot.damage);
        }
        if (shot.weapon === Weapon.Rocket) this.burst(shot, x, y, target);
      } else if (step < shot.flight.lastStep) {
        this.shots[kept++] = shot;
      } else if (shot.weapon === Weapon.Rocket) {
        const f = shot.flight;
        this.burst(shot, f.ox + f.dx * f.end, f.oy + f.dy * f.end);
      }
    }
    this.shots.length = kept;
  }

  /**
   * A rocket bursts: splash damage falling off with distance from (x, y) (less to its own
   * pilot, none to a teammate, nothing more to the craft it struck), and a push to every craft
   * it reaches. Its pilot's push at the planned end is the pilot's own step (armed when it
   * fired); a burst anywhere else is the rules pushing the pilot, and its knock count says so.
   * Damage, like a direct hit, is judged where the shooter saw the others (rewound by the
   * shot's lag): a craft the shooter saw inside the burst is hurt. The push moves the craft
   * where it is now.
   */
  private burst(shot: LiveShot, x: number, y: number, struck?: Pilot): void {
    const w = this.tuning.weapons[Weapon.Rocket];
    const shooter = this.pilots.get(shot.shooterId);
    this.events.push({ kind: "blast", tick: this.tick, owner: shot.shooterSlot, x, y });
    // The pilot's own step pushes it at the planned end (the same craft: not since respawned).
    const armedHere = shooter !== undefined && shot.armed !== undefined && shooter.craft === shot.armedOn;
    if (armedHere && struck) {
      // Burst early, on a craft: the armed push will not come; the owner hears of it as a knock.
      const blasts = shooter.craft.blasts;
      if (blasts.includes(shot.armed!)) blasts.splice(blasts.indexOf(shot.armed!), 1);
      shooter.craft.knocks = (shooter.craft.knocks + 1) & 0xff;
    }
    const teams = this.teams;
    const seenTick = this.tick - shot.lag;
    for (const pilot of this.pilots.values()) {
      if (!pilot.alive || pilot.reconnecting) continue;
      const c = pilot.craft;
      const own = pilot === shooter;
      // The shooter's own craft is where it is (its owner predicts it in the present).
      const seen = own || seenTick >= this.tick ? c : this.history.at(pilot.slot, seenTick, this.sample);
      const distance = seen ? Math.hypot(seen.x - x, seen.y - y) : Infinity;
      if (!(own && armedHere && !struck) && blastPush(c, x, y, w)) {
        c.vx = snapVel(c.vx);
        c.vy = snapVel(c.vy);
        c.knocks = (c.knocks + 1) & 0xff;
      }
      if (pilot === struck || (teams && !own && pilot.team === shot.team) || this.tick < pilot.shieldUntil) continue;
      const damage = Math.round(blastDamage(distance, w) * (own ? w.selfDamage : 1) * (shot.damage / w.damage));
      if (damage > 0) this.damage(pilot, shot, x, y, damage);
    }
  }

  private damage(target: Pilot, shot: Omit<LiveShot, "flight">, x: number, y: number, amount: number): void {
    if (!target.alive) return;
    if (!shot.landed && target.id !== shot.shooterId) {
      shot.landed = true;
      const shooter = this.pilots.get(shot.shooterId);
      if (shooter) shooter.hits[shot.weapon]++;
    }
    target.hp = Math.max(0, target.hp - amount);
    target.lastHitBy = shot.shooterId;
    target.lastHitTick = this.tick;
    this.events.push({
      kind: "hit",
      tick: this.tick,
      shooter: shot.shooterSlot,
      target: target.slot,
      x,
      y,
      damage: amount,
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
    if (killer && killer !== target) {
      killer.kills++;
      if (this.mode === "tdm") this.addTeamScore(killer.team);
    }
    this.events.push({ kind: "down", tick: this.tick, victim: target.slot, killer: killer?.slot ?? target.slot });
  }

  /** Off the field: not drawn as live, no target, does not move. */
  private takeOff(pilot: Pilot): void {
    this.flags?.drop(pilot, this.tick, this.events);
    pilot.alive = false;
    pilot.craft.mode = MoveMode.Frozen;
    pilot.lastHitBy = undefined;
  }

  private scoreLimitReached(): boolean {
    if (this.teams) return this.state.teamScores.some((score) => score >= this.scoreLimit);
    for (const pilot of this.pilots.values()) if (pilot.kills >= this.scoreLimit) return true;
    return false;
  }

  private addTeamScore(team: Team): void {
    this.state.teamScores[team] = this.state.teamScores[team] + 1;
  }

  private setScoreLimit(limit: number): void {
    this.scoreLimit = limit;
    this.state.scoreLimit = limit;
  }

  /** A new mode (takes effect with the next round, which the caller starts). */
  private setMode(mode: ModeId): void {
    this.mode = mode;
    this.state.mode = mode;
    this.setScoreLimit(this.settings.scoreLimit ?? GAME.modes[mode].scoreLimit);
    this.flags = mode === "ctf" ? new CaptureTheFlag(this.state, this.map.flags, this.ticks(GAME.flag.returnSeconds)) : undefined;
    if (!this.flags) this.state.flags.clear();
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
        } else if (spot.kind === "overdrive") {
          pilot.overdriveUntil = this.tick + this.ticks(GAME.pickups.overdrive.seconds);
          this.pickupReadyAt[i] = this.tick + this.ticks(GAME.pickups.overdrive.respawnSeconds);
        } else {
          // A weapon fills its ammo (the player picks it with 1–4; the page takes it up when it was empty).
          const weapon = WEAPON_NAMES.indexOf(spot.kind) as Weapon;
          const full = this.tuning.weapons[weapon].ammo;
          if (pilot.craft.ammo[weapon] >= full) continue;
          pilot.craft.ammo[weapon] = full;
          this.pickupReadyAt[i] = this.tick + this.ticks(GAME.pickups.weapon.respawnSeconds);
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

  /**
   * A spawn point far from everyone else (from the other team, in team modes), picked at
   * random among the three farthest. In team modes only the team's own spawns (or shared ones).
   */
  private chooseSpawn(pilot: Pilot): { x: number; y: number } {
    const teams = this.teams;
    const others = [...this.pilots.values()].filter((p) => p !== pilot && p.alive && !(teams && p.team === pilot.team));
    const own = teams ? this.map.spawns.filter((s) => s.team === undefined || s.team === pilot.team) : [];
    const ranked = (own.length > 0 ? own : this.map.spawns)
      .map((s) => ({
        s,
        room: others.reduce((m, o) => Math.min(m, Math.hypot(o.craft.x - s.x, o.craft.y - s.y)), Infinity),
      }))
      .sort((a, b) => b.room - a.room);
    const pool = ranked.slice(0, Math.min(3, ranked.length));
    return pool[this.rng.int(pool.length)].s;
  }

  /** The round so far, as the records keep it (`interrupted`: cut short, the server is going). */
  roundSoFar(interrupted: boolean): RoundOver {
    const lines = [...this.departed];
    for (const p of this.pilots.values()) lines.push(roundLine(p));
    return {
      round: this.state.round,
      mode: this.mode,
      map: this.map.id,
      ticks: this.tick - this.roundStartTick,
      interrupted,
      teamScores: this.teams ? [this.state.teamScores[0], this.state.teamScores[1]] : null,
      lines,
    };
  }

  private endRound(): void {
    if (this.state.phase !== Phase.Playing) return;
    this.onRoundOver?.(this.roundSoFar(false));
    this.state.phase = Phase.Results;
    this.state.phaseEndsTick = this.tick + this.ticks(this.settings.resultsSeconds);
    this.clearShots();
    for (const pilot of this.pilots.values()) pilot.craft.mode = MoveMode.Frozen;
    if (this.settings.rotateMaps) {
      const choices = voteChoices({ map: this.map.id, mode: this.mode }, GAME.voteChoices, this.rng);
      this.ballots.clear();
      this.state.voteChoices.clear();
      this.state.votes.clear();
      for (const c of choices) {
        this.state.voteChoices.push(pairingKey(c));
        this.state.votes.push(0);
      }
    }
  }

  /** The vote's outcome (the next in turn when nobody voted). */
  private chosenNext(): Pairing | undefined {
    const choices = [...this.state.voteChoices];
    const pick = choices[winner([...this.state.votes])];
    this.state.voteChoices.clear();
    this.state.votes.clear();
    this.ballots.clear();
    return pick === undefined ? undefined : parsePairing(pick);
  }

  private beginRound(nextMap: boolean): void {
    const next = nextMap ? this.chosenNext() : undefined;
    if (next) {
      if (next.map !== this.map.id) this.loadMap(next.map);
      this.setMode(next.mode);
    }
    if (this.tick > 0) this.state.round++;
    this.state.phase = Phase.Playing;
    this.roundStartTick = this.tick;
    this.state.phaseEndsTick = this.tick + this.ticks(this.settings.timeLimitSeconds);
    this.pickupReadyAt = this.map.pickups.map(() => 0);
    this.clearShots();
    this.state.teamScores[0] = 0;
    this.state.teamScores[1] = 0;
    this.flags?.reset();
    this.departed = [];
    for (const pilot of this.pilots.values()) {
      pilot.kills = 0;
      pilot.deaths = 0;
      pilot.captures = 0;
      pilot.shots.fill(0);
      pilot.hits.fill(0);
      pilot.alive = false;
      pilot.craft.mode = MoveMode.Frozen;
    }
    if (this.settings.rotateMaps) this.evenTeams();
    for (const pilot of this.pilots.values()) if (!pilot.reconnecting) this.spawn(pilot);
  }

  private loadMap(id: string): void {
    const map = getMap(id);
    if (!map) throw new Error(`unknown map ${id}`);
    this.map = map;
    this.world = worldOf(map);
    this.state.map = map.id;
    this.settings.map = map.id;
    // A mode the new map is not made for gives way to the first it is.
    if (this.state.mode && !map.modes.includes(this.mode)) this.setMode(map.modes[0]);
    else if (this.flags) this.setMode(this.mode);
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
      w.captures = p.captures;
    }
  }
}

const roundLine = (p: Pilot): RoundLine => ({
  playerId: p.playerId,
  bot: p.bot,
  name: p.name,
  team: p.team,
  kills: p.kills,
  downs: p.deaths,
  captures: p.captures,
  shots: [...p.shots],
  hits: [...p.hits],
});
