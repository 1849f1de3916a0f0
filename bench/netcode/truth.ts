// The truth the lab measures against: where every craft really was on every tick.

import type { Match, Pilot } from "../../server/rules/Match";
import type { InputFrame } from "../../shared/net/input";
import type { TruthLog } from "./LabClient";

/**
 * Records where every craft of a match is after every tick, read off the server's simulation;
 * and tells `onInput` how far back (in ticks) each applied input asks the server to look.
 */
export function recordTruth(match: Match, onInput: (pilotId: string, rewindTicks: number) => void): TruthLog {
  const log = new Map<string, Map<number, { x: number; y: number }>>();
  const step = match.step.bind(match);
  match.step = (next, extra) => {
    const seen = (input: InputFrame | undefined, pilot: Pilot) => {
      if (input) onInput(pilot.id, match.tick - input.viewTick);
      return input;
    };
    step(
      (pilot) => seen(next(pilot), pilot),
      extra && ((pilot) => seen(extra(pilot), pilot)),
    );
    const tick = match.tick;
    for (const p of match.pilots.values()) {
      let m = log.get(p.id);
      if (!m) log.set(p.id, (m = new Map()));
      if (p.alive) m.set(tick, { x: p.craft.x, y: p.craft.y });
      m.delete(tick - 600);
    }
  };
  return {
    at(id, tick) {
      const m = log.get(id);
      const t0 = Math.floor(tick);
      const a = m?.get(t0);
      const b = m?.get(t0 + 1);
      if (!a) return undefined;
      if (!b || tick === t0) return a;
      const f = tick - t0;
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    },
    present: () => match.tick,
  };
}
