// Everything drawn over the arena in plain DOM: health, the weapons, score, the mode and round
// clock, the team scores and the flags (team modes), kill and flag feed, scoreboard (hold
// Tab), results and the vote between rounds, the network panel, the "down" notice (who downed
// you, with what), the settings button (or Esc), and the controls on a player's first game.
// The room's panels (team, invite, host, watch) are under the health bar, folded, one open at
// a time, and never reach down to the chat.

import { GAME, makeTuning } from "../../shared/config";
import type { GameEvent } from "../../shared/net/events";
import { type Craft, CraftStatus, Phase } from "../../shared/schema/ArenaState";
import { Weapon, WEAPON_NAMES, type WeaponName, withWeaponWish } from "../../shared/sim/weapons";
import type { WeaponRefusal } from "../input/weaponChoice";
import { type ArenaSession, QUIET_AFTER_MS } from "../net/ArenaSession";
import { cssColour, TEAM_COLOUR } from "../render/palette";
import { craftColour } from "../render/teamLook";
import { el, isEditing, Listeners, setText } from "./dom";
import { ChatPanel } from "./chat";
import { ControlsHint } from "./controlsHint";
import { HostPanel } from "./hostPanel";
import { InvitePanel } from "./invite";
import { NetPanel } from "./netPanel";
import {
  clockLine,
  craftInSlot,
  downFeed,
  DownWeapons,
  type FeedPart,
  flagCarriedBy,
  flagFeed,
  flagWhereabouts,
  hasTeams,
  modeOf,
  ranking,
  resultsTitle,
  secondsToReturn,
  teamName,
  teamScoreLine,
} from "./matchText";
import { RankingTable } from "./scoreboard";
import { openSettings, settingsOpen } from "./settingsPanel";
import { teamSwatch, TeamSwitch } from "./teams";
import { VotePanel } from "./vote";
import { WatchPanel } from "./watchPanel";
import { WeaponSlots } from "./weaponSlots";

const FEED_SECONDS = 6;

export interface HudActions {
  /** The player asked to leave the room. */
  leave(): void;
  /** Chat typing started or ended (the craft ignores keys meanwhile). */
  typing(active: boolean): void;
  /**
   * A replay, not a room: what a watcher sees of the match, without what belongs to a room
   * (chat, a seat, the vote, the network), and Leave goes back to the round's page.
   */
  replay?: boolean;
}

export class Hud {
  readonly root: HTMLElement;
  readonly netPanel = new NetPanel();
  readonly chat: ChatPanel;
  readonly host: HostPanel;
  readonly watch: WatchPanel;
  readonly team: TeamSwitch;
  private readonly vote: VotePanel;
  private readonly roomLine: HTMLElement;
  private readonly side: HTMLElement;
  private invite?: InvitePanel;
  private readonly hpFill: HTMLElement;
  private readonly hpText: HTMLElement;
  private readonly buffs: HTMLElement;
  private readonly weapons = new WeaponSlots();
  /** What downed whom: the page infers it from the last hit (the down event does not say). */
  private readonly downWeapons = new DownWeapons();
  private readonly score: HTMLElement;
  private readonly clock: HTMLElement;
  /** Team modes: the two scores and the limit; capture the flag: where each flag is; the carrier's call. */
  private readonly teamScore: HTMLElement;
  private readonly flagStatus: HTMLElement;
  private readonly carrierCall: HTMLElement;
  private shownTeams = "";
  private readonly feed: HTMLElement;
  private readonly board: HTMLElement;
  private readonly boardTitle: HTMLElement;
  private readonly boardTable = new RankingTable();
  private readonly results: HTMLElement;
  private readonly resultsTitle: HTMLElement;
  private readonly resultsNext: HTMLElement;
  private readonly resultsTable = new RankingTable();
  private readonly down: HTMLElement;
  private readonly downTitle: HTMLElement;
  private readonly downDetail: HTMLElement;
  /** Who downed this player last, and with what (undefined: nobody did, or it is not known). */
  private downedBy?: { name: string; slot: number; weapon?: WeaponName };
  private readonly quiet: HTMLElement;
  private readonly silenceTimer = setInterval(() => this.showSilence(), 100);
  private readonly listeners = new Listeners();
  private lastDomUpdate = 0;
  private shownPhase = -1;
  private lastHp = -1;
  private downTick = -1;
  private readonly flash: HTMLElement;
  private readonly hint: ControlsHint;
  private readonly replay: boolean;

