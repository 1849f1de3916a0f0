// Operator routes: Prometheus metrics, and the Colyseus monitor behind a password.
import { monitor } from "@colyseus/monitor";
import express from "express";
import basicAuth from "express-basic-auth";
import { log } from "../log";
import { registry } from "../metrics";
import { MONITOR_POLICY } from "./security";

export function metricsRoute(app: express.Express): void {
  app.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", registry.contentType);
    res.send(await registry.metrics());
  });
}

/** The Colyseus monitor at /admin, only when ADMIN_PASSWORD is set (user "admin"). */
export function adminRoutes(app: express.Express, password: string | undefined): void {
  if (!password) {
    log.info("admin monitor disabled: set ADMIN_PASSWORD to enable it at /admin");
    return;
  }
  app.use(
    "/admin",
    basicAuth({ users: { admin: password }, challenge: true, realm: "skirmish-admin" }),
    (_req: express.Request, res: express.Response, next: express.NextFunction) => {
      res.setHeader("Content-Security-Policy", MONITOR_POLICY);
      next();
    },
    monitor({ columns: ["roomId", "name", "clients", "maxClients", { metadata: "map" }, { metadata: "players" }, { metadata: "watchers" }, { metadata: "code" }, "processId", "elapsedTime"] }),
  );
  log.info("admin monitor at /admin (user admin)");
}
