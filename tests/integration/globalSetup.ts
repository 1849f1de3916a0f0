// Before any integration test process starts: the certificate the balancer tests serve, made
// and trusted (Node reads NODE_EXTRA_CA_CERTS only when a process starts), and the client
// built once for the servers that serve the page (CLIENT_DIR, inherited by every test process
// and every server process they start).
import path from "node:path";
import { trustTestCertificate } from "../../testkit/tls";

export default async function setup(): Promise<void> {
  trustTestCertificate();
  const outDir = path.resolve(".test-artifacts/client");
  const { build } = await import("vite");
  await build({ configFile: "vite.config.ts", logLevel: "warn", build: { outDir, emptyOutDir: true } });
  process.env.CLIENT_DIR = outDir;
}
