// The game's sound effects, synthesised on the spot with the Web Audio API: no files, no
// library. One master gain follows the settings (volume, mute). Browsers allow sound only
// after the player has touched the page, so the audio context is created, and resumed if a
// browser suspends it, only inside a gesture; until then every effect is silently skipped.

import type { FlagAction } from "../../shared/net/events";
import { Weapon, WEAPON_NAMES } from "../../shared/sim/weapons";
import { type Settings, type SettingsStore, settings as pageSettings } from "../settings";

/** How loud an effect is heard and from which side (see `spatial`). */
export interface Heard {
  gain: number;
  /** -1 (left) .. 1 (right). */
  pan: number;
}

/** Right here: the player's own doings. */
export const HERE: Heard = { gain: 1, pan: 0 };

/** Beyond this distance from the listener (world units) nothing is heard. */
const EARSHOT = 1500;

/** Louder near the listener and panned toward the side the sound comes from. */
export function spatial(dx: number, dy: number): Heard {
  const d = Math.hypot(dx, dy);
  if (d >= EARSHOT) return { gain: 0, pan: 0 };
  const near = 1 - d / EARSHOT;
  return { gain: near * near, pan: Math.max(-1, Math.min(1, dx / 700)) * 0.75 };
}

/** The master gain for the settings: nothing when muted; the volume squared, so the slider sounds even. */
export function masterLevel(s: Pick<Settings, "volume" | "muted">): number {
  return s.muted ? 0 : s.volume * s.volume;
}

/**
 * Caps the voices sounding at once, so a crowded fight stays a mix rather than a roar (and
 * costs little). Each kind also waits a moment after its last voice. Voices the player
 * caused or suffered may use the whole budget; others only part of it.
 */
export class VoiceBudget {
  private readonly endings: number[] = [];
  private readonly last = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Starts a voice of `kind` lasting `seconds` at time `now` if the budget allows. */
  take(kind: string, now: number, seconds: number, spacing: number, important: boolean): boolean {
    let n = 0;
    for (const end of this.endings) if (end > now) this.endings[n++] = end;
    this.endings.length = n;
    if (now - (this.last.get(kind) ?? -Infinity) < spacing) return false;
    if (n >= (important ? this.max : Math.ceil(this.max * 0.6))) return false;
    this.endings.push(now + seconds);
    this.last.set(kind, now);
    return true;
  }
}

/** The events that count as the player's gesture; touchend and pointerup are what mobile browsers accept. */
const GESTURES = ["pointerdown", "pointerup", "keydown", "touchstart", "touchend"] as const;

export interface SoundOptions {
  /** Where gestures are listened for. */
  target?: EventTarget;
  store?: SettingsStore;
  createContext?: () => AudioContext;
  /** Where effects are rendered ahead (mono, at the context's rate); none: always synthesise live. */
  createOffline?: (length: number, sampleRate: number) => OfflineAudioContext;
}

/** Rendered copies kept of each effect, played in turn, so repeats do not sound identical. */
const TAKES = 3;

interface Voice {
  ctx: BaseAudioContext;
  out: AudioNode;
  /** When it starts (a hair after now, so every envelope begins cleanly). */
  t: number;
}

interface ToneSpec {
  type: OscillatorType;
  from: number;
  to?: number;
  /** Seconds after the voice's start. */
  at?: number;
  seconds: number;
  peak: number;
  attack?: number;
}

interface NoiseSpec {
  filter: BiquadFilterType;
  from: number;
  to?: number;
  q?: number;
  at?: number;
  seconds: number;
  peak: number;
  attack?: number;
}

const SILENT = 0.0001;

export class Sound {
  private ctx?: AudioContext;
  private master?: GainNode;
  private noise?: AudioBuffer;
  private level: number;
  private readonly budget = new VoiceBudget(14);
  private readonly target: EventTarget;
  private readonly createContext: () => AudioContext;
  private readonly createOffline: ((length: number, sampleRate: number) => OfflineAudioContext) | undefined;
  /** Each effect's rendered takes, and how many more are being rendered. */
  private readonly takes = new Map<string, AudioBuffer[]>();
  private readonly rendering = new Map<string, number>();
  private readonly stopListening: () => void;
  private disposed = false;

