// The teams on the field: the pattern on each hull (team 0 stripes, team 1 dots, read without
// colour) and the flags of capture the flag — at their bases, lying where they were dropped
// (with a ring that runs down until they go home by themselves), or held high over their
// carrier for everyone to see. Painted at start-up into one small texture of its own, like the
// name tags; the game draws one texture per batch anyway (startArena's maxTextures).

import type Phaser from "phaser";
import { type ArenaState, NO_CARRIER } from "../../shared/schema/ArenaState";
import { returnLeft } from "../ui/matchText";
import { ART_SCALE } from "./atlas";
import { cssColour, TEAM_COLOUR, TEAM_PATTERN } from "./palette";

export const TEAMS = "teams";

/** The hull pattern of a team, drawn over its craft's body. */
export const markFrame = (team: number): string => `mark:${team}`;
const flagFrame = (team: number): string => `flag:${team}`;

const RES = 1 / ART_SCALE;
const TAU = Math.PI * 2;
/** The flag frame's size, and where its pole stands (world units). */
const FLAG = { w: 40, h: 52, footX: 8, footY: 49 };

/** A team's pattern over the current clip of `g`, in `ink`: stripes (team 0) or dots (team 1), `step` apart. */
export function paintTeamPattern(g: CanvasRenderingContext2D, team: number, x: number, y: number, w: number, h: number, step: number, ink: string): void {
  if (TEAM_PATTERN[team] === "stripes") {
    g.strokeStyle = ink;
    g.lineWidth = step * 0.42;
    g.beginPath();
    for (let d = -h; d < w + step; d += step) {
      g.moveTo(x + d, y + h);
      g.lineTo(x + d + h, y);
    }
    g.stroke();
    return;
  }
  g.fillStyle = ink;
  let row = 0;
  for (let py = y + step / 2; py < y + h; py += step * 0.87, row++) {
    for (let px = x + step / 2 + (row % 2) * (step / 2); px < x + w; px += step) {
      g.beginPath();
      g.arc(px, py, step * 0.3, 0, TAU);
      g.fill();
    }
  }
}

/** The pattern on the deck of a 48-unit craft frame (the atlas's "craft"): dark, so it reads on the team's colour. */
function paintMark(g: CanvasRenderingContext2D, team: number): void {
  g.save();
  g.beginPath();
  g.arc(24, 24, 15.5, 0, TAU);
  g.clip();
  paintTeamPattern(g, team, 8, 8, 32, 32, 6, "rgba(12, 16, 24, 0.5)");
  g.restore();
}

/** A pole and a waving pennant in the team's colour and pattern. */
function paintFlag(g: CanvasRenderingContext2D, team: number): void {
  const { footX, footY } = FLAG;
  g.fillStyle = "rgba(0,0,0,0.45)";
  g.beginPath();
  g.ellipse(footX + 2, footY, 6, 2.5, 0, 0, TAU);
  g.fill();
  const pennant = new Path2D();
  pennant.moveTo(footX + 1, 4);
  pennant.bezierCurveTo(footX + 10, 1, footX + 18, 8, footX + 29, 5);
  pennant.lineTo(footX + 26, 14);
  pennant.lineTo(footX + 30, 23);
  pennant.bezierCurveTo(footX + 18, 25, footX + 10, 19, footX + 1, 23);
  pennant.closePath();
  g.fillStyle = cssColour(TEAM_COLOUR[team]);
  g.fill(pennant);
  g.save();
  g.clip(pennant);
  paintTeamPattern(g, team, footX, 0, 32, 26, 6, "rgba(255, 255, 255, 0.6)");
  g.restore();
  g.lineWidth = 1.4;
  g.strokeStyle = "rgba(10, 12, 16, 0.9)";
  g.stroke(pennant);
  g.fillStyle = "#20242a";
  g.fillRect(footX - 1.6, 2, 3.2, footY - 2);
  g.fillStyle = "#c9ced6";
  g.fillRect(footX - 0.6, 2, 1.2, footY - 3);
  g.beginPath();
  g.arc(footX, 2.5, 2.4, 0, TAU);
  g.fill();
}

