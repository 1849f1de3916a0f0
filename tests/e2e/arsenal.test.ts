import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NavGrid } from "../../server/bots/NavGrid";
import { getMap } from "../../server/maps";
import { makeTuning } from "../../shared/config";
import { Weapon, WEAPON_NAMES, type WeaponName } from "../../shared/sim/weapons";
import { close, driveTo, inArena, launch, openGame, type Person, PHONE, screenshot, session, touch } from "./browser";

// The arsenal as a player meets it: they drive onto a weapon lying on the map, and it comes to
// hand at once (only the blaster was in hand); the HUD shows it lit with its shots; the number
// keys and the wheel switch between what they hold, a key for a weapon without ammo says why;
// firing it counts its shots down, as the server agrees. On a phone, a weapon button sits by
// DASH.

const LAPTOP = { viewport: { width: 1280, height: 720 } };
const t = makeTuning(60);

let browser: Browser;
const people: Person[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await close(browser);
});

/** A player alone in a private room of their own (no one else's shots or pickups in the way). */
async function alone(name: string, device: Parameters<typeof openGame>[2] = LAPTOP): Promise<Person> {
  const person = await openGame(browser, inject("baseUrl"), device);
  people.push(person);
  await person.page.fill("#name", name);
  await person.page.click("#create-private");
  await inArena(person.page);
  await person.page.waitForFunction(() => (window as any).skirmish.session.me, undefined, { timeout: 30_000 });
  return person;
}

const slotClass = (page: Page, weapon: WeaponName) => page.getAttribute(`[data-testid=weapon-${weapon}]`, "class");
const ammoShown = (page: Page, weapon: WeaponName) => page.textContent(`[data-testid=ammo-${weapon}]`);
/** Shots left as the server says (the owner's view: scatter, rail and rocket in bytes 0, 1, 2). */
const serverAmmo = (page: Page, weapon: Weapon) => session<number>(page, `(s.me.ammo >>> ${(weapon - 1) * 8}) & 0xff`);