  constructor(opts: SoundOptions = {}) {
    this.target = opts.target ?? globalThis;
    const store = opts.store ?? pageSettings;
    this.createContext = opts.createContext ?? (() => new AudioContext({ latencyHint: "interactive" }));
    this.createOffline =
      opts.createOffline ?? (typeof OfflineAudioContext === "undefined" ? undefined : (length, sampleRate) => new OfflineAudioContext(1, length, sampleRate));
    this.level = masterLevel(store.get());
    for (const type of GESTURES) this.target.addEventListener(type, this.unlock, { capture: true, passive: true });
    // Only volume and mute matter here, not (say) every keystroke of the name.
    this.stopListening = store.listen((now, changed) => {
      if ("volume" in changed || "muted" in changed) this.setLevel(masterLevel(now));
    });
  }

  /** True once there is a running context to play into. */
  get ready(): boolean {
    return this.ctx?.state === "running";
  }

  dispose(): void {
    this.disposed = true;
    for (const type of GESTURES) this.target.removeEventListener(type, this.unlock, { capture: true });
    this.stopListening();
    void this.ctx?.close().catch(() => undefined);
    this.ctx = undefined;
  }

  // ---- the effects -----------------------------------------------------------------------

  /**
   * A shot leaves a turret, each weapon its own: the blaster a short falling zap with a click
   * of air; the scatter a dry, wide bang; the rail a crack and a ringing fall; the rocket a
   * launch, a thump and a rising hiss.
   */
  fire(heard: Heard, own: boolean, weapon: Weapon = Weapon.Blaster): void {
    const name = `fire-${WEAPON_NAMES[weapon]}${own ? "-own" : ""}`;
    if (weapon === Weapon.Scatter) {
      this.play(name, heard, 0.26, own ? 0 : 0.08, own, (v) => {
        this.noiseBurst(v, { filter: "lowpass", from: 5200, to: 500, seconds: 0.22, peak: own ? 0.42 : 0.3, attack: 0.002 });
        this.tone(v, { type: "sine", from: 160, to: 55, seconds: 0.16, peak: own ? 0.4 : 0.28 });
        this.noiseBurst(v, { filter: "highpass", from: 3500, seconds: 0.04, peak: 0.12 });
      });
    } else if (weapon === Weapon.Rail) {
      this.play(name, heard, 0.5, own ? 0 : 0.08, own, (v) => {
        this.noiseBurst(v, { filter: "highpass", from: 1800, seconds: 0.05, peak: own ? 0.35 : 0.25, attack: 0.001 });
        this.tone(v, { type: "sawtooth", from: 2400, to: 260, seconds: 0.3, peak: own ? 0.09 : 0.06, attack: 0.002 });
        this.tone(v, { type: "sine", from: 3100, to: 2900, seconds: 0.45, peak: 0.05, attack: 0.002 });
      });
    } else if (weapon === Weapon.Rocket) {
      this.play(name, heard, 0.45, own ? 0 : 0.08, own, (v) => {
        this.tone(v, { type: "sine", from: 120, to: 60, seconds: 0.15, peak: own ? 0.45 : 0.3 });
        this.noiseBurst(v, { filter: "bandpass", from: 500, to: 2400, q: 1.1, seconds: 0.42, peak: own ? 0.32 : 0.22, attack: 0.03 });
      });
    } else {
      this.play(name, heard, 0.12, own ? 0 : 0.05, own, (v) => {
        this.tone(v, { type: "square", from: 820, to: 190, seconds: 0.09, peak: own ? 0.09 : 0.06 });
        this.tone(v, { type: "triangle", from: 1600, to: 500, seconds: 0.05, peak: 0.08 });
        this.noiseBurst(v, { filter: "highpass", from: 2500, seconds: 0.035, peak: own ? 0.12 : 0.08 });
      });
    }
  }

  /** The player's rail charges: a hum rising to the shot, as long as the charge. */
  railCharge(seconds: number): void {
    this.play("rail-charge", HERE, seconds + 0.02, 0.1, true, (v) => {
      this.tone(v, { type: "sawtooth", from: 140, to: 560, seconds, peak: 0.05, attack: seconds * 0.8 });
      this.tone(v, { type: "sine", from: 280, to: 1120, seconds, peak: 0.08, attack: seconds * 0.8 });
    });
  }

  /** A rocket bursts: a deep boom under a crack, rolling away. `important` when it is the player's own or near them. */
  blast(heard: Heard, important: boolean): void {
    this.play("blast", heard, 0.9, 0.05, important, (v) => {
      this.noiseBurst(v, { filter: "highpass", from: 1200, seconds: 0.06, peak: 0.3, attack: 0.001 });
      this.noiseBurst(v, { filter: "lowpass", from: 2200, to: 90, seconds: 0.85, peak: 0.6, attack: 0.004 });
      this.tone(v, { type: "sine", from: 85, to: 28, seconds: 0.6, peak: 0.6 });
    });
  }

