// A throwaway PostgreSQL server (Debian's package) for tests: its own data folder in the temp
// directory, on 127.0.0.1 and a free port, trusting local connections. Postgres refuses to run as
// root, so as root its commands run as the `postgres` user. stop() and start() act on exactly
// this server (pg_ctl with its data folder), so a test can take the database away mid-round and
// bring it back; destroy() stops it and removes its folder.

import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./net";

const run = promisify(execFile);

export interface Postgres {
  /** DATABASE_URL for this server. */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (fast shutdown: connections are cut); its data stays for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Freezes the server and every connection's process (SIGSTOP): it hangs, answering nothing, as a wedged database does. */
  pause(): void;
  /** Lets it run again (SIGCONT). */
  resume(): void;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

const INSTALL = "PostgreSQL is not installed: install it with `apt-get install -y postgresql` (npm test does this when run as root, see scripts/ensure-system-deps.sh)";

/** The newest installed PostgreSQL's bin folder (/usr/lib/postgresql/N/bin). */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb"))) : [];
  if (versions.length === 0) throw new Error(INSTALL);
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0], "bin");
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  // As root: run as the postgres user, who must own the data folder.
  const prefix = asRoot ? ["runuser", "-u", "postgres", "--"] : [];
  const argv = (tool: string, args: string[]) => [...prefix, path.join(bin, tool), ...args];
  const exec = async (tool: string, args: string[]) => {
    const [cmd, ...rest] = argv(tool, args);
    try {
      return await run(cmd, rest, { timeout: 60_000 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`${tool} failed: ${e.stderr?.trim() || e.message}`);
    }
  };

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "skirmish-pg-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dataDir, uid, gid);
  }
  await exec("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);

  const port = await freePort();
  // fsync off: a test server need not survive a power cut, and it spares the disk others measure on.
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50`;
  let running = false;
  const start = async () => {
    await exec("pg_ctl", ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-o", options, "-w", "-t", "30", "start"]);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await exec("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"]);
    running = false;
  };
  // If the test process ends without destroy(), do not leave the server behind.
  const onExit = () => {
    if (!running) return;
    try {
      const [cmd, ...rest] = argv("pg_ctl", ["-D", dataDir, "-m", "immediate", "stop"]);
      execFileSync(cmd, rest, { stdio: "ignore" });
    } catch {
      // already gone
    }
  };
  process.once("exit", onExit);

  /** The postmaster and its children (one per connection, and the background workers). */
  const processes = (): number[] => {
    const main = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(main)]).toString().split("\n").map(Number).filter((n) => n > 0);
    return [main, ...children];
  };
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of processes()) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone meanwhile
      }
    }
  };

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop,
    start,
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    async destroy() {
      await stop();
      process.off("exit", onExit);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
