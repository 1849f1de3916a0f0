// The input codec: one fixed step of a player's controls, a few bytes each, several per
// message. Encode and decode sit side by side and read the same table top to bottom.
//
//   message := firstSeq:u32 count:u8 frame{count}
//   frame   := buttons:u8 aim:u16 viewTick:u32        (little-endian; 7 bytes)
//
// Sequence numbers are consecutive within a message, so only the first travels.
// viewTick is the tick at which the player saw the other craft, in 1/16 ticks.

import { ALL_BUTTONS, type CraftInput } from "../sim/craft";
import type { Decoded } from "./bytes";
import { LIMITS } from "./limits";

export interface InputFrame extends CraftInput {
  seq: number;
  /** The (fractional) server tick of the world this player was looking at. */
  viewTick: number;
}

const HEADER = 5;
const FRAME = 7;
const VIEW_SCALE = 16;
const U32 = 0x1_0000_0000;

export function encodeInputs(frames: readonly InputFrame[]): Uint8Array {
  const bytes = new Uint8Array(HEADER + FRAME * frames.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, frames[0].seq, true);
  view.setUint8(4, frames.length);
  frames.forEach((f, i) => {
    const o = HEADER + FRAME * i;
    view.setUint8(o, f.buttons);
    view.setUint16(o + 1, f.aim, true);
    view.setUint32(o + 3, Math.max(0, Math.round(f.viewTick * VIEW_SCALE)) % U32, true);
  });
  return bytes;
}

export function decodeInputs(bytes: Uint8Array): Decoded<InputFrame[]> {
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: "input must be binary" };
  if (bytes.byteLength < HEADER + FRAME) return { ok: false, error: `input too short (${bytes.byteLength} bytes)` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const firstSeq = view.getUint32(0, true);
  const count = view.getUint8(4);
  if (count < 1 || count > LIMITS.maxInputsPerMessage) {
    return { ok: false, error: `input count ${count} outside 1..${LIMITS.maxInputsPerMessage}` };
  }
  if (bytes.byteLength !== HEADER + FRAME * count) {
    return { ok: false, error: `input length ${bytes.byteLength} does not match ${count} frames` };
  }
  if (firstSeq + count > U32) return { ok: false, error: "input sequence overflows" };
  const frames: InputFrame[] = [];
  for (let i = 0; i < count; i++) {
    const o = HEADER + FRAME * i;
    // Every bit of the byte means something (six buttons, then the weapon wished for).
    const buttons = view.getUint8(o) & ALL_BUTTONS;
    frames.push({
      seq: firstSeq + i,
      buttons,
      aim: view.getUint16(o + 1, true),
      viewTick: view.getUint32(o + 3, true) / VIEW_SCALE,
    });
  }
  return { ok: true, value: frames };
}
