// Starts an arena for a joined room in the page's one Phaser game, or a quiet view of one
// behind the landing page (a backdrop). Loaded on demand: Phaser is most of the download, so
// the landing page shows (and the join starts) before it arrives.

import Phaser from "phaser";
import type { Room } from "@colyseus/sdk";
import { ErrorCode, onMessage, ToClient } from "../../shared/net/messages";
import { KillCamView } from "../replay/KillCam";
import type { ArenaState } from "../../shared/schema/ArenaState";
import { Sound } from "../audio/Sound";
import { Controls } from "../input/Controls";
import { createAtlas } from "../render/atlas";
import { warmUp } from "../render/warmUp";
import { ArenaSession } from "../net/ArenaSession";
import type { Replay } from "../../shared/replay/format";
import { ReplayControls } from "../replay/ReplayControls";
import { ReplayPlayer } from "../replay/ReplayPlayer";
import { ReplayRoom } from "../replay/ReplayRoom";
import { feedRecord } from "../replay/feed";

// The replay page asks for its replay while this module (Phaser) loads, and reads it with this.
export { loadReplay } from "../replay/load";
import { whenIdle } from "../ui/dom";
import { Hud } from "../ui/Hud";
import { ArenaScene } from "./ArenaScene";

export interface RunningArena {
  session: ArenaSession;
  game: Phaser.Game;
  hud: Hud;
  stop(): void;
}

export interface ArenaCallbacks {
  /** The player pressed Leave. */
  leave(): void;
}

/**
 * The one Phaser game of the page. Booting it (a WebGL context, shaders, the texture atlas)
 * takes a noticeable moment on slow GPUs, so the landing page does it while the player reads
 * (`prepareArena`), and every arena after the first reuses it.
 */
let shared: { game: Phaser.Game; sound: Sound; parent: HTMLElement } | undefined;
/** What the game draws now: the game sleeps while it draws nothing. */
let drawing: "arena" | "backdrop" | undefined;
/** The backdrop's frame rate: it is looked at, not played, and should cost little. */
const BACKDROP_FPS = 30;

/** The page's game and its sound (one audio context for the page, not one per arena). */
function gameIn(parent: HTMLElement): { game: Phaser.Game; sound: Sound } {
  if (shared?.parent === parent) return shared;
  shared?.game.destroy(true);
  shared?.sound.dispose();
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: "#0b0d10",
    scale: { mode: Phaser.Scale.RESIZE, width: "100%", height: "100%" },
    // One texture per batch sidesteps Phaser 4's rotated-sprite bug (phaser#7372);
    // with everything in one atlas it costs almost nothing. No multisampling (antialiasGL):
    // sprites already have soft, filtered edges, and 4x MSAA made every pixel cost four on
    // a weak GPU (in software WebGL it took the frame rate from 9 to 21 fps).
    render: { maxTextures: 1, antialias: true, antialiasGL: false },
    // Sound is the scene's own Web Audio synth (game/audio), so Phaser's audio stays off.
    audio: { noAudio: true },
    input: { keyboard: false },
    banner: false,
  });
  // Once booted, it idles until an arena starts: nothing to draw on the landing page.
  game.events.once(Phaser.Core.Events.POST_RENDER, () => {
    if (!drawing) game.loop.sleep();
  });
  // Then, at the next idle moment, the atlas with every map: painting and uploading it was
  // the costliest part of entering an arena. And at the one after, the GPU's programs (warmUp).
  game.events.once(Phaser.Core.Events.READY, () =>
    whenIdle(() => {
      if (shared?.game !== game) return;
      createAtlas(game.textures);
      whenIdle(() => {
        if (shared?.game === game) warmUp(game);
      });
    }),
  );
  shared = { game, sound: new Sound(), parent };
  return shared;
}

/** Boots the game ahead of time (the canvas stays hidden with `parent` until an arena starts). */
export function prepareArena(parent: HTMLElement): void {
  gameIn(parent);
}

/** The game's canvas: it outlives each arena, so the page keeps it when clearing the arena. */
export function arenaCanvas(): HTMLCanvasElement | undefined {
  return shared?.game.canvas;
}

/**
 * The page's one game, handed to an arena (a room's or a replay's): the backdrop goes, the
 * game draws at full rate; `release` takes the arena's scene away and lets the game sleep.
 */
function takeGame(parent: HTMLElement): { game: Phaser.Game; sound: Sound; release(): void } {
  const { game, sound } = gameIn(parent);
  stopBackdrop();
  drawing = "arena";
  wakeIn(game, 0);
  return {
    game,
    sound,
    release() {
      game.scene.remove("arena");
      drawing = undefined;
      game.loop.sleep();
    },
  };
}

