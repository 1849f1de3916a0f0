import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, SettingsStore } from "../../game/settings";

/** A Storage kept in memory, like a fresh browser profile. */
function memoryStorage(entries: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(entries));
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
}

describe("the player's settings", () => {
  it("start from the defaults and are kept for the next visit", () => {
    const storage = memoryStorage();
    const first = new SettingsStore(storage);
    expect(first.get()).toEqual(DEFAULT_SETTINGS);
    first.set({ name: "Keeper", volume: 0.3, muted: true, screenShake: false, netPanel: true });
    expect(new SettingsStore(storage).get()).toEqual({ ...DEFAULT_SETTINGS, name: "Keeper", volume: 0.3, muted: true, screenShake: false, netPanel: true });
  });

  it("tell listeners what changed", () => {
    const store = new SettingsStore(memoryStorage());
    const heard: unknown[] = [];
    const stop = store.listen((now, changed) => heard.push([now.muted, changed]));
    store.set({ muted: true });
    stop();
    store.set({ muted: false });
    expect(heard).toEqual([[true, { muted: true }]]);
  });

  it("ignore stored values of the wrong kind and keep the volume between 0 and 1", () => {
    const storage = memoryStorage({ "skirmish.settings": JSON.stringify({ name: 7, volume: 9, muted: "yes", screenShake: false }) });
    expect(new SettingsStore(storage).get()).toEqual({ ...DEFAULT_SETTINGS, volume: 1, screenShake: false });
    expect(new SettingsStore(memoryStorage({ "skirmish.settings": "{not json" })).get()).toEqual(DEFAULT_SETTINGS);
  });

  it("bring over the name and network panel a returning player had before settings existed", () => {
    const storage = memoryStorage({ "skirmish.name": "Old Timer", "skirmish.netPanel": "1" });
    expect(new SettingsStore(storage).get()).toMatchObject({ name: "Old Timer", netPanel: true });
    expect(storage.getItem("skirmish.name")).toBeNull();
    expect(storage.getItem("skirmish.netPanel")).toBeNull();
    expect(new SettingsStore(storage).get()).toMatchObject({ name: "Old Timer", netPanel: true });
  });
});
