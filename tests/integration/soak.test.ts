// The soak's short run (the long one is `npm run soak`, reported in BENCHMARKS.md): bots
// join, play, leave, drop and come back; when all are gone, nothing is left behind.

import { expect, it } from "vitest";
import { runSoak } from "../../testkit/soak";

it("leaves no room, client, timer or socket behind after bots join, play, drop and come back", async () => {
  const report = await runSoak({ minutes: 0.5, bots: 30, reconnectSeconds: 3, playSeconds: [2, 6], sampleSeconds: 10 });
  // The run really churned: joins, leaves, drops and comebacks all happened.
  expect(report.sessions.joins).toBeGreaterThan(30);
  expect(report.sessions.leaves).toBeGreaterThan(0);
  expect(report.sessions.drops).toBeGreaterThan(0);
  expect(report.sessions.comebacks).toBeGreaterThan(0);
  expect(report.sessions.failedJoins).toBe(0);
  // Rooms were busy during the run, and every one was disposed after.
  expect(Math.max(...report.curve.map(([, , rooms]) => rooms))).toBeGreaterThan(0);
  expect(report.idleAfter.rooms).toBe(0);
  expect(report.idleAfter.liveRooms).toBe(0);
  expect(report.idleAfter.clients).toBe(0);
  // No timers or sockets left over beyond what the idle server had.
  for (const kind of ["Timeout", "TCPSocketWrap"]) expect(report.idleAfter.handles[kind] ?? 0).toBeLessThanOrEqual(report.idleBefore.handles[kind] ?? 0);
}, 120_000);
