// The arsenal lab: hit registration per weapon, with enough hits per weapon to read a rate.
// The netcode lab's players cycle through the weapons and score a few hits of each a minute;
// here every room holds one weapon: four rooms at once (blaster, scatter, rail, rocket), each
// with four of the game's own clients that lead their targets as a player would, through the
// same relay (latency and jitter) as the netcode lab. A screen hit is the client's own shot
// drawn crossing a craft as that client draws it; a rocket's splash is a screen hit on every
// other craft drawn inside its burst (near enough to be hurt) where the rocket was drawn
// bursting. "Registered": the server's hit of that shot names that craft.
//
//   npm run bench:arsenal                 (90 s per condition; writes BENCHMARKS.md)
//   npm run bench:arsenal -- --seconds 20 (quicker, fewer hits)
//   npm run bench:arsenal -- --dry        (prints the figures, writes nothing)
//   npm run bench:arsenal -- --only 200   (one condition, by its round trip; writes nothing)

import { mkdirSync, writeFileSync } from "node:fs";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { ArenaClient } from "../../game/net/ArenaClient";
import { startServer } from "../../server/app";
import { DEFAULTS, NO_RECORDS } from "../../server/config";
import type { ArenaRoom } from "../../server/rooms/ArenaRoom";
import { GAME, makeTuning } from "../../shared/config";
import { ArenaState } from "../../shared/schema/ArenaState";
import { Weapon, WEAPON_NAMES } from "../../shared/sim/weapons";
import { fmt, machine, quantile, table, writeSection } from "../report";
import { LabClient, type WeaponHits } from "./LabClient";
import { CLEAN_LINE, LagRelay, type LineProfile } from "../../testkit/LagRelay";
import { recordTruth } from "./truth";

interface Condition {
  name: string;
  rttMs: number;
  jitterMs: number;
}

/** Up to the 200 ms the goal names. */
const CONDITIONS: Condition[] = [
  { name: "0 ms", rttMs: 0, jitterMs: 0 },
  { name: "100 ± 10 ms", rttMs: 100, jitterMs: 10 },
  { name: "150 ± 30 ms", rttMs: 150, jitterMs: 30 },
  { name: "200 ± 40 ms", rttMs: 200, jitterMs: 40 },
];
const WEAPONS = [Weapon.Blaster, Weapon.Scatter, Weapon.Rail, Weapon.Rocket];
const PER_ROOM = 6;
const GOAL = 0.98;
const FRAME_MS = 1000 / 60;
/** A condition whose frame loop ran later than this at p99 is run again, up to MAX_ATTEMPTS in all. */
const CALM_LATE_MS = 50;
const MAX_ATTEMPTS = 3;

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1]) || 90;
const dry = args.includes("--dry");
/** Run one condition only (by its round trip, e.g. --only 200), printing its figures; nothing written. */
const only = args.includes("--only") ? Number(args[args.indexOf("--only") + 1]) : undefined;

const tuning = makeTuning(GAME.net.tickHz);
/** How fast each weapon's shots fly (units a millisecond): what a pilot leads by; 0 for the rail. */
const shotSpeed = (w: Weapon) => {
  const t = tuning.weapons[w];
  return t.hitscan ? 0 : (t.projectileSpeedPerTick * GAME.net.tickHz) / 1000;
};

const emptyHits = (): WeaponHits => ({ screenHits: 0, registered: 0, shooterDown: 0, targetDown: 0, missed: 0, splash: 0, splashRegistered: 0 });

interface ConditionResult {
  condition: Condition;
  byWeapon: WeaponHits[];
  /** Inputs applied while measuring, and how many asked the server to look further back than it rewinds. */
  rewinds: { inputs: number; beyondLimit: number; p50Ms: number; p99Ms: number };
  lateMsP99: number;
  attempt: number;
}

