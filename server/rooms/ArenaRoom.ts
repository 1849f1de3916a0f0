// The arena room: the Colyseus adapter around an arena's plain parts. Who is in the room is
// the Roster's, the abuse guards are the Guards', the host's rules are in hostCommands, the
// fixed-step loop is the TickLoop's and the game is the Match's. This file turns Colyseus'
// lifecycle and messages into calls on them, and checks each request against the sender's role.

import { randomInt } from "node:crypto";
import { type AuthContext, type Client, matchMaker, Protocol, ServerError } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { GAME } from "../../shared/config";
import { getMap, MAP_IDS } from "../maps";
import { MODE_IDS, type ModeId, type Team } from "../../shared/maps/types";
import type { ChatLine } from "../../shared/net/chat";
import { ErrorCode, KICKED, LIMITS, type MessageSpec, OUTDATED_PAGE, PROTOCOL_VERSION, sendMessage, ToClient, ToServer } from "../../shared/net/messages";
import { PoseEncoder } from "../../shared/net/poses";
import { randomCode } from "../../shared/net/roomCode";
import { cleanName } from "../../shared/net/text";
import { ArenaState, Phase } from "../../shared/schema/ArenaState";
import type { ServerConfig } from "../config";
import { log } from "../log";
import { abusers, liveRooms, rejectedMessages, type RoomGauges, throttledMessages, tickSeconds, traffic } from "../metrics";
import type { Records } from "../records";
import { matchPath } from "../../shared/net/api";
import { Match, type RoundOver } from "../rules/Match";
import { frameProblem, Guards } from "./Guards";
import { applySettings, hostRefusal, settingsRefusal } from "./hostCommands";
import { Roster } from "./Roster";
import { RoundRecording } from "../replay/RoundRecording";
import type { GameEvent } from "../../shared/net/events";
import { LateWatchers } from "../replay/LateWatchers";
import { pack } from "../replay/packer";
import type { Encoder } from "@colyseus/schema";
import { broadcastPatchTo, fullStateOf, GatedRoom, stateEncoderOf, tcpSocketOf, watchSends } from "./seam";
import { takeSnapshot } from "./snapshot";
import { type Clock, TickLoop } from "./TickLoop";

export interface JoinOptions {
  name?: unknown;
  /** Join as a watcher: no craft, no say in the game. */
  spectate?: unknown;
  /**
   * A quiet watcher behind the landing page (public rooms only): not announced, not
   * counted among the watchers, no chat, no seat.
   */
  backdrop?: unknown;
  /** A random id the browser keeps, so a kicked player stays out. */
  key?: unknown;
  /** Set by the Quick Play route: refuse the seat at once when the room is full. */
  quickPlay?: unknown;
  /** The page's PROTOCOL_VERSION; another version is refused (tools may leave it out). */
  version?: unknown;
  /** The team asked for (0 or 1, team modes; an invite link may carry it). */
  team?: unknown;
  /** The player's identity (see server/records): their rounds are recorded and rated. A wrong secret: a guest. */
  playerId?: unknown;
  secret?: unknown;
}

export interface CreateOptions extends JoinOptions {
  /** A private room: never matched by quick play or listed, reached by its code. */
  private?: unknown;
  /** A private room's mode: "ffa", "tdm" or "ctf" (public rooms follow the rotation). */
  mode?: unknown;
  /** The region the room should open in (the page's nearest; see server/fleet): read by the process picker only. */
  region?: unknown;
}

/** What the room's listing carries, for the room list and code lookups (any process can read it). */
export interface RoomListing {
  map: string;
  mode: string;
  players: number;
  maxPlayers: number;
  watchers: number;
  bots: number;
  locked: boolean;
  private: boolean;
  code: string;
  /** The region of the process that holds it (REGION). */
  region: string;
}

