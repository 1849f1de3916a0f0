// Who is in an arena room: its players and watchers (in join order), the host of a private
// room, the keys the host has sent away, and the bots that fill empty seats. Plain data and
// rules, no Colyseus: the room asks it and tells it.

import { BOT_NAMES } from "../bots/BotBrain";

export interface Member {
  name: string;
  /** A random id the browser keeps, so a kicked player stays out. */
  key: string;
  watcher: boolean;
  /** A quiet watcher behind a landing page: not announced, not counted, no say. */
  backdrop: boolean;
  /** Join order, for passing the host role on. */
  since: number;
  /** When this client was last sent every pose (see ToServer.Keyframe). */
  keyframeAt: number;
  /** The verified player behind this client (records and rating), if they have an identity. */
  playerId: string | null;
}

export class Roster {
  readonly members = new Map<string, Member>();
  /** Bot ids, in the order they came (the last one leaves first). */
  readonly bots: string[] = [];
  /** Keys the host removed, and until when (ms, on the roster's clock) they stay out. */
  private readonly banned = new Map<string, number>();
  private joins = 0;
  private botCount = 0;

  add(id: string, name: string, key: string, watcher: boolean, backdrop = false, playerId: string | null = null): Member {
    const member: Member = { name, key, watcher: watcher || backdrop, backdrop, since: this.joins++, keyframeAt: -Infinity, playerId };
    this.members.set(id, member);
    return member;
  }

  remove(id: string): Member | undefined {
    const member = this.members.get(id);
    this.members.delete(id);
    return member;
  }

  get(id: string): Member | undefined {
    return this.members.get(id);
  }

  get players(): number {
    let n = 0;
    for (const m of this.members.values()) if (!m.watcher) n++;
    return n;
  }

  /** Watchers people see (quiet backdrop watchers are not counted). */
  get watchers(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.watcher && !m.backdrop) n++;
    return n;
  }

  /** Everyone watching, backdrops too (what the room's watcher places hold). */
  get allWatchers(): number {
    return this.members.size - this.players;
  }

  /** Keeps a kicked player's browser out until `untilMs`. */
  ban(key: string, untilMs: number): void {
    if (key) this.banned.set(key, untilMs);
  }

  /** Whether `key` is still kept out at `nowMs`. */
  isBanned(key: string, nowMs: number): boolean {
    const until = key === "" ? undefined : this.banned.get(key);
    if (until === undefined) return false;
    if (nowMs < until) return true;
    this.banned.delete(key);
    return false;
  }

  /** Who hosts next: the longest-present player, else the longest-present watcher. */
  nextHost(): { id: string; member: Member } | undefined {
    let best: { id: string; member: Member } | undefined;
    for (const [id, member] of this.members) {
      if (member.backdrop) continue;
      if (!best || Number(member.watcher) - Number(best.member.watcher) < 0 || (member.watcher === best.member.watcher && member.since < best.member.since)) {
        best = { id, member };
      }
    }
    return best;
  }

  /** How many bots the room wants: enough to fill up to `fill` seats while few people play. */
  botsWanted(fill: number, maxPlayers: number, botsOn: boolean): number {
    // Only people count: a landing page watching quietly keeps no bots flying.
    if (!botsOn || this.members.size === this.backdrops) return 0;
    return Math.max(0, Math.min(fill, maxPlayers) - this.players);
  }

  private get backdrops(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.backdrop) n++;
    return n;
  }

  /** A new bot's id and name. */
  newBot(): { id: string; name: string } {
    const id = `bot-${this.botCount++}`;
    this.bots.push(id);
    return { id, name: `Bot ${BOT_NAMES[this.botCount % BOT_NAMES.length]}` };
  }

  /** The bot that leaves first (the newest). */
  dropBot(): string | undefined {
    return this.bots.pop();
  }
}
