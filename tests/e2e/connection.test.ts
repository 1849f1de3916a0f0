// Bad connections, handled honestly: the page says at once when the server has gone quiet,
// shows that it is getting back in, and gets back in with the same craft as soon as it can.
//
// Two ways a connection goes: the browser's own network emulation going offline (Chromium
// then closes the socket), and a connection that dies WITHOUT closing (a cut cable, a
// sleeping router), which only silence reveals. For the second, the game's sockets run
// through a pass-through that the test can cut: nothing gets through either way, and
// nothing is closed.

import type { Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, launch, openGame, quickPlay } from "./browser";

let browser: Browser;
type Browser = Awaited<ReturnType<typeof launch>>;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => close(browser));

/** Opens the game with its WebSockets routed through a pass-through; `cut()` silences every socket open now. */
async function openWithCuttableSockets(name: string): Promise<{ page: Page; cut(): void }> {
  const open = new Set<WebSocketRoute>();
  const dead = new Set<WebSocketRoute>();
  const { page } = await openGame(browser, inject("baseUrl"), undefined, async (p) => {
    await p.routeWebSocket(/.*/, (ws) => {
      open.add(ws);
      const server = ws.connectToServer();
      ws.onMessage((m) => !dead.has(ws) && server.send(m));
      server.onMessage((m) => !dead.has(ws) && ws.send(m));
    });
    // Playwright's stand-in WebSocket accepts an options object where a browser's throws
    // (the SDK tries Node's form first, then the browser's): make it throw like a browser.
    await p.addInitScript(() => {
      const Routed = window.WebSocket;
      window.WebSocket = new Proxy(Routed, {
        construct(target, args: unknown[]) {
          const protocols = args[1];
          if (protocols !== undefined && typeof protocols !== "string" && !Array.isArray(protocols)) throw new SyntaxError("protocols must be strings");
          return Reflect.construct(target, args);
        },
      });
    });
  });
  await quickPlay(page, name);
  return { page, cut: () => open.forEach((ws) => dead.add(ws)) };
}

const sessionId = (page: Page) => page.evaluate(() => (window as any).skirmish.session.room.sessionId as string);

async function backInAs(page: Page, id: string): Promise<void> {
  await page.waitForFunction(
    (before) => {
      const s = (window as any).skirmish?.session;
      return s?.ready && s.me && s.room.sessionId === before && s.room.connection.isOpen;
    },
    id,
    { timeout: 30_000 },
  );
  await page.waitForSelector("#overlay", { state: "hidden", timeout: 10_000 });
  await page.waitForSelector('[data-testid="connection-problem"]', { state: "hidden", timeout: 10_000 });
}

describe("a connection that goes dead without closing", () => {
  it("is shown as a connection problem, then dropped and rejoined, with the same craft", async () => {
    const { page, cut } = await openWithCuttableSockets("Unplugged");
    const before = await sessionId(page);
    cut();
    const cutAt = Date.now();
    await page.waitForSelector('[data-testid="connection-problem"]:not([hidden])', { timeout: 15_000 });
    const noticed = Date.now() - cutAt;
    expect(await page.textContent('[data-testid="connection-problem"]')).toContain("Connection problem");
    // The page stops waiting on the dead socket and gets back in on a new one.
    await backInAs(page, before);
    // How soon it was noticed is a figure, not a pass mark (the machine may be loaded).
    console.log(`connection problem shown ${noticed} ms after the cut`);
    await page.context().close();
  });
});

describe("the browser going offline", () => {
  it("shows the reconnect progress and gets back in once the network is back, with the same craft", async () => {
    const { page } = await openWithCuttableSockets("Offline");
    const before = await sessionId(page);
    await page.context().setOffline(true);
    await page.waitForSelector("#overlay:not([hidden])", { timeout: 15_000 });
    expect(await page.textContent("#overlay-text")).toMatch(/Reconnecting… \(attempt \d+\)/);
    // Offline for a few attempts; then the network is back.
    await page.waitForFunction(() => /attempt [3-9]/.test(document.getElementById("overlay-text")?.textContent ?? ""), undefined, { timeout: 15_000 });
    await page.context().setOffline(false);
    await backInAs(page, before);
    await page.context().close();
  });
});
