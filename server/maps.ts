// The server's maps: every Tiled map in assets/maps, read once, when this module is first
// imported. Server code takes the map registry from here (not from shared/maps directly),
// so whatever asks for a map — a room, a match, a bot, a test — finds them installed.

import { readdirSync, readFileSync } from "node:fs";
import { installMaps } from "../shared/maps";

export * from "../shared/maps";

const DIR = new URL("../assets/maps/", import.meta.url);

installMaps(
  readdirSync(DIR)
    .filter((file) => file.endsWith(".tmj"))
    .map((file) => ({ file, text: readFileSync(new URL(file, DIR), "utf8") })),
);
