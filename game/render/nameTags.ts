// The pilots' name tags, painted into one small texture of their own, a row per craft. As
// Phaser Text objects each tag was a texture of its own, and so a draw call of its own every
// frame; from one sheet they are drawn together. Names can be any text, so they are painted
// with the browser's fonts rather than from a glyph atlas.

import type Phaser from "phaser";

export const NAMES = "names";

const WIDTH = 512;
const ROW = 22;
/** A room holds at most 16 craft; the spare rows cover a craft leaving as another arrives. */
const ROWS = 24;
const FONT = "14px system-ui, sans-serif";
const STROKE = 3;

/** Makes the game's name sheet, unless it has one (done ahead, while the landing page is idle: see warmUp). */
export function createNameSheet(textures: Phaser.Textures.TextureManager, key = NAMES): void {
  if (textures.exists(key)) return;
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = ROW * ROWS;
  textures.create(key, canvas, canvas.width, canvas.height);
}

export class NameTags {
  private readonly canvas: HTMLCanvasElement;
  private readonly g: CanvasRenderingContext2D;
  private readonly texture: Phaser.Textures.Texture;
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];
  private dirty = false;

  /**
   * Takes over a name sheet of the game (made on first use); every row starts free. Scenes
   * drawn at once (the arena and a kill-cam over it) each need a sheet of their own: `key`.
   */
  constructor(
    textures: Phaser.Textures.TextureManager,
    readonly key = NAMES,
  ) {
    createNameSheet(textures, key);
    this.texture = textures.get(key);
    this.canvas = this.texture.source[0].image as HTMLCanvasElement;
    const g = this.canvas.getContext("2d");
    if (!g) throw new Error("no 2D canvas");
    this.g = g;
    this.g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    for (let i = ROWS - 1; i >= 0; i--) this.free.push(i);
  }

  /**
   * Paints `name` into a row for craft `id`, in `colour` (a team's, in team modes); the frame
   * to draw it with (undefined if the sheet is full).
   */
  paint(id: string, name: string, colour = "#ffffff"): string | undefined {
    const row = this.rowOf.get(id) ?? this.free.pop();
    if (row === undefined) return undefined;
    this.rowOf.set(id, row);
    const g = this.g;
    const y = row * ROW;
    g.clearRect(0, y, WIDTH, ROW);
    g.font = FONT;
    g.textBaseline = "middle";
    g.lineJoin = "round";
    const width = Math.min(WIDTH, Math.ceil(g.measureText(name).width) + 2 * STROKE);
    g.save();
    g.beginPath();
    g.rect(0, y, WIDTH, ROW);
    g.clip();
    g.lineWidth = STROKE;
    g.strokeStyle = "#000000";
    g.fillStyle = colour;
    g.strokeText(name, STROKE, y + ROW / 2);
    g.fillText(name, STROKE, y + ROW / 2);
    g.restore();
    const frame = `name:${row}`;
    if (this.texture.has(frame)) this.texture.remove(frame);
    this.texture.add(frame, 0, 0, y, width, ROW);
    this.dirty = true;
    return frame;
  }

  /** The row of a craft that is gone is free again. */
  release(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    this.rowOf.delete(id);
    this.free.push(row);
  }

  /** Uploads the sheet if a name was painted since (once a frame at most). */
  upload(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.texture.source[0].update();
  }
}
