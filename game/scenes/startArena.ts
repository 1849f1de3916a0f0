// Starts the Phaser game for a joined room. Loaded on demand: Phaser is most of the
// download, so the landing page shows (and the join starts) before it arrives.

import Phaser from "phaser";
import type { Room } from "colyseus.js";
import type { ArenaState } from "../../shared/schema/ArenaState";
import { Controls } from "../input/Controls";
import { ArenaSession } from "../net/ArenaSession";
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

export function startArena(room: Room<ArenaState>, parent: HTMLElement, callbacks: ArenaCallbacks): RunningArena {
  const session = new ArenaSession(room);
  const controls = new Controls(parent);
  const hud = new Hud(session, parent, {
    leave: callbacks.leave,
    typing: (active) => (controls.enabled = !active),
  });
  room.onError((code, message) => hud.chat.notice(message ?? `error ${code}`));
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: "#0b0d10",
    scale: { mode: Phaser.Scale.RESIZE, width: "100%", height: "100%" },
    // One texture per batch sidesteps Phaser 4's rotated-sprite bug (phaser#7372);
    // with everything in one atlas it costs almost nothing.
    render: { maxTextures: 1, antialias: true },
    // Sound is the scene's own Web Audio synth (game/audio), so Phaser's audio stays off.
    audio: { noAudio: true },
    input: { keyboard: false },
    scene: [new ArenaScene({ session, controls, hud })],
    banner: false,
  });
  // The end-to-end tests read the game and the session from here.
  (window as unknown as { skirmish?: unknown }).skirmish = { game, session };
  return {
    session,
    game,
    hud,
    stop() {
      session.close();
      controls.dispose();
      hud.dispose();
      game.destroy(true);
    },
  };
}