  constructor(
    private readonly session: ArenaSession,
    private readonly parent: HTMLElement,
    actions: HudActions,
  ) {
    this.chat = new ChatPanel(session, actions.typing);
    this.host = new HostPanel(session);
    this.watch = new WatchPanel(session);
    this.team = new TeamSwitch(session);
    this.vote = new VotePanel(session);
    this.roomLine = el("div", { class: "room-line", "data-testid": "room-line" });
    const leave = actions.replay
      ? el("button", { class: "leave-button", text: "Back", title: "Back to the round's page", "data-testid": "leave" })
      : el("button", { class: "leave-button", text: "Leave", title: "Back to the menu", "data-testid": "leave" });
    leave.addEventListener("click", () => actions.leave());
    this.hpFill = el("div", { class: "hp-fill" });
    this.hpText = el("span", { class: "hp-text", "data-testid": "hp" });
    this.buffs = el("div", { class: "buffs" });
    this.score = el("div", { class: "score", "data-testid": "score" });
    this.clock = el("div", { class: "round-clock", "data-testid": "round-clock" });
    this.teamScore = el("div", { class: "team-score", "data-testid": "team-score" });
    this.flagStatus = el("div", { class: "flag-status", "data-testid": "flag-status" });
    this.carrierCall = el("div", { class: "carrier-call", role: "status", "data-testid": "carrier-call" });
    this.carrierCall.hidden = true;
    this.feed = el("ol", { class: "kill-feed", "data-testid": "kill-feed" });
    this.boardTitle = el("h2", { text: "Scoreboard" });
    this.board = el("div", { class: "scoreboard panel", "data-testid": "scoreboard" }, [this.boardTitle, this.boardTable.root]);
    this.board.hidden = true;
    this.resultsTitle = el("h2", { "data-testid": "results-title" });
    this.resultsNext = el("p", { class: "next-round", "data-testid": "next-round" });
    this.results = el("div", { class: "results panel", "data-testid": "results" }, [this.resultsTitle, this.resultsTable.root, this.vote.root, this.resultsNext]);
    this.results.hidden = true;
    this.downTitle = el("div", { class: "down-title", "data-testid": "down-title" });
    this.downDetail = el("div", { class: "down-detail", "data-testid": "down-detail" });
    this.down = el("div", { class: "down-notice", role: "status", "data-testid": "down-notice" }, [this.downTitle, this.downDetail]);
    this.down.hidden = true;
    this.quiet = el("div", { class: "connection-problem", role: "status", "data-testid": "connection-problem" });
    this.quiet.hidden = true;
    this.flash = el("div", { class: "damage-flash" });
    const netButton = el("button", { class: "net-button", title: "Network panel (F3)", text: "NET", "data-testid": "net-button" });
    netButton.addEventListener("click", () => this.netPanel.toggle());
    const gear = el("button", { class: "settings-button", title: "Settings (Esc)", text: "⚙", "aria-label": "Settings", "data-testid": "hud-settings" });
    gear.addEventListener("click", () => openSettings());

    this.side = el("div", { class: "hud-side", "data-testid": "hud-side" }, [this.roomLine, this.team.root, this.host.root, this.watch.root]);
    this.foldTogether(this.host.root, this.watch.details);
    this.replay = actions.replay === true;
    this.root = el("div", { class: actions.replay ? "hud replay" : "hud" }, [
      this.flash,
      el("div", { class: "hud-top-left" }, [
        el("div", { class: "hp-bar" }, [this.hpFill, this.hpText]),
        this.weapons.root,
        this.weapons.news,
        this.buffs,
        this.side,
      ]),
      el("div", { class: "hud-top-middle" }, [this.clock, this.teamScore, this.flagStatus, this.carrierCall]),
      this.feed,
      this.score,
      this.chat.root,
      this.board,
      this.results,
      this.down,
      this.quiet,
      el("div", { class: "hud-buttons" }, [gear, leave, netButton]),
      this.netPanel.root,
    ]);
    parent.append(this.root);
    this.hint = new ControlsHint(this.root);

    const onKey = (e: KeyboardEvent, pressed: boolean) => {
      if (e.code === "Tab") {
        e.preventDefault();
        this.board.hidden = !pressed;
        if (pressed) this.fillBoard();
      } else if (e.code === "F3" && pressed) {
        e.preventDefault();
        this.netPanel.toggle();
      } else if (e.code === "Escape" && pressed && !settingsOpen() && !isEditing(e.target)) {
        // Not also the browser's own Esc, which would close the panel it just opened.
        e.preventDefault();
        openSettings();
      }
    };
    this.listeners.on(window, "keydown", (e) => onKey(e, true));
    this.listeners.on(window, "keyup", (e) => onKey(e, false));
  }

