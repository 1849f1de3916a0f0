import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countdownFromSeq, countdownToSeq, fullSeq } from "../../shared/net/ackClock";
import { decodeEvents, encodeEvents, type GameEvent, shotId } from "../../shared/net/events";
import { decodeInputs, encodeInputs, type InputFrame } from "../../shared/net/input";
import { LIMITS } from "../../shared/net/messages";
import { decodePing, decodePong, encodePing, encodePong } from "../../shared/net/ping";
import { POSE_SCALE, PoseEncoder, PoseTable } from "../../shared/net/poses";
import { cleanName } from "../../shared/net/text";
import { Buttons } from "../../shared/sim/craft";
import { Weapon, weaponWish, withWeaponWish } from "../../shared/sim/weapons";

const frame = (seq: number, over: Partial<InputFrame> = {}): InputFrame => ({ seq, buttons: 0, aim: 0, viewTick: 0, ...over });

describe("input codec", () => {
  it("round-trips any valid batch of frames", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 - LIMITS.maxInputsPerMessage }),
        fc.array(
          fc.record({
            buttons: fc.integer({ min: 0, max: 63 }),
            aim: fc.integer({ min: 0, max: 65535 }),
            viewSixteenths: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          }),
          { minLength: 1, maxLength: LIMITS.maxInputsPerMessage },
        ),
        (first, frames) => {
          const input = frames.map((f, i) => ({ seq: first + i, buttons: f.buttons, aim: f.aim, viewTick: f.viewSixteenths / 16 }));
          const decoded = decodeInputs(encodeInputs(input));
          expect(decoded).toEqual({ ok: true, value: input });
        },
      ),
    );
  });

  it("costs 12 bytes for one frame and 7 for each further one", () => {
    expect(encodeInputs([frame(1)]).byteLength).toBe(12);
    expect(encodeInputs([frame(1), frame(2), frame(3)]).byteLength).toBe(26);
  });

  it("rejects wrong lengths", () => {
    const good = encodeInputs([frame(5), frame(6)]);
    for (const bytes of [good.subarray(0, good.length - 1), new Uint8Array([...good, 0]), new Uint8Array(0), good.subarray(0, 5)]) {
      const decoded = decodeInputs(bytes);
      expect(decoded.ok).toBe(false);
    }
  });

  it("rejects empty and oversized batches", () => {
    const zero = encodeInputs([frame(1)]);
    zero[4] = 0;
    expect(decodeInputs(zero)).toMatchObject({ ok: false, error: expect.stringContaining("count") });
    const many = encodeInputs(Array.from({ length: LIMITS.maxInputsPerMessage + 1 }, (_, i) => frame(i + 1)));
    expect(decodeInputs(many)).toMatchObject({ ok: false, error: expect.stringContaining("count") });
  });

  it("carries the weapon wished for in the buttons' top two bits (every bit of the byte means something)", () => {
    const bytes = encodeInputs([{ ...frame(1), buttons: withWeaponWish(Buttons.Fire, Weapon.Rocket) }]);
    const decoded = decodeInputs(bytes);
    expect(decoded.ok && weaponWish(decoded.value[0].buttons)).toBe(Weapon.Rocket);
    expect(decoded.ok && decoded.value[0].buttons & Buttons.Fire).toBeTruthy();
  });

  it("rejects a sequence that would overflow", () => {
    const bytes = encodeInputs([frame(2 ** 32 - 1), frame(2 ** 32 - 1)]);
    expect(decodeInputs(bytes).ok).toBe(false);
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const decoded = decodeInputs(bytes);
        if (decoded.ok) {
          for (const f of decoded.value) {
            expect(f.buttons & ~63).toBe(0);
            expect(f.aim).toBeLessThan(65536);
          }
        }
      }),
    );
    expect(decodeInputs("not bytes" as unknown as Uint8Array).ok).toBe(false);
  });
});

describe("ping codec", () => {
  it("round-trips and rejects anything else", () => {
    expect(decodePing(encodePing(123456))).toEqual({ ok: true, value: 123456 });
    expect(decodePong(encodePong(9, 77))).toEqual({ ok: true, value: { token: 9, tick: 77 } });
    expect(decodePing(new Uint8Array(3)).ok).toBe(false);
    expect(decodePing({} as Uint8Array).ok).toBe(false);
  });
});

describe("events", () => {
  const events: GameEvent[] = [
    { kind: "shot", tick: 9, shot: shotId(3, 255), owner: 3, seq: 255, x: 16000, y: 320, aim: 40000, weapon: 3 },
    { kind: "blast", tick: 9, owner: 3, x: 1200, y: 640 },
    { kind: "hit", tick: 10, shot: shotId(1, 7), shooter: 1, target: 2, x: 100, y: 200, damage: 40 },
    { kind: "blocked", tick: 14, shot: shotId(1, 9), shooter: 1, x: 5, y: 6 },
    { kind: "down", tick: 11, victim: 2, killer: 1 },
    { kind: "spawn", tick: 12, slot: 3 },
    { kind: "pickup", tick: 13, slot: 3, pickup: 4 },
  ];

  it("round-trip through one binary batch, a shot in 10 bytes", () => {
    const [batch, ...rest] = encodeEvents(events);
    expect(rest).toEqual([]);
    expect(decodeEvents(batch)).toEqual({ ok: true, value: events });
    expect(encodeEvents([events[0]])[0].byteLength).toBe(3 + 10);
  });

  it("split into batches of at most 255, their ticks within 31 of each other", () => {
    const many = Array.from({ length: 600 }, (_, i): GameEvent => ({ kind: "spawn", tick: 1000 + (i >> 2), slot: i % 16 }));
    const batches = encodeEvents(many);
    expect(batches).toHaveLength(5);
    expect(batches.flatMap((b) => (decodeEvents(b) as { value: GameEvent[] }).value)).toEqual(many);
    const spread = [{ kind: "spawn", tick: 65530, slot: 1 }, { kind: "spawn", tick: 65600, slot: 2 }, { kind: "spawn", tick: 65590, slot: 3 }] as GameEvent[];
    const split = encodeEvents(spread);
    expect(split).toHaveLength(2);
    expect(split.flatMap((b) => (decodeEvents(b) as { value: GameEvent[] }).value).map((e) => e.tick)).toEqual([65530, 65600 & 0xffff, 65590 & 0xffff]);
  });

  it("refuse truncated, padded or unknown batches", () => {
    const [batch] = encodeEvents(events);
    expect(decodeEvents(batch.subarray(0, batch.length - 1)).ok).toBe(false);
    expect(decodeEvents(new Uint8Array([...batch, 0])).ok).toBe(false);
    expect(decodeEvents(new Uint8Array([1, 0, 0, 7 << 5])).ok).toBe(false);
  });
});

