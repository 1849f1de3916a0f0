// The game server for the soak run, plus GET /soak/stats: heap after a full GC, live rooms,
// connected clients and the process's active handles by kind (timers, sockets), so the
// soak can tell a plateau from a leak. Run with --expose-gc:
//   PORT=… node --expose-gc --import tsx testkit/soak-server.ts

import { matchMaker } from "@colyseus/core";
import { createGameServer } from "../server/app";
import { readConfig } from "../server/config";
import { liveRooms } from "../server/metrics";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const config = readConfig();
const { app, gameServer } = createGameServer(config, { gracefulShutdown: false });

app.get("/soak/stats", (_req, res) => {
  gc();
  gc();
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  res.json({
    heapUsed: process.memoryUsage().heapUsed,
    rooms: matchMaker.stats.local.roomCount,
    liveRooms: liveRooms.size,
    clients: matchMaker.stats.local.ccu,
    handles,
  });
});

await gameServer.listen(config.port, config.host);
console.log("ready");