  dispose(): void {
    clearInterval(this.silenceTimer);
    this.listeners.removeAll();
    this.weapons.dispose();
    this.netPanel.dispose();
    this.chat.dispose();
    this.watch.dispose();
    this.team.dispose();
    this.vote.dispose();
    this.root.remove();
  }

  /** Panels that fold: opening one folds the others, so only one at a time reaches down the screen. */
  private foldTogether(...panels: HTMLDetailsElement[]): void {
    for (const panel of panels) {
      panel.setAttribute("name", "hud-panel");
      // The name makes them one group in browsers that know it; this, in the others.
      panel.addEventListener("toggle", () => {
        if (!panel.open) return;
        for (const other of this.side.querySelectorAll<HTMLDetailsElement>("details[name=hud-panel]")) if (other !== panel) other.open = false;
      });
    }
  }

  /**
   * A released game event: the feed lists downs (with the weapon) and flag news; the player's
   * own down says who did it and with what; the player's own weapon pickups are news.
   */
  onEvent(e: GameEvent): void {
    const weapon = this.downWeapons.heard(e);
    const mySlot = this.session.me?.slot;
    // Back on the field: the next down will say who did it.
    if (e.kind === "spawn" && e.slot === mySlot) this.downedBy = undefined;
    if (e.kind === "pickup" && e.slot === mySlot) {
      const kind = this.session.map.pickups[e.pickup]?.kind;
      const picked = WEAPON_NAMES.indexOf(kind as WeaponName);
      if (picked > Weapon.Blaster) this.weapons.pickedUp(picked as Weapon);
      return;
    }
    if (e.kind === "flag") {
      const who = this.slotCraft(e.slot);
      this.addToFeed(this.feedParts(flagFeed(e, who?.name), who, e.team), "flag-news");
      return;
    }
    if (e.kind !== "down") return;
    const killer = this.slotCraft(e.killer);
    const victim = this.slotCraft(e.victim);
    if (e.victim === mySlot) {
      this.downTick = e.tick;
      // Downed by someone else (a drop soon after a hit counts as a down by the hitter, and reads the same).
      this.downedBy = killer && e.killer !== e.victim ? { name: killer.name, slot: killer.slot, weapon } : undefined;
    }
    if (!victim) return;
    const by = killer && killer !== victim ? killer : undefined;
    // Nobody else named (a killer who has left the room): no weapon either, it was not the victim's own.
    const shownWeapon = by || e.killer === e.victim ? weapon : undefined;
    this.addToFeed(this.feedParts(downFeed(by, victim, shownWeapon), undefined, -1), "down-news");
  }

  /** A weapon key, the wheel or the weapon button did nothing: the HUD says why. */
  weaponRefused(r: WeaponRefusal): void {
    this.weapons.refused(r);
  }

  /** Feed pieces: pilots in their colours, a flag in its team's (with its pattern), words between. */
  private feedParts(parts: FeedPart[], who: Craft | undefined, team: number): HTMLElement[] {
    return parts.map((p) => {
      const pilot = p.slot !== undefined ? this.slotCraft(p.slot) : who;
      if (p.role === "who" && pilot) return this.colouredName(p.text, craftColour(this.session.state, pilot));
      if (p.role === "flag") {
        const flag = el("span", { class: "who" }, [teamSwatch(team), p.text]);
        flag.style.color = cssColour(TEAM_COLOUR[team] ?? 0xffffff);
        return flag;
      }
      return el("span", { class: "verb", text: p.text });
    });
  }

  private colouredName(name: string, colour: number): HTMLElement {
    const span = el("span", { class: "who", text: name });
    span.style.color = cssColour(colour);
    return span;
  }

  private addToFeed(parts: HTMLElement[], testid?: string): void {
    const item = el("li", { "data-testid": testid }, parts);
    this.feed.prepend(item);
    while (this.feed.children.length > 5) this.feed.lastElementChild?.remove();
    setTimeout(() => item.remove(), FEED_SECONDS * 1000);
  }