  /** The trigger of a weapon with no ammo (or nothing else to switch to): a dry double click. */
  empty(): void {
    this.play("empty", HERE, 0.1, 0.08, true, (v) => {
      this.tone(v, { type: "square", from: 1400, seconds: 0.012, peak: 0.06, attack: 0.001 });
      this.tone(v, { type: "square", from: 900, at: 0.05, seconds: 0.012, peak: 0.05, attack: 0.001 });
    });
  }

  /** Another weapon comes to the player's hand: a short mechanical clack. */
  switchWeapon(): void {
    this.play("switch", HERE, 0.12, 0.05, true, (v) => {
      this.noiseBurst(v, { filter: "bandpass", from: 2600, q: 3, seconds: 0.03, peak: 0.22, attack: 0.001 });
      this.noiseBurst(v, { filter: "bandpass", from: 1500, q: 3, at: 0.06, seconds: 0.04, peak: 0.2, attack: 0.001 });
    });
  }

  /** The player's shot landed: a crisp high tick. */
  hitConfirm(): void {
    this.play("confirm", HERE, 0.08, 0.03, true, (v) => {
      this.tone(v, { type: "sine", from: 1900, seconds: 0.06, peak: 0.16 });
      this.tone(v, { type: "sine", from: 2850, at: 0.01, seconds: 0.05, peak: 0.07 });
    });
  }

  /** The player was hit: a low thump. */
  hurt(): void {
    this.play("hurt", HERE, 0.2, 0.05, true, (v) => {
      this.tone(v, { type: "sine", from: 190, to: 55, seconds: 0.18, peak: 0.5 });
      this.noiseBurst(v, { filter: "lowpass", from: 1400, to: 250, seconds: 0.12, peak: 0.35 });
    });
  }

  /** Someone else was hit. */
  hit(heard: Heard): void {
    this.play("hit", heard, 0.09, 0.04, false, (v) => {
      this.noiseBurst(v, { filter: "bandpass", from: 1500, q: 1.2, seconds: 0.07, peak: 0.3 });
      this.tone(v, { type: "sine", from: 320, to: 130, seconds: 0.08, peak: 0.15 });
    });
  }

  /** A spawn shield stopped a shot: a metallic ping. */
  blocked(heard: Heard): void {
    this.play("blocked", heard, 0.3, 0.05, false, (v) => {
      this.tone(v, { type: "sine", from: 1180, seconds: 0.28, peak: 0.11, attack: 0.002 });
      this.tone(v, { type: "sine", from: 3260, seconds: 0.16, peak: 0.05, attack: 0.002 });
    });
  }

  /** A craft goes down: a rumbling burst. `important` when it is the player's own, or their kill. */
  down(heard: Heard, important: boolean): void {
    this.play("down", heard, 0.8, 0.06, important, (v) => {
      this.noiseBurst(v, { filter: "lowpass", from: 3200, to: 140, seconds: 0.75, peak: 0.55, attack: 0.006 });
      this.tone(v, { type: "sine", from: 120, to: 34, seconds: 0.55, peak: 0.55 });
      this.noiseBurst(v, { filter: "bandpass", from: 2600, q: 2, at: 0.03, seconds: 0.18, peak: 0.25 });
    });
  }

  /** The player downed someone: two rising notes over the blast. */
  kill(): void {
    this.play("kill", HERE, 0.3, 0.1, true, (v) => {
      this.tone(v, { type: "triangle", from: 880, seconds: 0.12, peak: 0.16 });
      this.tone(v, { type: "triangle", from: 1320, at: 0.09, seconds: 0.2, peak: 0.16 });
    });
  }

  /** A craft (re)appears: a rising shimmer. */
  respawn(heard: Heard, own: boolean): void {
    this.play("respawn", heard, 0.5, 0.1, own, (v) => {
      this.tone(v, { type: "sine", from: 220, to: 880, seconds: 0.42, peak: 0.2, attack: 0.05 });
      this.tone(v, { type: "triangle", from: 331, to: 1330, seconds: 0.42, peak: 0.07, attack: 0.08 });
      this.tone(v, { type: "sine", from: 1760, at: 0.3, seconds: 0.2, peak: 0.06 });
    });
  }