export function startArena(room: Room<ArenaState>, parent: HTMLElement, callbacks: ArenaCallbacks): RunningArena {
  // The room's own session: the connection, its health and what the page's flow reads.
  const session = new ArenaSession(room);
  const controls = new Controls(parent);
  const { game, sound, release } = takeGame(parent);
  const killCam = new KillCamView(game, parent, session);
  onMessage(room, ToClient.KillCam, (k) => void killCam.offer(k));

  // What is shown: the room's session, or for a watcher of a room with a watch delay, the
  // delayed stream the server sends instead (a ReplayRoom fed as it comes, over the same room
  // for chat and requests). The HUD and scene are made again when that changes.
  let hud: Hud;
  let delayed: { room: ReplayRoom; session: ArenaSession } | undefined;
  const show = (shown: ArenaSession) => {
    const before = hud as Hud | undefined;
    if (before) {
      game.scene.remove("arena");
      before.dispose();
    }
    hud = new Hud(shown, parent, { leave: callbacks.leave, typing: (active) => (controls.enabled = !active) });
    if (before) hud.chat.takeLinesFrom(before.chat);
    game.scene.add("arena", new ArenaScene({ session: shown, player: { controls, hud, sound } }), true);
    // The end-to-end tests read the game and the session from here.
    (window as unknown as { skirmish?: unknown }).skirmish = { game, session: shown, live: session, killCam, delayed: shown !== session };
  };
  show(session);
  // A watcher of a room with a watch delay: the game shows once it is that old; say why it waits.
  let toldLate = false;
  const tellLate = (watching = !session.playing) => {
    const late = room.state.watchDelay;
    if (toldLate || !late || !watching) return;
    toldLate = true;
    hud.chat.notice(`The host delays what watchers see: you see this game ${late} s late.`);
  };
  room.onStateChange(() => tellLate());
  onMessage(room, ToClient.Delayed, (records) => {
    if (!delayed) {
      const late = new ReplayRoom(room);
      delayed = { room: late, session: new ArenaSession(late.asRoom(), { pingIntervalMs: 3_600_000 }) };
      show(delayed.session);
      tellLate(true);
    }
    for (let i = 0; i < records.length; ) i = feedRecord(delayed.room, delayed.session, records, i);
  });
  // The live game again (a seat taken, the delay lifted): the server sent the whole state.
  room.onStateChange(() => {
    if (!delayed) return;
    delayed.session.close();
    delayed = undefined;
    session.restart();
    show(session);
  });
  room.onError((code, message) => {
    // What a player can act on goes to chat in words; a refused message (a bug or a race
    // of this page's) is for the developer's console, not the player's chat.
    if (code === ErrorCode.BadInput) return console.debug(`server refused a message: ${message}`);
    hud.chat.notice(message ?? `error ${code}`);
  });
  return {
    session,
    game,
    get hud() {
      return hud;
    },
    stop() {
      killCam.dispose();
      delayed?.session.close();
      session.close();
      controls.dispose();
      hud.dispose();
      release();
    },
  };
}

export interface RunningReplay {
  player: ReplayPlayer;
  stop(): void;
}

/**
 * A round's replay in the page's one game: the same scene and HUD as a watcher's, fed by a
 * ReplayPlayer instead of a room, with the replay's bar under it. `back` leaves it.
 */
export function startReplay(replay: Replay, parent: HTMLElement, opts: { matchId: string; startSeconds?: number; back(): void }): RunningReplay {
  const player = new ReplayPlayer(replay, undefined, opts.startSeconds ?? 0);
  const session = player.session;
  const controls = new Controls(parent);
  const hud = new Hud(session, parent, { leave: opts.back, typing: () => undefined, replay: true });
  const bar = new ReplayControls(player, hud, opts.matchId);
  parent.append(bar.root);
  const { game, sound, release } = takeGame(parent);
  // The replay moves on before each frame's update, so the scene draws the moment it is at.
  const advance = () => player.advance();
  game.events.on(Phaser.Core.Events.PRE_STEP, advance);
  game.scene.add("arena", new ArenaScene({ session, player: { controls, hud, sound } }), true);
  (window as unknown as { skirmish?: unknown }).skirmish = { game, session, replay: player };
  return {
    player,
    stop() {
      game.events.off(Phaser.Core.Events.PRE_STEP, advance);
      player.close();
      bar.dispose();
      controls.dispose();
      hud.dispose();
      release();
    },
  };
}

/** Starts the game drawing again, at `fps` (0: as fast as the screen refreshes). */
function wakeIn(game: Phaser.Game, fps: number): void {
  if (!game.isBooted) {
    // It starts itself once booted; at the right pace, if it is still wanted then.
    game.events.once(Phaser.Core.Events.READY, () => {
      if (drawing) wakeIn(game, drawing === "backdrop" ? BACKDROP_FPS : 0);
    });
    return;
  }
  // The parent was hidden while the game booted or slept: size the canvas to it before the
  // scene starts (a game still booting sizes itself to the parent, which is shown by now).
  game.scale.getParentBounds();
  game.scale.refresh();
  if (game.loop.fpsLimit !== fps) game.loop.setFPSLimit(fps);
  if (!game.loop.running) game.loop.wake();
}

export interface Backdrop {
  session: ArenaSession;
  stop(): void;
}

let backdrop: Backdrop | undefined;

/**
 * A quiet view of a room behind the landing page, in the page's one game: the whole arena,
 * no HUD, no sound, no input, at a low frame rate. The room was joined as a backdrop watcher
 * (the server neither announces nor counts it). An arena starting ends it.
 */
export function startBackdrop(room: Room<ArenaState>, parent: HTMLElement): Backdrop {
  stopBackdrop();
  const session = new ArenaSession(room);
  const { game } = gameIn(parent);
  drawing = "backdrop";
  wakeIn(game, BACKDROP_FPS);
  game.scene.add("backdrop", new ArenaScene({ session }, "backdrop"), true);
  // The browser tests look at the backdrop through this.
  const tests = window as unknown as { skirmishBackdrop?: unknown };
  tests.skirmishBackdrop = { game, session };
  const running: Backdrop = {
    session,
    stop() {
      if (backdrop !== running) return;
      backdrop = undefined;
      tests.skirmishBackdrop = undefined;
      session.close();
      void room.leave(true).catch(() => undefined);
      game.scene.remove("backdrop");
      if (drawing === "backdrop") {
        drawing = undefined;
        game.loop.sleep();
      }
    },
  };
  backdrop = running;
  return running;
}

/** Ends the backdrop, if one is showing. */
export function stopBackdrop(): void {
  backdrop?.stop();
}
