// What a first visit costs: the bytes that actually cross the wire from the server for the page
// and the scripts and styles it loads at once, as Chromium asks for them (its own
// Accept-Encoding; brotli comes back from the build's precompressed copies), headers included.
//
// Alone: `node --import tsx bench/firstLoad.ts` builds the client (into CLIENT_DIR, default
// dist/client), serves it from the real server and prints the figure.

import path from "node:path";
import type { Browser } from "playwright-core";

export interface FirstLoadFile {
  path: string;
  type: string;
  /** Content-Encoding of the answer ("identity" when none). */
  encoding: string;
  /** Body bytes as sent (compressed) and response header bytes. */
  bodyBytes: number;
  headerBytes: number;
}

export interface FirstLoad {
  /** Everything below, bodies and headers, in kB (1,024 bytes). */
  kb: number;
  /** The bodies alone, in kB. */
  bodyKb: number;
  acceptEncoding: string;
  files: FirstLoadFile[];
}

const FIRST_LOAD_TYPES = new Set(["document", "script", "stylesheet"]);

/** Opens `url` in a fresh context (empty cache) and adds up what the first load fetched. */
export async function measureFirstLoad(browser: Browser, url: string): Promise<FirstLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    const pending: Promise<(FirstLoadFile & { acceptEncoding: string }) | undefined>[] = [];
    page.on("requestfinished", (request) => {
      if (!FIRST_LOAD_TYPES.has(request.resourceType())) return;
      pending.push(
        (async () => {
          const response = await request.response();
          if (!response) return undefined;
          const [sizes, sent] = await Promise.all([request.sizes(), request.allHeaders()]);
          return {
            path: new URL(request.url()).pathname,
            type: request.resourceType(),
            encoding: response.headers()["content-encoding"] ?? "identity",
            bodyBytes: sizes.responseBodySize,
            headerBytes: sizes.responseHeadersSize,
            acceptEncoding: sent["accept-encoding"] ?? "",
          };
        })(),
      );
    });
    // The landing page asks for the arena's module (and Phaser) at once; the network goes
    // quiet once they are in (the room list's refresh is not a script).
    await page.goto(url, { waitUntil: "networkidle" });
    const files = (await Promise.all(pending)).filter((f) => f !== undefined);
    if (!files.some((f) => f.type === "document") || !files.some((f) => f.type === "script")) {
      throw new Error(`the first load fetched no page or no script: ${files.map((f) => f.path).join(", ")}`);
    }
    const sum = (n: (f: FirstLoadFile) => number) => files.reduce((t, f) => t + n(f), 0) / 1024;
    return {
      kb: sum((f) => f.bodyBytes + f.headerBytes),
      bodyKb: sum((f) => f.bodyBytes),
      acceptEncoding: files[0].acceptEncoding,
      files: files.map(({ acceptEncoding: _, ...f }) => f),
    };
  } finally {
    await context.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.LOG_LEVEL ??= "warn";
  const { chromium } = await import("playwright-core");
  const { build } = await import("vite");
  const { startServer } = await import("../server/app");
  const { DEFAULTS, NO_RECORDS } = await import("../server/config");
  // Absolute: Vite would read a relative outDir from its root (game/).
  const clientDir = path.resolve(process.env.CLIENT_DIR || DEFAULTS.clientDir);
  await build({ configFile: "vite.config.ts", logLevel: "warn", build: { outDir: clientDir, emptyOutDir: true } });
  const server = await startServer({ ...DEFAULTS, dataDir: NO_RECORDS, host: "127.0.0.1", port: 0, botFill: 0, clientDir, logLevel: "warn" }, { gracefulShutdown: false });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true, args: ["--disable-quic", "--disable-dev-shm-usage"] });
  try {
    console.log(JSON.stringify(await measureFirstLoad(browser, `http://127.0.0.1:${server.port}/`), null, 1));
  } finally {
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
    await server.stop();
  }
  process.exit(0);
}
