// Honest players are never punished: stepping out to watch and back, however often, and
// the races that come with it, never count as abuse; a dropped player's craft leaves the
// field instead of being farmed, and comes back shielded.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ArenaClient } from "../../game/net/ArenaClient";
import { ClientMessage } from "../../shared/net/messages";
import { encodeInputs } from "../../shared/net/input";
import { ArenaState, CraftStatus } from "../../shared/schema/ArenaState";
import { join, leaveAll, Player, startTestServer, type TestServer, waitFor } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ reconnectSeconds: 20 });
});
afterAll(() => server.stop());
afterEach(() => leaveAll());

const statusOf = (room: { state: ArenaState }, id: string) => room.state.crafts.get(id)?.status ?? 0;

describe("stepping out to watch", () => {
  it("50 times out and back in, with the game's own client sending inputs all along, never disconnects or strikes", async () => {
    const room = await join(server.url, "Restless");
    const player = new Player(room);
    const errors: number[] = [];
    room.onError((code) => errors.push(code));
    let closed = 0;
    room.onLeave((code) => (closed = code));
    for (let i = 0; i < 50; i++) {
      player.controls = { buttons: 8, aim: 0 };
      room.send(ClientMessage.Spectate);
      await waitFor(room, (s) => !s.crafts.has(room.sessionId), "watching");
      room.send(ClientMessage.TakeSeat);
      await waitFor(room, (s) => s.crafts.has(room.sessionId), "playing again");
    }
    const arena = server.roomOf(room);
    expect(closed).toBe(0);
    expect(errors).toEqual([]);
    expect(arena.guards.strikes(room.sessionId)).toBe(0);
    expect(arena.counters.abusers).toBe(0);
  });

  it("a burst of inputs that arrive after stepping out (a race, not garbage) is dropped without a word", async () => {
    const room = await join(server.url, "Racer", { spectate: true });
    const errors: string[] = [];
    room.onError((_code, message) => errors.push(message ?? ""));
    for (let seq = 1; seq <= 60; seq++) room.sendBytes(ClientMessage.Input, encodeInputs([{ seq, buttons: 8, aim: 0, viewTick: 0 }]));
    const arena = server.roomOf(room);
    await waitFor(room, () => arena.counters.staleInputs >= 60, "every input to arrive");
    expect(errors).toEqual([]);
    expect(arena.guards.strikes(room.sessionId)).toBe(0);
    expect(room.connection.isOpen).toBe(true);
    // Garbage is still garbage: refused with a reason.
    room.sendBytes(ClientMessage.Input, new Uint8Array([1, 2, 3]));
    await waitFor(room, () => errors.length > 0, "the refusal");
    expect(errors).toEqual(["input too short (3 bytes)"]);
  });
});

describe("a dropped player's craft", () => {
  it("leaves the field while its player is away (for everyone) and comes back at a spawn point, shielded", async () => {
    const stay = await join(server.url, "Stays");
    const drop = await join(server.url, "Drops");
    await waitFor(stay, (s) => (statusOf({ state: s }, drop.sessionId) & CraftStatus.Alive) !== 0, "both on the field");
    const token = drop.reconnectionToken;
    const arena = server.roomOf(stay);
    await drop.leave(false);
    await waitFor(stay, (s) => (statusOf({ state: s }, drop.sessionId) & (CraftStatus.Alive | CraftStatus.Reconnecting)) === CraftStatus.Reconnecting, "the craft off the field");
    expect(arena.match.pilots.get(drop.sessionId)!.deaths).toBe(0);
    const back = await new ArenaClient(server.url).reconnect<ArenaState>(token, ArenaState);
    try {
      const status = await waitFor(back, (s) => {
        const st = statusOf({ state: s }, back.sessionId);
        return st & CraftStatus.Alive ? st : undefined;
      }, "the craft back");
      expect(status & CraftStatus.Shielded).toBeTruthy();
      expect(status & CraftStatus.Reconnecting).toBe(0);
      const pilot = arena.match.pilots.get(back.sessionId)!;
      expect(arena.match.map.spawns.some((s) => s.x === pilot.craft.x && s.y === pilot.craft.y)).toBe(true);
    } finally {
      await back.leave();
    }
  });

  it("counts as downed by its last attacker when the plug is pulled within 5 s of a hit", async () => {
    const hunter = await join(server.url, "Hunter");
    const prey = await join(server.url, "Prey");
    const arena = server.roomOf(hunter);
    await waitFor(hunter, (s) => (statusOf({ state: s }, prey.sessionId) & CraftStatus.Alive) !== 0, "both on the field");
    // A hit lands (as the server's rules would have it), then the prey's connection drops.
    const preyPilot = arena.match.pilots.get(prey.sessionId)!;
    preyPilot.lastHitBy = hunter.sessionId;
    preyPilot.lastHitTick = arena.match.tick;
    await prey.leave(false);
    await waitFor(hunter, (s) => s.crafts.get(prey.sessionId)!.deaths === 1, "the drop counted as a down");
    expect(hunter.state.crafts.get(hunter.sessionId)!.kills).toBe(1);
  });
});
