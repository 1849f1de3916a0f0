// Honest players are never punished, in the real page: stepping out to watch and back in,
// again and again with keys held, never ends in "too many malformed messages"; a player whose
// connection drops is taken off the field for everyone else, and comes back shielded.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { close, launch, openGame, type Person } from "./browser";

let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => close(browser));

async function open(): Promise<Person> {
  const person = await openGame(browser, inject("baseUrl"));
  people.push(person);
  return person;
}

async function playing(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as any).skirmish?.session?.ready && (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
}

const chatText = (page: Page) => page.evaluate(() => [...document.querySelectorAll(".chat-lines li")].map((li) => li.textContent ?? "").join("\n"));

describe("stepping out to watch and back in", () => {
  // 20 rounds here (the page used to be sent away around the 10th); 50 through the game's own
  // client netcode in tests/integration/fairness.test.ts.
  it("20 times, keys held all along, never disconnects and never puts a refusal in the chat", async () => {
    const { page } = await open();
    await page.fill("#name", "Restless");
    await page.click("#create-private");
    await playing(page);
    await page.keyboard.down("d");
    for (let i = 0; i < 20; i++) {
      await page.click("[data-testid=step-out]");
      await page.click("[data-testid=step-out-confirm]");
      await page.waitForFunction(() => !(window as any).skirmish.session.me);
      await page.click("[data-testid=take-seat]");
      await playing(page);
    }
    await page.keyboard.up("d");
    expect(await page.isHidden("#notice")).toBe(true);
    expect(await page.evaluate(() => (window as any).skirmish.session.room.connection.isOpen)).toBe(true);
    expect(await chatText(page)).not.toMatch(/refused|cannot play|malformed/i);
    await page.context().close();
  });
});

describe("a player whose connection drops", () => {
  it("is off the field for everyone else while away, and back at a spawn point with a shield", async () => {
    const host = await open();
    await host.page.fill("#name", "Stays");
    await host.page.click("#create-private");
    await playing(host.page);
    const code = await host.page.evaluate(() => (window as any).skirmish.session.state.code as string);
    const guest = await open();
    await guest.page.fill("#name", "Drops");
    await guest.page.fill("#code", code);
    await guest.page.click("#join-code");
    await playing(guest.page);
    const id = await guest.page.evaluate(() => (window as any).skirmish.session.room.sessionId as string);
    // The host sees the guest's craft up.
    await host.page.waitForFunction((gid) => (window as any).skirmish.session.state.crafts.get(gid)?.status & 1, id);
    // The guest's connection drops (the page then gets back in by itself).
    await guest.page.evaluate(() => (window as any).skirmish.session.room.connection.close());
    // Meanwhile, for the host the craft is off the field: not up, marked reconnecting.
    await host.page.waitForFunction((gid) => {
      const status = (window as any).skirmish.session.state.crafts.get(gid)?.status ?? 0;
      return (status & 1) === 0 && (status & 32) !== 0;
    }, id);
    // Back: up again, shielded, no longer reconnecting.
    await host.page.waitForFunction(
      (gid) => {
        const status = (window as any).skirmish.session.state.crafts.get(gid)?.status ?? 0;
        return (status & 1) !== 0 && (status & 2) !== 0 && (status & 32) === 0;
      },
      id,
      { timeout: 30_000 },
    );
    expect(await host.page.evaluate((gid) => (window as any).skirmish.session.state.crafts.get(gid).deaths as number, id)).toBe(0);
    await guest.page.context().close();
    await host.page.context().close();
  });

  it("logged no errors", () => {
    expect(people.flatMap((p) => p.errors)).toEqual([]);
  });
});
