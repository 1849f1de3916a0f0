// The page's maps: the same Tiled files the server reads (assets/maps/*.tmj), bundled by Vite
// and installed when this module is first imported (main.ts imports it first). The page's
// code takes the map registry from here; the session, which also runs in Node, uses
// shared/maps, installed by then.
// The floor tilesets come along: their descriptions now, their images loading at once, so the
// arena can paint a map maker's tiles by the time it starts (render/mapArt.ts waits for them).

import { installMaps, parseTiledTileset, type Tileset } from "../shared/maps";

export * from "../shared/maps";

const fileName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

const mapFiles = import.meta.glob<string>("../assets/maps/*.tmj", { query: "?raw", import: "default", eager: true });
installMaps(Object.entries(mapFiles).map(([path, text]) => ({ file: fileName(path), text })));

const tilesetFiles = import.meta.glob<string>("../assets/tilesets/*.{tsj,json}", { query: "?raw", import: "default", eager: true });
const imageUrls = import.meta.glob<string>("../assets/tilesets/*.png", { query: "?url", import: "default", eager: true });

/** A tileset and its decoded image (undefined when the image could not be had: that map's floor is generated instead). */
export interface LoadedTileset {
  tileset: Tileset;
  image?: HTMLImageElement;
}

async function load(tileset: Tileset): Promise<LoadedTileset> {
  // Unit tests import the page's render modules in Node, where there are no images to load.
  if (typeof Image === "undefined") return { tileset };
  const url = Object.entries(imageUrls).find(([path]) => fileName(path) === tileset.image)?.[1];
  if (!url) {
    console.warn(`tileset ${tileset.file}: no image ${tileset.image} in assets/tilesets`);
    return { tileset };
  }
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
    return { tileset, image };
  } catch {
    console.warn(`tileset ${tileset.file}: its image ${tileset.image} did not load`);
    return { tileset };
  }
}

/** Every tileset in assets/tilesets by file name, once their images are decoded (never rejects). */
export const TILESETS: Promise<ReadonlyMap<string, LoadedTileset>> = Promise.all(
  Object.entries(tilesetFiles).map(([path, text]) => load(parseTiledTileset(fileName(path), text))),
).then((all) => new Map(all.map((t) => [t.tileset.file, t])));
