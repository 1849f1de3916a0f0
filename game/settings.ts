// The player's settings, remembered in localStorage: one place that the settings panel writes
// and the rest of the client (sound, camera, network panel, landing page) reads and listens to.

export interface Settings {
  /** The name typed on the landing page (cleaned again by the server). */
  name: string;
  /** Master volume, 0..1. */
  volume: number;
  muted: boolean;
  /** Camera shake on hits and downs (off for players it bothers). */
  screenShake: boolean;
  /** Show the network panel (F3) in the arena. */
  netPanel: boolean;
  /** When downed by someone, watch the seconds before it from their side (skippable). */
  killCam: boolean;
  /** The controls hint has been shown once (first play). */
  seenControls: boolean;
}

const KEY = "skirmish.settings";
/** Where the name and the network panel's switch were kept before there was one settings entry. */
const OLD_NAME_KEY = "skirmish.name";
const OLD_NET_PANEL_KEY = "skirmish.netPanel";

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  name: "",
  volume: 0.6,
  muted: false,
  screenShake: true,
  netPanel: false,
  killCam: true,
  seenControls: false,
};

type Listener = (now: Readonly<Settings>, changed: Partial<Settings>) => void;

/** Parses what was stored, keeping only known keys of the right type (storage is editable by anyone). */
function parse(raw: string | null): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  if (!raw) return out;
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const value = data[key];
      if (typeof value === typeof DEFAULT_SETTINGS[key]) (out as unknown as Record<string, unknown>)[key] = value;
    }
    out.volume = Math.min(1, Math.max(0, Number.isFinite(out.volume) ? out.volume : DEFAULT_SETTINGS.volume));
  } catch {
    // A damaged entry falls back to the defaults.
  }
  return out;
}

export class SettingsStore {
  private current: Settings;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {
    this.current = parse(storage?.getItem(KEY) ?? null);
    if (storage && storage.getItem(KEY) === null) this.migrate(storage);
  }

  /** A returning player keeps the name and panel switch they had before settings existed. */
  private migrate(storage: Storage): void {
    const name = storage.getItem(OLD_NAME_KEY);
    const netPanel = storage.getItem(OLD_NET_PANEL_KEY);
    if (name === null && netPanel === null) return;
    this.set({ ...(name !== null && { name }), ...(netPanel !== null && { netPanel: netPanel === "1" }) });
    storage.removeItem(OLD_NAME_KEY);
    storage.removeItem(OLD_NET_PANEL_KEY);
  }

  get(): Readonly<Settings> {
    return this.current;
  }

  set(patch: Partial<Settings>): void {
    this.current = parse(JSON.stringify({ ...this.current, ...patch }));
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.current));
    } catch {
      // Private browsing or a full quota: settings still hold for this visit.
    }
    for (const fn of this.listeners) fn(this.current, patch);
  }

  /** Calls `fn` on every change; returns the function that stops it. */
  listen(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** The page's one settings store. */
export const settings = new SettingsStore();
