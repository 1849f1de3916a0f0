// Modes and teams through the real server and real clients: a private capture-the-flag room
// with teams from invite links, team changes and the host's say over them, public team rooms
// that keep their teams even, a capture seen by everyone, and the vote for the next round.

import type { Room } from "@colyseus/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ArenaClient } from "../../game/net/ArenaClient";
import { GAME } from "../../shared/config";
import { getMap } from "../../server/maps";
import type { ChatLine } from "../../shared/net/chat";
import { ClientMessage, ServerMessage, ToClient } from "../../shared/net/messages";
import { ArenaState, NO_CARRIER, Phase } from "../../shared/schema/ArenaState";
import { newCraftState } from "../../shared/sim/craft";
import { join, leaveAll, leaveRoom, startTestServer, type TestServer, until, waitFor, watchSnapshots } from "./harness";

/** Errors the server sent a client (code, reason), as they come. */
function errorsOf(room: Room): string[] {
  const errors: string[] = [];
  room.onError((_code, message) => errors.push(message ?? ""));
  return errors;
}

/** Chat lines the room says, as they come. */
function chatOf(room: Room): string[] {
  const lines: string[] = [];
  room.onMessage(ServerMessage.Chat, (wire: unknown) => {
    const line = ToClient.Chat.decode(wire);
    if (line.ok) lines.push((line.value as ChatLine).text);
  });
  return lines;
}

const opened: Room[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map(leaveRoom));
  await leaveAll();
});

describe("a private capture-the-flag room", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function ctfRoom() {
    const client = new ArenaClient(server.url);
    const host = await client.create("arena", { name: "Host", private: true, mode: "ctf", team: 0 }, ArenaState);
    opened.push(host);
    await waitFor(host, (s) => s.code !== "" && s.flags.length === 2, "the room's code and flags");
    const enter = async (name: string, team?: number) => {
      const room = await new ArenaClient(server.url).joinById(host.roomId, { name, team }, ArenaState);
      opened.push(room);
      await waitFor(room, (s) => s.crafts.has(room.sessionId), `${name}'s craft`);
      return room;
    };
    return { host, enter };
  }

  it("is created in the mode asked for, on a map made for it, and listed in no room list", async () => {
    const { host } = await ctfRoom();
    expect(host.state.mode).toBe("ctf");
    expect(getMap(host.state.map)!.modes).toContain("ctf");
    expect([...host.state.flags].map((f) => [f.team, f.atHome, f.carrier])).toEqual([
      [0, true, NO_CARRIER],
      [1, true, NO_CARRIER],
    ]);
  });

  it("an invite link's team is the team a friend lands on; players change team unless the host locks teams", async () => {
    const { host, enter } = await ctfRoom();
    const blue = await enter("Blue friend", 0);
    const orange = await enter("Orange friend", 1);
    expect(host.state.crafts.get(host.sessionId)!.team).toBe(0);
    await waitFor(host, (s) => s.crafts.get(blue.sessionId)?.team === 0 && s.crafts.get(orange.sessionId)?.team === 1, "the teams the links said");

    blue.send(ClientMessage.Team, { team: 1 });
    await waitFor(host, (s) => s.crafts.get(blue.sessionId)?.team === 1, "a friend's own team change");

    host.send(ClientMessage.Settings, { teamsLocked: true });
    await waitFor(blue, (s) => s.teamsLocked, "teams locked");
    const refused = errorsOf(blue);
    blue.send(ClientMessage.Team, { team: 0 });
    await until(() => refused.length > 0, "the refusal");
    expect(refused[0]).toMatch(/locked the teams/);
    expect(blue.state.crafts.get(blue.sessionId)!.team).toBe(1);

    // The host still moves players; nobody else may.
    host.send(ClientMessage.Team, { team: 0, sessionId: blue.sessionId });
    await waitFor(blue, (s) => s.crafts.get(blue.sessionId)?.team === 0, "the host moving a player");
    const orangeErrors = errorsOf(orange);
    orange.send(ClientMessage.Team, { team: 1, sessionId: blue.sessionId });
    await until(() => orangeErrors.length > 0, "the refusal");
    expect(orangeErrors[0]).toMatch(/only the host/);
  });

  it("a capture: everyone sees the flag taken, carried and scored, and the results name the team", async () => {
    const { host, enter } = await ctfRoom();
    host.send(ClientMessage.Settings, { scoreLimit: 1 });
    await waitFor(host, (s) => s.scoreLimit === 1, "score limit 1");
    const rival = await enter("Rival", 1);
    const watcher = await new ArenaClient(server.url).joinById(host.roomId, { name: "Watcher", spectate: true }, ArenaState);
    opened.push(watcher);
    const seen = watchSnapshots(watcher);
    const arena = server.roomOf(host);
    const map = arena.match.map;
    const pilot = arena.match.pilots.get(host.sessionId)!;
    const enemyBase = map.flags.find((f) => f.team === 1)!;
    const ownBase = map.flags.find((f) => f.team === 0)!;
    // The harness carries the host's craft (a route through the map is the bots' business).
    pilot.craft = newCraftState(enemyBase.x, enemyBase.y);
    await waitFor(watcher, (s) => s.flags.length === 2 && s.flags[1].carrier === s.crafts.get(host.sessionId)?.slot, "the host carrying Orange's flag");
    // Each client hears of it on its own patch: the rival's may come a moment after the watcher's.
    await waitFor(rival, (s) => s.flags.length === 2 && !s.flags[1].atHome, "the rival seeing its flag gone");
    pilot.craft = newCraftState(ownBase.x, ownBase.y);
    await waitFor(watcher, (s) => s.phase === Phase.Results, "the round won by the capture");
    expect([...watcher.state.teamScores]).toEqual([1, 0]);
    expect(watcher.state.crafts.get(host.sessionId)!.captures).toBe(1);
    await until(() => seen.events.some((e) => e.kind === "flag" && e.action === "capture" && e.team === 1), "the capture event");
    expect(seen.events.filter((e) => e.kind === "flag").map((e) => e.kind === "flag" && e.action)).toEqual(["take", "capture"]);
    // A private room keeps its host's choice: no vote.
    expect(watcher.state.voteChoices.length).toBe(0);
  });

  it("the host may not pick a mode the map is not made for, and is told why", async () => {
    const { host } = await ctfRoom();
    const ffaOnly = ["foundry", "causeway"].find((id) => !getMap(id)?.modes.includes("ctf"));
    if (!ffaOnly) return expect(getMap("foundry")?.modes).toBeDefined();
    const errors = errorsOf(host);
    host.send(ClientMessage.Settings, { map: ffaOnly });
    await until(() => errors.length > 0, "the refusal");
    expect(errors[0]).toMatch(/not made for Capture the Flag/);
    expect(host.state.map).not.toBe(ffaOnly);
  });
});