describe("a weapon picked up on the map", () => {
  let player: Person;
  let page: Page;
  let weapon: Weapon;
  let name: WeaponName;
  let full: number;

  it("comes to hand when the player drives over it, and the HUD shows it lit with its shots", async () => {
    player = await alone("Gunner");
    page = player.page;
    // The weapon on the floor nearest by road from where the craft spawned.
    const map = getMap(await session<string>(page, "s.map.id"))!;
    const grid = NavGrid.of(map);
    const from = await session<{ x: number; y: number }>(page, "s.ownDrawn()");
    const byRoad = (x: number, y: number) => {
      let length = 0;
      let at = from;
      for (const p of [...grid.route(from.x, from.y, x, y), { x, y }]) {
        length += Math.hypot(p.x - at.x, p.y - at.y);
        at = p;
      }
      return length;
    };
    const spots = map.pickups.map((p, index) => ({ ...p, index })).filter((p) => p.kind !== "health" && p.kind !== "overdrive");
    const spot = spots.sort((a, b) => byRoad(a.x, a.y) - byRoad(b.x, b.y))[0];
    name = spot.kind as WeaponName;
    weapon = WEAPON_NAMES.indexOf(name) as Weapon;
    full = t.weapons[weapon].ammo;

    // Before: the blaster in hand (it never runs out), the rest dimmed and empty.
    await expect.poll(() => slotClass(page, "blaster")).toContain("held");
    expect(await ammoShown(page, "blaster")).toBe("∞");
    for (const other of WEAPON_NAMES.slice(1)) {
      expect(await ammoShown(page, other)).toBe("0");
      expect(await slotClass(page, other)).toContain("empty");
    }
    await page.waitForFunction((i) => ((window as any).skirmish.session.state.pickupsReady >>> i) & 1, spot.index);

    await driveTo(page, spot.x, spot.y, 12);
    await expect.poll(() => ammoShown(page, name), { timeout: 10_000 }).toBe(String(full));
    await expect.poll(() => slotClass(page, name)).toContain("held");
    expect(await slotClass(page, name)).not.toContain("empty");
    expect(await slotClass(page, "blaster")).not.toContain("held");
    expect(await page.textContent("[data-testid=weapon-news]")).toBe(`Picked up the ${name}`);
    // The craft holds it (as predicted, and as the server says: everyone sees the barrel).
    expect(await session<number>(page, "s.prediction.current.weapon")).toBe(weapon);
    await page.waitForFunction((w) => (window as any).skirmish.session.me.weapon === w, weapon);
    await screenshot(page, `.test-artifacts/arsenal-${name}.png`);
  });

  it("switches with the number keys and the mouse wheel between the weapons held", async () => {
    await page.keyboard.press("Digit1");
    await expect.poll(() => slotClass(page, "blaster")).toContain("held");
    await page.waitForFunction(() => (window as any).skirmish.session.me.weapon === 0);
    await page.keyboard.press(`Digit${weapon + 1}`);
    await expect.poll(() => slotClass(page, name)).toContain("held");
    // The wheel steps through what is held: the blaster and this weapon, and round.
    await page.mouse.move(640, 360);
    await page.mouse.wheel(0, 100);
    await expect.poll(() => slotClass(page, "blaster")).toContain("held");
    await page.mouse.wheel(0, 100);
    await expect.poll(() => slotClass(page, name)).toContain("held");
    await page.waitForFunction((w) => (window as any).skirmish.session.me.weapon === w, weapon);
  });

  it("keeps the weapon in hand while the player types digits in the chat", async () => {
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=chat-input]:visible");
    await page.keyboard.type("1 2 3 4");
    await page.keyboard.press("Escape");
    await page.waitForSelector("[data-testid=chat-input]", { state: "hidden" });
    // Some inputs have gone out meanwhile, each still asking for this weapon.
    const sent = await session<number>(page, "s.stats.inputsSent");
    await page.waitForFunction((n) => (window as any).skirmish.session.stats.inputsSent > n + 10, sent);
    expect(await session<number>(page, "s.prediction.current.weapon")).toBe(weapon);
    expect(await session<number>(page, "s.me.weapon")).toBe(weapon);
    expect(await slotClass(page, name)).toContain("held");
  });

  it("says why a key for a weapon without ammo does nothing", async () => {
    const empty = WEAPON_NAMES.findIndex((n, w) => w !== Weapon.Blaster && w !== weapon);
    await page.keyboard.press(`Digit${empty + 1}`);
    await expect.poll(() => page.textContent("[data-testid=weapon-news]")).toBe(`No ${WEAPON_NAMES[empty]} ammo: pick one up`);
    expect(await slotClass(page, name)).toContain("held");
    expect(await session<number>(page, "s.prediction.current.weapon")).toBe(weapon);
  });

  it("fires it, and the HUD counts its shots down as the server does", async () => {
    expect(await serverAmmo(page, weapon)).toBe(full);
    await page.mouse.move(900, 360);
    await page.mouse.down();
    try {
      await expect.poll(async () => Number(await ammoShown(page, name)), { timeout: 10_000 }).toBeLessThan(full);
      // For a look at it: the shot on its way (a beam, pellets, a rocket).
      await screenshot(page, `.test-artifacts/arsenal-${name}-fired.png`);
      await expect.poll(() => serverAmmo(page, weapon), { timeout: 10_000 }).toBeLessThan(full);
    } finally {
      await page.mouse.up();
    }
    // What the HUD says is what the server says, once the trigger is let go.
    await expect.poll(async () => Number(await ammoShown(page, name))).toBe(await serverAmmo(page, weapon));
  });
});

describe("on a touch screen", () => {
  let phone: Person;
  let cdp: CDPSession;

  it("has a weapon button by DASH, which says there is only the blaster until more are picked up", async () => {
    phone = await alone("Thumbs", PHONE);
    const page = phone.page;
    cdp = await page.context().newCDPSession(page);
    await expect.poll(() => page.isVisible("[data-testid=touch-weapon]")).toBe(true);
    const button = (await page.locator("[data-testid=touch-weapon]").boundingBox())!;
    const dash = (await page.locator("[data-testid=touch-dash]").boundingBox())!;
    expect(Math.hypot(button.x + button.width / 2 - (dash.x + dash.width / 2), button.y + button.height / 2 - (dash.y + dash.height / 2))).toBeLessThan(120);
    expect(button.height).toBeGreaterThanOrEqual(44);
    await touch(cdp, [{ id: 1, x: button.x + button.width / 2, y: button.y + button.height / 2 }], "touchStart");
    await touch(cdp, [], "touchEnd");
    await expect.poll(() => page.textContent("[data-testid=weapon-news]")).toBe("Only the blaster: pick weapons up");
    expect(await slotClass(page, "blaster")).toContain("held");
    await screenshot(page, ".test-artifacts/arsenal-phone.png");
  });
});

describe("all those pages", () => {
  it("logged no errors", () => {
    for (const p of people) expect(p.errors).toEqual([]);
  });
});
