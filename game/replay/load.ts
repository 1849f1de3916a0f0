// Getting a replay into the page: fetched as stored (gzip), unpacked here, then read. Every
// way it can go wrong ends in a sentence for the person who opened the link.

import { replayApiPath } from "../../shared/net/api";
import type { Decoded } from "../../shared/net/bytes";
import { MAX_REPLAY_BYTES, readReplay, type Replay } from "../../shared/replay/format";

/** Unpacks and reads a stored replay (gzip of shared/replay/format), or says why it cannot. */
export async function unpackReplay(packed: Uint8Array): Promise<Decoded<Replay>> {
  let bytes: Uint8Array;
  try {
    bytes = await gunzip(packed);
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, error: "This replay is too large to play." };
    return { ok: false, error: "This replay is damaged or incomplete and cannot be played." };
  }
  const read = readReplay(bytes);
  return read.ok ? read : { ok: false, error: `This replay cannot be played: ${read.error}.` };
}

/** A round's replay from the server (or its answer, asked for already), unpacked and read. */
export async function loadReplay(id: string, asked: Promise<Response> = fetch(replayApiPath(id))): Promise<Decoded<Replay>> {
  let res: Response;
  try {
    res = await asked;
  } catch {
    return { ok: false, error: "The server could not be reached. Check the connection and reload." };
  }
  if (res.status === 404) return { ok: false, error: "No replay of this round is kept: it may be older than the server keeps replays." };
  if (!res.ok) return { ok: false, error: `The server could not send this replay (${res.status}). Try again in a moment.` };
  return unpackReplay(new Uint8Array(await res.arrayBuffer()));
}

/** gzip off, in the browser's own decompressor; refuses to grow past MAX_REPLAY_BYTES. */
async function gunzip(packed: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([packed as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_REPLAY_BYTES) {
      await reader.cancel();
      throw new RangeError("too large");
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
