import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, launch, moveSomewhere, quickPlay } from "./browser";

// The page as a real origin serves it: under its Content-Security-Policy, the whole game —
// landing page, Phaser's WebGL, Web Audio, the WebSocket — runs without one violation, and
// its scripts and styles arrive brotli-compressed, as Chromium asks for them.

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every console message, whatever its level (a CSP or Permissions-Policy complaint is not always an error). */
const messages: string[] = [];
const pageErrors: string[] = [];
const loaded: { url: string; type: string; encoding?: string; policy?: string }[] = [];

const violations = () => page.evaluate(() => (window as any).__violations as string[]);

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 960, height: 600 } });
  // Before any of the page's own code: a violation is reported to the document as an event.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as any).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page = await context.newPage();
  page.on("console", (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("response", (res) => {
    const type = res.request().resourceType();
    if (["document", "script", "stylesheet"].includes(type)) {
      const headers = res.headers();
      loaded.push({ url: res.url(), type, encoding: headers["content-encoding"], policy: headers["content-security-policy"] });
    }
  });
  await page.goto(inject("baseUrl"));
  await quickPlay(page, "Origin");
  // Play a little: move, aim and fire, dash, open the panels.
  await moveSomewhere(page, 60);
  await page.mouse.move(600, 250);
  await page.mouse.down();
  await page.waitForTimeout(800);
  await page.mouse.up();
  await page.keyboard.press("Space");
  await page.keyboard.press("F3");
  await page.keyboard.down("Tab");
  await page.waitForTimeout(400);
  await page.keyboard.up("Tab");
  await page.waitForTimeout(1000);
});

afterAll(async () => {
  await close(browser);
});

describe("the page under its Content-Security-Policy", () => {
  it("is served with a policy that allows no inline script and no eval", () => {
    const doc = loaded.find((r) => r.type === "document");
    expect(doc?.policy).toMatch(/script-src 'self'(;|$)/);
    expect(doc?.policy).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it("plays (WebGL, sound, the game's socket) without a single violation", async () => {
    expect(await page.evaluate(() => (window as any).skirmish.game.renderer.type)).toBe(2); // Phaser.WEBGL
    expect(await page.evaluate(() => (window as any).skirmish.session.ready)).toBe(true);
    expect(await violations()).toEqual([]);
    expect(messages.filter((m) => /Content Security Policy|Permissions-Policy|Refused to/i.test(m))).toEqual([]);
    expect(messages.filter((m) => m.startsWith("error:"))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("catches a violation when there is one (the check above can fail)", async () => {
    await page.evaluate(() => {
      const img = document.createElement("img");
      img.src = "https://example.invalid/tracker.png";
      document.body.append(img);
    });
    await expect.poll(violations).toEqual([expect.stringMatching(/^img-src blocked https:\/\/example\.invalid\/tracker\.png/)]);
    await page.evaluate(() => ((window as any).__violations.length = 0));
  });
});

describe("what the page downloads", () => {
  it("gets the page, its scripts and its styles brotli-compressed", () => {
    expect(loaded.filter((r) => r.type === "script").length).toBeGreaterThanOrEqual(2);
    expect(loaded.filter((r) => r.type === "stylesheet").length).toBeGreaterThanOrEqual(1);
    for (const r of loaded) expect(r.encoding, r.url).toBe("br");
  });
});
