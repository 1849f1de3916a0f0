// The arena room: who is in it (players, watchers, the host), the fixed-step loop, the input
// queues and the patch cadence. The game itself lives in rules/Match; this file moves
// bytes in and out of it, checks every request against the sender's role, and refuses
// what does not belong.

import { randomInt } from "node:crypto";
import { type AuthContext, type Client, CloseCode, matchMaker, Protocol, ServerError } from "@colyseus/core";
import { unpack } from "@colyseus/msgpackr";
import { decode, StateView } from "@colyseus/schema";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { type ChatLine, decodeChat } from "../../shared/net/chat";
import { PoseEncoder } from "../../shared/net/poses";
import { decodeInputs } from "../../shared/net/input";
import { ClientMessage, ErrorCode, LIMITS, OUTDATED_PAGE, PROTOCOL_VERSION, ServerMessage } from "../../shared/net/messages";
import { decodePing, encodePong } from "../../shared/net/ping";
import { randomCode } from "../../shared/net/roomCode";
import { decodeKick, decodeSettings, type RoomSettings } from "../../shared/net/settings";
import { cleanName } from "../../shared/net/text";
import { ArenaState } from "../../shared/schema/ArenaState";
import { BOT_NAMES, BotBrain } from "../bots/BotBrain";
import { GAME } from "../../shared/config";
import type { ServerConfig } from "../config";
import { MessageBudget } from "../guard/MessageBudget";
import { log } from "../log";
import { abusers, liveRooms, rejectedMessages, type RoomGauges, throttledMessages, tickSeconds, traffic } from "../metrics";
import { Match } from "../rules/Match";
import { FixedStep } from "./FixedStep";
import { InputQueue } from "./InputQueue";
import { GatedRoom, tcpSocketOf, watchSends } from "./seam";
import { takeSnapshot } from "./snapshot";

export interface JoinOptions {
  name?: unknown;
  /** Join as a watcher: no craft, no say in the game. */
  spectate?: unknown;
  /** A random id the browser keeps, so a kicked player stays out. */
  key?: unknown;
  /** Set by the Quick Play route: refuse the seat at once when the room is full. */
  quickPlay?: unknown;
  /** The page's PROTOCOL_VERSION; another version is refused (tools may leave it out). */
  version?: unknown;
}

export interface CreateOptions extends JoinOptions {
  /** A private room: never matched by quick play or listed, reached by its code. */
  private?: unknown;
}

/** What the room's listing carries, for the room list and code lookups (any process can read it). */
export interface RoomListing {
  map: string;
  players: number;
  maxPlayers: number;
  watchers: number;
  bots: number;
  locked: boolean;
  private: boolean;
  code: string;
}

/** What the abuse guards keep about one session, for as long as it may come back. */
interface Guard {
  /** Messages a second (see MessageBudget), checked before any decoding. */
  budget: MessageBudget;
  /** Messages refused so far; past BAD_MESSAGE_LIMIT the client is sent away. */
  strikes: number;
  /** Sent away (kicked, abusive, shut down): the seat is not held for a comeback. */
  expelled: boolean;
}

interface Member {
  name: string;
  key: string;
  watcher: boolean;
  /** Join order, for passing the host role on. */
  since: number;
  /** When this client was last sent every pose (see ClientMessage.Keyframe). */
  keyframeAt: number;
}

/** Counters an operator (and the tests) can read off a room. */
export interface RoomCounters {
  rejectedMessages: number;
  /** Messages dropped because their sender went over its message rate. */
  throttledMessages: number;
  /** Clients disconnected for flooding or for too many refused messages. */
  abusers: number;
  appliedInputs: number;
  trimmedInputs: number;
  patches: number;
  skippedTicks: number;
}