/** What onAuth learned about a joining client. */
interface Admitted {
  watcher: boolean;
  key: string;
  backdrop: boolean;
  /** A verified identity, or null (a guest). */
  playerId: string | null;
}

/** Counters an operator (and the tests) can read off a room. */
export interface RoomCounters {
  rejectedMessages: number;
  /** Messages dropped because their sender went over its message rate. */
  throttledMessages: number;
  /** Clients disconnected for flooding or for too many refused messages. */
  abusers: number;
  /** Inputs that arrived after their sender stepped out to watch (dropped, no strike). */
  staleInputs: number;
  appliedInputs: number;
  trimmedInputs: number;
  patches: number;
  skippedTicks: number;
}

export class ArenaRoom extends GatedRoom<ArenaState> {
  /** Set by `arenaRoomFor`; rooms never take server settings from a client's options. */
  protected settings!: ServerConfig;
  /** Where the loop and the guards read the time (a test may step its own). */
  protected tickClock: Clock = performance;
  /** Where finished rounds go, and who verifies a player's identity (none: nothing is kept). */
  protected records?: Records;
  match!: Match;
  loop!: TickLoop;
  readonly roster = new Roster();
  guards!: Guards;
  /** What every client has been sent of the crafts' poses (see shared/net/poses). */
  private readonly poses = new PoseEncoder();
  /** Each round as a watcher saw it: a replay for the records, and kill-cams. */
  private recording!: RoundRecording;
  private encoder!: Encoder;
  /** Watchers who see the game late (a private room's watch delay). */
  private readonly late = new LateWatchers();
  private readonly refusals = { rejectedMessages: 0, throttledMessages: 0, abusers: 0, staleInputs: 0 };
  private isPrivate = false;
  private chatLimiter!: RateLimiterMemory;
  private readonly gauges: RoomGauges = {
    players: () => this.roster.players,
    watchers: () => this.roster.watchers,
    bots: () => this.roster.bots.length,
  };

  get counters(): RoomCounters {
    return { ...this.refusals, ...this.loop.counters };
  }

  override async onCreate(options: CreateOptions = {}): Promise<void> {
    const cfg = this.settings;
    this.isPrivate = options?.private === true;
    this.maxClients = GAME.room.maxPlayersEver + cfg.maxSpectators;
    this.state = new ArenaState();
    this.state.patchHz = cfg.patchHz;
    this.state.maxPlayers = cfg.maxPlayers;
    this.state.reconnectSeconds = cfg.reconnectSeconds;
    this.state.bots = !this.isPrivate && cfg.botFill > 0;
    const start = startingPairing(cfg, this.isPrivate ? options?.mode : undefined);
    this.match = new Match(this.state, {
      tickHz: cfg.tickHz,
      map: start.map,
      mode: start.mode,
      scoreLimit: cfg.scoreLimit,
      timeLimitSeconds: cfg.timeLimitSeconds,
      resultsSeconds: cfg.resultsSeconds,
      // Public rooms tour the maps; a private room stays on its host's choice.
      rotateMaps: !this.isPrivate,
      seed: hashSeed(this.roomId),
    });
    // A round over goes to the records (written in the background; the room never waits).
    this.match.onRoundOver = (over) => this.keepRound(over);
    this.guards = new Guards(cfg, () => this.tickClock.now());
    this.chatLimiter = new RateLimiterMemory({ points: cfg.chatRate, duration: 5 });
    if (this.isPrivate) {
      await this.setPrivate(true);
      this.state.code = await this.unusedCode();
    }
    this.registerMessages();
    // Patches go out from the tick loop instead of Colyseus' own timer, so each patch
    // describes exactly the tick in `state.tick`.
    this.loop = new TickLoop(this.match, cfg, this.tickClock, () => this.sendPatch());
    this.loop.timed = (seconds) => tickSeconds.observe(seconds);
    this.encoder = stateEncoderOf(this);
    this.recording = new RoundRecording(this.match, this.roomId, this.encoder, this.poses, cfg, { delayable: this.isPrivate });
    this.recording.onReplay = (id, replay) => this.records?.keepReplay(id, replay, cfg.replayDays);
    this.setTimestep(() => this.loop.advance(), 1000 / cfg.tickHz);
    // After the loop exists: with no loop yet, Colyseus would start a second clock timer.
    this.patchRate = null;
    // A backstop behind the guards' budget (which throttles first and says why): Colyseus
    // closes a client that goes far past it without any decoding.
    this.maxMessagesPerSecond = 4 * cfg.messageRate;
    await this.publishListing();
    liveRooms.add(this.gauges);
    log.info({ roomId: this.roomId, map: start.map, mode: start.mode, private: this.isPrivate, code: this.state.code || undefined }, "room created");
  }

