// The fleet as deploy/ runs it: three real processes sharing a real Redis and PostgreSQL behind
// a real nginx over TLS (deploy/nginx/skirmish-fleet.conf), played by the page's own flow and
// matchmaking (testkit/pagePlayer). Then the faults, really injected: Redis frozen for 10 s,
// every process restarted in turn (SIGTERM), one process killed (SIGKILL).

import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArenaClient } from "../../game/net/ArenaClient";
import { matchmakingAt } from "../../game/net/connect";
import { ArenaState } from "../../shared/schema/ArenaState";
import { MOVED } from "../../game/PageFlow";
import type { ChatLine } from "../../shared/net/chat";
import { MATCHMAKING_BUSY, onMessage, sendMessage, ToClient, ToServer } from "../../shared/net/messages";
import { fleetInconsistencies, startFleet, type TestFleet } from "../../testkit/fleet";
import { PagePlayer } from "../../testkit/pagePlayer";
import { until, waitFor } from "./harness";

let fleet: TestFleet;
const players: PagePlayer[] = [];

beforeAll(async () => {
  fleet = await startFleet({ database: true, env: { BOTS: "2" } });
}, 90_000);

afterAll(async () => {
  await Promise.all(players.map((p) => p.leave().catch(() => undefined)));
  await fleet?.stop();
});

/** A page player through the balancer (or through one process's path: `/p2`). */
function player(path = "", name?: string): PagePlayer {
  const p = new PagePlayer(fleet.url + path, name);
  players.push(p);
  return p;
}

/** Someone joining from a test, not from a browser (no storage): a key of their own, no identity. */
const joiner = (name: string) => ({ key: () => `fleet-test-${name}`, identity: () => ({}) });

/** Which process (0–2) holds a player's room, by the path its socket took. */
const processOf = (room: Room) => fleet.indexOf(room.connection.url!);