export class ArenaRoom extends GatedRoom<ArenaState> {
  /** Set by `arenaRoomFor`; rooms never take server settings from a client's options. */
  protected settings!: ServerConfig;
  match!: Match;
  /** What every client has been sent of the crafts' poses (see shared/net/poses). */
  private readonly poses = new PoseEncoder();
  readonly counters: RoomCounters = {
    rejectedMessages: 0,
    throttledMessages: 0,
    abusers: 0,
    appliedInputs: 0,
    trimmedInputs: 0,
    patches: 0,
    skippedTicks: 0,
  };
  private stepper!: FixedStep;
  private isPrivate = false;
  private readonly members = new Map<string, Member>();
  private readonly queues = new Map<string, InputQueue>();
  private readonly bots = new Map<string, BotBrain>();
  /** What the abuse guards keep per session (see Guard). */
  private readonly guards = new Map<string, Guard>();
  private readonly banned = new Set<string>();
  private chatLimiter!: RateLimiterMemory;
  private joinCounter = 0;
  private botCounter = 0;
  private readonly gauges: RoomGauges = {
    players: () => this.humanPlayers(),
    watchers: () => this.watcherCount(),
    bots: () => this.bots.size,
  };

  override async onCreate(options: CreateOptions = {}): Promise<void> {
    const cfg = this.settings;
    this.isPrivate = options?.private === true;
    this.maxClients = GAME.room.maxPlayersEver + cfg.maxSpectators;
    this.state = new ArenaState();
    this.state.patchHz = cfg.patchHz;
    this.state.maxPlayers = cfg.maxPlayers;
    this.state.reconnectSeconds = cfg.reconnectSeconds;
    this.state.bots = !this.isPrivate && cfg.botFill > 0;
    this.match = new Match(this.state, {
      tickHz: cfg.tickHz,
      map: cfg.map,
      scoreLimit: cfg.scoreLimit,
      timeLimitSeconds: cfg.timeLimitSeconds,
      resultsSeconds: cfg.resultsSeconds,
      // Public rooms tour the maps; a private room stays on its host's choice.
      rotateMaps: !this.isPrivate,
      seed: hashSeed(this.roomId),
    });
    this.chatLimiter = new RateLimiterMemory({ points: cfg.chatRate, duration: 5 });
    if (this.isPrivate) {
      await this.setPrivate(true);
      this.state.code = await this.unusedCode();
    }
    // Patches go out from the tick loop instead of Colyseus' own timer, so each patch
    // describes exactly the tick in `state.tick`.
    this.registerMessages();
    this.stepper = new FixedStep(cfg.tickHz);
    this.stepper.start(performance.now());
    this.setSimulationInterval(() => {
      this.stepper.advance(performance.now(), () => this.tick());
      this.counters.skippedTicks = this.stepper.skipped;
    }, 1000 / cfg.tickHz);
    // After the loop exists: with no loop yet, Colyseus would start a second clock timer.
    this.patchRate = null;
    // A backstop behind our own budget (which throttles first and says why): Colyseus closes
    // a client that goes far past it without any decoding.
    this.maxMessagesPerSecond = 4 * cfg.messageRate;
    await this.publishListing();
    liveRooms.add(this.gauges);
    log.info({ roomId: this.roomId, map: cfg.map, private: this.isPrivate, code: this.state.code || undefined }, "room created");
  }

  // ---- who may come in -----------------------------------------------------------------

  override onAuth(_client: Client, options: JoinOptions = {}, _context?: AuthContext): { watcher: boolean; key: string } {
    if (options?.version !== undefined && options.version !== PROTOCOL_VERSION) {
      throw new ServerError(ErrorCode.VersionMismatch, OUTDATED_PAGE);
    }
    const watcher = options?.spectate === true;
    const key = typeof options?.key === "string" ? options.key.slice(0, 64) : "";
    if (key && this.banned.has(key)) {
      throw new ServerError(ErrorCode.Kicked, "The host removed you from this room.");
    }
    if (watcher) {
      if (this.watcherCount() >= this.settings.maxSpectators) throw new ServerError(ErrorCode.RoomFull, "No room for more watchers.");
    } else {
      if (this.state.locked) throw new ServerError(ErrorCode.RoomFull, "This room is locked. You can still watch.");
      if (this.humanPlayers() >= this.state.maxPlayers) throw new ServerError(ErrorCode.RoomFull, "This room is full. You can still watch.");
    }
    return { watcher, key };
  }

