// Scripted headless players for benchmarks: the real client netcode (ArenaSession) with
// controls from a small script that wanders, aims at the nearest craft, fires and dashes.

import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { ArenaSession, type Controls } from "../../game/net/ArenaSession";
import { ArenaState, CraftStatus } from "../../shared/schema/ArenaState";
import { Buttons } from "../../shared/sim/craft";
import { posFromWire, radiansToAim } from "../../shared/sim/quantize";
import { SeededRandom } from "../../shared/sim/random";
import { type Weapon, withWeaponWish } from "../../shared/sim/weapons";

const MOVES = [Buttons.Up, Buttons.Down, Buttons.Left, Buttons.Right, Buttons.Up | Buttons.Left, Buttons.Up | Buttons.Right, Buttons.Down | Buttons.Left, Buttons.Down | Buttons.Right];

export class Fighter {
  readonly session: ArenaSession;
  private readonly rng: SeededRandom;
  private move = 0;
  private nextTurn = 0;
  private timer?: ReturnType<typeof setInterval>;

  /** Hold every weapon in turn, a few seconds each (whoever runs the fighters keeps their ammo up). */
  arsenal = false;

  constructor(readonly room: Room<ArenaState>, seed: number, readonly fire = true) {
    this.session = new ArenaSession(room);
    this.rng = new SeededRandom(seed);
  }

  static async join(url: string, name: string, seed: number, fire = true): Promise<Fighter> {
    const room = await new ArenaClient(url).joinOrCreate("arena", { name }, ArenaState);
    return new Fighter(room, seed, fire);
  }

  start(frameMs = 16): void {
    this.timer = setInterval(() => this.session.frame(this.controls(performance.now())), frameMs);
  }

  controls(now: number): Controls {
    const s = this.session;
    if (!s.ready) return { buttons: 0, aim: 0 };
    if (now >= this.nextTurn) {
      this.move = MOVES[this.rng.int(MOVES.length)];
      this.nextTurn = now + 400 + this.rng.int(800);
    }
    const own = s.ownDrawn();
    let best = Infinity;
    let aim = 0;
    for (const r of s.remotes.values()) {
      if (!r.drawn.alive) continue;
      const d = Math.hypot(r.drawn.x - own.x, r.drawn.y - own.y);
      if (d < best) {
        best = d;
        aim = radiansToAim(Math.atan2(r.drawn.y - own.y, r.drawn.x - own.x));
      }
    }
    let buttons = this.move;
    if (this.fire && best < 900) buttons |= Buttons.Fire;
    if (this.rng.next() < 0.01) buttons |= Buttons.Dash;
    if (this.arsenal) buttons = withWeaponWish(buttons, (Math.floor(now / 4000) % 4) as Weapon);
    return { buttons, aim };
  }

  get alive(): boolean {
    const me = this.session.me;
    return !!me && (me.status & CraftStatus.Alive) !== 0;
  }

  get position(): { x: number; y: number } {
    const me = this.session.me!;
    return { x: posFromWire(me.x), y: posFromWire(me.y) };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.session.close();
    await Promise.race([this.room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  }
}
