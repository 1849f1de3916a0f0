// Capture the flag: each team's flag stands at its base. Touch the other team's flag to take
// it, carry it to your own base while your own flag is at home to score. A carrier who goes
// down (or drops off the line, or changes team) drops the flag where they were; touching your
// own dropped flag sends it home, and left alone it goes home by itself after a while.
// The flags live in the replicated state (a carried flag is drawn on its carrier).

import { GAME } from "../../shared/config";
import type { FlagBase, Team } from "../maps";
import type { GameEvent } from "../../shared/net/events";
import { type ArenaState, FlagState, NO_CARRIER } from "../../shared/schema/ArenaState";

/** What the flags need to know of a craft. */
export interface FlagPilot {
  readonly slot: number;
  readonly team: Team;
  readonly alive: boolean;
  readonly reconnecting: boolean;
  readonly craft: { x: number; y: number };
}

export class CaptureTheFlag {
  private readonly reach2: number;

  constructor(
    private readonly state: ArenaState,
    private readonly bases: readonly FlagBase[],
    private readonly returnTicks: number,
    reach: number = GAME.flag.reach + GAME.craft.radius,
  ) {
    this.reach2 = reach * reach;
  }

  /** Both flags at home (a new round). */
  reset(): void {
    this.state.flags.clear();
    for (const team of [0, 1] as const) {
      const flag = new FlagState();
      flag.team = team;
      this.state.flags.push(flag);
      this.home(flag);
    }
  }

  /** The flag a craft carries, if any. */
  carriedBy(slot: number): FlagState | undefined {
    return this.state.flags.find((f) => f.carrier === slot);
  }

  /** The base a team's flag stands at. */
  base(team: Team): FlagBase {
    return this.bases.find((b) => b.team === team)!;
  }

  private readonly live: FlagPilot[] = [];

  /** Takes, returns and captures for this tick; returns the team that scored, if one did. */
  step(tick: number, pilots: Iterable<FlagPilot>, events: GameEvent[]): { team: Team; pilot: FlagPilot } | undefined {
    // One array for every tick (a round is thousands of ticks): the craft on the field now.
    const live = this.live;
    live.length = 0;
    for (const p of pilots) if (p.alive && !p.reconnecting) live.push(p);
    let scored: { team: Team; pilot: FlagPilot } | undefined;
    for (const flag of this.state.flags) {
      const team = flag.team as Team;
      if (flag.carrier !== NO_CARRIER) continue;
      if (!flag.atHome && tick >= flag.returnsAtTick) {
        this.home(flag);
        events.push({ kind: "flag", tick, action: "return", team, slot: NO_CARRIER });
        continue;
      }
      const toucher = live.find((p) => this.near(p, flag.x, flag.y) && (p.team !== team ? !this.carriedBy(p.slot) : !flag.atHome));
      if (!toucher) continue;
      if (toucher.team !== team) {
        flag.carrier = toucher.slot;
        flag.atHome = false;
        flag.returnsAtTick = 0;
        events.push({ kind: "flag", tick, action: "take", team, slot: toucher.slot });
      } else {
        this.home(flag);
        events.push({ kind: "flag", tick, action: "return", team, slot: toucher.slot });
      }
    }
    for (const flag of this.state.flags) {
      if (flag.carrier === NO_CARRIER) continue;
      const carrier = live.find((p) => p.slot === flag.carrier);
      if (!carrier) continue;
      const own = this.state.flags.find((f) => f.team === carrier.team);
      const base = this.base(carrier.team);
      if (own?.atHome && this.near(carrier, base.x, base.y)) {
        this.home(flag);
        events.push({ kind: "flag", tick, action: "capture", team: flag.team, slot: carrier.slot });
        scored = { team: carrier.team, pilot: carrier };
      }
    }
    return scored;
  }

  /** The craft leaves the field (down, away, team change): it drops what it carries, where it is. */
  drop(pilot: FlagPilot, tick: number, events: GameEvent[]): void {
    const flag = this.carriedBy(pilot.slot);
    if (!flag) return;
    flag.carrier = NO_CARRIER;
    flag.x = Math.round(pilot.craft.x);
    flag.y = Math.round(pilot.craft.y);
    flag.returnsAtTick = tick + this.returnTicks;
    events.push({ kind: "flag", tick, action: "drop", team: flag.team, slot: pilot.slot });
  }

  private home(flag: FlagState): void {
    const base = this.base(flag.team as Team);
    flag.carrier = NO_CARRIER;
    flag.atHome = true;
    flag.returnsAtTick = 0;
    flag.x = Math.round(base.x);
    flag.y = Math.round(base.y);
  }

  private near(p: FlagPilot, x: number, y: number): boolean {
    const dx = p.craft.x - x;
    const dy = p.craft.y - y;
    return dx * dx + dy * dy <= this.reach2;
  }
}
