import http from "node:http";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pagePolicy } from "../../server/http/security";
import { startTestServer, type TestServer } from "./harness";

// The server as an origin: the build's brotli and gzip copies sent to the browsers that accept
// them (and labelled so caches keep them apart), the caching of hashed and unhashed files, and
// the security headers on every answer of ours.

/** The client the integration suite's global setup built. */
const CLIENT = process.env.CLIENT_DIR!;
const CHROMIUM_ACCEPTS = "gzip, deflate, br, zstd";

let server: TestServer;
let js: string;
let css: string;

beforeAll(async () => {
  const assets = readdirSync(path.join(CLIENT, "assets"));
  // The largest script: Phaser's chunk.
  js = assets.filter((f) => f.endsWith(".js")).sort((a, b) => size(b) - size(a))[0];
  css = assets.find((f) => f.endsWith(".css"))!;
  server = await startTestServer({ clientDir: CLIENT });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const size = (asset: string) => readFileSync(path.join(CLIENT, "assets", asset)).byteLength;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire (not decoded). */
  body: Buffer;
}

/** A raw request: no client-side decoding, no headers we did not ask for. */
function get(pathname: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.httpUrl}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function decoded(answer: Answer): Buffer {
  switch (answer.headers["content-encoding"]) {
    case "br":
      return zlib.brotliDecompressSync(answer.body);
    case "gzip":
      return zlib.gunzipSync(answer.body);
    case undefined:
      return answer.body;
    default:
      throw new Error(`unexpected Content-Encoding ${answer.headers["content-encoding"]}`);
  }
}

const varies = (answer: Answer) => String(answer.headers.vary ?? "").toLowerCase().split(/\s*,\s*/).includes("accept-encoding");

describe("the build", () => {
  it("writes a brotli and a gzip copy beside every script, stylesheet and the page, each smaller and the same once decoded", () => {
    const files = ["index.html", ...readdirSync(path.join(CLIENT, "assets")).filter((f) => /\.(js|css)$/.test(f)).map((f) => `assets/${f}`)];
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const original = readFileSync(path.join(CLIENT, file));
      const br = readFileSync(path.join(CLIENT, `${file}.br`));
      const gz = readFileSync(path.join(CLIENT, `${file}.gz`));
      expect(br.byteLength, file).toBeLessThan(gz.byteLength);
      expect(gz.byteLength, file).toBeLessThan(original.byteLength);
      expect(zlib.brotliDecompressSync(br).equals(original), file).toBe(true);
      expect(zlib.gunzipSync(gz).equals(original), file).toBe(true);
    }
  });
});

