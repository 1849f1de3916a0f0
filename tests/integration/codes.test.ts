import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness";

// Guessing private room codes: a few lookups a minute per address, then HTTP 429.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ codeLookupsPerMinute: 5 });
});
afterAll(async () => {
  await server?.stop();
});

it("answers code guesses beyond a small rate with 429 and says why", async () => {
  const statuses: number[] = [];
  let last: { error?: string } = {};
  for (let i = 0; i < 8; i++) {
    const res = await fetch(`${server.httpUrl}/api/rooms/ABCDE${"23456789"[i]}`);
    statuses.push(res.status);
    last = await res.json();
  }
  expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
  expect(last.error).toMatch(/Too many room codes/);
  // The public list is not rate-limited that way.
  expect((await fetch(`${server.httpUrl}/api/rooms`)).status).toBe(200);
});
