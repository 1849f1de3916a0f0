// What tests and benchmarks both need around a server: a free loopback port, a pause, and
// waiting for a started server to answer its health check.

import type { ChildProcess } from "node:child_process";
import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `httpUrl`/healthz answers; fails at once if the process exits first. */
export async function waitForHealth(httpUrl: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server at ${httpUrl} exited with code ${child.exitCode}; see its log in .test-artifacts/`);
    try {
      if ((await fetch(`${httpUrl}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the server at ${httpUrl} did not answer /healthz within ${timeoutMs / 1000} s`);
    await sleep(150);
  }
}
