// A room that is not there: it stands in for @colyseus/sdk's Room under an ArenaSession, and
// is fed a replay's messages instead of a socket's. The session, the scene and the HUD see a
// watcher's room and draw it as they draw a live one; only the feeding differs.

import { Decoder } from "@colyseus/schema";
import type { Room } from "@colyseus/sdk";
import { ClientMessage, ServerMessage } from "../../shared/net/messages";
import { ArenaState } from "../../shared/schema/ArenaState";

type Handler = (wire: unknown) => void;

/** What the stream brings itself; every other message comes from the room (chat, pongs). */
const FED: readonly number[] = [ServerMessage.Snapshot, ServerMessage.Events];
/** What a watcher's page may ask of the room through the stream's session (not its inputs, pings or keyframes: the stream's own). */
const PASSED_ON: readonly number[] = [ClientMessage.Chat, ClientMessage.Settings, ClientMessage.Kick, ClientMessage.Restart, ClientMessage.TakeSeat, ClientMessage.Team, ClientMessage.Vote];

/** The part of the SDK's Room an ArenaSession and the HUD use. */
export class ReplayRoom {
  readonly sessionId: string;
  readonly roomId: string;
  state = new ArenaState();
  private decoder = new Decoder(this.state);
  private readonly stateHandlers: ((state: ArenaState) => void)[] = [];
  private readonly handlers = new Map<number, Handler[]>();
  /** The session counts what arrives through `events.onmessage` (game/net/seam watchSocket): it is told of every message fed. */
  readonly connection: { readonly isOpen: boolean; events: { onmessage: (e: { data: Uint8Array }) => void }; send(data: ArrayBufferLike | Uint8Array): void };

  /**
   * `live`: the room whose delayed stream this is (a watch delay): this room's sender and its
   * chat; none for a replay, which is watched alone.
   */
  constructor(private readonly live?: Room<ArenaState>) {
    this.sessionId = live?.sessionId ?? "replay";
    this.roomId = live?.roomId ?? "replay";
    this.connection = {
      get isOpen() {
        return live ? live.connection.isOpen : true;
      },
      events: { onmessage: () => undefined },
      send: () => undefined,
    };
  }

  /** The SDK room's face, for the session (which reads no further than this class offers). */
  asRoom(): Room<ArenaState> {
    return this as unknown as Room<ArenaState>;
  }

  // ---- what the session and the HUD call ------------------------------------------------

  onStateChange(handler: (state: ArenaState) => void): void {
    this.stateHandlers.push(handler);
  }

  onMessage(type: number, handler: Handler): () => void {
    if (this.live && !FED.includes(type)) return this.live.onMessage(type, handler);
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
    return () => list.splice(list.indexOf(handler), 1);
  }

  onLeave(handler: () => void): void {
    this.live?.onLeave(handler);
  }

  onError(handler: (code: number, message?: string) => void): void {
    this.live?.onError(handler);
  }

  /** A replay's watcher asks nothing of anyone; a delayed watcher asks the room, as any watcher. */
  send(type: number, body?: unknown): void {
    if (this.live && PASSED_ON.includes(type)) this.live.send(type, body);
  }

  sendBytes(type: number, bytes: Uint8Array): void {
    if (this.live && PASSED_ON.includes(type)) this.live.sendBytes(type, bytes);
  }

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
