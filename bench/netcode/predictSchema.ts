// The schema of the netcode lab's Colyseus-style room (PredictRoom), shared by the room and the
// lab's "colyseus" client: what a Colyseus 0.18 user would declare for Predict.

import { MapSchema, Schema, type } from "@colyseus/schema";
import { MoveMode } from "../../shared/sim/craft";

export const PREDICT_ROOM = "netcode_lab_predict";

/** One fixed step of a player's controls, as the Colyseus input schema. */
export class PcInput extends Schema {
  @type("uint8") buttons = 0;
  @type("uint16") aim = 0;
}

/** A craft: every field the shared step reads or writes, so the SDK's reconciler mirrors it all. */
export class PcCraft extends Schema {
  @type("number") x = 0;
  @type("number") y = 0;
  @type("number") vx = 0;
  @type("number") vy = 0;
  @type("uint16") aim = 0;
  @type("uint8") dashTicks = 0;
  @type("uint8") dashCooldown = 0;
  @type("uint8") fireCooldown = 0;
  /** MoveMode: 0 flies, 1 frozen (down, or between rounds). */
  @type("uint8") mode: number = MoveMode.Frozen;
  @type("uint8") hp = 0;
}

export class PcState extends Schema {
  @type("string") map = "";
  @type({ map: PcCraft }) crafts = new MapSchema<PcCraft>();
}

/** Messages to the shooter about its own shots, keyed by the sequence of the firing input. */
export interface ShotMessage {
  seq: number;
  tick: number;
}
export interface HitMessage {
  seq: number;
}
