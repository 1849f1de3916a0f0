// The fuzzer's short run (the full million is `npm run fuzz`, reported in BENCHMARKS.md):
// garbage of every kind through real connections to a live server process.

import { expect, it } from "vitest";
import { runFuzz } from "../../testkit/fuzz";

it("survives 30,000 generated messages of every kind: no crash, every room ticking, offenders told", async () => {
  const report = await runFuzz({ messages: 30_000, rooms: 2 });
  expect(report.messages).toBe(30_000);
  expect(report.crashes).toBe(0);
  expect(report.serverHealthy).toBe(true);
  expect(report.roomsTicking).toBe(true);
  // Every generator ran, and the server refused what it had to, with reasons.
  expect(Object.keys(report.byKind).sort()).toEqual(["binaryBody", "inputValues", "msgpackBody", "oversized", "protocol", "randomBytes", "truncated", "unknownType", "valid"]);
  expect(report.refusedByServer).toBeGreaterThan(5_000);
  expect(report.errorReplies).toBeGreaterThan(5_000);
  // Honest players kept getting patches while it ran.
  for (const h of report.honest) expect(h.during.ticksPerSecond).toBeGreaterThan(0);
}, 120_000);
