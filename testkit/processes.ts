// Real server processes and a real Redis for the fleet tests and benches, each on a free loopback
// port; every process started here is stopped by its pid.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { freePort, sleep, waitForHealth } from "./net";

export interface Redis {
  url: string;
  stop(): void;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, as with a network cut to it. */
  pause(): void;
  /** Lets it run again (SIGCONT). */
  resume(): void;
}

export async function startRedis(): Promise<Redis> {
  const port = await freePort();
  mkdirSync(".test-artifacts", { recursive: true });
  const pidfile = `${process.cwd()}/.test-artifacts/redis-${port}.pid`;
  try {
    execFileSync("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidfile]);
  } catch (err) {
    throw new Error(`could not start redis-server (install it with: apt-get install -y redis-server): ${(err as Error).message}`);
  }
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if (execFileSync("redis-cli", ["-p", String(port), "ping"]).toString().trim() === "PONG") break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("redis-server did not answer within 10 s");
    await sleep(100);
  }
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(Number(readFileSync(pidfile, "utf8").trim()), name);
    } catch {
      // already gone
    }
  };
  const gone = () => {
    signal("SIGCONT");
    signal("SIGTERM");
  };
  process.once("exit", gone);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      process.off("exit", gone);
      gone();
    },
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
  };
}

export interface ServerProcess {
  port: number;
  url: string;
  httpUrl: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A game server in its own process; `script` may be a wrapper around it (the soak's adds GC
 * stats); `port`: a given one (a process started again where a balancer expects it).
 */
export async function startServerProcess(env: Record<string, string>, script = "server/main.ts", nodeArgs: string[] = [], port?: number): Promise<ServerProcess> {
  port ??= await freePort();
  mkdirSync(".test-artifacts", { recursive: true });
  const log = openSync(`.test-artifacts/server-${port}.log`, "a");
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    // No records unless the test gives a database (DATA_DIR / DATABASE_URL in `env`).
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_ADDRESS: `127.0.0.1:${port}`, LOG_LEVEL: "warn", BOTS: "0", JOINS_PER_MINUTE: "100000", DATA_DIR: "none", ...env },
    stdio: ["ignore", log, log],
  });
  // A test or bench that dies takes its servers with it (none left running unseen).
  const orphaned = () => child.kill("SIGKILL");
  process.once("exit", orphaned);
  child.once("exit", () => process.off("exit", orphaned));
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(httpUrl, child);
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    child,
    stop(signal = "SIGTERM") {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill(signal);
      });
    },
  };
}
