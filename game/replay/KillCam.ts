// The kill-cam: downed by another craft, the player sees the seconds before it from the downer's
// side: the server's clip (shared/replay/killCam) played by a ReplayPlayer in a second scene over
// the arena. It never holds the player up: it is played fast enough to end before the respawn,
// it ends the moment the craft is back, and Space or Skip end it at once. Off in the settings.

import Phaser from "phaser";
import { GAME } from "../../shared/config";
import type { KillCam } from "../../shared/replay/killCam";
import { CraftStatus } from "../../shared/schema/ArenaState";
import type { ArenaSession } from "../net/ArenaSession";
import { ArenaScene } from "../scenes/ArenaScene";
import { settings } from "../settings";
import { el, Listeners } from "../ui/dom";
import { craftInSlot } from "../ui/matchText";
import { unpackReplay } from "./load";
import { ReplayPlayer } from "./ReplayPlayer";

/** The seconds before the down that are shown. */
export const KILL_CAM_SHOWN_SECONDS = 4;
/** It ends this long before the respawn at the latest (ms). */
const RESPAWN_MARGIN_MS = 250;
const SCENE_KEY = "kill-cam";

export class KillCamView {
  /** How many have been shown, and whether one shows now (the browser tests read these). */
  shown = 0;
  private disposed = false;
  private current?: { player: ReplayPlayer; overlay: HTMLElement; listeners: Listeners; step: () => void };

  constructor(
    private readonly game: Phaser.Game,
    private readonly parent: HTMLElement,
    private readonly live: ArenaSession,
  ) {}

  get showing(): boolean {
    return this.current !== undefined;
  }

  /** A clip from the server: shown if it is still worth it when unpacked. */
  async offer(k: KillCam): Promise<void> {
    if (!settings.get().killCam) return;
    const read = await unpackReplay(k.clip);
    if (!read.ok || this.disposed || this.backInPlay() || !this.live.ready) return;
    const startTick = this.live.state.tick;
    const tickHz = this.live.state.tickHz;
    const respawnAt = k.tick + GAME.life.respawnSeconds * tickHz;
    const msLeft = ((respawnAt - startTick) * 1000) / tickHz - RESPAWN_MARGIN_MS;
    if (msLeft < 500) return;
    this.stop();
    const clipSeconds = (read.value.meta.endTick - read.value.meta.startTick) / read.value.meta.tickHz;
    const from = Math.max(0, clipSeconds - KILL_CAM_SHOWN_SECONDS);
    const player = new ReplayPlayer(read.value, undefined, from);
    // Fast enough to end before the respawn (a little quicker than life, at most).
    player.speed = Math.max(1, ((clipSeconds - from) * 1000) / msLeft);
    const killerId = craftInSlot(player.room.state, k.killer)?.[0];
    const killerName = craftInSlot(player.room.state, k.killer)?.[1].name ?? "someone";

    const skip = el("button", { class: "kill-cam-skip", text: "Skip (Space)", "data-testid": "kill-cam-skip" });
    const overlay = el("div", { class: "kill-cam", "data-testid": "kill-cam", role: "status" }, [
      el("div", { class: "kill-cam-bar" }, [el("span", { class: "kill-cam-label", text: `KILL-CAM · ${killerName}`, "data-testid": "kill-cam-label" }), skip]),
    ]);
    const listeners = new Listeners();
    skip.addEventListener("click", () => this.stop());
    listeners.on(window, "keydown", (e) => {
      if (e.code === "Space") this.stop();
    });
    const step = () => {
      player.advance();
      if (this.backInPlay()) this.stop();
    };
    player.onEnd = () => queueMicrotask(() => this.stop());
    this.current = { player, overlay, listeners, step };
    this.parent.append(overlay);
    // The round's results wait under it (a round's last down shows its kill-cam first); the
    // down notice stays: who it was, with what, and when the craft is back.
    this.parent.classList.add("kill-cam-on");
    this.game.events.on(Phaser.Core.Events.PRE_STEP, step);
    this.game.scene.add(SCENE_KEY, new ArenaScene({ session: player.session, view: () => (killerId ? { kind: "follow", id: killerId } : { kind: "overview" }) }, SCENE_KEY), true);
    player.play();
    this.shown++;
  }

  /** The arena is going: nothing more is shown. */
  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  /** Ends the kill-cam showing now, if one is. */
  stop(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    this.game.events.off(Phaser.Core.Events.PRE_STEP, c.step);
    this.game.scene.remove(SCENE_KEY);
    c.listeners.removeAll();
    c.overlay.remove();
    this.parent.classList.remove("kill-cam-on");
    c.player.close();
  }

  /** The player's craft is on the field again (or they are watching): nothing to wait for. */
  private backInPlay(): boolean {
    const me = this.live.me;
    return !me || (me.status & CraftStatus.Alive) !== 0;
  }
}
