// Browser tests run against the real thing: the client is built, the server process is
// started as `npm start` would start it (on a free loopback port), and Debian's Chromium
// is driven by playwright-core.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, waitForHealth } from "../../testkit/net";
import type { TestProject } from "vitest/node";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium (npm test does this when run as root).`);
  }
  const { build } = await import("vite");
  await build({ configFile: "vite.config.ts", logLevel: "warn" });

  mkdirSync(".test-artifacts", { recursive: true });
  const log = openSync(".test-artifacts/e2e-server.log", "w");
  const port = await freePort();
  // Every server of this run keeps its records under one folder, removed when the run ends
  // (an embedded database is some 40 MB); the test files' own servers find it in the environment.
  const runDir = mkdtempSync(path.join(tmpdir(), "skirmish-e2e-"));
  process.env.SKIRMISH_TEST_DATA = runDir;
  const dataDir = path.join(runDir, "main");
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    // No bots: the browser tests watch specific players; bots are covered by integration tests.
    // Records kept as `npm start` keeps them, in a folder of this run's own.
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", BOTS: "0", JOINS_PER_MINUTE: "100000", DATA_DIR: dataDir },
    stdio: ["ignore", log, log],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, server);
  project.provide("baseUrl", baseUrl);

  return async () => {
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => {
        const t = setTimeout(() => {
          server.kill("SIGKILL");
          r(undefined);
        }, 5000);
        server.once("exit", () => {
          clearTimeout(t);
          r(undefined);
        });
      });
    }
    // After the server has gone (it writes what waits as it stops).
    rmSync(runDir, { recursive: true, force: true });
  };
}
