// Headers on every answer of ours (Colyseus answers /matchmake/* itself, in front of express):
// what the page may load and run, and what a browser must not do with our answers.

import type express from "express";

type Policy = Record<string, string[]>;

function written(policy: Policy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(" "))
    .join("; ");
}

/**
 * The game page's Content-Security-Policy. Everything it runs is our own built files: no
 * inline script or style, no eval, no plugins, no frames. `anyGameHost`: with Redis, a room
 * may live on another process, which the page reaches at that process's public address.
 */
export function pagePolicy(options: { anyGameHost: boolean }): string {
  return written({
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    // Phaser's built-in textures are data: URIs; so is the favicon (`data:,`).
    "img-src": ["'self'", "data:"],
    // The API, matchmaking and the game's WebSocket ('self' covers ws:/wss: to this origin).
    "connect-src": ["'self'", ...(options.anyGameHost ? ["ws:", "wss:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    // Nobody may frame the game (a framed Kick or Restart button could be clicked unawares).
    "frame-ancestors": ["'none'"],
  });
}

/**
 * The Colyseus monitor's page at /admin (not ours: a React app that injects its styles and
 * asks Google for its icon font).
 */
export const MONITOR_POLICY = written({
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'", "https://fonts.googleapis.com"],
  "font-src": ["'self'", "https://fonts.gstatic.com"],
  "img-src": ["'self'", "data:"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
});

/** Powerful features the game never uses, refused to the page and anything in it. */
const PERMISSIONS = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "midi", "display-capture"];

export function securityHeaders(options: { anyGameHost: boolean }): express.RequestHandler {
  const headers: Record<string, string> = {
    "Content-Security-Policy": pagePolicy(options),
    "X-Content-Type-Options": "nosniff",
    // Same-origin requests keep it (room codes are in our own URLs); other sites learn nothing.
    "Referrer-Policy": "same-origin",
    // frame-ancestors says the same to current browsers; this is for older ones.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS.map((feature) => `${feature}=()`).join(", "),
    // A page that opened ours (or that ours opens) gets no handle on its window.
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  return (_req, res, next) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}
