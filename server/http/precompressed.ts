// Sends files of the built client the way a real origin does: the brotli or gzip copy that the
// build wrote beside a file (vite.config.ts) when the request accepts it, labelled with
// the encoding and the original file's type, and `Vary: Accept-Encoding` so caches in between
// keep the copies apart. Nothing is compressed per request.

import { stat } from "node:fs/promises";
import path from "node:path";
import type express from "express";

/** The copies the build writes, in the order we prefer them: brotli is smaller than gzip. */
const ENCODINGS = [
  { coding: "br", suffix: ".br" },
  { coding: "gzip", suffix: ".gz" },
] as const;

export type Coding = (typeof ENCODINGS)[number]["coding"];

/**
 * The codings an Accept-Encoding header allows (a q-value of 0 refuses one; `*` stands for
 * every coding not named). Which allowed copy is sent is our choice: br, then gzip.
 */
export function acceptedCodings(header: string | undefined): Set<Coding> {
  const q = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepted = new Set<Coding>();
  for (const { coding } of ENCODINGS) {
    const value = q.get(coding) ?? (coding === "gzip" ? q.get("x-gzip") : undefined) ?? q.get("*") ?? 0;
    if (value > 0) accepted.add(coding);
  }
  return accepted;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Sends `file` (which must exist) or its best precompressed copy, with `cacheControl`.
 * Conditional and range requests are answered by express' sendFile against the copy sent:
 * each copy has its own ETag.
 */
export async function sendBuilt(req: express.Request, res: express.Response, next: express.NextFunction, file: string, cacheControl: string): Promise<void> {
  const accepted = acceptedCodings(req.headers["accept-encoding"]);
  let chosen: { coding: Coding; file: string } | undefined;
  let anyCopy = false;
  for (const { coding, suffix } of ENCODINGS) {
    if (!(await isFile(file + suffix))) continue;
    anyCopy = true;
    if (!chosen && accepted.has(coding)) chosen = { coding, file: file + suffix };
  }
  // The answer depends on Accept-Encoding whenever a copy exists, even when it is not sent.
  if (anyCopy) res.vary("Accept-Encoding");
  res.type(path.extname(file));
  if (chosen) res.setHeader("Content-Encoding", chosen.coding);
  res.setHeader("Cache-Control", cacheControl);
  res.sendFile(chosen?.file ?? file, { cacheControl: false, dotfiles: "allow" }, (err) => {
    if (err && !res.headersSent) next(err);
  });
}

/**
 * Serves the files under `root` at the mount path with `cacheControl`, or passes the request
 * on when no such file is there. Dotfiles and paths leaving `root` are never served.
 */
export function builtFiles(root: string, cacheControl: string): express.RequestHandler {
  const base = path.resolve(root);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.join(base, relative);
    const inside = file.startsWith(base + path.sep);
    const hidden = relative.split("/").some((segment) => segment.startsWith("."));
    if (!inside || hidden || relative.includes("\0")) return next();
    isFile(file)
      .then((found) => (found ? sendBuilt(req, res, next, file, cacheControl) : next()))
      .catch(next);
  };
}
