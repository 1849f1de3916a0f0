// The bar under a replay: play and pause (Space), the speed (0.25× to 4×; [ and ]), where it is
// and a slider to go anywhere (← and → move five seconds), the scoreboard at that moment, and a
// link that opens the replay at this moment (?t=SECONDS). Whom the camera follows, a free camera
// or the whole arena are the watcher's panel's, as in a live room.

import { replayPath } from "../../shared/net/api";
import { el, isEditing, Listeners, setText } from "../ui/dom";
import type { Hud } from "../ui/Hud";
import { type ReplayPlayer, SPEEDS } from "./ReplayPlayer";

export class ReplayControls {
  readonly root: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly slider: HTMLInputElement;
  private readonly time: HTMLElement;
  private readonly speed: HTMLSelectElement;
  private readonly copied: HTMLElement;
  private readonly listeners = new Listeners();
  private readonly timer: ReturnType<typeof setInterval>;
  private dragging = false;

  constructor(
    private readonly player: ReplayPlayer,
    private readonly hud: Hud,
    private readonly matchId: string,
  ) {
    this.playButton = el("button", { class: "replay-play", "data-testid": "replay-play", title: "Play or pause (Space)" });
    this.playButton.addEventListener("click", () => this.togglePlay());
    this.slider = el("input", { type: "range", min: "0", max: String(player.duration), step: "0.1", "aria-label": "Where in the round", "data-testid": "replay-seek" });
    // While dragging, each move shows its moment (the player seeks from a keyframe: fast enough to follow the hand).
    this.slider.addEventListener("input", () => {
      this.dragging = true;
      player.seek(Number(this.slider.value));
      this.show();
    });
    this.slider.addEventListener("change", () => (this.dragging = false));
    this.speed = el(
      "select",
      { "aria-label": "Speed", title: "Speed ([ and ])", "data-testid": "replay-speed" },
      SPEEDS.map((s) => el("option", { value: String(s), text: `${s}×` })),
    );
    this.speed.value = "1";
    this.speed.addEventListener("change", () => (player.speed = Number(this.speed.value)));
    this.time = el("span", { class: "replay-time", "data-testid": "replay-time" });
    const board = el("button", { text: "Scoreboard", title: "The scoreboard at this moment (hold Tab)", "data-testid": "replay-scoreboard" });
    board.addEventListener("click", () => hud.toggleBoard());
    const link = el("button", { text: "Link here", title: "Copy a link that opens the replay at this moment", "data-testid": "replay-link" });
    this.copied = el("span", { class: "replay-copied", "aria-live": "polite" });
    link.addEventListener("click", () => void this.copyLink());
    this.root = el("div", { class: "replay-bar", "data-testid": "replay-bar" }, [this.playButton, this.speed, this.slider, this.time, board, link, this.copied]);
    this.listeners.on(window, "keydown", (e) => this.onKey(e));
    this.timer = setInterval(() => this.show(), 100);
    player.onEnd = () => this.show();
    this.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.listeners.removeAll();
    this.root.remove();
  }

  private togglePlay(): void {
    if (this.player.paused) this.player.play();
    else this.player.pause();
    this.show();
  }

  private onKey(e: KeyboardEvent): void {
    if (isEditing(e.target) || e.target instanceof HTMLSelectElement) return;
    const step = (by: number) => {
      e.preventDefault();
      this.player.seek(this.player.time + by);
      this.show();
    };
    if (e.code === "Space") {
      e.preventDefault();
      this.togglePlay();
    } else if (e.code === "ArrowLeft") step(-5);
    else if (e.code === "ArrowRight") step(5);
    else if (e.code === "BracketLeft" || e.code === "BracketRight") {
      const i = SPEEDS.indexOf(this.player.speed as (typeof SPEEDS)[number]);
      const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? 2 : i) + (e.code === "BracketRight" ? 1 : -1)))];
      this.player.speed = next;
      this.speed.value = String(next);
    }
  }

  private show(): void {
    const p = this.player;
    setText(this.playButton, p.paused ? "▶ Play" : "❚❚ Pause");
    this.playButton.setAttribute("aria-pressed", String(!p.paused));
    if (!this.dragging) this.slider.value = String(p.time);
    setText(this.time, `${clock(p.time)} / ${clock(p.duration)}`);
  }

  private async copyLink(): Promise<void> {
    const url = new URL(replayPath(this.matchId, this.player.time), location.href).href;
    // The address bar says it too, so a reload opens here.
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url);
      setText(this.copied, "Copied");
    } catch {
      setText(this.copied, "In the address bar");
    }
    setTimeout(() => setText(this.copied, ""), 2500);
  }
}

/** 83.4 → "1:23". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