/** Paints the teams' texture, unless the game has it already. */
export function createTeamArt(textures: Phaser.Textures.TextureManager): void {
  if (textures.exists(TEAMS)) return;
  const frames: { name: string; w: number; h: number; paint: (g: CanvasRenderingContext2D) => void }[] = [
    ...[0, 1].map((team) => ({ name: markFrame(team), w: 48, h: 48, paint: (g: CanvasRenderingContext2D) => paintMark(g, team) })),
    ...[0, 1].map((team) => ({ name: flagFrame(team), w: FLAG.w, h: FLAG.h, paint: (g: CanvasRenderingContext2D) => paintFlag(g, team) })),
  ];
  const gap = 2;
  const canvas = document.createElement("canvas");
  canvas.width = frames.reduce((w, f) => w + f.w * RES + gap, gap);
  canvas.height = Math.max(...frames.map((f) => f.h * RES)) + 2 * gap;
  const g = canvas.getContext("2d");
  if (!g) throw new Error("no 2D canvas");
  const placed: { name: string; x: number; w: number; h: number }[] = [];
  let x = gap;
  for (const f of frames) {
    g.save();
    g.translate(x, gap);
    g.scale(RES, RES);
    f.paint(g);
    g.restore();
    placed.push({ name: f.name, x, w: f.w * RES, h: f.h * RES });
    x += f.w * RES + gap;
  }
  const texture = textures.create(TEAMS, canvas, canvas.width, canvas.height);
  for (const f of placed) texture?.add(f.name, 0, f.x, gap, f.w, f.h);
}

/** Where a pilot's craft is drawn now (undefined: not on the field). */
export type Whereabouts = (slot: number) => { x: number; y: number } | undefined;

/** The two flags of capture the flag, drawn each frame from the state (nothing in other modes). */
export class FlagSprites {
  private readonly flags: Phaser.GameObjects.Image[];
  /** The rings round dropped flags, counting down to their return. */
  private readonly rings: Phaser.GameObjects.Graphics;

  constructor(scene: Phaser.Scene, depth: number) {
    createTeamArt(scene.textures);
    this.flags = [0, 1].map((team) =>
      scene.add
        .image(0, 0, TEAMS, flagFrame(team))
        .setOrigin(FLAG.footX / FLAG.w, FLAG.footY / FLAG.h)
        .setScale(ART_SCALE)
        .setDepth(depth)
        .setVisible(false),
    );
    this.rings = scene.add.graphics().setDepth(depth - 0.01);
  }

  draw(state: ArenaState, where: Whereabouts, now: number): void {
    this.rings.clear();
    const shown = [false, false];
    for (const flag of state.flags) {
      const sprite = this.flags[flag.team];
      if (!sprite) continue;
      shown[flag.team] = true;
      if (flag.carrier !== NO_CARRIER) {
        // Held high over the carrier's shoulder, swaying with the ride.
        const at = where(flag.carrier);
        if (!at) {
          shown[flag.team] = false;
          continue;
        }
        sprite.setPosition(at.x + 14, at.y - 2 + Math.sin(now / 160) * 1.5).setScale(ART_SCALE).setAlpha(1);
        continue;
      }
      sprite.setPosition(flag.x, flag.y).setScale(ART_SCALE).setAlpha(1);
      if (flag.atHome) continue;
      // Dropped: it blinks a little, and a ring runs down until it goes home by itself.
      sprite.setAlpha(0.75 + Math.sin(now / 200) * 0.25);
      const colour = TEAM_COLOUR[flag.team];
      this.rings.lineStyle(3, 0x000000, 0.45).strokeCircle(flag.x, flag.y, 26);
      const left = returnLeft(flag, state.tick, state.tickHz);
      if (left !== undefined && left > 0) {
        this.rings.lineStyle(3, colour, 0.95).beginPath().arc(flag.x, flag.y, 26, -Math.PI / 2, -Math.PI / 2 + TAU * left, false).strokePath();
      }
    }
    this.flags.forEach((sprite, team) => {
      if (sprite.visible !== shown[team]) sprite.setVisible(shown[team]);
    });
  }
}