  // ---- who may come in -----------------------------------------------------------------

  override async onAuth(_client: Client, options: JoinOptions = {}, _context?: AuthContext): Promise<Admitted> {
    if (options?.version !== undefined && options.version !== PROTOCOL_VERSION) {
      throw new ServerError(ErrorCode.VersionMismatch, OUTDATED_PAGE);
    }
    const backdrop = options?.backdrop === true;
    if (backdrop && this.isPrivate) throw new ServerError(ErrorCode.NotAllowed, "Private rooms are not shown behind the menu.");
    const watcher = options?.spectate === true || backdrop;
    const key = typeof options?.key === "string" ? options.key.slice(0, 64) : "";
    if (this.roster.isBanned(key, Date.now())) throw new ServerError(ErrorCode.Kicked, KICKED);
    if (watcher) {
      if (this.roster.allWatchers >= this.settings.maxSpectators) throw new ServerError(ErrorCode.RoomFull, "No room for more watchers.");
    } else {
      if (this.state.locked) throw new ServerError(ErrorCode.RoomFull, "This room is locked. You can still watch.");
      if (this.roster.players >= this.state.maxPlayers) throw new ServerError(ErrorCode.RoomFull, "This room is full. You can still watch.");
    }
    // Checked last, and only for those let in: the one question that goes to the database.
    const playerId = backdrop || !this.records ? null : await this.records.verify(options?.playerId, options?.secret);
    return { watcher, key, backdrop, playerId };
  }

  // A seat is promised when matchmaking reserves it, before the player connects. For Quick
  // Play, count those promises too, so a burst of Quick Plays never promises one room more
  // players than it holds (the API then tries the next room, or opens one). Joins by id or
  // code are checked when they connect (onAuth), with a message meant for people.
  protected override admitsSeat(options: unknown): boolean {
    if ((options as JoinOptions | undefined)?.quickPlay !== true) return true;
    const promised = this.promisedSeats().filter(
      (seat) => !seat.comeback && (seat.options as JoinOptions | undefined)?.spectate !== true && !this.roster.get(seat.sessionId),
    ).length;
    return !this.state.locked && this.roster.players + promised < this.state.maxPlayers;
  }

  override onJoin(client: Client, options: JoinOptions = {}, auth?: Admitted): void {
    const name = cleanName(options?.name, LIMITS.nameLength);
    const member = this.roster.add(client.sessionId, name, auth?.key ?? "", auth?.watcher ?? false, auth?.backdrop ?? false, auth?.playerId ?? null);
    meterBytes(client);
    client.view = new StateView();
    if (member.watcher) this.state.watchers = this.roster.watchers;
    else this.seat(client, teamAskedFor(options?.team));
    if (member.backdrop) return;
    if (this.isPrivate && !this.state.hostId) this.state.hostId = client.sessionId;
    this.rebalanceBots();
    const pilot = this.match.pilots.get(client.sessionId);
    this.system(member.watcher ? `${name} is watching` : this.match.teams && pilot ? `${name} joined ${GAME.teams[pilot.team]}` : `${name} joined`);
    void this.publishListing();
    log.info({ roomId: this.roomId, sessionId: client.sessionId, name, watcher: member.watcher }, "joined");
  }

