// A room that is not there: it stands in for @colyseus/sdk's Room under an ArenaSession, and
// is fed a replay's messages instead of a socket's. The session, the scene and the HUD see a
// watcher's room and draw it as they draw a live one; only the feeding differs.

import { Decoder } from "@colyseus/schema";
import type { Room } from "@colyseus/sdk";
import { ArenaState } from "../../shared/schema/ArenaState";

type Handler = (wire: unknown) => void;

/** The part of the SDK's Room an ArenaSession and the HUD use. */
export class ReplayRoom {
  /** Nobody's: the replay is watched, never played. */
  readonly sessionId = "replay";
  readonly roomId = "replay";
  state = new ArenaState();
  private decoder = new Decoder(this.state);
  private readonly stateHandlers: ((state: ArenaState) => void)[] = [];
  private readonly handlers = new Map<number, Handler[]>();
  /** The session counts what arrives through `events.onmessage` (game/net/seam watchSocket): it is told of every message fed. */
  readonly connection = {
    isOpen: true,
    events: { onmessage: (_e: { data: Uint8Array }) => undefined as void },
    send: (_data: ArrayBufferLike | Uint8Array) => undefined as void,
  };

  /** The SDK room's face, for the session (which reads no further than this class offers). */
  asRoom(): Room<ArenaState> {
    return this as unknown as Room<ArenaState>;
  }

  // ---- what the session and the HUD call ------------------------------------------------

  onStateChange(handler: (state: ArenaState) => void): void {
    this.stateHandlers.push(handler);
  }

  onMessage(type: number, handler: Handler): () => void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
    return () => list.splice(list.indexOf(handler), 1);
  }

  onLeave(_handler: () => void): void {}
  onError(_handler: (code: number, message?: string) => void): void {}
  /** A watcher of a replay asks nothing of anyone: what it would send goes nowhere. */
  send(_type: number, _body?: unknown): void {}
  sendBytes(_type: number, _bytes: Uint8Array): void {}
  leave(): Promise<number> {
    return Promise.resolve(1000);
  }

  // ---- what the player feeds -------------------------------------------------------------

  /** A full state that replaces everything (a keyframe to start from). */
  reset(full: Uint8Array): void {
    this.state = new ArenaState();
    this.decoder = new Decoder(this.state);
    this.decoder.decode(full, { offset: 1 });
    this.heard(full);
  }

  /** A patch of the state; the session hears of it with `changed`. */
  patch(bytes: Uint8Array): void {
    this.decoder.decode(bytes, { offset: 1 });
    this.heard(bytes);
  }

  /** Tells the session the state changed (as the SDK does after each patch). */
  changed(): void {
    for (const h of this.stateHandlers) h(this.state);
  }

  message(type: number, bytes: Uint8Array): void {
    this.heard(bytes);
    for (const h of this.handlers.get(type) ?? []) h(bytes);
  }

  private heard(bytes: Uint8Array): void {
    this.connection.events.onmessage({ data: bytes });
  }
}