describe("countdowns in input time", () => {
  it("stay put while they run and read back exactly", () => {
    let value = 0;
    const readings: number[] = [];
    const values = new Set<number>();
    let countdown = 0;
    for (let ack = 65530; ack < 65560; ack++) {
      if (ack === 65532) countdown = 12;
      else if (countdown > 0) countdown--;
      value = countdownToSeq(countdown, ack, value);
      values.add(value);
      readings.push(countdownFromSeq(value, ack, 12));
      expect(countdownFromSeq(value, ack, 12)).toBe(countdown);
    }
    expect(values.size).toBe(2);
    expect(Math.max(...readings)).toBe(12);
  });

  it("never alias an old value after the sequence wraps", () => {
    let value = countdownToSeq(12, 100, 0);
    for (let ack = 101; ack < 100 + 70_000; ack++) {
      value = countdownToSeq(Math.max(0, 112 - ack), ack, value);
      if (countdownFromSeq(value, ack, 12) !== Math.max(0, 112 - ack)) throw new Error(`wrong at ${ack}`);
    }
  });

  it("expand a 16-bit ack to the full sequence", () => {
    expect(fullSeq(65535, 65540)).toBe(65535);
    expect(fullSeq(3, 65540)).toBe(65539);
    expect(fullSeq(0, 0)).toBe(0);
  });
});

describe("names", () => {
  it("keep markup as text but drop control and bidi characters", () => {
    expect(cleanName("<img src=x onerror=alert(1)>", 64)).toBe("<img src=x onerror=alert(1)>");
    expect(cleanName("  Ann\u0000\u202e\n  Lee ", 16)).toBe("Ann Lee");
  });

  it("are bounded in length and never empty", () => {
    expect(cleanName("x".repeat(500), 16)).toHaveLength(16);
    expect(cleanName("🚀".repeat(40), 16)).toBe("🚀".repeat(16));
    expect(cleanName("", 16)).toBe("Pilot");
    expect(cleanName(42, 16)).toBe("Pilot");
  });
});

describe("poses", () => {
  it("a table fed every message, or a keyframe and what follows, holds every craft's pose to the quarter unit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ slot: fc.integer({ min: 0, max: 31 }), dx: fc.integer({ min: -40, max: 40 }), dy: fc.integer({ min: -40, max: 40 }), jump: fc.boolean(), leave: fc.boolean(), aim: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 299 }),
        (moves, lateAt) => {
          const encoder = new PoseEncoder();
          const early = new PoseTable();
          let late: PoseTable | undefined;
          const crafts = new Map<number, { slot: number; x: number; y: number; aim: number }>();
          moves.forEach((m, i) => {
            const c = crafts.get(m.slot) ?? { slot: m.slot, x: 1000, y: 600, aim: 0 };
            crafts.set(m.slot, c);
            if (m.leave && m.jump) crafts.delete(m.slot);
            c.x = m.jump ? (m.dx + 40) * 29.9 : Math.max(0, c.x + m.dx * 1.37);
            c.y = m.jump ? (m.dy + 40) * 14.3 : Math.max(0, c.y + m.dy * 0.93);
            c.aim = m.aim;
            const bytes = encoder.encode(crafts.values());
            if (i === lateAt) {
              late = new PoseTable();
              expect(late.apply(encoder.keyframe())).toMatchObject({ ok: true });
            }
            for (const table of [early, ...(late && i !== lateAt ? [late] : [])]) {
              if (bytes) expect(table.apply(bytes)).toEqual({ ok: true, value: bytes.byteLength });
            }
            for (const table of [early, ...(late ? [late] : [])]) {
              for (const c of crafts.values()) {
                expect(table.get(c.slot)).toEqual({ x: Math.round(c.x * POSE_SCALE) / POSE_SCALE, y: Math.round(c.y * POSE_SCALE) / POSE_SCALE, aim: c.aim });
              }
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("cost 3 bytes a moving craft, and nothing when nothing moves", () => {
    const encoder = new PoseEncoder();
    const crafts = [0, 1, 2].map((slot) => ({ slot, x: 100 + slot * 50, y: 200, aim: 0 }));
    expect(encoder.encode(crafts)!.byteLength).toBe(4 + 3 * 6);
    expect(encoder.encode(crafts)).toBeUndefined();
    crafts[1].x += 8.5;
    expect(encoder.encode(crafts)!.byteLength).toBe(4 + 3);
  });

  it("refuse a truncated message", () => {
    const bytes = new PoseEncoder().encode([{ slot: 3, x: 10, y: 10, aim: 1 }])!;
    expect(new PoseTable().apply(bytes.subarray(0, bytes.byteLength - 1)).ok).toBe(false);
  });
});
