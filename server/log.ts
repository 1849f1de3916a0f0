// Structured logs (one JSON object a line), with room and session ids where they apply.
import pino from "pino";

export const log = pino({
  level: process.env.LOG_LEVEL || "info",
  base: { service: "skirmish" },
});