  override onJoin(client: Client, options: JoinOptions = {}, auth?: { watcher: boolean; key: string }): void {
    const name = cleanName(options?.name, LIMITS.nameLength);
    const member: Member = { name, key: auth?.key ?? "", watcher: auth?.watcher ?? false, since: this.joinCounter++, keyframeAt: -Infinity };
    this.members.set(client.sessionId, member);
    meterBytes(client);
    client.view = new StateView();
    if (member.watcher) {
      this.state.watchers = this.watcherCount();
    } else {
      this.seat(client, member);
    }
    if (this.isPrivate && !this.state.hostId) this.state.hostId = client.sessionId;
    this.rebalanceBots();
    this.system(member.watcher ? `${name} is watching` : `${name} joined`);
    void this.publishListing();
    log.info({ roomId: this.roomId, sessionId: client.sessionId, name, watcher: member.watcher }, "joined");
  }

  /** A connection ended without a goodbye: hold the seat, craft and score for a while. */
  override onDrop(client: Client, code?: number): void {
    const id = client.sessionId;
    const guard = this.guard(id);
    // A comeback starts with a fresh message budget.
    guard.budget = new MessageBudget(this.settings.messageRate);
    // Sent away (kicked, abusive, shut down, or closed by Colyseus for flooding): no seat held.
    if (!this.members.has(id) || guard.expelled || code === CloseCode.WITH_ERROR || this.settings.reconnectSeconds <= 0) return;
    const pilot = this.match.pilots.get(id);
    if (pilot) pilot.reconnecting = true;
    log.info({ roomId: this.roomId, sessionId: id, code }, "connection dropped; holding the seat");
    // If the window passes, Colyseus calls onLeave.
    void this.allowReconnection(client, this.settings.reconnectSeconds).catch(() => undefined);
  }

  override onReconnect(client: Client): void {
    const id = client.sessionId;
    meterBytes(client);
    // Removed by the host while away: the comeback ends at once.
    if (this.guard(id).expelled || !this.members.has(id)) return client.leave(ErrorCode.Kicked, "The host removed you from this room.");
    const pilot = this.match.pilots.get(id);
    if (pilot) pilot.reconnecting = false;
    this.system(`${this.members.get(id)!.name} is back`);
    log.info({ roomId: this.roomId, sessionId: id }, "reconnected");
  }

  override onLeave(client: Client, code?: number): void {
    const id = client.sessionId;
    const member = this.members.get(id);
    // Already gone (the host removed them while away): nothing more to free or announce.
    if (!member) return void this.guards.delete(id);
    this.members.delete(id);
    this.unseat(id);
    this.guards.delete(id);
    this.state.watchers = this.watcherCount();
    if (this.state.hostId === id) this.passHost();
    this.rebalanceBots();
    this.system(`${member.name} left`);
    void this.publishListing();
    log.info({ roomId: this.roomId, sessionId: id, code }, "left");
  }

  private guard(id: string): Guard {
    let guard = this.guards.get(id);
    if (!guard) this.guards.set(id, (guard = { budget: new MessageBudget(this.settings.messageRate), strikes: 0, expelled: false }));
    return guard;
  }

  /** SIGTERM (a deploy or restart): every client hears why the connection ends. */
  override onBeforeShutdown(): void {
    for (const id of this.members.keys()) this.guard(id).expelled = true;
    // Seats promised but not yet taken would keep the room (and the process) alive for the
    // whole reservation time; nobody will use them now.
    this.dropPromisedSeats();
    void this.disconnect(ErrorCode.ServerRestarting);
  }

  override onDispose(): void {
    liveRooms.delete(this.gauges);
    log.info({ roomId: this.roomId, counters: this.counters }, "room disposed");
  }

