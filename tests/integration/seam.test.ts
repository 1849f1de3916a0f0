// One test per reach past Colyseus' and ws' public API (server/rooms/seam.ts on the server,
// game/net/seam.ts on the page). When an upgrade moves one of them, the test names it.

import { matchMaker, Protocol } from "@colyseus/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RollbackController } from "@colyseus/sdk/predict/rollback";
import { reconcilerRenderAlpha, watchSocket } from "../../game/net/seam";
import { broadcastPatchTo, fullStateOf, stateEncoderOf, tcpSocketOf, watchSharedPatches, watchSends, wsServerOf } from "../../server/rooms/seam";
import { Decoder } from "@colyseus/schema";
import { ArenaState } from "../../shared/schema/ArenaState";
import { ClientMessage } from "../../shared/net/messages";
import { encodePing } from "../../shared/net/ping";
import { join, leaveAll, settled, startTestServer, type TestServer, until, waitFor } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());
afterEach(() => leaveAll());

/** The arena room's protected seam methods, as the tests call them. */
interface Seamed {
  promisedSeats(): { sessionId: string; options: unknown; comeback: boolean }[];
  dropPromisedSeats(): void;
  admitsSeat(options: unknown): boolean;
  admitsFrame(client: unknown, frame: Buffer): boolean;
}

describe("the server's seam to Colyseus", () => {
  it("asks the seat gate before a seat is promised, and a refusal reaches matchmaking", async () => {
    const room = await join(server.url, "Host");
    const arena = server.roomOf(room) as unknown as Seamed;
    const asked: unknown[] = [];
    const admits = arena.admitsSeat.bind(arena);
    arena.admitsSeat = (options) => (asked.push(options), (options as { refuse?: boolean }).refuse !== true && admits(options));
    const [listing] = await matchMaker.query({ roomId: room.roomId });
    await matchMaker.reserveSeatFor(listing, { name: "Asked" });
    expect(asked).toEqual([expect.objectContaining({ name: "Asked" })]);
    await expect(matchMaker.reserveSeatFor(listing, { name: "No", refuse: true })).rejects.toThrow();
  });

  it("reads and drops the seats promised but not yet taken", async () => {
    const room = await join(server.url, "Host");
    const arena = server.roomOf(room) as unknown as Seamed;
    const [listing] = await matchMaker.query({ roomId: room.roomId });
    const seat = await matchMaker.reserveSeatFor(listing, { name: "Later", quickPlay: true });
    expect(arena.promisedSeats()).toContainEqual({ sessionId: seat.sessionId, options: expect.objectContaining({ name: "Later" }), comeback: false });
    arena.dropPromisedSeats();
    expect(arena.promisedSeats()).toEqual([]);
  });

  it("shows the frame gate every frame a client sends, before Colyseus decodes it", async () => {
    const room = await join(server.url, "Sender");
    const arena = server.roomOf(room) as unknown as Seamed;
    const frames: number[][] = [];
    const admits = arena.admitsFrame.bind(arena);
    // The join handshake's answer (JOIN_ROOM) may still be on its way: it passes the gate too.
    arena.admitsFrame = (client, frame) => (frame[0] !== Protocol.JOIN_ROOM && frames.push([...frame.subarray(0, 2)]), admits(client, frame));
    room.sendBytes(ClientMessage.Ping, encodePing(7));
    room.send(ClientMessage.Chat, { text: "hi" });
    await waitFor(room, () => frames.length >= 2, "two frames at the gate");
    expect(frames).toEqual([
      [Protocol.ROOM_DATA_BYTES, ClientMessage.Ping],
      [Protocol.ROOM_DATA, ClientMessage.Chat],
    ]);
  });

  it("reaches the TCP socket under a client's WebSocket, which can be corked", async () => {
    const room = await join(server.url, "Corked");
    const client = server.roomOf(room).clients.getById(room.sessionId)!;
    const socket = tcpSocketOf(client);
    expect(typeof socket?.cork).toBe("function");
    expect(typeof socket?.uncork).toBe("function");
  });

  it("hears every connection the transport's ws server accepts", async () => {
    const transport = server.server.gameServer.transport as Parameters<typeof wsServerOf>[0];
    let connections = 0;
    wsServerOf(transport).on("connection", () => connections++);
    await join(server.url, "Counted");
    expect(connections).toBe(1);
  });

  it("sees every frame sent to a client, patches among them", async () => {
    const room = await join(server.url, "Metered");
    const client = server.roomOf(room).clients.getById(room.sessionId)!;
    const codes = new Set<number>();
    watchSends(client, (frame) => codes.add(frame[0]));
    room.sendBytes(ClientMessage.Ping, encodePing(1));
    // Its pong, and a patch of a later tick, both left after the watch began.
    await settled(room);
    expect(codes).toContain(Protocol.ROOM_STATE_PATCH);
    expect(codes).toContain(Protocol.ROOM_DATA_BYTES);
  });
});

