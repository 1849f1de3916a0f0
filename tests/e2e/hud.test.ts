import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, downPlayer, inArena, launch, moveSomewhere, openGame, type Person, PHONE, restWhile, session } from "./browser";

// What a new player finds in the arena, made plain: the room's panels folded out of the way
// and never over the chat (on a laptop and on a phone), a seat given up only when asked
// twice, the controls shown to players until they use them (never to watchers), and the
// down screen saying who downed you and with what.

const LAPTOP = { viewport: { width: 1280, height: 720 } };

let browser: Browser;
const people: Person[] = [];
let host: Person;
let friend: Person;
/** The phone's host, whose room is made while the laptop's is looked at (see below). */
let phoneHost: Promise<Person>;
let code = "";

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await close(browser);
});

async function open(url = inject("baseUrl"), device: Parameters<typeof openGame>[2] = LAPTOP): Promise<Person> {
  const person = await openGame(browser, url, device);
  people.push(person);
  return person;
}

async function playing(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
}

/** A private room's host, with the chat as full as it gets. */
async function hostWithChat(device: Parameters<typeof openGame>[2], name: string): Promise<Person> {
  const person = await open(undefined, device);
  await person.page.fill("#name", name);
  await person.page.click("#create-private");
  await playing(person.page);
  for (let i = 1, tries = 0; i <= 5; i++) {
    // Each line waits for the chat to open and for its line to come back: on a loaded machine
    // the arena's panels may still be building when the first Enter goes.
    await person.page.keyboard.press("Enter");
    await person.page.waitForSelector("[data-testid=chat-input]:visible", { timeout: 2_000 }).catch(() => undefined);
    if (!(await person.page.isVisible("[data-testid=chat-input]"))) {
      expect(++tries, "the chat never opened with Enter").toBeLessThan(10);
      i--;
      continue;
    }
    await person.page.keyboard.type(`line ${i} of chat`);
    await person.page.keyboard.press("Enter");
    await person.page.waitForFunction((text) => [...document.querySelectorAll(".chat-lines li .text")].some((t) => t.textContent === text), `line ${i} of chat`);
  }
  await person.page.waitForFunction(() => document.querySelectorAll(".chat-lines li").length >= 6);
  return person;
}

/** Where the room's panels end and the chat begins, the chat open for typing (its tallest). */
async function panelsAndChat(page: Page): Promise<{ panelsBottom: number; chatTop: number; panelsRight: number; chatLeft: number }> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=chat-input]:visible");
  const at = await page.evaluate(() => {
    const side = document.querySelector("[data-testid=hud-side]")!.getBoundingClientRect();
    const chat = document.querySelector(".chat")!.getBoundingClientRect();
    return { panelsBottom: side.bottom, chatTop: chat.top, panelsRight: side.right, chatLeft: chat.left };
  });
  await page.keyboard.press("Escape");
  return at;
}

const isOpen = (page: Page, testid: string) => page.$eval(`[data-testid=${testid}]`, (d) => (d as HTMLDetailsElement).open);

describe("the room's panels", () => {
  it("are folded at first, one open at a time, and never reach the chat at 1280×720", async () => {
    // The phone's room (the next test's) and the friend's page (the seat's) are made meanwhile.
    phoneHost = hostWithChat(PHONE, "Thumbs");
    phoneHost.catch(() => undefined); // its failure is the next test's
    [host, friend] = await Promise.all([hostWithChat(LAPTOP, "Hunter"), open()]);
    const page = host.page;
    code = (await page.textContent("[data-testid=room-code]"))!;
    expect(await isOpen(page, "invite-panel")).toBe(false);
    expect(await isOpen(page, "host-panel")).toBe(false);
    expect(await page.isVisible("[data-testid=invite-link]")).toBe(false);
    expect(await page.isVisible("[data-testid=host-apply]")).toBe(false);

    const folded = await panelsAndChat(page);
    expect(folded.chatLeft).toBeLessThan(folded.panelsRight); // the same column: only height keeps them apart
    expect(folded.panelsBottom).toBeLessThanOrEqual(folded.chatTop);

    await page.click("[data-testid=invite-panel] summary");
    expect(await isOpen(page, "invite-panel")).toBe(true);
    const invite = await panelsAndChat(page);
    expect(invite.panelsBottom).toBeLessThanOrEqual(invite.chatTop);

    // Opening the host's controls folds the invite away; the tall form scrolls above the chat.
    await page.click("[data-testid=host-panel] summary");
    expect(await isOpen(page, "host-panel")).toBe(true);
    expect(await isOpen(page, "invite-panel")).toBe(false);
    const hostOpen = await panelsAndChat(page);
    expect(hostOpen.panelsBottom).toBeLessThanOrEqual(hostOpen.chatTop);
    await page.click("[data-testid=host-panel] summary");
  });

  it("never reach the chat on a phone held sideways (844×390)", async () => {
    const phone = await phoneHost;
    const page = phone.page;
    expect(await isOpen(page, "host-panel")).toBe(false);
    const folded = await panelsAndChat(page);
    expect(folded.panelsBottom).toBeLessThanOrEqual(folded.chatTop);
    await page.tap("[data-testid=host-panel] summary");
    expect(await isOpen(page, "host-panel")).toBe(true);
    const hostOpen = await panelsAndChat(page);
    expect(hostOpen.panelsBottom).toBeLessThanOrEqual(hostOpen.chatTop);
    await page.context().close();
  });
});

