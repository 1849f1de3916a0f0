// Busy players in a process of their own (so the measuring process's own event loop stays
// quiet): `node --import tsx bench/lib/load.ts HTTP_BASE COUNT` joins COUNT load clients
// through Quick Play at HTTP_BASE, prints "ready", and drives them at 30 Hz until killed.

import { LoadClient } from "../server/LoadClient";

const [base, count] = [process.argv[2], Number(process.argv[3])];
const clients = Array.from({ length: count }, (_, i) => new LoadClient("ours", base, i));
for (let i = 0; i < clients.length; i += 20) await Promise.all(clients.slice(i, i + 20).map((c) => c.join()));
let tick = 0;
setInterval(() => {
  tick += 2;
  for (const c of clients) c.send(tick);
}, 1000 / 30);
console.log("ready");
