// The first frame that draws a thing a new way (a blend mode, a tint mode, a shape) waits
// while the GPU builds its program for that way: in software WebGL, a fifth of a second all
// told, and on desktop GPUs a visible hitch. An arena's first frame met them all at once,
// right after Play, with the uploads of the name sheet and the team art. So once the atlas
// is made, those textures are made too, and a few sprites are drawn, off screen, into a
// small texture in every way an arena draws: the programs are built while the player reads
// the menu, not while they wait to play.

import Phaser from "phaser";
import { ATLAS } from "./atlas";
import { createNameSheet } from "./nameTags";
import { createTeamArt, markFrame, TEAMS } from "./teamArt";

const KEY = "warm-up";

class WarmUpScene extends Phaser.Scene {
  constructor() {
    super({ key: KEY });
  }

  create(): void {
    const target = this.textures.addDynamicTexture(KEY, 64, 64);
    if (!target) return;
    // The ways ArenaScene, the effects and the team art draw: each blend with each tint mode,
    // a second texture, and the shapes of a Graphics (the flag bases' rings).
    const parts: Phaser.GameObjects.GameObject[] = [];
    let x = 8;
    for (const blend of [Phaser.BlendModes.NORMAL, Phaser.BlendModes.ADD]) {
      for (const tint of [Phaser.TintModes.MULTIPLY, Phaser.TintModes.ADD]) {
        parts.push(this.make.image({ x, y: 8, key: ATLAS, frame: "spark" } as Phaser.Types.GameObjects.Sprite.SpriteConfig, false).setBlendMode(blend).setTintMode(tint).setTint(0x808080).setAlpha(0.5));
        x += 16;
      }
    }
    parts.push(this.make.image({ x: 8, y: 32, key: TEAMS, frame: markFrame(0) } as Phaser.Types.GameObjects.Sprite.SpriteConfig, false).setScale(0.2));
    parts.push(this.make.graphics({}, false).lineStyle(2, 0xffffff, 0.5).strokeCircle(32, 40, 6).fillStyle(0xffffff, 0.5).fillCircle(48, 40, 4));
    target.draw(parts).render();
    // Sent, not waited for: the GPU works on it while the page goes on.
    (this.game.renderer as Phaser.Renderer.WebGL.WebGLRenderer | null)?.gl?.flush();
    for (const p of parts) p.destroy();
    this.textures.remove(KEY);
  }
}

/** Makes the arena's textures ahead and has the GPU build the programs an arena draws with. */
export function warmUp(game: Phaser.Game): void {
  if (!game.textures.exists(ATLAS) || game.scene.getScene(KEY)) return;
  createNameSheet(game.textures);
  createTeamArt(game.textures);
  game.scene.add(KEY, new WarmUpScene(), true);
  game.scene.remove(KEY);
}
