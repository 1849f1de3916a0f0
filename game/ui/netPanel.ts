// The network panel (F3, the button, or the settings): the numbers that tell how the netcode
// is doing. Whether it shows is a setting, so it stays as the player left it.
import type { ArenaSession } from "../net/ArenaSession";
import { settings } from "../settings";
import { el, setText } from "./dom";

const ROWS = [
  ["ping", "Ping"],
  ["jitter", "Jitter"],
  ["tick", "Server tick"],
  ["tickRate", "Tick rate"],
  ["patchRate", "Patch rate"],
  ["delay", "Interp. delay"],
  ["bytesIn", "Down"],
  ["bytesOut", "Up"],
  ["fps", "Frame rate"],
  ["corrections", "Corrections"],
  ["misses", "Prediction misses"],
  ["stalls", "Late patches"],
] as const;

type Key = (typeof ROWS)[number][0];

export class NetPanel {
  readonly root: HTMLElement;
  private readonly cells = new Map<Key, HTMLElement>();
  private readonly unlisten: () => void;

  constructor() {
    this.root = el("div", { class: "net-panel", "data-testid": "net-panel" });
    this.root.append(el("div", { class: "net-title", text: "Network" }));
    for (const [key, label] of ROWS) {
      const value = el("span", { class: "value", "data-key": key });
      this.cells.set(key, value);
      this.root.append(el("div", { class: "net-row" }, [el("span", { text: label }), value]));
    }
    this.root.hidden = !settings.get().netPanel;
    this.unlisten = settings.listen((s) => (this.root.hidden = !s.netPanel));
  }

  toggle(): void {
    settings.set({ netPanel: !settings.get().netPanel });
  }

  dispose(): void {
    this.unlisten();
  }

  update(session: ArenaSession, fps: number, nowMs: number): void {
    if (this.root.hidden || !session.ready) return;
    const s = session.stats;
    const clock = session.clock;
    const msPerTick = 1000 / clock.tickHz;
    const set = (key: Key, text: string) => setText(this.cells.get(key)!, text);
    set("ping", `${Math.round(clock.rttMs)} ms`);
    set("jitter", `${clock.jitterMs.toFixed(1)} ms`);
    set("tick", String(session.state.tick));
    set("tickRate", `${clock.tickHz} Hz`);
    set("patchRate", `${Math.round(s.patches.perSecond(nowMs))} /s (of ${session.state.patchHz})`);
    set("delay", `${Math.round(session.delayTicks * msPerTick)} ms`);
    set("bytesIn", `${(s.bytesIn.perSecond(nowMs) / 1024).toFixed(2)} KB/s`);
    set("bytesOut", `${(s.bytesOut.perSecond(nowMs) / 1024).toFixed(2)} KB/s`);
    set("fps", `${Math.round(fps)}`);
    const mean = s.corrections ? s.correctionTotal / s.corrections : 0;
    set("corrections", `${s.corrections} (avg ${mean.toFixed(1)} u)`);
    set("misses", `${s.predictionMisses} / ${s.predictionChecks}`);
    set("stalls", `${s.extrapolations} late, ${s.stalls} held`);
  }
}
