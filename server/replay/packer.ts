// Compression of replays and kill-cam clips, on a thread of its own: a round's replay (a few
// hundred kilobytes) takes ~15 ms to gzip, which must land neither on the rooms' thread nor in
// libuv's small pool that files and sockets share. The thread times its own work, so the
// metrics count what compressing cost, not how long a replay waited its turn.

import { Worker } from "node:worker_threads";
import { spentRecording } from "../metrics";

// Plain JavaScript (evaluated), so it runs the same under tsx, in tests and in production.
const THREAD = `
const { parentPort } = require("node:worker_threads");
const zlib = require("node:zlib");
parentPort.on("message", ({ id, bytes, level }) => {
  const started = performance.now();
  try {
    const packed = zlib.gzipSync(bytes, { level });
    const out = new Uint8Array(packed.byteLength);
    out.set(packed);
    parentPort.postMessage({ id, out, ms: performance.now() - started }, [out.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String(err), ms: performance.now() - started });
  }
});
`;

interface Answer {
  id: number;
  out?: Uint8Array;
  error?: string;
  ms: number;
}

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(err: Error): void }>();

function thread(): Worker {
  if (worker) return worker;
  const w = new Worker(THREAD, { eval: true });
  // It never keeps the process alive: a shutdown waits on what it packs (Records.close), not on it.
  w.unref();
  w.on("message", (a: Answer) => {
    spentRecording(a.ms / 1000);
    const job = waiting.get(a.id);
    waiting.delete(a.id);
    if (a.out) job?.resolve(a.out);
    else job?.reject(new Error(a.error ?? "compression failed"));
  });
  w.on("error", (err) => {
    for (const job of waiting.values()) job.reject(err);
    waiting.clear();
    worker = undefined;
  });
  worker = w;
  return w;
}

/** gzip of `bytes` (level 6: as small as 9 for replays, at 60 % of the work), off the rooms' thread. */
export function pack(bytes: Uint8Array, level = 6): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const id = ++nextId;
    waiting.set(id, { resolve, reject });
    // A copy goes (the caller's bytes stay its own).
    thread().postMessage({ id, bytes, level });
  });
}