  /** A pickup is taken: a bright arpeggio for health, a charging sweep for overdrive, a weapon racked for a weapon. */
  pickup(kind: "health" | "overdrive" | "weapon", heard: Heard, own: boolean): void {
    this.play(`pickup-${kind}`, heard, 0.4, 0.1, own, (v) => {
      if (kind === "health") {
        [523.25, 659.25, 783.99, 1046.5].forEach((f, i) => this.tone(v, { type: "triangle", from: f, at: i * 0.055, seconds: 0.11, peak: 0.17 }));
      } else if (kind === "weapon") {
        this.noiseBurst(v, { filter: "bandpass", from: 1800, q: 2.5, seconds: 0.05, peak: 0.3, attack: 0.001 });
        this.noiseBurst(v, { filter: "bandpass", from: 1100, q: 2.5, at: 0.11, seconds: 0.07, peak: 0.32, attack: 0.001 });
        this.tone(v, { type: "triangle", from: 660, at: 0.2, seconds: 0.16, peak: 0.1 });
        this.tone(v, { type: "triangle", from: 990, at: 0.26, seconds: 0.12, peak: 0.08 });
      } else {
        this.tone(v, { type: "sawtooth", from: 110, to: 440, seconds: 0.36, peak: 0.08, attack: 0.02 });
        this.tone(v, { type: "square", from: 220, to: 880, seconds: 0.36, peak: 0.04, attack: 0.02 });
        this.tone(v, { type: "sine", from: 1320, at: 0.28, seconds: 0.12, peak: 0.1 });
      }
    });
  }

  /** The player dashes: a quick rush of air. */
  dash(): void {
    this.play("dash", HERE, 0.2, 0.1, true, (v) => {
      this.noiseBurst(v, { filter: "bandpass", from: 450, to: 2600, q: 1.4, seconds: 0.18, peak: 0.32, attack: 0.02 });
    });
  }

  /**
   * Flag news (capture the flag), heard by everyone wherever it happens: news that is good for
   * the listener's team (theirs taken or captured, ours back home) rises, bad news falls.
   */
  flag(action: FlagAction, good: boolean): void {
    const seconds = action === "capture" ? 0.9 : 0.5;
    this.play(`flag-${action}-${good ? "good" : "bad"}`, HERE, seconds, 0.15, true, (v) => {
      if (action === "drop") {
        this.noiseBurst(v, { filter: "lowpass", from: 900, to: 200, seconds: 0.2, peak: 0.3 });
        this.tone(v, { type: "triangle", from: good ? 440 : 330, to: good ? 660 : 220, seconds: 0.3, peak: 0.14 });
        return;
      }
      // Take: an alarm of two notes; return: a chime; capture: a four-note call.
      const up = action === "take" ? [659.25, 987.77] : action === "return" ? [783.99, 1174.66] : [523.25, 659.25, 783.99, 1046.5];
      const notes = good ? up : [...up].reverse().map((f) => f * 0.75);
      const type: OscillatorType = action === "take" ? "square" : "triangle";
      notes.forEach((f, i) => {
        const last = i === notes.length - 1;
        this.tone(v, { type, from: f, at: i * 0.11, seconds: last ? seconds - i * 0.11 : 0.12, peak: type === "square" ? 0.07 : 0.16 });
      });
    });
  }

  /** The round is over: a rising fanfare for the winner, a falling one for everyone else. */
  roundEnd(won: boolean): void {
    this.play(won ? "round-won" : "round-lost", HERE, 1.2, 1, true, (v) => {
      const notes = won ? [523.25, 659.25, 783.99, 1046.5] : [783.99, 659.25, 523.25, 392];
      notes.forEach((f, i) => {
        const last = i === notes.length - 1;
        this.tone(v, { type: "triangle", from: f, at: i * 0.14, seconds: last ? 0.6 : 0.16, peak: 0.18 });
        this.tone(v, { type: "sine", from: f * 2, at: i * 0.14, seconds: last ? 0.5 : 0.12, peak: 0.05 });
      });
    });
  }

  // ---- the synthesiser -------------------------------------------------------------------

  private readonly unlock = (): void => {
    if (this.disposed) return;
    if (!this.ctx) {
      try {
        this.ctx = this.createContext();
      } catch {
        // No Web Audio here: the game plays on in silence.
        this.dispose();
        return;
      }
      this.build(this.ctx);
    }
    // A browser may suspend the context (created too early, or by the system): a gesture resumes it.
    if (this.ctx.state !== "running") void this.ctx.resume().catch(() => undefined);
  };

  /** Master gain into a gentle compressor, so overlapping bursts do not clip; and one second of noise. */
  private build(ctx: AudioContext): void {
    this.master = ctx.createGain();
    this.master.gain.value = this.level;
    const limiter = ctx.createDynamicsCompressor();
    limiter.threshold.value = -12;
    limiter.ratio.value = 6;
    this.master.connect(limiter);
    limiter.connect(ctx.destination);
    this.noise = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
    const data = this.noise.getChannelData(0);
    for (let i = 0; i < data.length; i++) data[i] = Math.random() * 2 - 1;
  }