describe("the server's seam to the state's encoder", () => {
  it("hears each patch's shared part as Colyseus encodes it, and makes the full state a watcher gets", async () => {
    const room = await join(server.url, "Recorded");
    const arena = server.roomOf(room);
    const encoder = stateEncoderOf(arena);
    const patches: Uint8Array[] = [];
    let copy: ArenaState | undefined;
    let decoder: Decoder<ArenaState> | undefined;
    // From a full state taken between two patches, the patches heard after it rebuild the room's state.
    watchSharedPatches(encoder, (patch) => {
      if (!decoder) {
        copy = new ArenaState();
        decoder = new Decoder(copy);
        decoder.decode(fullStateOf(encoder), { offset: 1 });
        return;
      }
      patches.push(patch.slice());
      decoder.decode(patch, { offset: 1 });
    });
    const from = arena.match.tick;
    await waitFor(room, (s) => s.tick > from + 20, "a few patches");
    await settled(room);
    expect(patches.length).toBeGreaterThan(3);
    expect(patches.every((p) => p[0] === Protocol.ROOM_STATE_PATCH)).toBe(true);
    expect(copy!.tick).toBe(room.state.tick);
    expect(copy!.crafts.get(room.sessionId)?.name).toBe("Recorded");
  });

  it("sends a patch to some clients only", async () => {
    const a = await join(server.url, "Sees");
    const b = await join(server.url, "Skipped");
    const arena = server.roomOf(a);
    await waitFor(b, (s) => s.crafts.size === 2, "both in one room");
    const [ca, cb] = [arena.clients.getById(a.sessionId)!, arena.clients.getById(b.sessionId)!];
    const sent = { a: [] as number[], b: [] as number[] };
    watchSends(ca, (f) => sent.a.push(f[0]));
    watchSends(cb, (f) => sent.b.push(f[0]));
    // The tick moved on since the last patch, so there is a patch to send (sent at once, in this call).
    const from = arena.match.tick;
    await until(() => arena.match.tick > from, "a tick");
    sent.a.length = sent.b.length = 0;
    arena.match.state.tickLow = (arena.match.state.tickLow + 1) & 0xffff;
    broadcastPatchTo(arena, [ca]);
    expect(sent.a).toContain(Protocol.ROOM_STATE_PATCH);
    expect(sent.b).not.toContain(Protocol.ROOM_STATE_PATCH);
  });
});

describe("the page's seam to the SDK", () => {
  it("counts the bytes the room's socket receives and sends", async () => {
    const room = await join(server.url, "Counter");
    let received = 0;
    let sent = 0;
    expect(watchSocket(room, (n) => (received += n), (n) => (sent += n))).toBe(true);
    const ping = encodePing(3);
    room.sendBytes(ClientMessage.Ping, ping);
    await waitFor(room, () => received > 0, "a patch received");
    expect(sent).toBe(2 + ping.byteLength);
  });

  it("reads where the SDK's Predict reconciler draws between two steps (the lab's Colyseus baseline)", () => {
    // A protected method of the reconciler's base class, which the package does not export by name.
    expect(typeof (RollbackController.prototype as unknown as { renderAlpha?: unknown }).renderAlpha).toBe("function");
    const reconciler = Object.create(RollbackController.prototype) as object;
    Object.assign(reconciler, { renderAcc: 0, stepMs: 1000 / 60 });
    expect(reconcilerRenderAlpha(reconciler)).toBeGreaterThanOrEqual(0);
  });
});