describe("compressed copies", () => {
  it("sends brotli to a browser that accepts it, as the script it is, cached for a year", async () => {
    const res = await get(`/assets/${js}`, { "Accept-Encoding": CHROMIUM_ACCEPTS });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^(application|text)\/javascript; charset=utf-8$/i);
    expect(varies(res)).toBe(true);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Number(res.headers["content-length"])).toBe(res.body.byteLength);
    expect(res.body.byteLength).toBe(readFileSync(path.join(CLIENT, "assets", `${js}.br`)).byteLength);
    expect(decoded(res).equals(readFileSync(path.join(CLIENT, "assets", js)))).toBe(true);
  });

  it("sends gzip when brotli is not accepted, or is refused with q=0", async () => {
    for (const accepts of ["gzip, deflate", "br;q=0, gzip;q=0.8", "x-gzip"]) {
      const res = await get(`/assets/${js}`, { "Accept-Encoding": accepts });
      expect(res.headers["content-encoding"], accepts).toBe("gzip");
      expect(varies(res), accepts).toBe(true);
      expect(decoded(res).equals(readFileSync(path.join(CLIENT, "assets", js))), accepts).toBe(true);
    }
  });

  it("prefers brotli over gzip whatever order they are named in, and takes * for both", async () => {
    for (const accepts of ["gzip;q=1.0, br;q=0.5", "*"]) {
      expect((await get(`/assets/${js}`, { "Accept-Encoding": accepts })).headers["content-encoding"], accepts).toBe("br");
    }
  });

  it("sends the file as it is to a client that accepts neither, still saying the answer varies", async () => {
    for (const headers of [{}, { "Accept-Encoding": "identity" }, { "Accept-Encoding": "deflate, zstd" }, { "Accept-Encoding": "br;q=0, gzip;q=0" }, { "Accept-Encoding": "*;q=0" }] as Record<string, string>[]) {
      const res = await get(`/assets/${js}`, headers);
      const what = JSON.stringify(headers);
      expect(res.status, what).toBe(200);
      expect(res.headers["content-encoding"], what).toBeUndefined();
      expect(varies(res), what).toBe(true);
      expect(res.headers["content-type"], what).toMatch(/javascript/);
      expect(res.body.equals(readFileSync(path.join(CLIENT, "assets", js))), what).toBe(true);
    }
  });

  it("labels a stylesheet as CSS in every encoding", async () => {
    for (const accepts of [CHROMIUM_ACCEPTS, "gzip", ""]) {
      const res = await get(`/assets/${css}`, { "Accept-Encoding": accepts });
      expect(res.headers["content-type"], accepts).toBe("text/css; charset=utf-8");
      expect(decoded(res).equals(readFileSync(path.join(CLIENT, "assets", css))), accepts).toBe(true);
    }
  });

  it("serves the page compressed too, revalidated on every visit", async () => {
    const page = readFileSync(path.join(CLIENT, "index.html"));
    for (const [accepts, coding] of [[CHROMIUM_ACCEPTS, "br"], ["gzip", "gzip"], ["", undefined]] as const) {
      const res = await get("/", { "Accept-Encoding": accepts });
      expect(res.status).toBe(200);
      expect(res.headers["content-encoding"]).toBe(coding);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(varies(res)).toBe(true);
      expect(decoded(res).equals(page)).toBe(true);
    }
  });

  it("gives each copy its own ETag, and answers a revalidation of that copy with 304", async () => {
    const br = await get("/", { "Accept-Encoding": "br" });
    const gz = await get("/", { "Accept-Encoding": "gzip" });
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(gz.headers.etag);
    const again = await get("/", { "Accept-Encoding": "br", "If-None-Match": br.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    // A gzip client holding the brotli copy's tag must get the gzip copy, not a 304.
    expect((await get("/", { "Accept-Encoding": "gzip", "If-None-Match": br.headers.etag! })).status).toBe(200);
  });

  it("answers HEAD with the headers of the copy it would send", async () => {
    const res = await get(`/assets/${js}`, { "Accept-Encoding": CHROMIUM_ACCEPTS }, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.body.byteLength).toBe(0);
  });

  it("answers 404 for a missing asset, and never serves a file outside the build", async () => {
    expect((await get("/assets/nope-12345678.js")).status).toBe(404);
    expect(existsSync("package.json")).toBe(true);
    for (const sneaky of ["/assets/..%2f..%2f..%2fpackage.json", "/..%2f..%2fpackage.json", "/%2e%2e/%2e%2e/package.json"]) {
      const res = await get(sneaky);
      expect(res.status, sneaky).toBe(404);
      expect(res.body.toString(), sneaky).not.toContain('"name": "skirmish"');
    }
  });
});

describe("security headers", () => {
  it("puts the page's policy and the browser hardening headers on every answer of ours", async () => {
    for (const route of ["/", `/assets/${js}`, `/assets/${css}`, "/api/rooms", "/healthz", "/metrics", "/assets/nope-12345678.js", "/no-such-page"]) {
      const res = await get(route, { "Accept-Encoding": CHROMIUM_ACCEPTS });
      // Express' own "Cannot GET" page replaces the policy with a stricter one: it allows nothing.
      const policy = route === "/no-such-page" ? "default-src 'none'" : pagePolicy({ anyGameHost: false });
      expect(res.headers["content-security-policy"], route).toBe(policy);
      expect(res.headers["x-content-type-options"], route).toBe("nosniff");
      expect(res.headers["referrer-policy"], route).toBe("same-origin");
      expect(res.headers["x-frame-options"], route).toBe("DENY");
      expect(res.headers["permissions-policy"], route).toMatch(/(^|, )camera=\(\)/);
      expect(res.headers["permissions-policy"], route).toMatch(/(^|, )microphone=\(\)/);
      expect(res.headers["cross-origin-opener-policy"], route).toBe("same-origin");
      expect(res.headers["x-powered-by"], route).toBeUndefined();
    }
  });

  it("allows only our own scripts and styles, no eval, no plugins, no framing; the game's socket to this origin", () => {
    const policy = new Map(
      pagePolicy({ anyGameHost: false })
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources] as const),
    );
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    // With Redis, rooms on other processes are reached at their own public addresses.
    expect(pagePolicy({ anyGameHost: true })).toMatch(/connect-src 'self' ws: wss:/);
  });

  it("leaves Colyseus' matchmaking routes answering, with their CORS headers, and says nothing about express", async () => {
    const res = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/arena`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://example.test" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://example.test");
    expect(res.headers.get("x-powered-by")).toBeNull();
    const seat = (await res.json()) as { roomId?: string };
    expect(seat.roomId).toBeTruthy();
    const preflight = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/arena`, { method: "OPTIONS", headers: { Origin: "http://example.test" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
  });
});
