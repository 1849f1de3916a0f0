// The message table: every message, both ways, goes out and comes back as it was sent,
// through the same framing the wire uses (raw bytes, or a msgpack body). A message added
// to the table without a generator here fails the first test.

import { pack, unpack } from "@colyseus/msgpackr";
import fc from "fast-check";
import { RecordKind } from "../../shared/replay/format";
import { describe, expect, it } from "vitest";
import { GAME } from "../../shared/config";
import { MAP_IDS } from "../../server/maps";
import { MODE_IDS } from "../../shared/maps/types";
import { encodeEvents, FlagAction, type GameEvent, shotId } from "../../shared/net/events";
import { LIMITS, type MessageSpec, onMessage, sendMessage, ToClient, ToServer } from "../../shared/net/messages";
import { SETTING_RANGES } from "../../shared/net/settings";

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 65535 });
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Text the cleaners leave as it is: no control characters, no spaces at the ends or doubled. */
const cleanText = (max: number) => fc.array(fc.stringMatching(/^[A-Za-z0-9<>&"'!?.,]{1,8}$/), { minLength: 1, maxLength: 8 }).map((w) => w.join(" ").slice(0, max).trim()).filter((t) => t.length > 0);

const inputs = fc
  .tuple(
    fc.integer({ min: 0, max: 2 ** 32 - 1 - LIMITS.maxInputsPerMessage }),
    fc.array(fc.record({ buttons: fc.integer({ min: 0, max: 63 }), aim: u16, sixteenths: u32 }), { minLength: 1, maxLength: LIMITS.maxInputsPerMessage }),
  )
  .map(([first, frames]) => frames.map((f, i) => ({ seq: first + i, buttons: f.buttons, aim: f.aim, viewTick: f.sixteenths / 16 })));

const range = (key: keyof typeof SETTING_RANGES) => fc.integer({ min: SETTING_RANGES[key][0], max: SETTING_RANGES[key][1] });
const settings = fc.record(
  {
    map: fc.constantFrom(...MAP_IDS),
    mode: fc.constantFrom(...MODE_IDS),
    scoreLimit: range("scoreLimit"),
    timeLimit: range("timeLimit"),
    maxPlayers: range("maxPlayers"),
    bots: fc.boolean(),
    locked: fc.boolean(),
    teamsLocked: fc.boolean(),
    watchDelay: fc.constantFrom(0, 10, 30),
  },
  { requiredKeys: [] },
).filter((s) => Object.keys(s).length > 0);

const event: fc.Arbitrary<GameEvent> = fc.oneof(
  fc.record({ owner: u8, seq: u8, x: u16, y: u16, aim: u16, weapon: fc.integer({ min: 0, max: 3 }) }).map((e) => ({ kind: "shot" as const, tick: 100, shot: shotId(e.owner, e.seq), ...e })),
  fc.record({ owner: u8, x: u16, y: u16 }).map((e) => ({ kind: "blast" as const, tick: 100, ...e })),
  fc.record({ shooter: u8, n: u8, target: u8, x: u16, y: u16, damage: u8 }).map(({ n, ...e }) => ({ kind: "hit" as const, tick: 100, shot: shotId(e.shooter, n), ...e })),
  fc.record({ shooter: u8, n: u8, x: u16, y: u16 }).map(({ n, ...e }) => ({ kind: "blocked" as const, tick: 100, shot: shotId(e.shooter, n), ...e })),
  fc.record({ victim: u8, killer: u8 }).map((e) => ({ kind: "down" as const, tick: 100, ...e })),
  fc.record({ slot: u8 }).map((e) => ({ kind: "spawn" as const, tick: 100, ...e })),
  fc.record({ slot: u8, pickup: u8 }).map((e) => ({ kind: "pickup" as const, tick: 100, ...e })),
  fc.record({ action: fc.constantFrom(...FlagAction), team: fc.constantFrom(0, 1), slot: u8 }).map((e) => ({ kind: "flag" as const, tick: 100, ...e })),
);

/** For each message: values to send, and what the receiver must read back (the value itself unless said). */
const toServer: { [K in keyof typeof ToServer]: fc.Arbitrary<unknown> } = {
  Input: inputs,
  Ping: u32,
  Chat: cleanText(200),
  Settings: settings,
  Kick: fc.string({ minLength: 1, maxLength: 64 }),
  Restart: fc.constant(undefined),
  Spectate: fc.constant(undefined),
  TakeSeat: fc.constant(undefined),
  Keyframe: fc.constant(undefined),
  Team: fc.oneof(fc.record({ team: fc.constantFrom(0 as const, 1 as const) }), fc.record({ team: fc.constantFrom(0 as const, 1 as const), sessionId: fc.string({ minLength: 1, maxLength: 64 }) })),
  Vote: fc.integer({ min: 0, max: GAME.voteChoices - 1 }),
};
const toClient: { [K in keyof typeof ToClient]: fc.Arbitrary<unknown> } = {
  Pong: fc.record({ token: u32, tick: u32 }),
  // A batch as encodeEvents makes it; read back as its events.
  Events: fc.array(event, { minLength: 1, maxLength: 40 }),
  Chat: fc.record({ from: fc.string({ maxLength: 32 }), slot: fc.integer({ min: -1, max: 31 }), watcher: fc.boolean(), system: fc.boolean(), text: fc.string({ maxLength: 200 }) }),
  Snapshot: fc.uint8Array({ maxLength: 200 }),
  // Records in the order they went out (their ticks never go back).
  Delayed: fc
    .array(fc.record({ kind: fc.constantFrom(...Object.values(RecordKind)), tick: fc.integer({ min: 0, max: 2 ** 31 }), bytes: fc.uint8Array({ maxLength: 200 }) }), { maxLength: 30 })
    .map((records) => records.sort((a, b) => a.tick - b.tick)),
  KillCam: fc.record({ killer: fc.integer({ min: 0, max: 31 }), victim: fc.integer({ min: 0, max: 31 }), tick: u32, clip: fc.uint8Array({ minLength: 1, maxLength: 300 }) }),
};

/** A socket that frames each message the way Colyseus does and hands it to the other end. */
function wire() {
  const handlers = new Map<number, (wire: unknown) => void>();
  const deliver = (type: number, body: unknown) => handlers.get(type)?.(body);
  return {
    send: (type: number, body?: unknown) => deliver(type, body === undefined ? undefined : unpack(pack(body))),
    sendBytes: (type: number, bytes: Uint8Array) => deliver(type, new Uint8Array(bytes)),
    onMessage: (type: number, handler: (wire: unknown) => void) => handlers.set(type, handler),
  };
}

function roundTrip<S, R>(spec: MessageSpec<S, R>, value: S): R | undefined {
  const socket = wire();
  let read: R | undefined;
  let refused: string | undefined;
  onMessage(socket, spec, (v) => (read = v), (e) => (refused = e));
  sendMessage(socket, spec, value);
  expect(refused).toBeUndefined();
  return read;
}

describe("the message table", () => {
  it("has a generator here for every message, and no two messages share a type", () => {
    expect(Object.keys(toServer).sort()).toEqual(Object.keys(ToServer).sort());
    expect(Object.keys(toClient).sort()).toEqual(Object.keys(ToClient).sort());
    const types = [...Object.values(ToServer), ...Object.values(ToClient)].map((s) => s.type);
    expect(new Set(types).size).toBe(types.length);
  });

  for (const [name, arbitrary] of Object.entries(toServer)) {
    it(`carries ${name} from a client to the server unchanged`, () => {
      const spec = ToServer[name as keyof typeof ToServer] as MessageSpec<unknown>;
      fc.assert(fc.property(arbitrary, (value) => {
        expect(roundTrip(spec, value)).toEqual(value);
      }), { numRuns: 200 });
    });
  }

  for (const [name, arbitrary] of Object.entries(toClient)) {
    it(`carries ${name} from the server to a client unchanged`, () => {
      if (name === "Events") {
        fc.assert(
          fc.property(arbitrary as fc.Arbitrary<GameEvent[]>, (events) => {
            const read = encodeEvents(events).flatMap((batch) => roundTrip(ToClient.Events, batch) ?? []);
            expect(read).toEqual(events);
          }),
          { numRuns: 200 },
        );
        return;
      }
      const spec = ToClient[name as keyof typeof ToClient] as MessageSpec<unknown>;
      fc.assert(fc.property(arbitrary, (value) => {
        expect(roundTrip(spec, value)).toEqual(value);
      }), { numRuns: 200 });
    });
  }

  it("refuses a message sent the wrong way (a body where bytes belong) with a reason, never to the handler", () => {
    const socket = wire();
    const refused: string[] = [];
    onMessage(socket, ToServer.Input, () => expect.unreachable(), (e) => refused.push(e));
    socket.send(ToServer.Input.type, { seq: 1 });
    onMessage(socket, ToServer.Chat, () => expect.unreachable(), (e) => refused.push(e));
    socket.send(ToServer.Chat.type, { text: 5 });
    expect(refused).toEqual(["must be binary", "chat needs { text: string }"]);
  });
});