  override onUncaughtException(error: Error, methodName: string): void {
    // A refused join (room full, locked, kicked) is a ServerError on purpose, not a bug.
    if (methodName === "onAuth" && error.cause instanceof ServerError) return;
    // A bug in one handler must not take the room (or the process) down with it.
    log.error({ roomId: this.roomId, methodName, err: error }, "uncaught exception in room");
  }

  // A seat is promised when matchmaking reserves it, before the player connects. For Quick
  // Play, count those promises too, so a burst of Quick Plays never promises one room more
  // players than it holds (the API then tries the next room, or opens one). Joins by id or
  // code are checked when they connect (onAuth), with a message meant for people.
  protected override admitsSeat(options: unknown): boolean {
    if ((options as JoinOptions | undefined)?.quickPlay !== true) return true;
    const promised = this.promisedSeats().filter(
      (seat) => !seat.comeback && (seat.options as JoinOptions | undefined)?.spectate !== true && !this.members.has(seat.sessionId),
    ).length;
    return !this.state.locked && this.humanPlayers() + promised < this.state.maxPlayers;
  }

  // Colyseus decodes the message envelope (type, msgpack body) before any handler of ours
  // runs; a malformed envelope must be refused here rather than thrown into the socket.
  // The message budget is checked here too, before any decoding: a flood costs a counter.
  protected override admitsFrame(client: Client, frame: Buffer): boolean {
    const id = client.sessionId;
    traffic.clientMessages++;
    const guard = this.guard(id);
    if (guard.expelled) return false;
    const verdict = guard.budget.take(performance.now());
    if (verdict !== "ok") {
      this.counters.throttledMessages++;
      throttledMessages.inc();
      if (verdict === "flood") this.expel(client, "flood", `more than ${2 * this.settings.messageRate} messages a second`);
      return false;
    }
    // Colyseus closes the connection outright on a body it cannot unpack; check first, so
    // that too is a refused message with a reason (and a strike), like any other.
    if (!KNOWN_FRAMES.has(frame[0])) return void this.reject(client, `unknown frame ${frame[0]}`), false;
    if (frame[0] === Protocol.ROOM_DATA && !unpacks(frame)) return void this.reject(client, "malformed message"), false;
    return true;
  }

  // ---- seats ---------------------------------------------------------------------------

  private seat(client: Client, member: Member): void {
    member.watcher = false;
    const pilot = this.match.join(client.sessionId, member.name);
    this.queues.set(client.sessionId, this.newQueue());
    client.view?.add(pilot.schema);
  }

  private unseat(id: string): void {
    const pilot = this.match.pilots.get(id);
    if (!pilot) return;
    this.match.leave(id);
    this.queues.delete(id);
  }

  private newQueue(): InputQueue {
    return new InputQueue(Math.max(2, Math.ceil((this.settings.inputQueueMs / 1000) * this.settings.tickHz)));
  }

  private humanPlayers(): number {
    let n = 0;
    for (const m of this.members.values()) if (!m.watcher) n++;
    return n;
  }

  private watcherCount(): number {
    return this.members.size - this.humanPlayers();
  }

  /** The host role goes to the longest-present player, else the longest-present watcher. */
  private passHost(): void {
    const candidates = [...this.members.entries()].sort(([, a], [, b]) => Number(a.watcher) - Number(b.watcher) || a.since - b.since);
    const next = candidates[0];
    this.state.hostId = next ? next[0] : "";
    if (next) this.system(`${next[1].name} is now the host`);
  }

