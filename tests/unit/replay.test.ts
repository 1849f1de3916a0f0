// Replays: a recorded bot fight played back through the page's own player (ReplayRoom under an
// ArenaSession) shows, at any moment it is moved to, what a live watcher saw at that tick;
// damaged files are refused with a sentence; a kill-cam clip covers the seconds before a down.

import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { unpackReplay } from "../../game/replay/load";
import { ReplayPlayer } from "../../game/replay/ReplayPlayer";
import { readReplay, RecordKind, type Replay, writeReplay } from "../../shared/replay/format";
import { type RecordedFight, recordFight } from "../../testkit/recordedFight";
import { GAME } from "../../shared/config";
import { RECORDER_DEFAULTS, ReplayRecorder } from "../../server/replay/ReplayRecorder";

let fight: RecordedFight;
let replay: Replay;
const players: ReplayPlayer[] = [];
const clock = { now: 0 };

beforeAll(() => {
  fight = recordFight({ seconds: 30 });
  const read = readReplay(fight.replay);
  if (!read.ok) throw new Error(read.error);
  replay = read.value;
});
afterEach(() => {
  for (const p of players.splice(0)) p.close();
});

function player(startSeconds = 0): ReplayPlayer {
  const p = new ReplayPlayer(replay, () => clock.now, startSeconds);
  players.push(p);
  return p;
}

/** The crafts as the player's room and session show them now, beside what the watcher knew at that tick. */
function compareAt(p: ReplayPlayer): void {
  const tick = p.room.state.tick;
  const known = fight.truth.get(tick);
  expect(known, `a patch at tick ${tick}`).toBeDefined();
  expect(p.room.state.crafts.size).toBe(known!.size);
  for (const [id, c] of p.room.state.crafts) {
    const k = known!.get(id)!;
    expect({ id, name: c.name, hp: c.hp, kills: c.kills, deaths: c.deaths, status: c.status }).toEqual({ id, name: k.name, hp: k.hp, kills: k.kills, deaths: k.deaths, status: k.status });
    // The newest pose the session holds for the craft is the watcher's.
    const newest = p.session.remotes.get(id)?.buffer.newest();
    expect(newest && { x: newest.x, y: newest.y }).toEqual({ x: k.x, y: k.y });
  }
}

describe("a replay", () => {
  it("is as small as the figure asks: under 50 KB a minute of a 10-player fight, compressed", () => {
    const minutes = (fight.endTick - fight.startTick) / GAME.net.tickHz / 60;
    expect(gzipSync(fight.replay, { level: 9 }).byteLength / 1024 / minutes).toBeLessThan(50);
  });

  it("reads back record for record, and starts with a keyframe", () => {
    const again = readReplay(writeReplay(replay.meta, replay.records));
    expect(again.ok && again.value.records.map((r) => [r.kind, r.tick, [...r.bytes]])).toEqual(replay.records.map((r) => [r.kind, r.tick, [...r.bytes]]));
    expect(replay.records[0].kind).toBe(RecordKind.Keyframe);
    expect(replay.seekPoints.length).toBeGreaterThan(3);
  });

  it("shows, wherever it is moved to, what a live watcher saw at that tick", () => {
    const p = player();
    for (const seconds of [0.5, 12.3, 4, 27.9, 5.0, 0, 19.77]) {
      p.seek(seconds);
      expect(p.time).toBeCloseTo(seconds, 5);
      compareAt(p);
    }
  });

  it("plays through at any speed to the same end, and stops there", () => {
    for (const speed of [0.25, 4]) {
      const p = player(speed === 4 ? 0 : 26);
      p.speed = speed;
      let ended = false;
      p.onEnd = () => (ended = true);
      p.play();
      for (let i = 0; i < 20_000 && !ended; i++) {
        clock.now += 1000 / 60;
        p.advance();
        p.session.frame({ buttons: 0, aim: 0 });
      }
      expect(ended).toBe(true);
      expect(p.paused).toBe(true);
      compareAt(p);
      expect(p.room.state.tick).toBe(fight.endTick);
      // The crafts were drawn where they were, not held or guessed.
      expect(p.session.stats.stalls).toBe(0);
    }
  });

  it("opens at a moment given in seconds (a ?t= link)", () => {
    const p = player(21);
    expect(p.time).toBeCloseTo(21, 5);
    compareAt(p);
  });

  it("pauses: the clock stands still while paused, whatever real time does", () => {
    const p = player(3);
    p.pause();
    clock.now += 5000;
    p.advance();
    expect(p.time).toBeCloseTo(3, 5);
    p.play();
    for (let i = 0; i < 10; i++) {
      clock.now += 100;
      p.advance();
    }
    expect(p.time).toBeCloseTo(4, 5);
    // A long gap between frames (a hidden tab) is not played through unseen.
    clock.now += 60_000;
    p.advance();
    expect(p.time).toBeLessThan(4.3);
  });
});

