// The arena room: lifecycle (join, leave, dispose), the fixed-step loop, the input queues
// and the patch cadence. The game itself lives in rules/Match; this file only moves bytes
// in and out of it, and refuses the ones that do not belong.

import { type Client, Room } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { encodeEvents } from "../../shared/net/events";
import { decodeInputs } from "../../shared/net/input";
import { ClientMessage, ErrorCode, LIMITS, ServerMessage } from "../../shared/net/messages";
import { decodePing, encodePong } from "../../shared/net/ping";
import { cleanName } from "../../shared/net/text";
import { ArenaState } from "../../shared/schema/ArenaState";
import type { ServerConfig } from "../config";
import { log } from "../log";
import { Match } from "../rules/Match";
import { FixedStep } from "./FixedStep";
import { InputQueue } from "./InputQueue";

export interface JoinOptions {
  name?: unknown;
}

/** Counters an operator (and the tests) can read off a room. */
export interface RoomCounters {
  rejectedMessages: number;
  appliedInputs: number;
  trimmedInputs: number;
  patches: number;
  skippedTicks: number;
}

export class ArenaRoom extends Room<ArenaState> {
  /** Set by `defineArena`; rooms never take settings from a client's options. */
  protected settings!: ServerConfig;
  match!: Match;
  readonly counters: RoomCounters = {
    rejectedMessages: 0,
    appliedInputs: 0,
    trimmedInputs: 0,
    patches: 0,
    skippedTicks: 0,
  };
  private stepper!: FixedStep;
  private readonly queues = new Map<string, InputQueue>();
  private readonly strikes = new Map<string, number>();

  override onCreate(): void {
    const cfg = this.settings;
    this.maxClients = cfg.maxPlayers;
    this.autoDispose = true;
    this.state = new ArenaState();
    this.state.patchHz = cfg.patchHz;
    this.match = new Match(this.state, {
      tickHz: cfg.tickHz,
      map: cfg.map,
      scoreLimit: cfg.scoreLimit,
      timeLimitSeconds: cfg.timeLimitSeconds,
      resultsSeconds: cfg.resultsSeconds,
      rotateMaps: true,
      seed: hashSeed(this.roomId),
    });
    // Patches go out from the tick loop instead of Colyseus' own timer, so each patch
    // describes exactly the tick in `state.tick`.
    this.setPatchRate(null as unknown as number);

    this.onMessage(ClientMessage.Input, (client, bytes: Uint8Array) => this.receiveInputs(client, bytes));
    this.onMessage(ClientMessage.Ping, (client, bytes: Uint8Array) => {
      const ping = decodePing(bytes);
      if (!ping.ok) return this.reject(client, ping.error);
      client.sendBytes(ServerMessage.Pong, encodePong(ping.value, this.match.tick));
    });
    this.onMessage("*", (client, type) => this.reject(client, `unknown message type ${JSON.stringify(type)}`));

    this.stepper = new FixedStep(cfg.tickHz);
    this.stepper.start(performance.now());
    this.setSimulationInterval(() => {
      this.stepper.advance(performance.now(), () => this.tick());
      this.counters.skippedTicks = this.stepper.skipped;
    }, 1000 / cfg.tickHz);
    log.info({ roomId: this.roomId, map: cfg.map, tickHz: cfg.tickHz, patchHz: cfg.patchHz }, "room created");
  }

  override onJoin(client: Client, options: JoinOptions = {}): void {
    const name = cleanName(options?.name, LIMITS.nameLength);
    const pilot = this.match.join(client.sessionId, name);
    this.queues.set(client.sessionId, new InputQueue(Math.max(2, Math.ceil((this.settings.inputQueueMs / 1000) * this.settings.tickHz))));
    client.view = new StateView();
    client.view.add(pilot.schema);
    log.info({ roomId: this.roomId, sessionId: client.sessionId, name }, "player joined");
  }

  override onLeave(client: Client, consented: boolean): void {
    this.match.leave(client.sessionId);
    this.queues.delete(client.sessionId);
    this.strikes.delete(client.sessionId);
    log.info({ roomId: this.roomId, sessionId: client.sessionId, consented }, "player left");
  }

  override onDispose(): void {
    log.info({ roomId: this.roomId, counters: this.counters }, "room disposed");
  }

  override onUncaughtException(error: Error, methodName: string): void {
    // A bug in one handler must not take the room (or the process) down with it.
    log.error({ roomId: this.roomId, methodName, err: error }, "uncaught exception in room");
  }

  // Colyseus decodes the message envelope (type, msgpack body) before any handler of ours
  // runs; a malformed envelope must be refused here rather than thrown into the socket.
  protected override _onMessage(client: Parameters<Room["_onMessage"]>[0], buffer: Buffer): void {
    try {
      super._onMessage(client, buffer);
    } catch (err) {
      this.reject(client, "malformed message");
    }
  }

  private tick(): void {
    const match = this.match;
    match.step((pilot) => {
      const input = this.queues.get(pilot.id)?.next();
      if (input) this.counters.appliedInputs++;
      return input;
    });
    const { tickHz, patchHz } = this.settings;
    if (Math.floor((match.tick * patchHz) / tickHz) !== Math.floor(((match.tick - 1) * patchHz) / tickHz)) {
      this.broadcastPatch();
      this.counters.patches++;
      const events = match.takeEvents();
      // The events of this patch interval follow the patch, so a client has the state they refer to.
      for (const batch of encodeEvents(events)) this.broadcastBytes(ServerMessage.Events, batch, {});
    }
  }

  private receiveInputs(client: Client, bytes: Uint8Array): void {
    const decoded = decodeInputs(bytes);
    if (!decoded.ok) return this.reject(client, decoded.error);
    const queue = this.queues.get(client.sessionId);
    if (!queue) return;
    const before = queue.trimmed;
    queue.push(decoded.value);
    this.counters.trimmedInputs += queue.trimmed - before;
  }

  /** Refuses a message: the sender is told why, and repeated abuse ends the connection. */
  private reject(client: Client, reason: string): void {
    this.counters.rejectedMessages++;
    const strikes = (this.strikes.get(client.sessionId) ?? 0) + 1;
    this.strikes.set(client.sessionId, strikes);
    log.warn({ roomId: this.roomId, sessionId: client.sessionId, reason, strikes }, "message rejected");
    if (strikes > LIMITS.maxBadMessages) {
      client.leave(ErrorCode.Abuse, "too many malformed messages");
    } else {
      client.error(ErrorCode.BadInput, reason);
    }
  }
}

/** A room class bound to one server's settings. */
export function arenaRoomFor(settings: ServerConfig): typeof ArenaRoom {
  return class ConfiguredArenaRoom extends ArenaRoom {
    protected override settings = settings;
  };
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
