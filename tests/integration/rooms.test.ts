import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChatLine } from "../../shared/net/chat";
import { encodeInputs } from "../../shared/net/input";
import { ClientMessage, ErrorCode, ServerMessage } from "../../shared/net/messages";
import { ArenaState, CraftStatus } from "../../shared/schema/ArenaState";
import { leaveAll, leaveRoom, roundTrip, serverLeave, settled, startTestServer, type TestServer, until, waitFor } from "./harness";

// Rooms people share and watch: quick play, private rooms by code, hosts, watchers, chat,
// and getting a dropped seat back. Rooms here hold 3 players and keep a seat 2 s.
let server: TestServer;
const rooms: Room[] = [];

beforeAll(async () => {
  server = await startTestServer({ maxPlayers: 3, reconnectSeconds: 2, chatRate: 3 });
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => leaveRoom(r)));
  await leaveAll();
});
afterAll(async () => {
  await server?.stop();
});

const client = () => new ArenaClient(server.url);

function track<T extends Room>(room: T): T {
  rooms.push(room);
  return room;
}

async function quickPlay(name: string, key?: string): Promise<Room<ArenaState>> {
  const res = await fetch(`${server.httpUrl}/api/quickplay`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, key }),
  });
  expect(res.status).toBe(200);
  return track(await client().consumeSeatReservation(await res.json(), ArenaState));
}

async function createPrivate(name: string): Promise<Room<ArenaState>> {
  const room = track(await client().create("arena", { name, private: true, key: `key-${name}` }, ArenaState));
  await waitFor(room, (s) => s.code.length === 6, "the room code");
  return room;
}