  /** A connection ended without a goodbye: hold the seat, craft and score for a while. */
  override onDrop(client: Client, code?: number): void {
    const id = client.sessionId;
    this.guards.freshBudget(id);
    // Sent away (kicked, abusive, shut down): no seat held. Not judged by the close code:
    // Colyseus closes with WITH_ERROR both a client over maxMessagesPerSecond (never reached:
    // the guards drop and expel long before, and only admitted frames count there) and a
    // connection it believed alive when its player comes back on a new one (a dead network:
    // that seat must be held).
    if (!this.roster.get(id) || this.guards.isExpelled(id) || this.settings.reconnectSeconds <= 0) return;
    // Off the field while away (a drop just after being hit counts as a down).
    this.match.away(id);
    log.info({ roomId: this.roomId, sessionId: id, code }, "connection dropped; holding the seat");
    // If the window passes, Colyseus calls onLeave.
    void this.allowReconnection(client, this.settings.reconnectSeconds).catch(() => undefined);
  }

  override onReconnect(client: Client): void {
    const id = client.sessionId;
    meterBytes(client);
    const member = this.roster.get(id);
    // Removed by the host while away: the comeback ends at once.
    if (!member || this.guards.isExpelled(id)) return client.leave(ErrorCode.Kicked, KICKED);
    this.match.back(id);
    this.system(`${member.name} is back`);
    log.info({ roomId: this.roomId, sessionId: id }, "reconnected");
  }

  override onLeave(client: Client, code?: number): void {
    this.forget(client.sessionId, code);
  }

