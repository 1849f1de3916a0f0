import { describe, expect, it } from "vitest";
import { masterLevel, Sound, spatial, VoiceBudget } from "../../game/audio/Sound";
import { SettingsStore } from "../../game/settings";

// Web Audio is absent in Node: a stand-in context records what the synthesiser builds.

class FakeParam {
  value = 0;
  targets: number[] = [];
  setValueAtTime(v: number) {
    this.value = v;
  }
  linearRampToValueAtTime() {}
  exponentialRampToValueAtTime() {}
  setTargetAtTime(v: number) {
    this.targets.push(v);
    this.value = v;
  }
}

class FakeNode {
  gain = new FakeParam();
  frequency = new FakeParam();
  Q = new FakeParam();
  pan = new FakeParam();
  threshold = new FakeParam();
  ratio = new FakeParam();
  type = "";
  buffer: unknown = null;
  constructor(private readonly ctx: FakeContext) {}
  connect() {}
  start() {
    this.ctx.started++;
  }
  stop() {}
}

class FakeContext {
  state: "suspended" | "running" | "closed" = "suspended";
  currentTime = 0;
  sampleRate = 8000;
  destination = {};
  started = 0;
  gains: FakeNode[] = [];
  resume() {
    this.state = "running";
    return Promise.resolve();
  }
  close() {
    this.state = "closed";
    return Promise.resolve();
  }
  createGain() {
    const n = new FakeNode(this);
    this.gains.push(n);
    return n;
  }
  createOscillator() {
    return new FakeNode(this);
  }
  createBiquadFilter() {
    return new FakeNode(this);
  }
  createBufferSource() {
    return new FakeNode(this);
  }
  createStereoPanner() {
    return new FakeNode(this);
  }
  createDynamicsCompressor() {
    return new FakeNode(this);
  }
  createBuffer(_channels: number, length: number) {
    const data = new Float32Array(length);
    return { getChannelData: () => data };
  }
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

/** An offline context whose rendering finishes when the test says so. */
class FakeOffline extends FakeContext {
  static made: FakeOffline[] = [];
  private finish!: (buffer: unknown) => void;
  readonly rendered = new Promise((resolve) => (this.finish = resolve));
  constructor(readonly length: number) {
    super();
    FakeOffline.made.push(this);
  }
  startRendering() {
    return this.rendered;
  }
  done() {
    this.finish({ length: this.length });
  }
}

function setup(offline = false) {
  const target = new EventTarget();
  const store = new SettingsStore(memoryStorage());
  const contexts: FakeContext[] = [];
  FakeOffline.made = [];
  const sound = new Sound({
    target,
    store,
    createContext: () => {
      const ctx = new FakeContext();
      contexts.push(ctx);
      return ctx as unknown as AudioContext;
    },
    createOffline: offline ? (length) => new FakeOffline(length) as unknown as OfflineAudioContext : undefined,
  });
  const gesture = async (type = "keydown") => {
    target.dispatchEvent(new Event(type));
    await Promise.resolve();
  };
  return { target, store, contexts, sound, gesture, master: () => contexts[0].gains[0].gain };
}

describe("sound before and after the player's first gesture", () => {
  it("makes no audio context, and no sound, until the player presses a key, clicks or touches", async () => {
    const { contexts, sound, gesture } = setup();
    sound.fire({ gain: 1, pan: 0 }, true);
    sound.roundEnd(true);
    expect(contexts).toHaveLength(0);
    await gesture("pointerdown");
    expect(contexts).toHaveLength(1);
    expect(sound.ready).toBe(true);
    sound.fire({ gain: 1, pan: 0 }, true);
    expect(contexts[0].started).toBeGreaterThan(0);
  });

  it("resumes a context the browser suspended at the next gesture, and never makes a second one", async () => {
    const { contexts, gesture } = setup();
    await gesture("touchstart");
    contexts[0].state = "suspended";
    await gesture("touchend");
    expect(contexts).toHaveLength(1);
    expect(contexts[0].state).toBe("running");
  });

  it("stops listening and closes the context when disposed", async () => {
    const { contexts, sound, gesture } = setup();
    await gesture();
    sound.dispose();
    expect(contexts[0].state).toBe("closed");
    await gesture();
    expect(contexts).toHaveLength(1);
  });

  it("plays on in silence where the browser has no Web Audio", async () => {
    const target = new EventTarget();
    const sound = new Sound({
      target,
      store: new SettingsStore(memoryStorage()),
      createContext: () => {
        throw new Error("AudioContext is not defined");
      },
    });
    target.dispatchEvent(new Event("keydown"));
    expect(() => sound.fire({ gain: 1, pan: 0 }, true)).not.toThrow();
    expect(sound.ready).toBe(false);
  });
});

describe("volume and mute from the settings", () => {
  it("sets the master gain from the volume, and to nothing when muted", async () => {
    const { store, gesture, master } = setup();
    store.set({ volume: 0.5 });
    await gesture();
    expect(master().value).toBeCloseTo(0.25);
    store.set({ muted: true });
    expect(master().value).toBe(0);
    store.set({ muted: false, volume: 1 });
    expect(master().value).toBe(1);
  });

  it("builds no voices while muted", async () => {
    const { store, contexts, sound, gesture } = setup();
    store.set({ muted: true });
    await gesture();
    sound.down({ gain: 1, pan: 0 }, true);
    sound.pickup("health", { gain: 1, pan: 0 }, true);
    expect(contexts[0].started).toBe(0);
  });

  it("follows the slider evenly: louder all the way up, silent at zero", () => {
    const levels = [0, 0.25, 0.5, 0.75, 1].map((volume) => masterLevel({ volume, muted: false }));
    expect(levels[0]).toBe(0);
    expect(levels[4]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1]);
    expect(masterLevel({ volume: 1, muted: true })).toBe(0);
  });
});

