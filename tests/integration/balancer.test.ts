// The balancer configuration an operator copies (deploy/nginx/skirmish.conf), run by a real
// nginx in front of a real server process: the page comes through precompressed, the API's
// JSON gets compressed by nginx, and players join and play over the proxied WebSocket.

import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArenaClient } from "../../game/net/ArenaClient";
import { ArenaState } from "../../shared/schema/ArenaState";
import { type Nginx, startNginx } from "../../testkit/nginx";
import { type ServerProcess, startServerProcess } from "../../testkit/processes";
import { waitFor } from "./harness";

let game: ServerProcess;
let nginx: Nginx;

beforeAll(async () => {
  // The client the integration suite's global setup built (CLIENT_DIR).
  game = await startServerProcess({ BOTS: "2" });
  nginx = await startNginx("deploy/nginx/skirmish.conf", (conf) => conf.replace("127.0.0.1:2567", `127.0.0.1:${game.port}`), "balancer");
}, 120_000);

afterAll(async () => {
  nginx?.stop();
  await game?.stop();
});

describe("the nginx configuration in deploy/", () => {
  it("passes the page and its scripts through precompressed, as the browser asked", async () => {
    const page = await fetch(`${nginx.httpUrl}/`, { headers: { "Accept-Encoding": "br, gzip" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-encoding")).toBe("br");
    const html = await page.text();
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1];
    const js = await fetch(`${nginx.httpUrl}${script}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(js.headers.get("content-encoding")).toBe("gzip");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("compresses what the server sends plain (the API, the metrics)", async () => {
    expect((await fetch(`${nginx.httpUrl}/api/rooms`)).status).toBe(200);
    // fetch undoes the encoding: read the raw answer through node's http instead.
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      import("node:http").then(({ get }) =>
        get(`${nginx.httpUrl}/metrics`, { headers: { "Accept-Encoding": "gzip" } }, (r) => {
          const chunks: Buffer[] = [];
          r.on("data", (c) => chunks.push(c));
          r.on("end", () => resolve({ encoding: r.headers["content-encoding"], body: Buffer.concat(chunks) }));
        }).on("error", reject),
      );
    });
    expect(raw.encoding).toBe("gzip");
    expect(gunzipSync(raw.body).toString()).toContain("skirmish_rooms");
  });

  it("carries Quick Play and the game's WebSocket: players join, play and get a dropped seat back", async () => {
    const res = await fetch(`${nginx.httpUrl}/api/quickplay`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "Proxied" }) });
    const seat = await res.json();
    const client = new ArenaClient(nginx.url);
    const room = await client.consumeSeatReservation(seat, ArenaState);
    await waitFor(room, (s) => s.crafts.get(room.sessionId) !== undefined && s.tick > 60, "playing through nginx");
    const token = room.reconnectionToken;
    await room.leave(false);
    const back = await new ArenaClient(nginx.url).reconnect<ArenaState>(token, ArenaState);
    expect(back.sessionId).toBe(room.sessionId);
    await waitFor(back, (s) => s.tick > 0, "patches again");
    await back.leave();
  });
});