  /** SIGTERM (a deploy or restart): every client hears why the connection ends. */
  override onBeforeShutdown(): void {
    // A round cut short is kept too, marked so (recorded, never rated).
    if (this.state.phase === Phase.Playing) this.keepRound(this.match.roundSoFar(true));
    for (const id of this.roster.members.keys()) this.guards.expel(id);
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

  /** Hands a round to the records, when this server keeps them. */
  private keepRound(over: RoundOver): void {
    if (!this.records || over.ticks <= 0) return;
    const id = this.records.roundOver({ roomId: this.roomId, private: this.isPrivate, tickHz: this.settings.tickHz }, over);
    if (over.interrupted) this.recording.cutShort(id);
    else this.recording.roundOver(id);
    log.info({ roomId: this.roomId, round: over.round, id, interrupted: over.interrupted }, "round kept");
    // Friends get the round's page to look back at (public rounds are listed on the site).
    if (this.isPrivate && !over.interrupted) this.system(`This round's results: ${matchPath(id)}`);
  }

  // ---- seats ---------------------------------------------------------------------------

  /** Someone is gone for good (left, or their seat's window passed): free everything they held. */
  private forget(id: string, code?: number): void {
    const member = this.roster.remove(id);
    this.guards.forget(id);
    // Already gone (the host removed them while away): nothing more to free or announce.
    if (!member) return;
    if (member.backdrop) return void this.rebalanceBots();
    this.unseat(id);
    this.state.watchers = this.roster.watchers;
    if (this.state.hostId === id) this.passHost();
    this.rebalanceBots();
    this.system(`${member.name} left`);
    void this.publishListing();
    log.info({ roomId: this.roomId, sessionId: id, code }, "left");
  }

  /** Gives a member a craft; on the team asked for where that keeps public teams even. */
  private seat(client: Client, team?: Team): void {
    const member = this.roster.get(client.sessionId)!;
    member.watcher = false;
    const wanted = team !== undefined && (this.isPrivate || this.teamChangeRefusal(team, undefined) === undefined) ? team : undefined;
    const pilot = this.match.join(client.sessionId, member.name, { team: wanted });
    pilot.playerId = member.playerId;
    this.loop.addPilot(client.sessionId);
    client.view?.add(pilot.schema);
  }

  private unseat(id: string): void {
    this.match.leave(id);
    this.loop.removePilot(id);
  }

  private passHost(): void {
    const next = this.roster.nextHost();
    this.state.hostId = next?.id ?? "";
    if (next) this.system(`${next.member.name} is now the host`);
  }

  /**
   * Tops the room up with bots while few people play; bots give their seats to people.
   * Then, in a public team room, evens the teams (bots move first).
   */
  private rebalanceBots(): void {
    const wanted = this.roster.botsWanted(this.settings.botFill, this.state.maxPlayers, this.state.bots);
    while (this.roster.bots.length > wanted) this.unseat(this.roster.dropBot()!);
    while (this.roster.bots.length < wanted) {
      const bot = this.roster.newBot();
      this.match.join(bot.id, bot.name, { bot: true });
      this.loop.addPilot(bot.id, hashSeed(this.roomId + bot.id));
    }
    if (this.isPrivate) return;
    for (const moved of this.match.evenTeams()) {
      if (!moved.bot) this.system(`${moved.name} moved to ${GAME.teams[moved.team]} to even the teams`);
    }
  }

  /** Why a player may not move to `team` (public rooms keep the teams within one), or undefined. */
  private teamChangeRefusal(team: Team, current: Team | undefined): string | undefined {
    if (!this.match.teams) return undefined;
    if (this.isPrivate) return this.state.teamsLocked ? "the host locked the teams" : undefined;
    const sizes = this.match.teamSizes();
    if (current !== undefined) sizes[current]--;
    return sizes[team] + 1 - sizes[team === 0 ? 1 : 0] > 1 ? `${GAME.teams[team]} has more players: stay to keep the teams even` : undefined;
  }

  private async publishListing(): Promise<void> {
    const listing: RoomListing = {
      map: this.state.map,
      mode: this.state.mode,
      players: this.roster.players,
      maxPlayers: this.state.maxPlayers,
      watchers: this.roster.watchers,
      bots: this.roster.bots.length,
      locked: this.state.locked,
      private: this.isPrivate,
      code: this.state.code,
      region: this.settings.region,
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

  // The message budget is checked here, before any decoding: a flood costs a counter.
  protected override admitsFrame(client: Client, frame: Buffer): boolean {
    traffic.clientMessages++;
    const admission = this.guards.admit(client.sessionId);
    if (admission !== "ok") {
      this.refusals.throttledMessages++;
      throttledMessages.inc();
      if (admission === "flood") this.expel(client, "flood", `more than ${2 * this.settings.messageRate} messages a second`);
      return false;
    }
    const problem = frameProblem(frame);
    if (problem) this.reject(client, problem);
    return problem === undefined;
  }

  /**
   * Handles one message of the table: decoded with its own decoder, refused with the
   * decoder's reason when it does not fit; sent the other way (bytes for a body, a body
   * for bytes), refused by name.
   */
  private handle<T>(name: string, spec: MessageSpec<never, T>, handler: (client: Client, value: T) => void): void {
    const decoded = (client: Client, wire: unknown) => {
      const value = spec.decode(wire);
      if (value.ok) handler(client, value.value);
      else this.reject(client, value.error);
    };
    if (spec.binary) {
      this.onMessageBytes(spec.type, decoded);
      this.onMessage(spec.type, (client) => this.reject(client, `${name} must be binary`));
    } else {
      this.onMessage(spec.type, decoded);
      this.onMessageBytes(spec.type, (client) => this.reject(client, `${name} must not be binary`));
    }
  }

  private registerMessages(): void {
    this.handle("input", ToServer.Input, (client, frames) => {
      // A watcher's inputs are a race (sent just before stepping out), not garbage: dropped
      // without a word. The message budget still bounds them.
      if (this.roster.get(client.sessionId)?.watcher) return void this.refusals.staleInputs++;
      this.loop.push(client.sessionId, frames);
    });
    this.handle("ping", ToServer.Ping, (client, token) => sendMessage(client, ToClient.Pong, { token, tick: this.match.tick }));
    this.handle("keyframe request", ToServer.Keyframe, (client) => {
      // One a second is plenty (a client asks when it starts drawing); more is ignored.
      const member = this.roster.get(client.sessionId);
      const now = this.tickClock.now();
      if (!member || now - member.keyframeAt < 1000) return;
      // Where everyone is now is exactly what a watcher of a delayed room must not learn.
      if (this.state.watchDelay > 0 && this.seesLate(client.sessionId)) return;
      member.keyframeAt = now;
      sendMessage(client, ToClient.Snapshot, this.poses.keyframe());
    });
    this.handle("chat", ToServer.Chat, (client, text) => void this.chat(client, text));
    this.handle("settings", ToServer.Settings, (client, change) => {
      if (!this.hostOnly(client, "change the settings")) return;
      const refusal = settingsRefusal(this.state, change);
      if (refusal) return client.error(ErrorCode.NotAllowed, refusal);
      const delayBefore = this.state.watchDelay;
      this.system(applySettings(this.state, this.match, change));
      // Watchers start again from the new delay (or, with none, get the live game back).
      if (this.state.watchDelay !== delayBefore) this.late.restart();
      this.rebalanceBots();
      void this.publishListing();
    });
    this.handle("kick", ToServer.Kick, (client, target) => {
      if (this.hostOnly(client, "remove players")) this.kick(client, target);
    });
    this.handle("restart", ToServer.Restart, (client) => {
      if (!this.hostOnly(client, "restart the match")) return;
      this.match.restart();
      this.system("The host restarted the match");
    });
    this.handle("spectate", ToServer.Spectate, (client) => {
      const member = this.roster.get(client.sessionId);
      if (!member || member.watcher) return client.error(ErrorCode.NotAllowed, "you are already watching");
      this.unseat(client.sessionId);
      member.watcher = true;
      this.state.watchers = this.roster.watchers;
      this.rebalanceBots();
      this.system(`${member.name} is watching`);
      void this.publishListing();
    });
    this.handle("take seat", ToServer.TakeSeat, (client) => {
      const member = this.roster.get(client.sessionId);
      if (!member || !member.watcher) return client.error(ErrorCode.NotAllowed, "you are already playing");
      if (member.backdrop) return client.error(ErrorCode.NotAllowed, "join the room to play in it");
      if (this.state.locked) return client.error(ErrorCode.RoomFull, "this room is locked");
      if (this.roster.players >= this.state.maxPlayers) return client.error(ErrorCode.RoomFull, "no free seat");
      this.seat(client);
      this.state.watchers = this.roster.watchers;
      this.rebalanceBots();
      this.system(`${member.name} joined the game`);
      void this.publishListing();
    });
    this.handle("team", ToServer.Team, (client, { team, sessionId }) => {
      const pilot = this.match.pilots.get(sessionId ?? client.sessionId);
      if (!this.match.teams) return client.error(ErrorCode.NotAllowed, `there are no teams in ${GAME.modes[this.match.mode].name}`);
      if (sessionId !== undefined && sessionId !== client.sessionId) {
        if (!this.hostOnly(client, "move players")) return;
        if (!pilot || pilot.bot) return client.error(ErrorCode.BadInput, "no such player to move");
        if (this.match.setTeam(pilot.id, team)) this.system(`The host moved ${pilot.name} to ${GAME.teams[team]}`);
        return;
      }
      if (!pilot) return client.error(ErrorCode.NotAllowed, "watchers have no team: take a seat first");
      if (pilot.team === team) return;
      // The host may always change team (a locked team is the host's own rule).
      const refusal = client.sessionId === this.state.hostId ? undefined : this.teamChangeRefusal(team, pilot.team);
      if (refusal) return client.error(ErrorCode.NotAllowed, refusal);
      this.match.setTeam(pilot.id, team);
      this.system(`${pilot.name} joined ${GAME.teams[team]}`);
    });
    this.handle("vote", ToServer.Vote, (client, choice) => {
      const refusal = this.match.vote(client.sessionId, choice);
      if (refusal) client.error(ErrorCode.NotAllowed, refusal);
    });
    this.onMessage("*", (client, type) => this.reject(client, `unknown message type ${JSON.stringify(type)}`));
  }

  private hostOnly(client: Client, what: string): boolean {
    const refusal = hostRefusal(this.state, this.isPrivate, client.sessionId, what);
    if (refusal) client.error(ErrorCode.NotAllowed, refusal);
    return refusal === undefined;
  }

  private kick(host: Client, targetId: string): void {
    const member = this.roster.get(targetId);
    if (!member || targetId === host.sessionId) return void host.error(ErrorCode.BadInput, "no such player to remove");
    this.roster.ban(member.key, Date.now() + GAME.room.kickMinutes * 60_000);
    this.guards.expel(targetId);
    this.system(`The host removed ${member.name}`);
    const target = this.clients.getById(targetId);
    if (target) target.leave(ErrorCode.Kicked, KICKED);
    // Not connected right now (reconnecting): free the seat at once, quietly (they were announced).
    else this.forgetQuietly(targetId);
  }

  /** Frees a seat without announcing a leave (the room already heard why). */
  private forgetQuietly(id: string): void {
    this.roster.remove(id);
    this.unseat(id);
    this.state.watchers = this.roster.watchers;
    if (this.state.hostId === id) this.passHost();
    this.rebalanceBots();
    void this.publishListing();
  }

  private async chat(client: Client, text: string): Promise<void> {
    const member = this.roster.get(client.sessionId);
    if (!member) return;
    if (member.backdrop) return client.error(ErrorCode.NotAllowed, "join the room to chat in it");
    try {
      await this.chatLimiter.consume(client.sessionId);
    } catch {
      return client.error(ErrorCode.TooFast, "You are sending messages too fast.");
    }
    const slot = this.match.pilots.get(client.sessionId)?.slot ?? -1;
    this.broadcastChat({ from: member.name, slot, watcher: member.watcher, system: false, text });
  }

  private system(text: string): void {
    this.broadcastChat({ from: "", slot: -1, watcher: false, system: true, text });
  }

  private broadcastChat(line: ChatLine): void {
    this.broadcast(ToClient.Chat.type, ToClient.Chat.encode(line));
  }

  // ---- patches -------------------------------------------------------------------------

  /**
   * The poses that changed and the events of this patch interval go in one message ahead
   * of the patch (when the patch lands, the client has the poses of its tick). Each
   * client's snapshot and patch leave in one write to its socket: one system call per
   * client per patch instead of one per message.
   */
  private sendPatch(): void {
    // In a room with a watch delay, watchers get none of this (see LateWatchers).
    const audience = this.late.split(this.clients, this.state.watchDelay, (id) => this.seesLate(id));
    const sockets = this.clients.map(tcpSocketOf);
    for (const s of sockets) s?.cork();
    const { overflow, snapshot, events } = takeSnapshot(this.match, this.poses);
    this.recording.beforePatch(overflow, snapshot);
    const to = audience.held.length > 0 ? { except: audience.held } : {};
    for (const batch of overflow) this.broadcastBytes(ToClient.Events.type, ToClient.Events.encode(batch) as Uint8Array, to);
    if (snapshot) this.broadcastBytes(ToClient.Snapshot.type, snapshot, to);
    if (audience.held.length > 0) broadcastPatchTo(this, audience.live);
    else this.broadcastPatch();
    this.recording.afterPatch(audience.live.length === 0);
    this.late.deliver(audience, this.recording, this.state.watchDelay, { state: () => fullStateOf(this.encoder), poses: () => this.poses.keyframe() });
    for (const s of sockets) s?.uncork();
    for (const e of events) if (e.kind === "down") this.sendKillCam(e);
  }

  /** A watcher who sees the game late (the room has a watch delay; never a player). */
  private seesLate(id: string): boolean {
    const member = this.roster.get(id);
    return member !== undefined && member.watcher && !member.backdrop;
  }

  /**
   * A player downed by another craft gets the seconds before it, to watch from the downer's
   * side while they wait to respawn (compressed on the packer's thread; a few kilobytes).
   */
  private sendKillCam(down: Extract<GameEvent, { kind: "down" }>): void {
    if (down.killer === down.victim) return;
    const victim = this.match.pilotInSlot(down.victim);
    if (!victim || victim.bot || !this.match.pilotInSlot(down.killer)) return;
    const clip = this.recording.killCam();
    if (!clip) return;
    pack(clip).then(
      (packed) => {
        const client = this.clients.getById(victim.id);
        if (client) sendMessage(client, ToClient.KillCam, { killer: down.killer, victim: down.victim, tick: down.tick, clip: packed });
      },
      (err) => log.warn({ roomId: this.roomId, err }, "could not pack a kill-cam"),
    );
  }

  /** Refuses a message: the sender is told why, and repeated abuse ends the connection. */
  private reject(client: Client, reason: string): void {
    this.refusals.rejectedMessages++;
    rejectedMessages.inc();
    const out = this.guards.strike(client.sessionId);
    log.warn({ roomId: this.roomId, sessionId: client.sessionId, reason, strikes: this.guards.strikes(client.sessionId) }, "message rejected");
    if (out) this.expel(client, "bad messages", "too many refused messages");
    else client.error(ErrorCode.BadInput, reason);
  }

  /** Disconnects an abusive client at once; its seat is not held for a reconnection. */
  private expel(client: Client, why: string, message: string): void {
    if (!this.guards.expel(client.sessionId)) return;
    this.refusals.abusers++;
    abusers.inc({ reason: why });
    log.warn({ roomId: this.roomId, sessionId: client.sessionId, why }, "client disconnected for abuse");
    client.leave(ErrorCode.Abuse, message);
  }
}

/** A room class bound to one server's settings (and, for tests, a clock of their own). */
export function arenaRoomFor(settings: ServerConfig, clock: Clock = performance, records?: Records): typeof ArenaRoom {
  return class ConfiguredArenaRoom extends ArenaRoom {
    protected override settings = settings;
    protected override tickClock = clock;
    protected override records = records;
  };
}

/** Counts what is sent to a client, patches apart from other messages, for the metrics. */
function meterBytes(client: Client): void {
  watchSends(client, (frame) => {
    if (frame[0] === Protocol.ROOM_STATE_PATCH) traffic.patchBytes += frame.byteLength;
    else traffic.messageBytes += frame.byteLength;
  });
}

/** The team an option asks for, if it is one. */
function teamAskedFor(option: unknown): Team | undefined {
  return option === 0 || option === 1 ? option : option === "0" || option === "1" ? (Number(option) as Team) : undefined;
}

/**
 * Where a room starts: the server's MAP and MODE, or for a private room the mode its host
 * asked for, on the server's map if it is made for that mode, else the first map that is.
 */
function startingPairing(cfg: ServerConfig, askedMode: unknown): { map: string; mode: ModeId } {
  const mode = (MODE_IDS as readonly unknown[]).includes(askedMode) ? (askedMode as ModeId) : cfg.mode;
  if (getMap(cfg.map)?.modes.includes(mode)) return { map: cfg.map, mode };
  const map = MAP_IDS.find((id) => getMap(id)!.modes.includes(mode));
  return map ? { map, mode } : { map: cfg.map, mode: cfg.mode };
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
