// A real nginx (Debian's package) in front of test servers: the configuration in deploy/,
// with its ports rewritten, run in a prefix folder of its own and stopped by its pid.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort, sleep } from "./net";

export interface Nginx {
  port: number;
  httpUrl: string;
  url: string;
  /** CPU seconds its processes (master and workers) have used so far. */
  cpuSeconds(): number;
  stop(): void;
}

const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));

/**
 * Starts nginx with `site` (a server block file from deploy/) included in a minimal main
 * configuration; `rewrite` turns the file's ports and addresses into the test's (its
 * `listen 80` becomes `port`). `tls`: the site listens with TLS (its URLs are https/wss).
 */
export async function startNginx(site: string, rewrite: (conf: string) => string, name: string, options: { port?: number; tls?: boolean } = {}): Promise<Nginx> {
  if (!NGINX) throw new Error("nginx is not installed (install it with: apt-get install -y nginx; npm test does this when run as root)");
  const port = options.port ?? (await freePort());
  const prefix = path.resolve(".test-artifacts", `nginx-${name}-${port}`);
  mkdirSync(path.join(prefix, "logs"), { recursive: true });
  const siteConf = rewrite(readFileSync(site, "utf8")).replace(/listen\s+80\s*;/, `listen 127.0.0.1:${port};`);
  writeFileSync(path.join(prefix, "site.conf"), siteConf);
  writeFileSync(
    path.join(prefix, "nginx.conf"),
    `daemon on;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log ${prefix}/logs/access.log;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include /etc/nginx/mime.types;
  include ${prefix}/site.conf;
}
`,
  );
  execFileSync(NGINX, ["-p", prefix, "-c", path.join(prefix, "nginx.conf")], { stdio: "pipe" });
  const httpUrl = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!existsSync(path.join(prefix, "nginx.pid"))) {
    if (Date.now() > deadline) throw new Error(`nginx did not start; see ${prefix}/logs/error.log`);
    await sleep(50);
  }
  const master = () => Number(readFileSync(path.join(prefix, "nginx.pid"), "utf8").trim());
  // A test or bench that dies takes its nginx with it.
  process.once("exit", stop);
  return {
    port,
    httpUrl,
    cpuSeconds() {
      const pids = [master(), ...execFileSync("pgrep", ["-P", String(master())]).toString().trim().split(/\s+/).map(Number)];
      // /proc/PID/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second here).
      return pids.reduce((sum, pid) => {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        return sum + (Number(fields[11]) + Number(fields[12])) / 100;
      }, 0);
    },
    url: `${options.tls ? "wss" : "ws"}://127.0.0.1:${port}`,
    stop,
  };

  function stop(): void {
    process.off("exit", stop);
    try {
      process.kill(master(), "SIGQUIT");
    } catch {
      // already gone
    }
  }
}