  /** Tops the room up with bots while few people play; bots give their seats to people. */
  private rebalanceBots(): void {
    const humans = this.humanPlayers();
    const fill = this.state.bots && this.members.size > 0 ? Math.min(this.settings.botFill, this.state.maxPlayers) : 0;
    const wanted = Math.max(0, fill - humans);
    while (this.bots.size > wanted) {
      const id = [...this.bots.keys()].pop()!;
      this.bots.delete(id);
      this.unseat(id);
    }
    while (this.bots.size < wanted) {
      const id = `bot-${this.botCounter++}`;
      const name = `Bot ${BOT_NAMES[this.botCounter % BOT_NAMES.length]}`;
      this.match.join(id, name, { bot: true });
      this.queues.set(id, this.newQueue());
      this.bots.set(id, new BotBrain(id, hashSeed(this.roomId + id)));
    }
  }

  private async publishListing(): Promise<void> {
    const listing: RoomListing = {
      map: this.state.map,
      players: this.humanPlayers(),
      maxPlayers: this.state.maxPlayers,
      watchers: this.watcherCount(),
      bots: this.bots.size,
      locked: this.state.locked,
      private: this.isPrivate,
      code: this.state.code,
    };
    await this.setMetadata(listing).catch((err) => log.warn({ roomId: this.roomId, err }, "could not update the room listing"));
  }

  /** A code no other room uses (codes live in room listings, which every process can read). */
  private async unusedCode(): Promise<string> {
    for (;;) {
      const code = randomCode(() => randomInt(0, 2 ** 32) / 2 ** 32);
      const taken = await matchMaker.query({ name: this.roomName });
      if (!taken.some((r) => r.metadata?.code === code)) return code;
    }
  }

  // ---- messages ------------------------------------------------------------------------

  private registerMessages(): void {
    this.onMessageBytes(ClientMessage.Input, (client, bytes: Uint8Array) => {
      if (this.members.get(client.sessionId)?.watcher) return this.reject(client, "watchers cannot play");
      const decoded = decodeInputs(bytes);
      if (!decoded.ok) return this.reject(client, decoded.error);
      const queue = this.queues.get(client.sessionId);
      if (!queue) return;
      const before = queue.trimmed;
      queue.push(decoded.value);
      this.counters.trimmedInputs += queue.trimmed - before;
    });
    this.onMessageBytes(ClientMessage.Ping, (client, bytes: Uint8Array) => {
      const ping = decodePing(bytes);
      if (!ping.ok) return this.reject(client, ping.error);
      client.sendBytes(ServerMessage.Pong, encodePong(ping.value, this.match.tick));
    });
    this.onMessageBytes(ClientMessage.Keyframe, (client) => {
      // One a second is plenty (a client asks when it starts drawing); more is ignored.
      const member = this.members.get(client.sessionId);
      const now = performance.now();
      if (!member || now - member.keyframeAt < 1000) return;
      member.keyframeAt = now;
      client.sendBytes(ServerMessage.Snapshot, this.poses.keyframe());
    });
    this.onMessage(ClientMessage.Chat, (client, message: unknown) => this.chat(client, message));
    this.onMessage(ClientMessage.Settings, (client, message: unknown) => {
      if (!this.hostOnly(client, "change the settings")) return;
      const decoded = decodeSettings(message);
      if (!decoded.ok) return this.reject(client, decoded.error);
      this.applySettings(decoded.value);
    });
    this.onMessage(ClientMessage.Kick, (client, message: unknown) => {
      if (!this.hostOnly(client, "remove players")) return;
      const decoded = decodeKick(message);
      if (!decoded.ok) return this.reject(client, decoded.error);
      this.kick(client, decoded.value);
    });
    this.onMessage(ClientMessage.Restart, (client) => {
      if (!this.hostOnly(client, "restart the match")) return;
      this.match.restart();
      this.system("The host restarted the match");
    });
    this.onMessage(ClientMessage.Spectate, (client) => {
      const member = this.members.get(client.sessionId);
      if (!member || member.watcher) return client.error(ErrorCode.NotAllowed, "you are already watching");
      this.unseat(client.sessionId);
      member.watcher = true;
      this.state.watchers = this.watcherCount();
      this.rebalanceBots();
      this.system(`${member.name} is watching`);
      void this.publishListing();
    });
    this.onMessage(ClientMessage.TakeSeat, (client) => {
      const member = this.members.get(client.sessionId);
      if (!member || !member.watcher) return client.error(ErrorCode.NotAllowed, "you are already playing");
      if (this.state.locked) return client.error(ErrorCode.RoomFull, "this room is locked");
      if (this.humanPlayers() >= this.state.maxPlayers) return client.error(ErrorCode.RoomFull, "no free seat");
      this.seat(client, member);
      this.state.watchers = this.watcherCount();
      this.rebalanceBots();
      this.system(`${member.name} joined the game`);
      void this.publishListing();
    });
    // The binary messages sent any other way: refused by name, not as unknown.
    for (const [type, name] of [[ClientMessage.Input, "input"], [ClientMessage.Ping, "ping"], [ClientMessage.Keyframe, "keyframe request"]] as const) {
      this.onMessage(type, (client) => this.reject(client, `${name} must be binary`));
    }
    this.onMessage("*", (client, type) => this.reject(client, `unknown message type ${JSON.stringify(type)}`));
  }

