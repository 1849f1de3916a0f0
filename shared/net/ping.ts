// Clock probes. The client sends a 4-byte token; the server echoes it with its tick.
//   ping := token:u32        pong := token:u32 tick:u32      (little-endian)

import type { Decoded } from "./bytes";

export function encodePing(token: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, token >>> 0, true);
  return bytes;
}

export function decodePing(bytes: Uint8Array): Decoded<number> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength !== 4) return { ok: false, error: "ping must be 4 bytes" };
  return { ok: true, value: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) };
}

export function encodePong(token: number, tick: number): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, token >>> 0, true);
  view.setUint32(4, tick >>> 0, true);
  return bytes;
}

export function decodePong(bytes: Uint8Array): Decoded<{ token: number; tick: number }> {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength !== 8) return { ok: false, error: "pong must be 8 bytes" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return { ok: true, value: { token: view.getUint32(0, true), tick: view.getUint32(4, true) } };
}