describe("a damaged replay", () => {
  it("is refused with a sentence when its bytes are changed, cut short, or not a replay at all", async () => {
    const packed = new Uint8Array(gzipSync(fight.replay));
    const flipped = packed.slice();
    flipped[Math.floor(flipped.length / 2)] ^= 0x5a;
    for (const bad of [flipped, packed.subarray(0, packed.length - 100), packed.subarray(0, 20), new TextEncoder().encode("<html>not found</html>"), gzipSync(new Uint8Array(100))]) {
      const read = await unpackReplay(bad);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.error).toMatch(/^This replay (is damaged|cannot be played)/);
    }
    const good = await unpackReplay(packed);
    expect(good.ok).toBe(true);
  });

  it("never throws on any bytes, and what it accepts starts with a keyframe", () => {
    const base = fight.replay.subarray(0, 4000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: base.length }), (at, value, cut) => {
        const bytes = base.slice(0, cut);
        if (at < bytes.length) bytes[at] = value;
        const read = readReplay(bytes);
        if (read.ok) expect([RecordKind.Keyframe, RecordKind.Reset]).toContain(read.value.records[0].kind);
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void readReplay(bytes)), { numRuns: 500 });
  });
});

describe("a kill-cam clip", () => {
  it("is there for the round's last down too (sent after the patch that ended the round)", () => {
    const source = { fullState: () => new Uint8Array([14, 1]), poses: () => new Uint8Array(4) };
    const recorder = new ReplayRecorder(source, { tickHz: 60, patchHz: 30, ...RECORDER_DEFAULTS });
    recorder.begin({ id: "r-1", map: "foundry", mode: "ffa", round: 1 }, 0);
    for (let tick = 2; tick <= 600; tick += 2) {
      recorder.add(RecordKind.Patch, tick, new Uint8Array([15, 0]));
      recorder.endPatch(tick, false);
    }
    expect(recorder.finish(600)).toBeDefined();
    const clip = readReplay(recorder.clip(4, 600)!);
    expect(clip.ok && clip.value.meta.endTick).toBe(600);
    // Once the next round begins, the last one's records are gone.
    recorder.begin({ id: "r-2", map: "foundry", mode: "ffa", round: 2 }, 900);
    expect(readReplay(recorder.clip(4, 900)!)).toMatchObject({ ok: true, value: { meta: { startTick: 900, endTick: 900 } } });
  });

  it("holds the seconds before the down, from a full state, and plays to the down", () => {
    expect(fight.clips.length).toBeGreaterThan(0);
    for (const { tick, clip } of fight.clips) {
      const read = readReplay(clip);
      expect(read.ok).toBe(true);
      if (!read.ok) continue;
      const c = read.value;
      expect(c.records[0].kind).toBe(RecordKind.Reset);
      // It ends with the patch that carried the down.
      const interval = GAME.net.tickHz / GAME.net.patchHz;
      expect(c.meta.endTick - tick).toBeGreaterThanOrEqual(0);
      expect(c.meta.endTick - tick).toBeLessThan(interval);
      // At least the ~4 s asked for (less only when the round is younger), at most a second more.
      const seconds = (c.meta.endTick - c.meta.startTick) / GAME.net.tickHz;
      expect(seconds).toBeLessThanOrEqual(5.01);
      if (tick - fight.startTick > 5 * GAME.net.tickHz) expect(seconds).toBeGreaterThanOrEqual(4);
      const p = new ReplayPlayer(c, () => clock.now, 0);
      players.push(p);
      p.seek(p.duration);
      expect(p.room.state.tick).toBe(c.meta.endTick);
      compareAt(p);
    }
  });
});