describe("giving up a seat", () => {
  it("asks first, in the page, and only then makes the player a watcher", async () => {
    await friend.page.fill("#name", "Prey");
    await friend.page.fill("#code", code);
    await friend.page.click("#join-code");
    await playing(friend.page);
    const page = friend.page;
    // Named for what it does; the controls card is up for this new player meanwhile.
    expect(await page.textContent("[data-testid=step-out]")).toBe("Give up seat and watch");
    await expect.poll(() => page.isVisible("[data-testid=controls-hint]")).toBe(true);

    await page.click("[data-testid=step-out]");
    const question = page.locator(".watch-panel .confirm");
    expect(await question.textContent()).toContain("Give up your seat to watch? Your craft and score leave the match");
    await page.click("[data-testid=step-out-cancel]");
    expect(await question.isVisible()).toBe(false);
    await page.waitForTimeout(500);
    expect(await session<boolean>(page, "s.playing")).toBe(true);

    await page.click("[data-testid=step-out]");
    await page.click("[data-testid=step-out-confirm]");
    await page.waitForFunction(() => !(window as any).skirmish.session.me);
    expect(await page.isVisible("[data-testid=watch-title]")).toBe(true);
    expect(await page.isVisible("[data-testid=step-out]")).toBe(false);
  });
});

describe("the controls card", () => {
  it("is never shown to a watcher, and comes back when the watcher takes a seat", async () => {
    const page = friend.page;
    // Gone with the seat, but not counted as seen: this player never used the controls.
    await expect.poll(() => page.locator("[data-testid=controls-hint]").count()).toBe(0);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem("skirmish.settings") ?? "{}").seenControls)).not.toBe(true);
    await page.click("[data-testid=take-seat]");
    await playing(page);
    await expect.poll(() => page.isVisible("[data-testid=controls-hint]")).toBe(true);
  });

  it("goes away once the player moves, for good", async () => {
    const page = friend.page;
    await moveSomewhere(page, 40);
    await expect.poll(() => page.locator("[data-testid=controls-hint]").count()).toBe(0);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem("skirmish.settings")!).seenControls)).toBe(true);
  });

  it("is not shown to someone who came to watch", async () => {
    // The players' pages rest while the watcher's runs.
    await restWhile([host, friend], async () => {
      const eye = await open(`${inject("baseUrl")}/?room=${code}&watch`);
      await eye.page.fill("#name", "Eye");
      await eye.page.click("#quick-play");
      await inArena(eye.page);
      expect(await session<boolean>(eye.page, "s.playing")).toBe(false);
      await eye.page.waitForTimeout(1500);
      expect(await eye.page.locator("[data-testid=controls-hint]").count()).toBe(0);
      await eye.page.context().close();
    });
  });
});

describe("the down screen", () => {
  it("says who downed the player, and with what", async () => {
    await host.page.waitForFunction(() => (window as any).skirmish.session.remotes.size === 1);
    await downPlayer(host.page, "Prey");
    const page = friend.page;
    await page.waitForSelector("[data-testid=down-notice]:visible", { timeout: 10_000 });
    await expect.poll(() => page.textContent("[data-testid=down-title]")).toBe("Downed by Hunter");
    // The blaster, unless the hunter drove over a weapon on the way (it then comes to hand).
    expect(await page.textContent("[data-testid=down-detail]")).toMatch(/^with the (blaster|scatter|rail|rocket) · back in (\d…|a moment…)$/);
    // Back on the field, the screen goes.
    await page.waitForSelector("[data-testid=down-notice]", { state: "hidden", timeout: 10_000 });
  });
});

describe("all those pages", () => {
  it("logged no errors", () => {
    for (const p of people) expect(p.errors).toEqual([]);
  });
});
