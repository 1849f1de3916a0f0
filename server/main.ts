// `npm start` runs this: one process serving the game on PORT (default 2567).
import { startServer } from "./app";
import { readConfig } from "./config";
import { log } from "./log";

process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));

const config = readConfig();
const server = await startServer(config);
const shown = config.host === "0.0.0.0" ? "localhost" : config.host;
console.log(`\n  Skirmish is up: play at http://${shown}:${server.port}\n`);