describe("where a sound is heard from", () => {
  it("is louder near the listener, panned to its side, and silent far away", () => {
    const near = spatial(100, 0);
    const far = spatial(900, 0);
    expect(near.gain).toBeGreaterThan(far.gain);
    expect(near.pan).toBeGreaterThan(0);
    expect(spatial(-400, 0).pan).toBeLessThan(0);
    expect(spatial(0, 0)).toEqual({ gain: 1, pan: 0 });
    expect(spatial(5000, 0).gain).toBe(0);
  });
});

describe("a crowded fight", () => {
  it("caps voices at once, keeping room for the player's own", () => {
    const budget = new VoiceBudget(10);
    let others = 0;
    for (let i = 0; i < 50; i++) if (budget.take(`other${i}`, 0, 1, 0, false)) others++;
    expect(others).toBe(6);
    let own = 0;
    for (let i = 0; i < 50; i++) if (budget.take(`own${i}`, 0, 1, 0, true)) own++;
    expect(own).toBe(4);
    // Once they have died away, there is room again.
    expect(budget.take("later", 2, 1, 0, false)).toBe(true);
  });

  it("spaces voices of one kind: a hundred shots in one frame are heard as one", () => {
    const budget = new VoiceBudget(16);
    let heard = 0;
    for (let i = 0; i < 100; i++) if (budget.take("fire", 0, 0.1, 0.05, false)) heard++;
    expect(heard).toBe(1);
    expect(budget.take("fire", 0.06, 0.1, 0.05, false)).toBe(true);
  });

  it("lets only a few of 150 shots appearing at once be heard", async () => {
    const { contexts, sound, gesture } = setup();
    await gesture();
    for (let i = 0; i < 150; i++) sound.fire({ gain: 0.8, pan: 0.2 }, false);
    // One voice: a zap, a click and a breath of noise.
    expect(contexts[0].started).toBe(3);
  });
});

describe("effects rendered ahead", () => {
  it("are synthesised live until their copies are rendered, then played as one buffer each", async () => {
    const { contexts, sound, gesture } = setup(true);
    await gesture();
    const ctx = contexts[0];
    const fire = () => {
      ctx.currentTime += 1;
      sound.fire({ gain: 1, pan: 0 }, true);
    };
    fire();
    // Live: a zap, a click and a breath of noise; meanwhile three takes are being rendered.
    expect(ctx.started).toBe(3);
    fire();
    fire();
    expect(FakeOffline.made).toHaveLength(3);
    expect(FakeOffline.made.every((o) => o.length === Math.ceil((0.12 + 0.05) * ctx.sampleRate))).toBe(true);
    for (const o of FakeOffline.made) o.done();
    await Promise.all(FakeOffline.made.map((o) => o.rendered));
    await new Promise((r) => setTimeout(r, 0));
    const before = ctx.started;
    fire();
    expect(ctx.started - before).toBe(1);
    // Nothing more is rendered.
    expect(FakeOffline.made).toHaveLength(3);
  });
});