describe("a public team deathmatch room", () => {
  let server: TestServer;
  beforeAll(async () => {
    const tdmMap = ["foundry", "causeway"].find((id) => getMap(id)?.modes.includes("tdm")) ?? "foundry";
    server = await startTestServer({ mode: "tdm", map: tdmMap });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("keeps the teams even: newcomers fill the smaller team, a switch that would unbalance is refused, a leave evens them", async () => {
    const rooms = [];
    for (const name of ["A", "B", "C", "D"]) rooms.push(await join(server.url, name));
    const [a] = rooms;
    await waitFor(a, (s) => s.crafts.size === 4, "four players");
    const teams = () => [...a.state.crafts.values()].map((c) => c.team).sort();
    expect(teams()).toEqual([0, 0, 1, 1]);
    expect(a.state.mode).toBe("tdm");
    const listed = (await (await fetch(`${server.httpUrl}/api/rooms`)).json()).rooms[0];
    expect(listed.mode).toBe("tdm");

    const mover = rooms.find((r) => r.state.crafts.get(r.sessionId)!.team === 0)!;
    const errors = errorsOf(mover);
    mover.send(ClientMessage.Team, { team: 1 });
    await until(() => errors.length > 0, "the refusal");
    expect(errors[0]).toMatch(/Orange has more players/);

    // Both of team 1 leave: one of team 0 is moved across, and told in the chat.
    const lines = chatOf(a);
    const orange = rooms.filter((r) => r.state.crafts.get(r.sessionId)!.team === 1);
    await Promise.all(orange.map(leaveRoom));
    const stayer = rooms.find((r) => !orange.includes(r) && r !== a) ?? a;
    await waitFor(stayer, (s) => s.crafts.size === 2 && [...s.crafts.values()].some((c) => c.team === 1), "the teams evened");
    expect([...stayer.state.crafts.values()].map((c) => c.team).sort()).toEqual([0, 1]);
    await until(() => lines.some((l) => /to even the teams/.test(l)), "the line saying who moved");
  });

  it("a round's end offers three choices; the vote decides the next map and mode", async () => {
    const local = await startTestServer({ mode: "ffa", scoreLimit: 1, resultsSeconds: 3 });
    try {
      const a = await join(local.url, "Voter A");
      const b = await join(local.url, "Voter B");
      await waitFor(a, (s) => s.crafts.size === 2, "both players");
      const arena = local.roomOf(a);
      arena.match.pilots.get(a.sessionId)!.kills = 1;
      const choices = await waitFor(b, (s) => s.phase === Phase.Results && s.voteChoices.length === GAME.voteChoices && [...s.voteChoices], "the vote");
      a.send(ClientMessage.Vote, { choice: 2 });
      b.send(ClientMessage.Vote, { choice: 2 });
      await waitFor(b, (s) => s.votes[2] === 2, "both votes counted");
      await waitFor(b, (s) => s.phase === Phase.Playing, "the next round", 10_000);
      expect(`${b.state.map}:${b.state.mode}`).toBe(choices[2]);
      const bad = errorsOf(a);
      a.send(ClientMessage.Vote, { choice: 0 });
      await until(() => bad.length > 0, "a vote out of its time refused");
      expect(bad[0]).toMatch(/no vote right now/);
    } finally {
      await leaveAll();
      await local.stop();
    }
  });
});