  /** The down screen: who downed the player and with what, and when they are back. */
  private showDown(): void {
    const state = this.session.state;
    const back = this.downTick < 0 ? 0 : this.downTick + makeTuning(state.tickHz).respawnTicks - state.tick;
    const when = back > 0 ? `back in ${Math.ceil(back / state.tickHz)}…` : "back in a moment…";
    const by = this.downedBy;
    if (!by) {
      setText(this.downTitle, "Down!");
      setText(this.downDetail, when[0].toUpperCase() + when.slice(1));
      return;
    }
    if (this.downTitle.textContent !== `Downed by ${by.name}`) {
      const killer = this.slotCraft(by.slot);
      this.downTitle.replaceChildren("Downed by ", this.colouredName(by.name, killer ? craftColour(this.session.state, killer) : 0xffffff));
    }
    setText(this.downDetail, by.weapon ? `with the ${by.weapon} · ${when}` : when[0].toUpperCase() + when.slice(1));
  }

  /** Called every frame; DOM is touched at most ten times a second. */
  update(fps: number, nowMs: number): void {
    if (!this.session.ready) return;
    // The weapons answer the keys at once (they change rarely, and only what changed is touched).
    if (this.session.me) this.weapons.update(this.session.prediction.current, this.session.state.tickHz);
    if (nowMs - this.lastDomUpdate < 100) return;
    this.lastDomUpdate = nowMs;
    const session = this.session;
    const state = session.state;
    const me = session.me;
    this.root.classList.toggle("watching", !me);
    this.root.classList.toggle("teams", hasTeams(state));
    this.root.classList.toggle("ctf", state.flags.length > 0);
    if (state.code && !this.invite && !this.replay) {
      // The code arrives with the first state, a moment after joining.
      this.invite = new InvitePanel(state.code);
      this.roomLine.after(this.invite.root);
      this.foldTogether(this.invite.root);
    }
    this.host.update();
    this.watch.update();
    this.team.update();
    this.invite?.update(hasTeams(state));
    const host = state.crafts.get(state.hostId)?.name;
    if (this.replay) setText(this.roomLine, `Replay · ${GAME.modes[modeOf(state)].name} · round ${state.round}`);
    else {
      const delay = state.watchDelay ? `watchers see it ${state.watchDelay} s late` : "";
      setText(this.roomLine, [state.code ? "Private room" : "Public room", host ? `host ${host}` : "", `${state.watchers} watching`, delay].filter(Boolean).join(" · "));
    }
    // The controls card: for players only, and only until they have moved or fired (never over the results and the vote).
    if (!me || state.phase === Phase.Results) this.hint.hide();
    // (The weapon wished for rides in the buttons too: it is not a key held.)
    else if (withWeaponWish(session.controls.buttons, Weapon.Blaster) !== 0) this.hint.learned();
    else this.hint.offer(this.parent.classList.contains("touch"));
    if (me) {
      const hp = Math.max(0, me.hp);
      if (this.lastHp >= 0 && hp < this.lastHp) this.flashDamage();
      this.lastHp = hp;
      this.hpFill.style.width = `${hp}%`;
      this.hpFill.classList.toggle("low", hp <= 40);
      setText(this.hpText, `${hp}`);
      const buffs: string[] = [];
      if (me.status & CraftStatus.Shielded) buffs.push("Shield");
      if (me.status & CraftStatus.Overdrive) buffs.push("Overdrive ×2");
      setText(this.buffs, buffs.join(" · "));
      if (hasTeams(state)) {
        const caps = modeOf(state) === "ctf" ? ` · ${me.captures} captures` : "";
        setText(this.score, `${teamName(me.team)} · ${me.kills} kills · ${me.deaths} downs${caps}`);
      } else {
        const rank = ranking(state).indexOf(me) + 1;
        setText(this.score, `${me.kills} kills · ${me.deaths} downs · #${rank} of ${state.crafts.size}`);
      }
      const alive = (me.status & CraftStatus.Alive) !== 0;
      this.down.hidden = alive || state.phase !== Phase.Playing;
      if (!this.down.hidden) this.showDown();
      // Up again (a spawn event may be missed, say across a round's restart): forget who it was.
      else if (alive && state.tick - this.downTick > state.tickHz) this.downedBy = undefined;
    } else {
      setText(this.score, "Watching");
      this.down.hidden = true;
    }
    const secondsLeft = Math.max(0, Math.ceil((state.phaseEndsTick - state.tick) / state.tickHz));
    if (state.phase === Phase.Playing) {
      setText(this.clock, clockLine(state, secondsLeft));
    } else {
      setText(this.clock, `${GAME.modes[modeOf(state)].name} · Round ${state.round} over`);
      setText(this.resultsNext, this.replay ? "" : `Next round in ${secondsLeft} s`);
    }
    this.showTeams();
    if (state.phase !== this.shownPhase) {
      this.shownPhase = state.phase;
      this.results.hidden = state.phase !== Phase.Results;
      if (state.phase === Phase.Results) {
        setText(this.resultsTitle, resultsTitle(state));
        this.resultsTable.fill(state, session.sessionId);
      }
    }
    // The votes come in while the results show.
    if (!this.results.hidden && !this.replay) this.vote.update();
    if (!this.board.hidden) this.fillBoard();
    this.netPanel.update(session, fps, nowMs);
  }

