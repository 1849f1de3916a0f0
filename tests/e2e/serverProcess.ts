// A game server of a test's own, for tests that stop or restart it (the shared one from
// globalSetup must stay up for the other files). It serves the client globalSetup built.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, waitForHealth } from "../../testkit/net";

export class ServerProcess {
  private child?: ChildProcess;

  /** Its records, as `npm start` keeps them: the same folder across restarts, so they survive them. */
  /** Under the run's folder (see globalSetup), which goes when the run ends. */
  private readonly dataDir = mkdtempSync(path.join(process.env.SKIRMISH_TEST_DATA ?? tmpdir(), "server-"));

  private constructor(
    readonly port: number,
    private readonly logName: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a server on a free port; `env` adds to (or overrides) its environment, e.g. BOTS. */
  static async start(logName: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), logName, env);
    await server.restart();
    return server;
  }

  /** Starts the process again on the same port (after `stop`); `env` adds to its environment from then on. */
  async restart(env: Record<string, string> = {}): Promise<void> {
    Object.assign(this.env, env);
    const log = openSync(`.test-artifacts/${this.logName}.log`, "a");
    this.child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { ...process.env, PORT: String(this.port), HOST: "127.0.0.1", BOTS: "0", LOG_LEVEL: "warn", DATA_DIR: this.dataDir, ...this.env },
      stdio: ["ignore", log, log],
    });
    await waitForHealth(this.url, this.child);
  }

  /** Stops this process only: SIGTERM is an operator's restart, SIGKILL a crash. */
  async stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    const late = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(late);
  }
}