  private setLevel(level: number): void {
    this.level = level;
    if (this.ctx && this.master) this.master.gain.setTargetAtTime(level, this.ctx.currentTime, 0.02);
  }

  /**
   * Sounds effect `kind` if the budget allows. Its first plays are synthesised node by node
   * (a dozen nodes for some) while copies are rendered offline; after that each play is one
   * buffer source, which is what a busy fight needs from the page's main thread.
   */
  private play(kind: string, heard: Heard, seconds: number, spacing: number, important: boolean, draw: (v: Voice) => void): void {
    const v = this.voice(kind, heard, seconds, spacing, important);
    if (!v) return;
    const takes = this.takes.get(kind) ?? [];
    const pending = this.rendering.get(kind) ?? 0;
    if (takes.length + pending < TAKES) this.render(kind, seconds, draw);
    if (takes.length < TAKES) return draw(v);
    const src = v.ctx.createBufferSource();
    src.buffer = takes[Math.floor(Math.random() * takes.length)];
    src.connect(v.out);
    src.start(v.t);
  }

  private render(kind: string, seconds: number, draw: (v: Voice) => void): void {
    const ctx = this.ctx;
    if (!ctx || !this.createOffline) return;
    let offline: OfflineAudioContext;
    try {
      offline = this.createOffline(Math.ceil((seconds + 0.05) * ctx.sampleRate), ctx.sampleRate);
    } catch {
      return;
    }
    this.rendering.set(kind, (this.rendering.get(kind) ?? 0) + 1);
    draw({ ctx: offline, out: offline.destination, t: 0.005 });
    offline
      .startRendering()
      .then((buffer) => {
        const takes = this.takes.get(kind) ?? [];
        takes.push(buffer);
        this.takes.set(kind, takes);
      })
      .catch(() => undefined)
      .finally(() => this.rendering.set(kind, (this.rendering.get(kind) ?? 1) - 1));
  }

  /** A voice's output (gain and pan toward the master), or nothing if it should not sound. */
  private voice(kind: string, heard: Heard, seconds: number, spacing: number, important: boolean): Voice | undefined {
    const ctx = this.ctx;
    const master = this.master;
    if (!ctx || !master || ctx.state !== "running" || this.level === 0 || heard.gain < 0.02) return undefined;
    if (!this.budget.take(kind, ctx.currentTime, seconds, spacing, important)) return undefined;
    const out = ctx.createGain();
    out.gain.value = heard.gain;
    if (heard.pan !== 0) {
      const panner = ctx.createStereoPanner();
      panner.pan.value = heard.pan;
      out.connect(panner);
      panner.connect(master);
    } else {
      out.connect(master);
    }
    return { ctx, out, t: ctx.currentTime + 0.005 };
  }

  /** A gain that rises over `attack` to `peak` and dies away exponentially by `seconds`. */
  private envelope(v: Voice, start: number, seconds: number, peak: number, attack: number): GainNode {
    const env = v.ctx.createGain();
    env.gain.setValueAtTime(SILENT, start);
    env.gain.linearRampToValueAtTime(peak, start + attack);
    env.gain.exponentialRampToValueAtTime(SILENT, start + seconds);
    env.connect(v.out);
    return env;
  }

  private tone(v: Voice, s: ToneSpec): void {
    const start = v.t + (s.at ?? 0);
    const osc = v.ctx.createOscillator();
    osc.type = s.type;
    osc.frequency.setValueAtTime(s.from, start);
    if (s.to !== undefined) osc.frequency.exponentialRampToValueAtTime(s.to, start + s.seconds);
    osc.connect(this.envelope(v, start, s.seconds, s.peak, s.attack ?? 0.004));
    osc.start(start);
    osc.stop(start + s.seconds + 0.02);
  }

  private noiseBurst(v: Voice, s: NoiseSpec): void {
    if (!this.noise) return;
    const start = v.t + (s.at ?? 0);
    const src = v.ctx.createBufferSource();
    src.buffer = this.noise;
    const filter = v.ctx.createBiquadFilter();
    filter.type = s.filter;
    filter.Q.value = s.q ?? 0.7;
    filter.frequency.setValueAtTime(s.from, start);
    if (s.to !== undefined) filter.frequency.exponentialRampToValueAtTime(s.to, start + s.seconds);
    src.connect(filter);
    filter.connect(this.envelope(v, start, s.seconds, s.peak, s.attack ?? 0.003));
    // Start somewhere in the second of noise, so repeated bursts do not sound identical.
    src.start(start, Math.random() * 0.7, s.seconds + 0.02);
  }
}
