// The flood: one client sends 10,000 messages a second into a room where honest players
// play. Measured: how long until the server cuts it off (from its first message to the
// close), how many of its messages got through, and the server's tick time before and
// during — the honest players must not pay for it.

import { ArenaClient } from "../../game/net/ArenaClient";
import { ClientMessage } from "../../shared/net/messages";
import { encodePing } from "../../shared/net/ping";
import { ArenaState } from "../../shared/schema/ArenaState";
import { sleep } from "../../testkit/net";
import { startServerProcess } from "../../testkit/processes";
import { type ServerTicks, serverTicks, tickBuckets } from "../../testkit/fuzz";

export interface FloodReport {
  /** Messages a second the flooder sent at. */
  rate: number;
  /** From the flooder's first message to the server closing its connection. */
  cutOffMs: number;
  closeCode: number;
  sentBeforeClose: number;
  /** The server's tick time (all rooms) in the second before the flood and the second from its start. */
  server: { before: ServerTicks; during: ServerTicks };
  honestStillPlaying: boolean;
}


export async function runFlood(rate = 10_000): Promise<FloodReport> {
  const server = await startServerProcess({ LOG_LEVEL: "error", REDIS_URL: "" });
  try {
    const client = new ArenaClient(server.url);
    const honest = await Promise.all(["A", "B", "C"].map((name) => client.joinOrCreate<ArenaState>("arena", { name }, ArenaState)));
    for (const h of honest) h.onMessage("*", () => {});
    const flooder = await client.joinById<ArenaState>(honest[0].roomId, { name: "Flood" }, ArenaState);
    flooder.onMessage("*", () => {});
    await sleep(1000);
    const before = await tickBuckets(server.httpUrl);
    await sleep(1000);
    const start = await tickBuckets(server.httpUrl);
    let sent = 0;
    const began = performance.now();
    const closed = new Promise<[number, number]>((resolve) => flooder.onLeave((code) => resolve([code, performance.now()])));
    // Sent in 1 ms slices so the rate holds without one huge burst.
    const perSlice = Math.max(1, Math.round(rate / 1000));
    const timer = setInterval(() => {
      for (let i = 0; i < perSlice && flooder.connection.isOpen; i++, sent++) flooder.sendBytes(ClientMessage.Ping, encodePing(sent));
    }, 1);
    const [closeCode, closedAt] = await Promise.race([closed, sleep(10_000).then(() => [0, performance.now()] as [number, number])]);
    clearInterval(timer);
    // The server's side of it (reading what was already on the wire) counts too: a full second.
    await sleep(Math.max(0, began + 1000 - performance.now()));
    const end = await tickBuckets(server.httpUrl);
    const tick = honest[0].state.tick;
    await sleep(500);
    const report: FloodReport = {
      rate: (sent * 1000) / Math.max(1, closedAt - began),
      cutOffMs: closedAt - began,
      closeCode,
      sentBeforeClose: sent,
      server: { before: serverTicks(before, start), during: serverTicks(start, end) },
      honestStillPlaying: honest.every((h) => h.connection.isOpen) && honest[0].state.tick > tick,
    };
    await Promise.all(honest.map((h) => h.leave().catch(() => undefined)));
    return report;
  } finally {
    await server.stop("SIGKILL");
  }
}