async function runCondition(port: number, c: Condition): Promise<Omit<ConditionResult, "attempt">> {
  const line: LineProfile = c.rttMs === 0 ? CLEAN_LINE : { latencyMs: c.rttMs / 2, jitterMs: c.jitterMs / 2, stallEveryMs: 0, stallMs: 0 };
  const relay = new LagRelay(port, line, 11);
  await relay.ready();
  const urlBuilder = (url: URL) => {
    url.port = String(relay.port);
    return url.toString();
  };
  const client = () => new ArenaClient(`ws://127.0.0.1:${port}`, { urlBuilder });
  const labs: LabClient[] = [];
  const rooms: Room<ArenaState>[] = [];
  let measuring = false;
  const rewinds = { inputs: 0, beyondLimit: 0, p50Ms: 0, p99Ms: 0 };
  const asked: number[] = [];
  const onInput = (_id: string, ticks: number) => {
    if (!measuring) return;
    rewinds.inputs++;
    asked.push((ticks * 1000) / GAME.net.tickHz);
    if (ticks > tuning.maxRewindTicks) rewinds.beyondLimit++;
  };
  const arenas: ArenaRoom[] = [];
  for (const weapon of WEAPONS) {
    const name = WEAPON_NAMES[weapon];
    const first = await client().create<ArenaState>("arena", { name: `${name}-0`, private: true }, ArenaState);
    const mine = [first];
    for (let i = 1; i < PER_ROOM; i++) mine.push(await client().joinById<ArenaState>(first.roomId, { name: `${name}-${i}` }, ArenaState));
    const arena = matchMaker.getLocalRoomById(first.roomId) as ArenaRoom;
    arena.match.configure({ scoreLimit: 1000, timeLimitSeconds: 3600 });
    const truth = recordTruth(arena.match, onInput);
    mine.forEach((room, i) => labs.push(new LabClient("ours", room, truth, 300 + weapon * 10 + i, { hold: weapon, lead: shotSpeed })));
    rooms.push(...mine);
    arenas.push(arena);
  }
  // Every weapon always in hand: ammo topped up, never to empty.
  const topUp = setInterval(() => {
    for (const arena of arenas) for (const p of arena.match.pilots.values()) for (const w of [1, 2, 3]) if (p.craft.ammo[w] < 50) p.craft.ammo[w] = 99;
  }, 100);

  let stop = false;
  const late: number[] = [];
  const loop = new Promise<void>((resolve) => {
    let next = performance.now();
    const tick = () => {
      if (stop) return resolve();
      const now = performance.now();
      for (const lab of labs) lab.frame(now);
      if (measuring) late.push(now - next);
      next += FRAME_MS;
      setTimeout(tick, Math.max(0, next - performance.now()));
    };
    tick();
  });
  await new Promise((r) => setTimeout(r, 4000));
  const t0 = performance.now();
  for (const lab of labs) lab.startMeasuring(t0);
  measuring = true;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  // Keep drawing a moment, so the last shots' flights end on screen and their verdicts arrive.
  await new Promise((r) => setTimeout(r, 1500));
  stop = true;
  await loop;
  clearInterval(topUp);

  const byWeapon = WEAPONS.map(emptyHits);
  labs.forEach((lab, i) => {
    const weapon = WEAPONS[Math.floor(i / PER_ROOM)];
    const b = lab.finish().byWeapon[weapon];
    const into = byWeapon[weapon];
    for (const k of ["screenHits", "registered", "shooterDown", "targetDown", "missed", "splash", "splashRegistered"] as const) into[k] = (into[k] ?? 0) + (b[k] ?? 0);
  });
  for (const lab of labs) lab.close();
  await Promise.all(rooms.map((r) => Promise.race([r.leave(), new Promise((res) => setTimeout(res, 1000))])));
  await relay.close();
  rewinds.p50Ms = quantile(asked, 0.5);
  rewinds.p99Ms = quantile(asked, 0.99);
  return { condition: c, byWeapon, rewinds, lateMsP99: quantile(late, 0.99) };
}

