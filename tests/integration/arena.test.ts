import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeInputs } from "../../shared/net/input";
import { ClientMessage, ErrorCode } from "../../shared/net/messages";
import { CraftStatus } from "../../shared/schema/ArenaState";
import { Buttons, newCraftState, stepCraft } from "../../shared/sim/craft";
import { MAPS, worldOf } from "../../server/maps";
import { posFromWire, radiansToAim } from "../../shared/sim/quantize";
import { GAME, makeTuning } from "../../shared/config";
import { ArenaSession } from "../../game/net/ArenaSession";
import { join, leaveAll, Player, roundTrip, startTestServer, type TestServer, until, waitFor, watchSnapshots } from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(leaveAll);
afterAll(async () => {
  await server?.stop();
});

describe("joining and moving", () => {
  it("serves a health check", async () => {
    const res = await fetch(`${server.httpUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("joins the arena and receives state with the current tick on every patch", async () => {
    const room = await join(server.url, "  Ann\u0007 ");
    const ticks: number[] = [];
    room.onStateChange((s) => ticks.push(s.tick));
    await waitFor(room, () => ticks.length >= 12, "a dozen patches");
    const me = room.state.crafts.get(room.sessionId)!;
    expect(me.name).toBe("Ann");
    expect(me.hp).toBe(100);
    expect(me.status & CraftStatus.Alive).toBeTruthy();
    expect(room.state.tickHz).toBe(60);
    expect(room.state.patchHz).toBe(30);
    // Every patch describes a tick two later than the one before: PATCH_HZ 30 on TICK_HZ 60.
    const gaps = ticks.slice(2).map((t, i) => t - ticks[i + 1]);
    expect(new Set(gaps)).toEqual(new Set([2]));
    await room.leave();
  });

  it("moves the craft by its inputs and acknowledges the last one applied", async () => {
    const player = new Player(await join(server.url, "Mover"));
    const room = player.room;
    await waitFor(room, () => player.session.ready, "the session to start");
    server.roomOf(room).match.pilots.get(room.sessionId)!.craft = newCraftState(1000, 660);
    await waitFor(room, () => posFromWire(player.me.x) === 1000 && player.me.ack > 0, "the craft placed");
    const stats = player.session.stats;
    // The jump is a misprediction, counted before the baseline: a few checks after it first.
    const placed = stats.predictionChecks;
    await waitFor(room, () => stats.predictionChecks >= placed + 3, "the prediction to catch up with the placement");
    const [checks, misses] = [stats.predictionChecks, stats.predictionMisses];
    const ackBefore = player.me.ack;
    // Right for 24 inputs (0.4 s of ticks), then none for 18 more (0.3 s), all of them applied.
    // (Sequence numbers count inputs made, inputs sent lag them by at most one or two.)
    const sentBefore = stats.inputsSent;
    player.controls = { buttons: Buttons.Right, aim: 0 };
    await until(() => stats.inputsSent >= sentBefore + 24, "24 inputs sent holding Right");
    player.controls = { buttons: 0, aim: 0 };
    const sentRight = stats.inputsSent;
    await waitFor(room, () => player.me.ack >= sentRight + 18, "18 inputs applied after letting go");
    expect(posFromWire(player.me.x)).toBeGreaterThan(1000 + 40);
    // Inputs keep flowing and the server acknowledges them, about one per tick.
    expect(player.me.ack - ackBefore).toBeGreaterThan(20);
    expect(stats.inputsSent - player.me.ack).toBeLessThan(20);
    // With nothing in the way and a steady connection, every prediction was exact.
    expect(stats.predictionChecks - checks).toBeGreaterThan(10);
    expect(stats.predictionMisses - misses).toBe(0);
  });

  it("loses no input when the page stalls while an input waits for its pair: the server applies every input the page predicted", async () => {
    const room = await join(server.url, "Staller");
    const session = new ArenaSession(room);
    let stalledUntil = 0;
    let buttons = 0;
    const frames = setInterval(() => {
      if (Date.now() >= stalledUntil) session.frame({ buttons, aim: 0 });
    }, 16);
    try {
      await waitFor(room, () => session.ready, "the session to start");
      server.roomOf(room).match.pilots.get(room.sessionId)!.craft = newCraftState(1000, 660);
      await waitFor(room, () => posFromWire(room.state.crafts.get(room.sessionId)!.x) === 1000, "the craft placed");
      buttons = Buttons.Right;
      const { predictionChecks: checks, predictionMisses: misses } = session.stats;
      // Inputs leave two to a message: a page that stops drawing for 300 ms catches up with a
      // batch of inputs while, one time in two, one waits for its pair. Ten such stalls.
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 150 + i * 7));
        stalledUntil = Date.now() + 300;
        await new Promise((r) => setTimeout(r, 300));
        buttons = buttons === Buttons.Right ? Buttons.Left : Buttons.Right;
      }
      const sent = session.stats.inputsSent;
      await until(() => session.stats.predictionChecks > checks + 40 && session.stats.inputsSent > sent + 10 && session.stats.predictionMisses >= misses, "acks after the stalls");
      expect(session.stats.predictionMisses - misses).toBe(0);
    } finally {
      clearInterval(frames);
      session.close();
    }
  });

  it("moves the craft of a slow device that draws only 4 frames a second", async () => {
    const player = new Player(await join(server.url, "Slow"), 250);
    const room = player.room;
    await waitFor(room, () => player.session.ready, "the session to start");
    server.roomOf(room).match.pilots.get(room.sessionId)!.craft = newCraftState(1000, 660);
    await waitFor(room, () => posFromWire(player.me.x) === 1000, "the craft placed");
    // Right for six frames (1.5 s at 4 frames a second), each carrying the latest 8 ticks' inputs.
    const sentBefore = player.session.stats.inputsSent;
    player.controls = { buttons: Buttons.Right, aim: 0 };
    await until(() => player.session.stats.inputsSent >= sentBefore + 6 * 8, "six frames of inputs holding Right");
    player.controls = { buttons: 0, aim: 0 };
    // Each frame carries the latest ticks' inputs (not all of them: no bursts), so it moves
    // slower than at full frame rate, but it moves.
    await waitFor(room, () => posFromWire(player.me.x) > 1000 + 100, "the craft moved 100 units");
  });

  it("applies at most one input per tick: sending faster moves no faster", async () => {
    const honest = await join(server.url, "Honest");
    const flooder = await join(server.url, "Flooder");
    const arena = server.roomOf(honest);
    expect(server.roomOf(flooder)).toBe(arena);
    const pilots = arena.match.pilots;
    pilots.get(honest.sessionId)!.craft = newCraftState(300, 500);
    pilots.get(flooder.sessionId)!.craft = newCraftState(300, 900);
    const { poses } = watchSnapshots(honest);
    const flooderSlot = () => honest.state.crafts.get(flooder.sessionId)?.slot ?? -1;
    await waitFor(honest, (s) => poses.get(flooderSlot())?.y === 900 && s.crafts.get(honest.sessionId)?.y === 500 * 16, "craft placed");
    let honestSeq = 0;
    let floodSeq = 0;
    const startTick = honest.state.tick;
    // The honest client sends one input per tick; the flooder sends eight per tick; for 36 ticks (0.6 s).
    await new Promise<void>((sent) => {
      const timer = setInterval(() => {
        honest.sendBytes(ClientMessage.Input, encodeInputs([{ seq: ++honestSeq, buttons: Buttons.Right, aim: 0, viewTick: 0 }]));
        const burst = Array.from({ length: 8 }, () => ({ seq: ++floodSeq, buttons: Buttons.Right, aim: 0, viewTick: 0 }));
        flooder.sendBytes(ClientMessage.Input, encodeInputs(burst));
        if (honestSeq === 36) {
          clearInterval(timer);
          sent();
        }
      }, 1000 / 60);
    });
    // Each one's last input applied (a queue drops its oldest, never its newest), and the
    // flooder's pose after it seen by the honest client (the snapshot comes before the patch).
    await waitFor(honest, (s) => s.crafts.get(honest.sessionId)?.ack === honestSeq, "the honest inputs applied");
    await waitFor(flooder, (s) => s.crafts.get(flooder.sessionId)?.ack === floodSeq, "the flooder's last input applied");
    const drained = flooder.state.tick;
    await waitFor(honest, (s) => s.tick >= drained, "the honest client to reach that tick");
    const ticks = honest.state.tick - startTick;
    const honestX = posFromWire(honest.state.crafts.get(honest.sessionId)!.x);
    // Others are seen to the quarter unit.
    const floodX = poses.get(flooderSlot())!.x;
    // The farthest any craft can get in that many ticks: one input applied on every tick.
    const limit = newCraftState(300, 900);
    for (let i = 0; i < ticks; i++) stepCraft(limit, { buttons: Buttons.Right, aim: 0 }, worldOf(MAPS.foundry), makeTuning(60));
    expect(honestX).toBeGreaterThan(400);
    expect(floodX).toBeGreaterThan(400);
    expect(floodX).toBeLessThanOrEqual(limit.x + 0.125);
    expect(arena.counters.trimmedInputs).toBeGreaterThan(100);
    await honest.leave();
    await flooder.leave();
  });
});

describe("combat", () => {
  it("a hit lowers health, a kill scores, and the downed craft respawns", async () => {
    const a = new Player(await join(server.url, "Shooter"));
    const b = new Player(await join(server.url, "Target"));
    await waitFor(a.room, (s) => a.session.ready && b.session.ready && s.crafts.has(b.room.sessionId), "both players");
    const arena = server.roomOf(a.room);
    expect(server.roomOf(b.room)).toBe(arena);
    // Face to face across open floor, shields off.
    const shooter = arena.match.pilots.get(a.room.sessionId)!;
    const target = arena.match.pilots.get(b.room.sessionId)!;
    shooter.craft = newCraftState(700, 480);
    target.craft = newCraftState(1000, 480);
    shooter.shieldUntil = target.shieldUntil = 0;
    const { events } = watchSnapshots(a.room);

    const east = radiansToAim(0);
    a.controls = { buttons: Buttons.Fire, aim: east };
    const hurt = await waitFor(b.room, (s) => {
      const hp = s.crafts.get(b.room.sessionId)!.hp;
      return hp < 100 && hp;
    }, "the target to be hit");
    expect(hurt % GAME.gun.damage).toBe(0);
    await waitFor(a.room, (s) => s.crafts.get(a.room.sessionId)!.kills === 1, "a kill", 15_000);
    a.controls = { buttons: 0, aim: east };
    // Each player's patch comes on its own socket: the target's may land a moment later.
    await waitFor(b.room, (s) => s.crafts.get(b.room.sessionId)!.deaths === 1, "the death");
    expect(b.me.status & CraftStatus.Alive).toBe(0);
    expect(events.filter((e) => e.kind === "hit").length).toBeGreaterThanOrEqual(5);
    expect(events).toContainEqual(expect.objectContaining({ kind: "down", victim: b.me.slot, killer: a.me.slot }));
    await waitFor(b.room, (s) => (s.crafts.get(b.room.sessionId)!.status & CraftStatus.Alive) !== 0, "the respawn", 10_000);
    expect(b.me.hp).toBe(100);
    expect(b.me.status & CraftStatus.Shielded).toBeTruthy();
    await a.leave();
    await b.leave();
  });
});

describe("bad input", () => {
  it("refuses malformed messages with a clear error and keeps the room ticking", async () => {
    const bad = await join(server.url, "Garbage");
    const good = await join(server.url, "Bystander");
    const errors: [number, string | undefined][] = [];
    bad.onError((code, message) => errors.push([code, message]));
    const tickBefore = good.state.tick;
    bad.sendBytes(ClientMessage.Input, new Uint8Array([1, 2, 3]));
    bad.send(ClientMessage.Input, { seq: 1, buttons: 999 });
    bad.sendBytes(99, new Uint8Array([0]));
    const forged = encodeInputs([{ seq: 1, buttons: 0, aim: 0, viewTick: 0 }]);
    // Says three frames, carries one.
    forged[4] = 3;
    bad.sendBytes(ClientMessage.Input, forged);
    // Every answer to those four is in once a ping sent after them is answered.
    await roundTrip(bad);
    expect(errors).toEqual([
      [ErrorCode.BadInput, "input too short (3 bytes)"],
      [ErrorCode.BadInput, "input must be binary"],
      [ErrorCode.BadInput, 'unknown message type 99'],
      [ErrorCode.BadInput, "input length 12 does not match 3 frames"],
    ]);
    await waitFor(good, (s) => s.tick > tickBefore + 20, "the room to keep ticking");
    expect(server.roomOf(good).counters.rejectedMessages).toBeGreaterThanOrEqual(4);
    await bad.leave();
    await good.leave();
  });

  it("disconnects a client that keeps sending garbage", async () => {
    const bad = await join(server.url, "Abuser");
    const left = new Promise<number>((resolve) => bad.onLeave((code) => resolve(code)));
    for (let i = 0; i < 30; i++) bad.sendBytes(ClientMessage.Input, new Uint8Array([i]));
    expect(await left).toBe(ErrorCode.Abuse);
  });
});