  private hostOnly(client: Client, what: string): boolean {
    if (this.isPrivate && this.state.hostId === client.sessionId) return true;
    client.error(ErrorCode.NotAllowed, this.isPrivate ? `only the host can ${what}` : `public rooms have no host: nobody can ${what}`);
    return false;
  }

  private applySettings(change: Partial<RoomSettings>): void {
    const s = this.state;
    if (change.maxPlayers !== undefined) s.maxPlayers = change.maxPlayers;
    if (change.locked !== undefined) s.locked = change.locked;
    if (change.bots !== undefined) s.bots = change.bots;
    this.match.configure({ map: change.map, scoreLimit: change.scoreLimit, timeLimitSeconds: change.timeLimit });
    this.rebalanceBots();
    const said: string[] = [];
    if (change.map !== undefined) said.push(`map ${s.map}`);
    if (change.scoreLimit !== undefined) said.push(`score limit ${s.scoreLimit}`);
    if (change.timeLimit !== undefined) said.push(`time limit ${Math.round(s.timeLimit / 60)} min`);
    if (change.maxPlayers !== undefined) said.push(`max players ${s.maxPlayers}`);
    if (change.bots !== undefined) said.push(`bots ${s.bots ? "on" : "off"}`);
    if (change.locked !== undefined) said.push(s.locked ? "locked" : "unlocked");
    this.system(`The host set ${said.join(", ")}`);
    void this.publishListing();
  }

  private kick(host: Client, targetId: string): void {
    const member = this.members.get(targetId);
    if (!member || targetId === host.sessionId) return void host.error(ErrorCode.BadInput, "no such player to remove");
    if (member.key) this.banned.add(member.key);
    this.guard(targetId).expelled = true;
    const target = this.clients.getById(targetId);
    this.system(`The host removed ${member.name}`);
    if (target) {
      target.leave(ErrorCode.Kicked, "The host removed you from this room.");
    } else {
      // Not connected right now (reconnecting): free the seat at once.
      this.members.delete(targetId);
      this.unseat(targetId);
      this.rebalanceBots();
      void this.publishListing();
    }
  }

  private async chat(client: Client, message: unknown): Promise<void> {
    const member = this.members.get(client.sessionId);
    if (!member) return;
    const decoded = decodeChat(message);
    if (!decoded.ok) return this.reject(client, decoded.error);
    try {
      await this.chatLimiter.consume(client.sessionId);
    } catch {
      return client.error(ErrorCode.TooFast, "You are sending messages too fast.");
    }
    const slot = this.match.pilots.get(client.sessionId)?.slot ?? -1;
    this.broadcastChat({ from: member.name, slot, watcher: member.watcher, system: false, text: decoded.value });
  }

  private system(text: string): void {
    this.broadcastChat({ from: "", slot: -1, watcher: false, system: true, text });
  }

  private broadcastChat(line: ChatLine): void {
    this.broadcast(ServerMessage.Chat, line);
  }