async function byCode(code: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.httpUrl}/api/rooms/${code}`);
  return { status: res.status, body: await res.json() };
}

function joinById(roomId: string, options: Record<string, unknown>): Promise<Room<ArenaState>> {
  return client().joinById(roomId, options, ArenaState).then(track);
}

function errorsOf(room: Room): [number, string | undefined][] {
  const errors: [number, string | undefined][] = [];
  room.onError((code, message) => errors.push([code, message]));
  return errors;
}

function chatOf(room: Room): ChatLine[] {
  const lines: ChatLine[] = [];
  room.onMessage(ServerMessage.Chat, (line: ChatLine) => lines.push(line));
  return lines;
}

const listed = async () => ((await (await fetch(`${server.httpUrl}/api/rooms`)).json()) as { rooms: any[] }).rooms;

describe("quick play and the room list", () => {
  it("puts a player in the fullest public room that has a free seat, and opens a new one when none has", async () => {
    const a1 = await quickPlay("A1");
    const a2 = await quickPlay("A2");
    expect(a2.roomId).toBe(a1.roomId);
    // A second public room with one player in it.
    const b1 = track(await client().create("arena", { name: "B1" }, ArenaState));
    expect(b1.roomId).not.toBe(a1.roomId);
    // The fuller room (2 of 3) gets the next player...
    const a3 = await quickPlay("A3");
    expect(a3.roomId).toBe(a1.roomId);
    // ...and once it is full, the other room does.
    const b2 = await quickPlay("B2");
    expect(b2.roomId).toBe(b1.roomId);

    const list = await listed();
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: a1.roomId, map: "foundry", players: 3, maxPlayers: 3, spectators: 0, bots: 0 }),
        expect.objectContaining({ id: b1.roomId, players: 2 }),
      ]),
    );
  });

  it("seats a burst of simultaneous Quick Plays without overfilling any room", async () => {
    const burst = await Promise.all(Array.from({ length: 7 }, (_, i) => quickPlay(`Rush${i}`)));
    const perRoom = new Map<string, number>();
    for (const r of burst) perRoom.set(r.roomId, (perRoom.get(r.roomId) ?? 0) + 1);
    expect([...perRoom.values()].every((n) => n <= 3)).toBe(true);
    expect(perRoom.size).toBeGreaterThanOrEqual(3);
    for (const r of burst) await waitFor(r, (s) => s.crafts.has(r.sessionId), "every rusher seated");
  });

  it("counts watchers in the list, and a full room still takes them", async () => {
    const players = [await quickPlay("P1"), await quickPlay("P2"), await quickPlay("P3")];
    const roomId = players[0].roomId;
    await expect(joinById(roomId, { name: "Late" })).rejects.toThrow(/full/i);
    const watcher = await joinById(roomId, { name: "Eye", spectate: true });
    await waitFor(watcher, (s) => s.watchers === 1, "the watcher counted");
    expect(watcher.state.crafts.has(watcher.sessionId)).toBe(false);
    expect(watcher.state.crafts.size).toBe(3);
    await waitFor(players[0], (s) => s.watchers === 1, "players see the watcher count");
    const row = (await listed()).find((r) => r.id === roomId);
    expect(row).toMatchObject({ players: 3, spectators: 1 });
  });
});

describe("private rooms", () => {
  it("are never matched by quick play or listed, and are joined by code", async () => {
    const host = await createPrivate("Host");
    const code = host.state.code;
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    const stranger = await quickPlay("Stranger");
    expect(stranger.roomId).not.toBe(host.roomId);
    expect((await listed()).map((r) => r.id)).not.toContain(host.roomId);

    const found = await byCode(code.toLowerCase());
    expect(found).toMatchObject({ status: 200, body: { id: host.roomId, code, players: 1 } });
    const friend = await joinById(found.body.id, { name: "Friend" });
    expect(friend.roomId).toBe(host.roomId);
    await waitFor(host, (s) => s.crafts.has(friend.sessionId), "the friend's craft");
  });

  it("answer an unknown code with 404 and a clear message", async () => {
    for (const code of ["ZZZZZZ", "nope", "0OIL1!"]) {
      const res = await byCode(code);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(/No room has the code/);
    }
  });
});

describe("the host", () => {
  it("changes the settings, and everyone sees them; bad values are refused", async () => {
    const host = await createPrivate("Host");
    const guest = await joinById(host.roomId, { name: "Guest" });
    const errors = errorsOf(host);
    const lines = chatOf(guest);
    host.send(ClientMessage.Settings, { map: "causeway", scoreLimit: 5, timeLimit: 120, maxPlayers: 2, bots: true });
    await waitFor(guest, (s) => s.map === "causeway" && s.scoreLimit === 5 && s.timeLimit === 120 && s.maxPlayers === 2 && s.bots, "the new settings");
    await waitFor(guest, () => lines.some((l) => l.system && /host set/.test(l.text)), "a system line about it");
    host.send(ClientMessage.Settings, { scoreLimit: 0 });
    host.send(ClientMessage.Settings, { map: "../../etc/passwd" });
    host.send(ClientMessage.Settings, { admin: true });
    // The host has every answer, and the guest a patch made after the last of them.
    await settled(host, [guest]);
    expect(errors.map(([code]) => code)).toEqual([ErrorCode.BadInput, ErrorCode.BadInput, ErrorCode.BadInput]);
    expect(guest.state.scoreLimit).toBe(5);
    // maxPlayers 2 with 2 humans: no seat left for bots.
    expect([...guest.state.crafts.values()].filter((c) => c.status & CraftStatus.Bot)).toHaveLength(0);
  });

  it("is the only one who may change settings, kick or restart; a watcher may not play", async () => {
    const host = await createPrivate("Host");
    const guest = await joinById(host.roomId, { name: "Guest" });
    const watcher = await joinById(host.roomId, { name: "Eye", spectate: true });
    for (const other of [guest, watcher]) {
      const errors = errorsOf(other);
      other.send(ClientMessage.Settings, { scoreLimit: 2 });
      other.send(ClientMessage.Kick, { sessionId: host.sessionId });
      other.send(ClientMessage.Restart);
      await roundTrip(other);
      expect(errors.map(([code]) => code)).toEqual([ErrorCode.NotAllowed, ErrorCode.NotAllowed, ErrorCode.NotAllowed]);
    }
    const errors = errorsOf(watcher);
    watcher.sendBytes(ClientMessage.Input, encodeInputs([{ seq: 1, buttons: 8, aim: 0, viewTick: 0 }]));
    await settled(watcher, [host]);
    // A watcher's input is dropped without a word (a race just after stepping out, not garbage).
    expect(errors).toEqual([]);
    expect(server.roomOf(host).counters.staleInputs).toBe(1);
    expect(host.state.crafts.has(watcher.sessionId)).toBe(false);
    expect(host.state.scoreLimit).toBe(15);
    expect(host.state.hostId).toBe(host.sessionId);
  });

  it("kicks a player, who cannot come back to that room", async () => {
    const host = await createPrivate("Host");
    const guest = await joinById(host.roomId, { name: "Guest", key: "guest-browser" });
    const gone = new Promise<number>((resolve) => guest.onLeave((code) => resolve(code)));
    host.send(ClientMessage.Kick, { sessionId: guest.sessionId });
    expect(await gone).toBe(ErrorCode.Kicked);
    await waitFor(host, (s) => !s.crafts.has(guest.sessionId), "the guest's craft gone");
    await expect(joinById(host.roomId, { name: "Guest again", key: "guest-browser" })).rejects.toThrow(/removed you/);
    // Someone else still gets in.
    await joinById(host.roomId, { name: "Other", key: "other-browser" });
  });

  it("kicks a player who is away: the seat is freed at once and the room hears of it once", async () => {
    const host = await createPrivate("Host");
    const chat = chatOf(host);
    const guest = await joinById(host.roomId, { name: "Wanderer", key: "wanderer-browser" });
    const windowPassed = serverLeave(server.roomOf(host), guest.sessionId);
    await guest.leave(false);
    await waitFor(host, (s) => ((s.crafts.get(guest.sessionId)?.status ?? 0) & CraftStatus.Reconnecting) !== 0, "the seat held");
    host.send(ClientMessage.Kick, { sessionId: guest.sessionId });
    await waitFor(host, (s) => !s.crafts.has(guest.sessionId), "the seat freed");
    // Past the hold window (2 s here), when the room is told they left, nothing more is said
    // about them: a round trip after that brings any line it said.
    await windowPassed;
    await roundTrip(host);
    expect(chat.filter((l) => l.system && l.text.includes("Wanderer")).map((l) => l.text)).toEqual(["Wanderer joined", "The host removed Wanderer"]);
  });

  it("locks the room against new players while watchers are still welcome", async () => {
    const host = await createPrivate("Host");
    host.send(ClientMessage.Settings, { locked: true });
    await waitFor(host, (s) => s.locked, "the lock");
    await expect(joinById(host.roomId, { name: "Late" })).rejects.toThrow(/locked/);
    const watcher = await joinById(host.roomId, { name: "Eye", spectate: true });
    const errors = errorsOf(watcher);
    watcher.send(ClientMessage.TakeSeat);
    await roundTrip(watcher);
    expect(errors[0]?.[0]).toBe(ErrorCode.RoomFull);
    host.send(ClientMessage.Settings, { locked: false });
    await waitFor(host, (s) => !s.locked, "the unlock");
    watcher.send(ClientMessage.TakeSeat);
    await waitFor(host, (s) => s.crafts.has(watcher.sessionId), "the watcher seated");
  });

  it("restarts the match", async () => {
    const host = await createPrivate("Host");
    const room = server.roomOf(host);
    room.match.pilots.get(host.sessionId)!.kills = 3;
    await waitFor(host, (s) => s.crafts.get(host.sessionId)?.kills === 3, "a score");
    const round = host.state.round;
    host.send(ClientMessage.Restart);
    await waitFor(host, (s) => s.round === round + 1 && s.crafts.get(host.sessionId)?.kills === 0, "a fresh round");
  });

  it("passes hosting on to the next player when the host leaves", async () => {
    const host = await createPrivate("Host");
    const second = await joinById(host.roomId, { name: "Second" });
    const third = await joinById(host.roomId, { name: "Third" });
    const lines = chatOf(second);
    await host.leave(true);
    await waitFor(second, (s) => s.hostId === second.sessionId, "the host role passed on");
    await waitFor(second, () => lines.some((l) => l.system && l.text === "Second is now the host"), "a system line");
    second.send(ClientMessage.Settings, { scoreLimit: 9 });
    await waitFor(third, (s) => s.scoreLimit === 9, "the new host's change");
  });
});

describe("watching and playing", () => {
  it("lets a player step out to watch and a watcher take the free seat", async () => {
    const a = await quickPlay("A");
    const eye = await joinById(a.roomId, { name: "Eye", spectate: true });
    a.send(ClientMessage.Spectate);
    await waitFor(a, (s) => !s.crafts.has(a.sessionId) && s.watchers === 2, "A watching");
    eye.send(ClientMessage.TakeSeat);
    await waitFor(a, (s) => s.crafts.has(eye.sessionId) && s.watchers === 1, "Eye playing");
  });
});

describe("chat", () => {
  it("reaches players and watchers, marks watchers, and keeps the text exactly as typed", async () => {
    const host = await createPrivate("Host");
    const watcher = await joinById(host.roomId, { name: "Eye", spectate: true });
    const heard = chatOf(host);
    const markup = "<img src=x onerror=alert(1)> & \"quotes\"";
    watcher.send(ClientMessage.Chat, { text: markup });
    host.send(ClientMessage.Chat, { text: "hi\u0000 there\u202e" });
    await waitFor(host, () => heard.filter((l) => !l.system).length === 2, "two lines");
    const said = heard.filter((l) => !l.system);
    expect(said[0]).toEqual({ from: "Eye", slot: -1, watcher: true, system: false, text: markup });
    expect(said[1]).toMatchObject({ from: "Host", watcher: false, text: "hi there" });
  });

  it("refuses over-long and empty lines, and slows down a fast talker", async () => {
    const host = await createPrivate("Host");
    const heard = chatOf(host);
    const errors = errorsOf(host);
    host.send(ClientMessage.Chat, { text: "x".repeat(1000) });
    host.send(ClientMessage.Chat, { text: "   " });
    host.send(ClientMessage.Chat, "not an object");
    for (let i = 0; i < 6; i++) host.send(ClientMessage.Chat, { text: `line ${i}` });
    // Each of the nine is answered, with a line to the room or an error to the sender (chat's
    // rate check answers a moment after the message: a round trip alone could overtake it).
    await until(() => heard.filter((l) => !l.system).length + errors.length >= 9, "all nine answered");
    await roundTrip(host);
    expect(heard.filter((l) => !l.system).map((l) => l.text)).toEqual(["line 0", "line 1", "line 2"]);
    expect(errors.filter(([c]) => c === ErrorCode.BadInput)).toHaveLength(3);
    expect(errors.filter(([c]) => c === ErrorCode.TooFast)).toHaveLength(3);
  });
});

describe("reconnection", () => {
  it("gives a dropped player the same craft and score back within the window", async () => {
    const a = await quickPlay("Dropper");
    const b = await quickPlay("Stayer");
    const room = server.roomOf(a);
    room.match.pilots.get(a.sessionId)!.kills = 4;
    await waitFor(b, (s) => s.crafts.get(a.sessionId)?.kills === 4, "a score");
    const slot = b.state.crafts.get(a.sessionId)!.slot;
    const token = a.reconnectionToken;
    await a.leave(false);
    await waitFor(b, (s) => (s.crafts.get(a.sessionId)!.status & CraftStatus.Reconnecting) !== 0, "the craft marked reconnecting");
    const back = track(await client().reconnect<ArenaState>(token, ArenaState));
    expect(back.sessionId).toBe(a.sessionId);
    await waitFor(back, (s) => s.crafts.get(back.sessionId)?.kills === 4, "the score restored");
    expect(back.state.crafts.get(back.sessionId)!.slot).toBe(slot);
    await waitFor(b, (s) => (s.crafts.get(a.sessionId)!.status & CraftStatus.Reconnecting) === 0, "the mark cleared");
  });

  it("frees the seat when the window passes", async () => {
    const a = await quickPlay("Gone");
    const b = await quickPlay("Stayer");
    const token = a.reconnectionToken;
    await a.leave(false);
    await waitFor(b, (s) => !s.crafts.has(a.sessionId), "the seat freed", 6000);
    await expect(client().reconnect<ArenaState>(token, ArenaState)).rejects.toThrow();
  });
});
