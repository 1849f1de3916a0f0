import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ClientMessage } from "../../shared/net/messages";
import { join, leaveAll, startTestServer, type TestServer, waitFor } from "./harness";

// What an operator sees: health, Prometheus metrics, and the admin monitor behind a password.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ adminPassword: "s3cret", botFill: 2 });
});
afterEach(leaveAll);
afterAll(async () => {
  await server?.stop();
});

function metric(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(" ").pop()) : Number.NaN;
}

it("reports rooms, players, watchers, tick time, patch bytes and refused messages at /metrics", async () => {
  const player = await join(server.url, "Player");
  const watcher = await join(server.url, "Eye", { spectate: true });
  await waitFor(player, (s) => s.watchers === 1 && s.tick > 30, "a running room with a watcher");
  player.sendBytes(ClientMessage.Input, new Uint8Array([1]));
  await waitFor(player, (s) => s.tick > 60, "a few more ticks");
  const res = await fetch(`${server.httpUrl}/metrics`);
  expect(res.headers.get("content-type")).toMatch(/text\/plain/);
  const text = await res.text();
  expect(metric(text, "skirmish_rooms")).toBe(1);
  expect(metric(text, "skirmish_players")).toBe(1);
  expect(metric(text, "skirmish_spectators")).toBe(1);
  expect(metric(text, "skirmish_bots")).toBe(1);
  expect(metric(text, "skirmish_tick_duration_seconds_count")).toBeGreaterThan(60);
  expect(metric(text, "skirmish_patch_bytes_total")).toBeGreaterThan(200);
  expect(metric(text, "skirmish_message_bytes_total")).toBeGreaterThan(200);
  // The runtime the project pins (Node 24, from npm), not whatever node the machine has.
  expect(text).toMatch(/^skirmish_nodejs_version_info\{version="v24\./m);
  expect(metric(text, "skirmish_input_messages_rejected_total")).toBe(1);
  expect(text).toContain("skirmish_process_resident_memory_bytes");
  await watcher.leave();
});

it("serves the monitor at /admin only with the password", async () => {
  expect((await fetch(`${server.httpUrl}/admin/`)).status).toBe(401);
  const wrong = Buffer.from("admin:nope").toString("base64");
  expect((await fetch(`${server.httpUrl}/admin/`, { headers: { Authorization: `Basic ${wrong}` } })).status).toBe(401);
  const right = Buffer.from("admin:s3cret").toString("base64");
  const res = await fetch(`${server.httpUrl}/admin/`, { headers: { Authorization: `Basic ${right}` } });
  expect(res.status).toBe(200);
  expect(await res.text()).toMatch(/<html/i);
});
