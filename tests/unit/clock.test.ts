import { describe, expect, it } from "vitest";
import { ServerClock } from "../../game/net/ServerClock";
import { SeededRandom } from "../../shared/sim/random";

describe("server clock estimate", () => {
  it("learns the tick clock and the jitter from patch arrivals", () => {
    const clock = new ServerClock({ tickHz: 60 });
    const rng = new SeededRandom(3);
    const latencyMs = 80;
    const jitterMs = 20;
    for (let tick = 0; tick < 60 * 30; tick += 2) {
      const sentAt = (tick * 1000) / 60;
      const delay = latencyMs + (rng.next() * 2 - 1) * jitterMs;
      clock.observePatch(tick, sentAt + delay + 1000);
    }
    const now = 31_000 + latencyMs;
    // The estimate sits on the mean arrival: tick (now - 1000 - latency) has just arrived.
    expect(clock.estimate(now)).toBeCloseTo(((now - 1000 - latencyMs) * 60) / 1000, 0);
    // Uniform ±20 ms has a standard deviation of 11.5 ms.
    expect(clock.jitterMs).toBeGreaterThan(8);
    expect(clock.jitterMs).toBeLessThan(15);
  });

  it("plays time forward smoothly, never backwards, while following the estimate", () => {
    const clock = new ServerClock({ tickHz: 60 });
    clock.observePatch(0, 0);
    let last = clock.now(0);
    for (let t = 16; t < 5000; t += 16) {
      // The server turns out to be 3 ticks ahead of the first guess.
      if (t % 32 === 0) clock.observePatch(Math.floor(((t * 60) / 1000) + 3), t);
      const now = clock.now(t);
      expect(now).toBeGreaterThanOrEqual(last);
      expect(now - last).toBeLessThan((16 * 60) / 1000 * 1.1 + 1e-9);
      last = now;
    }
    expect(Math.abs(clock.now(5000) - clock.estimate(5000))).toBeLessThan(0.3);
  });

  it("jumps at once after a long stall instead of crawling back", () => {
    const clock = new ServerClock({ tickHz: 60 });
    for (let i = 0; i < 60; i++) clock.observePatch(i * 2, (i * 2000) / 60);
    clock.now(2000);
    for (let i = 0; i < 30; i++) clock.observePatch(600 + i * 2, 10_000 + (i * 2000) / 60);
    expect(Math.abs(clock.now(11_000) - clock.estimate(11_000))).toBeLessThan(1);
  });
});

describe("ping", () => {
  it("is the network's round trip, not the time a busy page took to read the pong", () => {
    const clock = new ServerClock({ tickHz: 60 });
    // A 20 ms network; some pongs waited up to 70 ms more for a long frame to end.
    for (const rtt of [20, 90, 21, 64, 20, 88, 22, 20, 75, 21, 60, 20]) clock.observeRtt(rtt);
    expect(clock.rttMs).toBeGreaterThanOrEqual(20);
    expect(clock.rttMs).toBeLessThan(23);
  });

  it("follows a network that really got slower", () => {
    const clock = new ServerClock({ tickHz: 60 });
    for (let i = 0; i < 10; i++) clock.observeRtt(20);
    for (let i = 0; i < 20; i++) clock.observeRtt(150 + (i % 3) * 10);
    expect(clock.rttMs).toBeGreaterThan(145);
  });
});
