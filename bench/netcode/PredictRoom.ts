// The netcode lab's room for the "colyseus" client: the same match written the way a Colyseus
// 0.18 user would write it for the SDK's Predict (never served by the game).
//   - positions and the rest of each craft's simulated state live in the schema (float64
//     `number` for positions and velocities, so the wire loses nothing);
//   - inputs are a schema declared with defineInput(), consumed one per player per fixed step
//     (`next()`, the shared-world pattern of the docs), with Colyseus' default buffer;
//   - the loop is setFixedTimestep() at the game's tick rate, patches go out on Colyseus' own
//     patch timer at the game's patch rate;
//   - allowRewindState() with the crafts attached turns on the SDK's render-time stamp on every
//     input (the instant the client was drawing the others at).
// The match itself is the game's (server/rules/Match, same map, same shared step), so movement
// is identical to the game's room and errors are comparable. Its shots are judged by Match's own
// lag compensation, rewound to the tick that the input's Colyseus render-time stamp names.
// Shots and hits reach the shooter as two small messages (the lab needs them to score hit
// registration; a Colyseus game would send something like them for its effects).

import { type Client, Room } from "@colyseus/core";
import { GAME } from "../../shared/config";
import { ALL_BUTTONS } from "../../shared/sim/craft";
import type { Match, Pilot } from "../../server/rules/Match";
import { benchMatch } from "../server/commonRooms";
import { type HitMessage, PcCraft, PcInput, PcState, type ShotMessage } from "./predictSchema";

/** How many recent patches keep their (server time, tick) pair. */
const PATCH_LOG = 120;

export class PredictRoom extends Room<{ state: PcState; input: PcInput }> {
  override state = new PcState();
  override inputs = this.defineInput(PcInput);
  rewind = this.allowRewindState();
  readonly match: Match = benchMatch();
  /** Server time (ms, as stamped on each patch) and the tick that patch carried, newest last. */
  private readonly patchLog: { ms: number; tick: number }[] = [];
  /** Shots in flight: shot id → the shooter and the sequence of the input that fired it. */
  private readonly shotOwners = new Map<number, { id: string; seq: number }>();
  /** For the lab: inputs applied, the inputs still waiting behind each, and inputs lost to a full buffer. */
  readonly inputStats = { applied: 0, waiting: 0, dropped: 0 };
  private readonly consumed = new Map<string, number>();

  override onCreate(): void {
    this.maxClients = 10;
    this.state.map = this.match.map.id;
    this.rewind.attachAll(this.state.crafts, { fields: ["x", "y"] });
    this.patchRate = 1000 / GAME.net.patchHz;
    this.setFixedTimestep(() => this.step(), GAME.net.tickHz);
  }

  override onJoin(client: Client, options?: { name?: string }): void {
    this.match.join(client.sessionId, String(options?.name ?? "player"));
    this.mirror();
  }

  override onLeave(client: Client): void {
    this.match.leave(client.sessionId);
    this.consumed.delete(client.sessionId);
    this.mirror();
  }

  /** Colyseus stamps each patch with its clock's elapsed time: remember which tick it carried. */
  override onBeforePatch(): void {
    const ms = this.clock.elapsedTime >>> 0;
    const last = this.patchLog[this.patchLog.length - 1];
    if (last && last.ms === ms) last.tick = this.match.tick;
    else this.patchLog.push({ ms, tick: this.match.tick });
    if (this.patchLog.length > PATCH_LOG) this.patchLog.shift();
  }

  /**
   * The (fractional) tick the state stamped `ms` on the server's clock showed, interpolated
   * between patches; past the newest patch it runs on at the tick rate (up to the present tick),
   * and with no patch yet (or no stamp: `ms` 0) it is the present tick.
   */
  tickAt(ms: number): number {
    const log = this.patchLog;
    if (log.length === 0 || ms <= 0) return this.match.tick;
    const newest = log[log.length - 1];
    if (ms >= newest.ms) return Math.min(this.match.tick, newest.tick + ((ms - newest.ms) * GAME.net.tickHz) / 1000);
    for (let i = log.length - 2; i >= 0; i--) {
      const a = log[i];
      if (a.ms <= ms) {
        const b = log[i + 1];
        return a.tick + ((b.tick - a.tick) * (ms - a.ms)) / (b.ms - a.ms);
      }
    }
    return log[0].tick;
  }

  private step(): void {
    this.match.step((pilot) => {
      const channel = this.inputs.get(pilot.id);
      const cmd = channel.next();
      if (!cmd) return undefined;
      const stats = this.inputStats;
      stats.applied++;
      stats.waiting += channel.size;
      stats.dropped += Math.max(0, channel.consumedCount - (this.consumed.get(pilot.id) ?? 0) - 1);
      this.consumed.set(pilot.id, channel.consumedCount);
      return {
        seq: channel.consumedCount,
        buttons: cmd.buttons & ALL_BUTTONS,
        aim: cmd.aim & 0xffff,
        // The world this input's player was drawing the others at, as Colyseus stamped it.
        viewTick: channel.renderTime > 0 ? this.tickAt(channel.renderTime) : this.match.tick,
      };
    });
    this.tellShooters();
    this.mirror();
  }

  private tellShooters(): void {
    for (const e of this.match.takeEvents()) {
      if (e.kind === "shot") {
        const shooter = this.pilotInSlot(e.owner);
        if (!shooter) continue;
        // The shot was fired by the input just applied: its full sequence is the pilot's ack.
        this.shotOwners.set(e.shot, { id: shooter.id, seq: shooter.ack });
        if (this.shotOwners.size > 512) this.shotOwners.delete(this.shotOwners.keys().next().value as number);
        this.clients.getById(shooter.id)?.send("shot", { seq: shooter.ack, tick: e.tick } satisfies ShotMessage);
      } else if (e.kind === "hit" || e.kind === "blocked") {
        const owner = this.shotOwners.get(e.shot);
        if (owner) this.clients.getById(owner.id)?.send("hit", { seq: owner.seq } satisfies HitMessage);
      }
    }
  }

  private pilotInSlot(slot: number): Pilot | undefined {
    for (const p of this.match.pilots.values()) if (p.slot === slot) return p;
    return undefined;
  }

  /** Copies the match into the schema after every step (unchanged values cost nothing). */
  private mirror(): void {
    const crafts = this.state.crafts;
    for (const p of this.match.pilots.values()) {
      let w = crafts.get(p.id);
      if (!w) crafts.set(p.id, (w = new PcCraft()));
      const c = p.craft;
      w.x = c.x;
      w.y = c.y;
      w.vx = c.vx;
      w.vy = c.vy;
      w.aim = c.aim;
      w.dashTicks = c.dashTicks;
      w.dashCooldown = c.dashCooldown;
      w.fireCooldown = c.fireCooldown;
      w.mode = c.mode;
      w.hp = p.hp;
    }
    for (const id of crafts.keys()) if (!this.match.pilots.has(id)) crafts.delete(id);
  }
}
