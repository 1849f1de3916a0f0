// The floor under capacity: what the same traffic costs with no game at all. A bare `ws`
// server (the transport Colyseus uses here) writes each client, 30 times a second, the two
// frames a player of ours gets per patch (in one corked write, as the game does) and reads
// its 30 input messages a second — and does nothing else. Whatever CPU per player this
// costs, no game on this stack can go below it.
//   node --import tsx bench/server/floor.ts [players=400]

import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import WebSocket, { WebSocketServer } from "ws";
import { fmt, machine, table, writeSection } from "../report";
import { tcpSocketOfWs } from "../../server/rooms/seam";

/** A player's per-patch frames in a 10-player fight (bench/bandwidth.ts): snapshot, patch. */
const FRAMES = [new Uint8Array(44), new Uint8Array(16)];
/** A player's input message: Colyseus framing plus two 7-byte inputs and the header. */
const INPUT = new Uint8Array(2 + 5 + 14);

export interface FloorResult {
  players: number;
  serverCpu: number;
  cpuPerPlayerMs: number;
  playersPerCore: number;
}

function serve(): void {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  let received = 0;
  wss.on("connection", (socket) => socket.on("message", () => received++));
  setInterval(() => {
    for (const socket of wss.clients) {
      const tcp = tcpSocketOfWs(socket)!;
      tcp.cork();
      for (const f of FRAMES) socket.send(f);
      tcp.uncork();
    }
  }, 1000 / 30);
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  process.on("message", () => {
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    process.send!({ cpu: (cpu.user + cpu.system) / 1000 / (now - lastAt), received });
    lastCpu = process.cpuUsage();
    lastAt = now;
  });
  wss.on("listening", () => process.send!({ port: (wss.address() as { port: number }).port }));
}

export async function measureFloor(players: number): Promise<FloorResult> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/server/floor.ts", "serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = () => new Promise<{ port?: number; cpu?: number }>((resolve) => child.once("message", resolve as (m: unknown) => void));
  const { port } = await next();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < players; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    sockets.push(ws);
  }
  const timer = setInterval(() => {
    for (const ws of sockets) ws.send(INPUT);
  }, 1000 / 30);
  await new Promise((r) => setTimeout(r, 3000));
  child.send("stats");
  await next();
  await new Promise((r) => setTimeout(r, 6000));
  child.send("stats");
  const { cpu = 0 } = await next();
  clearInterval(timer);
  for (const ws of sockets) ws.terminate();
  child.kill("SIGKILL");
  return { players, serverCpu: cpu, cpuPerPlayerMs: (cpu * 1000) / players, playersPerCore: Math.round(players / cpu) };
}

if (process.argv[2] === "serve") serve();
else if (import.meta.url === `file://${process.argv[1]}`) {
  // Part of `npm run bench:server`: writes the section under the capacity table.
  const counts = process.argv[2] ? [Number(process.argv[2])] : [400, 800];
  const results: FloorResult[] = [];
  for (const n of counts) {
    results.push(await measureFloor(n));
    console.log("  floor", JSON.stringify(results[results.length - 1]));
  }
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/floor.json", JSON.stringify({ date: new Date().toISOString(), machine: machine(), results }, null, 1));
  writeSection(
    "floor",
    `### The floor: the same traffic with no game

\`npm run bench:server\` (\`bench/server/floor.ts\`) — ${new Date().toISOString().slice(0, 10)}. A bare \`ws\` server (the transport under
Colyseus here) writes each client the two frames a player gets per patch (44 and 16 bytes, one corked write) 30 times
a second and reads its 30 input messages a second, and does nothing else: no rooms, no simulation, no encoding.
No game on this stack (Node ${process.version}, \`ws\`, loopback TCP on this machine) can cost less per player.

${table(
  ["Players", "Server CPU", "CPU per player", "Players per core"],
  results.map((r) => [String(r.players), `${fmt(r.serverCpu * 100, 0)} %`, `${fmt(r.cpuPerPlayerMs, 2)} ms/s`, String(r.playersPerCore)]),
)}
`,
  );
  process.exit(0);
}