  // ---- the loop ------------------------------------------------------------------------

  private tick(): void {
    const started = performance.now();
    const match = this.match;
    for (const [id, brain] of this.bots) {
      const frame = brain.think(match);
      if (frame) this.queues.get(id)?.push([frame]);
    }
    match.step((pilot) => {
      const input = this.queues.get(pilot.id)?.next();
      if (input) this.counters.appliedInputs++;
      return input;
    });
    const { tickHz, patchHz } = this.settings;
    if (Math.floor((match.tick * patchHz) / tickHz) !== Math.floor(((match.tick - 1) * patchHz) / tickHz)) {
      match.publish();
      // Each client's snapshot and patch leave in one write to its socket: one system call
      // per client per patch instead of one per message.
      const sockets = this.clients.map(tcpSocketOf);
      for (const s of sockets) s?.cork();
      this.broadcastSnapshot();
      this.broadcastPatch();
      this.counters.patches++;
      for (const s of sockets) s?.uncork();
    }
    tickSeconds.observe((performance.now() - started) / 1000);
  }

  /**
   * The poses that changed and the events of this patch interval, in one message ahead of
   * the patch: when the patch lands, the client has the poses of its tick.
   */
  private broadcastSnapshot(): void {
    const { overflow, snapshot } = takeSnapshot(this.match, this.poses);
    for (const batch of overflow) this.broadcastBytes(ServerMessage.Events, batch, {});
    if (snapshot) this.broadcastBytes(ServerMessage.Snapshot, snapshot, {});
  }

  /** Refuses a message: the sender is told why, and repeated abuse ends the connection. */
  private reject(client: Client, reason: string): void {
    this.counters.rejectedMessages++;
    rejectedMessages.inc();
    const strikes = ++this.guard(client.sessionId).strikes;
    log.warn({ roomId: this.roomId, sessionId: client.sessionId, reason, strikes }, "message rejected");
    if (strikes > this.settings.badMessageLimit) {
      this.expel(client, "bad messages", "too many refused messages");
    } else {
      client.error(ErrorCode.BadInput, reason);
    }
  }

  /** Disconnects an abusive client at once; its seat is not held for a reconnection. */
  private expel(client: Client, why: string, message: string): void {
    const guard = this.guard(client.sessionId);
    if (guard.expelled) return;
    guard.expelled = true;
    this.counters.abusers++;
    abusers.inc({ reason: why });
    log.warn({ roomId: this.roomId, sessionId: client.sessionId, why }, "client disconnected for abuse");
    client.leave(ErrorCode.Abuse, message);
  }
}

/** A room class bound to one server's settings. */
export function arenaRoomFor(settings: ServerConfig): typeof ArenaRoom {
  return class ConfiguredArenaRoom extends ArenaRoom {
    protected override settings = settings;
  };
}

/** Colyseus frames a client may send: the join handshake, leave, data, binary data and ping. */
const KNOWN_FRAMES = new Set<number>([Protocol.JOIN_ROOM, Protocol.LEAVE_ROOM, Protocol.ROOM_DATA, Protocol.ROOM_DATA_BYTES, Protocol.PING]);

/** Whether a ROOM_DATA frame's type and msgpack body decode (such frames are rare: no inputs). */
function unpacks(buffer: Buffer): boolean {
  const it = { offset: 1 };
  try {
    if (decode.stringCheck(buffer, it)) decode.string(buffer, it);
    else decode.number(buffer, it);
    if (buffer.byteLength > it.offset) unpack(buffer.subarray(it.offset));
    return it.offset <= buffer.byteLength;
  } catch {
    return false;
  }
}

/** Counts what is sent to a client, patches apart from other messages, for the metrics. */
function meterBytes(client: Client): void {
  watchSends(client, (frame) => {
    if (frame[0] === Protocol.ROOM_STATE_PATCH) traffic.patchBytes += frame.byteLength;
    else traffic.messageBytes += frame.byteLength;
  });
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