  /** Shows or hides the scoreboard (Tab holds it open; a replay has a button for it too). */
  toggleBoard(open = this.board.hidden): void {
    this.board.hidden = !open;
    if (open) this.fillBoard();
  }

  get boardOpen(): boolean {
    return !this.board.hidden;
  }

  private fillBoard(): void {
    setText(this.boardTitle, `Scoreboard · ${GAME.modes[modeOf(this.session.state)].name}`);
    this.boardTable.fill(this.session.state, this.session.sessionId);
  }

  /** Team modes: the scores under the clock; capture the flag: where each flag is, and the carrier's call to bring it home. */
  private showTeams(): void {
    const state = this.session.state;
    const teams = hasTeams(state);
    const me = this.session.me;
    const flags = [...state.flags].map((f) => ({ team: f.team, home: f.atHome, where: flagWhereabouts(state, f, secondsToReturn(f, state.tick, state.tickHz)) }));
    const carried = me ? flagCarriedBy(state, me.slot) : undefined;
    const ownAway = me ? state.flags.some((f) => f.team === me.team && !f.atHome) : false;
    const shown = JSON.stringify([teams && teamScoreLine(state), flags, carried?.team, ownAway]);
    if (shown === this.shownTeams) return;
    this.shownTeams = shown;
    this.teamScore.hidden = !teams;
    if (teams) {
      // Reads as teamScoreLine does ("Blue 2 – 1 Orange · first to 3"), each team by its badge.
      const left = el("span", { class: "team-side" }, [teamSwatch(0), el("span", { text: `${teamName(0)} ${state.teamScores[0] ?? 0}` })]);
      const right = el("span", { class: "team-side" }, [el("span", { text: `${state.teamScores[1] ?? 0} ${teamName(1)}` }), teamSwatch(1)]);
      this.teamScore.replaceChildren(left, el("span", { text: " – " }), right, el("span", { class: "muted", text: ` · first to ${state.scoreLimit}` }));
      this.teamScore.setAttribute("aria-label", teamScoreLine(state));
    }
    this.flagStatus.hidden = flags.length === 0;
    this.flagStatus.replaceChildren(
      ...flags.map((f) =>
        el("span", { class: `flag-chip${f.home ? "" : " away"}`, "data-testid": `flag-${f.team}` }, [teamSwatch(f.team), el("span", { text: `${teamName(f.team)} flag: ${f.where}` })]),
      ),
    );
    this.carrierCall.hidden = !carried;
    if (carried) {
      const wait = ownAway ? " (your own flag must be home to score)" : "";
      setText(this.carrierCall, `You have ${teamName(carried.team)}'s flag — bring it home${wait}`);
    }
  }

  /** Says so when the server has gone quiet (on its own timer too: a dead socket may stall frames). */
  private showSilence(): void {
    const quiet = this.session.silentForMs();
    this.quiet.hidden = quiet < QUIET_AFTER_MS;
    if (!this.quiet.hidden) setText(this.quiet, `Connection problem… nothing from the server for ${Math.floor(quiet / 1000)} s`);
  }

  private flashDamage(): void {
    // Played with the Web Animations API: restarting a CSS animation would force a layout in the frame.
    const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.flash.animate([{ opacity: 1 }, { opacity: 0 }], { duration: reduced ? 1 : 280, easing: "ease-out" });
  }

  private slotCraft(slot: number): Craft | undefined {
    return craftInSlot(this.session.state, slot)?.[1];
  }
}
