import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packEvent, unpackEvent, type GameEvent } from "../../shared/net/events";
import { decodeInputs, encodeInputs, type InputFrame } from "../../shared/net/input";
import { LIMITS } from "../../shared/net/messages";
import { decodePing, decodePong, encodePing, encodePong } from "../../shared/net/ping";
import { cleanName } from "../../shared/net/text";

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

  it("rejects buttons that do not exist", () => {
    const bytes = encodeInputs([frame(1)]);
    bytes[5] = 0x40;
    expect(decodeInputs(bytes)).toMatchObject({ ok: false, error: expect.stringContaining("buttons") });
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
  it("pack and unpack to the same event", () => {
    const events: GameEvent[] = [
      { kind: "hit", tick: 10, shooter: 1, target: 2, x: 100, y: 200, damage: 20, shot: 5 },
      { kind: "down", tick: 11, victim: 2, killer: 1 },
      { kind: "spawn", tick: 12, slot: 3 },
      { kind: "pickup", tick: 13, slot: 3, pickup: 4 },
      { kind: "blocked", tick: 14, shooter: 1, x: 5, y: 6, shot: 9 },
    ];
    for (const e of events) expect(unpackEvent(packEvent(e))).toEqual(e);
    expect(unpackEvent([99, 1])).toBeUndefined();
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