const counted = (b: WeaponHits) => b.screenHits - b.shooterDown - b.targetDown;
const rate = (b: WeaponHits) => (counted(b) > 0 ? b.registered / counted(b) : Number.NaN);

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= "warn";
  const server = await startServer({ ...DEFAULTS, dataDir: NO_RECORDS, host: "127.0.0.1", port: 0, botFill: 0, logLevel: "warn" }, { gracefulShutdown: false });
  const results: ConditionResult[] = [];
  try {
    for (const c of CONDITIONS.filter((c) => only === undefined || c.rttMs === only)) {
      for (let attempt = 1; ; attempt++) {
        console.log(`arsenal: ${c.name} (${seconds} s)${attempt > 1 ? `, attempt ${attempt}` : ""}…`);
        const r = await runCondition(server.port, c);
        const line = WEAPONS.map((w) => `${WEAPON_NAMES[w]} ${r.byWeapon[w].registered}/${counted(r.byWeapon[w])}`).join(", ");
        const rocket = r.byWeapon[Weapon.Rocket];
        console.log(`  ${line} (splash ${rocket.splashRegistered}/${rocket.splash}); unregistered: ${WEAPONS.map((w) => `${r.byWeapon[w].shooterDown}/${r.byWeapon[w].targetDown}/${r.byWeapon[w].missed}`).join(" ")}; rewinds asked p50 ${fmt(r.rewinds.p50Ms, 0)} / p99 ${fmt(r.rewinds.p99Ms, 0)} ms, past the limit ${fmt((100 * r.rewinds.beyondLimit) / Math.max(1, r.rewinds.inputs))} %; frame loop p99 late ${fmt(r.lateMsP99, 0)} ms`);
        if (r.lateMsP99 <= CALM_LATE_MS || attempt >= MAX_ATTEMPTS) {
          results.push({ ...r, attempt });
          break;
        }
      }
    }
  } finally {
    await server.stop();
  }
  if (dry || only !== undefined) return;
  const date = new Date().toISOString();
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/arsenal.json", JSON.stringify({ date, machine: machine(), seconds, perRoom: PER_ROOM, results }, null, 1));
  const cell = (b: WeaponHits) => (counted(b) > 0 ? `${fmt(100 * rate(b))} % (${b.registered}/${counted(b)})` : "–");
  const unregistered = (b: WeaponHits) => `${b.shooterDown} / ${b.targetDown} / ${b.missed}`;
  const met = results.every((r) => WEAPONS.every((w) => rate(r.byWeapon[w]) >= GOAL));
  writeSection(
    "arsenal",
    `## Hit registration per weapon (the arsenal lab)

\`npm run bench:arsenal\` — ${date.slice(0, 10)}, ${machine()}, ${seconds} s of measured play per condition.

Four rooms play at once, one per weapon, each with ${PER_ROOM} of the game's own clients (\`bench/netcode/arsenal.ts\`):
they hold that one weapon (ammo kept topped up), aim where their target's drawn motion will take it
by the time the shot arrives (the rail, hitscan, aims straight), and play through the netcode lab's
relay. A *screen hit* is an own shot drawn crossing a craft as that client draws it; a rocket's
*splash* is a screen hit on every other craft drawn inside its burst, near enough to be hurt, where
the rocket was drawn bursting. A screen hit is *registered* when the server's hit of that shot names
that craft. Not counted: shots the server never fired because the shooter was already down there,
and hits on craft the server had already downed (as in the netcode lab). Goal: ≥ ${GOAL * 100} % per weapon up to
200 ms: **${met ? "met" : "missed"}**.

${table(
  ["Condition (RTT)", ...WEAPONS.map((w) => `${WEAPON_NAMES[w]}: registered of counted`), "Rocket splash: registered of screen splash hits", "Unregistered (shooter down / target down / miss), all weapons", `Inputs asking to look back past the ${GAME.net.maxRewindMs} ms rewind limit`],
  results.map((r) => [
    `${r.condition.name}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ""}`,
    ...WEAPONS.map((w) => cell(r.byWeapon[w])),
    `${r.byWeapon[Weapon.Rocket].splashRegistered ?? 0}/${r.byWeapon[Weapon.Rocket].splash ?? 0}`,
    unregistered(
      WEAPONS.map((w) => r.byWeapon[w]).reduce((a, b) => ({ ...a, shooterDown: a.shooterDown + b.shooterDown, targetDown: a.targetDown + b.targetDown, missed: a.missed + b.missed }), emptyHits()),
    ),
    `${fmt((100 * r.rewinds.beyondLimit) / Math.max(1, r.rewinds.inputs))} % (asked p50 ${fmt(r.rewinds.p50Ms, 0)} ms, p99 ${fmt(r.rewinds.p99Ms, 0)} ms)`,
  ]),
)}
`,
  );
  console.log(`arsenal: BENCHMARKS.md updated (goal ${met ? "met" : "missed"})`);
}

await main();
process.exit(0);
