// The kill-cam message: who downed whom and when, and the last seconds before it as a replay
// clip (format.ts, uncompressed: a few kilobytes).
//
//   killCam := killer:u8 victim:u8 tick:u32 clip

import { ByteReader, ByteWriter, type Decoded } from "../net/bytes";

export interface KillCam {
  /** Slots of the craft that did the downing (the camera follows it) and of the downed one. */
  killer: number;
  victim: number;
  /** The tick of the down: the clip plays up to it. */
  tick: number;
  clip: Uint8Array;
}

const HEAD = 6;

export function encodeKillCam(k: KillCam): Uint8Array {
  const out = new Uint8Array(HEAD + k.clip.byteLength);
  new ByteWriter(out).u8(k.killer).u8(k.victim).u32(k.tick);
  out.set(k.clip, HEAD);
  return out;
}

export function decodeKillCam(bytes: Uint8Array): Decoded<KillCam> {
  if (bytes.byteLength <= HEAD) return { ok: false, error: "a kill-cam needs its clip" };
  const r = new ByteReader(bytes);
  const killer = r.u8();
  const victim = r.u8();
  const tick = r.u32();
  if (killer >= 32 || victim >= 32) return { ok: false, error: "a kill-cam names slots 0 to 31" };
  return { ok: true, value: { killer, victim, tick, clip: bytes.subarray(HEAD) } };
}