/** Resolves once `check` holds, asking every 100 ms; rejects after `timeoutMs` with `what`. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function json<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(fleet.httpUrl + path);
  return { status: res.status, body: (await res.json()) as T };
}

describe("a fleet behind nginx over TLS", () => {
  it("spreads new rooms over the processes, even when they are asked for in a burst through all of them", async () => {
    const opened: Room[] = [];
    for (let i = 0; i < 9; i++) opened.push(await new ArenaClient(fleet.url).create("arena", { name: `Opener${i}` }, ArenaState));
    const where = new Set(opened.map((r) => processOf(r)));
    expect(where.size).toBeGreaterThanOrEqual(2);
    // Every process lists every room, whichever holds it.
    for (const i of [0, 1, 2]) {
      const lists = async () => (await json<{ rooms: { id: string }[] }>(`/p${i + 1}/api/rooms`)).body.rooms.map((x) => x.id);
      await eventually(async () => {
        const listed = await lists();
        return opened.every((r) => listed.includes(r.roomId));
      }, `process ${i + 1} listing every room`, 5000);
      expect(await lists()).toEqual(expect.arrayContaining(opened.map((r) => r.roomId)));
    }
    await Promise.all(opened.map((r) => r.leave()));
  });

  it("serves the page over TLS with its own compression and plays through the one origin", async () => {
    const page = await fetch(`${fleet.httpUrl}/`, { headers: { "Accept-Encoding": "br, gzip" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-encoding")).toBe("br");
    expect(page.headers.get("strict-transport-security")).toContain("max-age");
    const alone = player();
    const room = await alone.quickPlay();
    expect(room.connection.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/p[123]\//);
    await waitFor(room, (s) => s.crafts.has(room.sessionId), "own craft");
  });

  it("makes a private room through one process, finds and joins it through another, watches it through a third, and gets a dropped player back", async () => {
    const host = player("/p1", "Host");
    host.flow.send({ type: "create-private" });
    await host.until(() => host.playing, 15_000, "in the private room");
    const code = host.room!.state.code;
    expect(code).toMatch(/^[A-Z0-9]{6}$/);

    const friend = player("/p2", "Friend");
    friend.flow.send({ type: "join-by-code", code });
    await friend.until(() => friend.playing, 15_000, "in the host's room");
    expect(friend.room!.roomId).toBe(host.room!.roomId);
    await waitFor(host.room!, (s) => s.crafts.has(friend.room!.sessionId), "the friend in the host's room");

    const watcher = await matchmakingAt(`${fleet.url}/p3`, joiner("Watcher")).joinRoom(host.room!.roomId, "Watcher", true);
    await waitFor(watcher, (s) => s.crafts.has(friend.room!.sessionId) && s.watchers > 0, "the watcher seeing the friend");
    await watcher.leave();

    // The friend's connection drops: the page gets the same seat back through the balancer.
    const seat = friend.room!.sessionId;
    friend.room!.connection.close(4999, "cut");
    await friend.until(() => friend.outages.at(-1)?.to !== undefined, 15_000, "back in after the drop");
    expect(friend.room!.sessionId).toBe(seat);
    expect(friend.moved).toEqual([]);
  });
});

describe("Redis away for 10 s", () => {
  it("keeps every room ticking and every message delivered; a join meanwhile is told matchmaking is busy and gets in by itself; nothing is left inconsistent", async () => {
    const talker = player();
    const listener = player();
    await talker.quickPlay();
    await listener.quickPlay();
    expect(listener.room!.roomId).toBe(talker.room!.roomId);
    const heard: string[] = [];
    onMessage(listener.room!, ToClient.Chat, (line: ChatLine) => heard.push(line.text));
    for (const p of [talker, listener]) p.longestSilence = 0;
    const tickAtStop = listener.room!.state.tick;

    fleet.redis.pause();
    const stoppedAt = Date.now();
    const latecomer = player();
    latecomer.flow.send({ type: "quick-play" });
    const said: string[] = [];
    for (let i = 0; Date.now() - stoppedAt < 10_000; i++) {
      said.push(`line ${i} while Redis is away`);
      sendMessage(talker.room!, ToServer.Chat, said.at(-1)!);
      await new Promise((r) => setTimeout(r, 1100));
    }
    // Meanwhile the page said why it waits, and kept trying.
    expect(latecomer.shown.some((s) => s.state.kind === "joining" && s.state.text === MATCHMAKING_BUSY)).toBe(true);
    expect(latecomer.playing).toBe(false);
    fleet.redis.resume();

    await latecomer.until(() => latecomer.playing, 15_000, "playing once Redis is back");
    console.log(`a join during the outage got in ${Date.now() - stoppedAt - 10_000} ms after Redis came back`);
    // The room played on: ticks went on at the room's rate, no patch was late, every line arrived.
    await until(() => heard.length >= said.length, "every chat line heard");
    expect(heard.filter((t) => t.includes("while Redis is away"))).toEqual(said);
    expect(listener.room!.state.tick - tickAtStop).toBeGreaterThan(55 * 10);
    // No patch waited on Redis: a room that did would have gone quiet for the whole 10 s.
    for (const p of [talker, listener]) expect(p.longestSilence).toBeLessThan(2000);
    expect(talker.outages).toEqual([]);
    // Nothing inconsistent once recovered (the processes need no restart).
    await eventually(async () => (await fleetInconsistencies(fleet)).length === 0, "a consistent fleet", 10_000).catch(() => undefined);
    expect(await fleetInconsistencies(fleet)).toEqual([]);
  }, 60_000);
});

describe("a rolling restart", () => {
  it("moves every public player to another process with one line, tells a private room why, and measures the time out of play", async () => {
    const publicPlayers = [player(), player(), player(), player()];
    for (const p of publicPlayers) await p.quickPlay();
    const host = player("", "PrivateHost");
    host.flow.send({ type: "create-private" });
    await host.until(() => host.playing, 15_000, "in a private room");
    const hostProcess = processOf(host.room!);

    for (let i = 0; i < 3; i++) {
      await fleet.procs[i]!.stop("SIGTERM");
      fleet.procs[i] = undefined;
      // Everyone who was on it is playing elsewhere before it is back.
      for (const p of publicPlayers) await p.until(() => p.playing, 20_000, `playing after process ${i + 1} stopped`);
      await fleet.start(i);
    }
    for (const p of publicPlayers) {
      expect(p.playing).toBe(true);
      // Each move was said in one line, and each took them to a process that was up.
      expect(p.moved.length).toBe(p.outages.length);
      for (const line of p.moved) expect(line).toBe(MOVED.restart);
    }
    const outs = publicPlayers.flatMap((p) => p.outages.map((o) => o.to! - o.from));
    expect(outs.length).toBeGreaterThanOrEqual(publicPlayers.length);
    outs.sort((a, b) => a - b);
    console.log(`rolling restart: ${outs.length} moves, out of play p50 ${outs[Math.floor(outs.length / 2)]} ms, max ${outs.at(-1)} ms`);
    // The private room ended with its process, and its host was told so.
    await host.until(() => host.state.kind === "notice", 10_000, "told the private room ended");
    expect(host.words).toContain("The server is restarting");
    expect(hostProcess).toBeGreaterThanOrEqual(0);
    expect(await fleetInconsistencies(fleet)).toEqual([]);
  }, 120_000);
});

describe("a process killed (SIGKILL)", () => {
  it("puts its public players into a game on another process within 3 s, drops its rooms from every list, and its private code answers 'no such room'", async () => {
    const publicPlayers = [player(), player(), player()];
    for (const p of publicPlayers) await p.quickPlay();
    const victim = processOf(publicPlayers[0].room!);
    const onVictim = publicPlayers.filter((p) => processOf(p.room!) === victim);
    // A private room on the same process: open rooms until one lands there. New rooms go to the
    // least busy processes, which it is not; the counts they go by reach Redis once a second, so
    // after each miss, a second's wait lets the rooms just opened elsewhere count.
    let privateHost: PagePlayer | undefined;
    for (let i = 0; i < 20 && !privateHost; i++) {
      const host = player("", `Host${i}`);
      host.flow.send({ type: "create-private" });
      await host.until(() => host.playing, 15_000, "in a private room");
      if (processOf(host.room!) === victim) privateHost = host;
      else await new Promise((r) => setTimeout(r, 1100));
    }
    expect(privateHost).toBeDefined();
    const code = privateHost!.room!.state.code;
    const ghost = privateHost!.room!.roomId;
    const publicGhost = onVictim[0].room!.roomId;

    const killedAt = Date.now();
    await fleet.procs[victim]!.stop("SIGKILL");
    fleet.procs[victim] = undefined;

    for (const p of onVictim) {
      await p.until(() => p.playing && p.room!.roomId !== publicGhost, 10_000, "playing again");
      const out = p.outages.at(-1)!;
      expect(out.to! - killedAt).toBeLessThanOrEqual(3000);
      expect(processOf(p.room!)).not.toBe(victim);
      expect(p.moved.at(-1)).toBe(MOVED.lost);
      console.log(`after SIGKILL, ${p.name} played again ${out.to! - killedAt} ms later (closed with ${out.code})`);
    }
    // No list offers its rooms, and its private code is no room at all, through every process.
    await eventually(async () => {
      for (const i of [0, 1, 2].filter((j) => j !== victim)) {
        const { body } = await json<{ rooms: { id: string }[] }>(`/p${i + 1}/api/rooms`);
        if (body.rooms.some((r) => r.id === publicGhost)) return false;
      }
      return true;
    }, "the dead process's rooms gone from every list", 10_000);
    console.log(`a killed process's rooms left every list ${Date.now() - killedAt} ms after SIGKILL`);
    const lookup = await json<{ error: string }>(`/api/rooms/${code}`);
    expect(lookup.status).toBe(404);
    expect(lookup.body.error).toContain("No room has the code");
    // Its host was told the room ended (it cannot be replaced).
    await privateHost!.until(() => privateHost!.state.kind === "notice", 10_000, "told the room ended");
    expect(privateHost!.words).toContain("Your room has ended");
    // A join aimed at the dead room is answered at once, not after a timeout.
    const asked = Date.now();
    await expect(matchmakingAt(fleet.url, joiner("Late")).joinRoom(ghost, "Late", false)).rejects.toMatchObject({ reason: "gone" });
    expect(Date.now() - asked).toBeLessThan(1000);
    await fleet.start(victim);
  }, 120_000);
});

describe("a process frozen (SIGSTOP): a machine gone without closing its connections", () => {
  it("has its rooms dropped from every list within seconds all the same (it stops stamping its entry)", async () => {
    const host = player("", "FrozenHost");
    host.flow.send({ type: "create-private" });
    await host.until(() => host.playing, 15_000, "in a private room");
    const frozen = processOf(host.room!);
    const code = host.room!.state.code;
    // A public room on the same process, to watch the list.
    let publicRoom = "";
    for (let i = 0; i < 20 && !publicRoom; i++) {
      const room = await new ArenaClient(`${fleet.url}/p${frozen + 1}`).create("arena", { name: `Open${i}` }, ArenaState);
      await waitFor(room, (s) => s.tick > 0, "the room running");
      if (processOf(room) === frozen) publicRoom = room.roomId;
      else await new Promise((r) => setTimeout(r, 1100)); // kept open: it counts where the next room goes
    }
    expect(publicRoom).not.toBe("");
    await eventually(async () => (await json<{ rooms: { id: string }[] }>("/api/rooms")).body.rooms.some((r) => r.id === publicRoom), "the room listed", 5000);
    const proc = fleet.procs[frozen]!;
    const frozenAt = Date.now();
    process.kill(proc.child.pid!, "SIGSTOP");
    try {
      const survivor = [0, 1, 2].find((i) => i !== frozen)!;
      // The list, looked at often (code lookups are rate-limited: one at the end).
      await eventually(async () => !(await json<{ rooms: { id: string }[] }>(`/p${survivor + 1}/api/rooms`)).body.rooms.some((r) => r.id === publicRoom), "the frozen process's rooms gone", 10_000);
      console.log(`a frozen process's rooms left the lists ${Date.now() - frozenAt} ms after it froze`);
      expect((await json(`/p${survivor + 1}/api/rooms/${code}`)).status).toBe(404);
    } finally {
      process.kill(proc.child.pid!, "SIGCONT");
    }
    await proc.stop("SIGKILL");
    fleet.procs[frozen] = undefined;
    await fleet.start(frozen);
  }, 60_000);
});
