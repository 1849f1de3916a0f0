// The game's tuning, in one table. Rates are per second and distances in world units
// (one unit is one pixel at zoom 1); `makeTuning` turns them into per-tick values for a
// given tick rate, so server and client derive identical numbers from the same TICK_HZ.

export const GAME = {
  craft: {
    radius: 18,
    maxSpeed: 260,
    /** Change of velocity per second while steering toward the wished velocity. */
    accel: 2000,
    /** Change of velocity per second while no key is held (friction). */
    brake: 1600,
    maxHp: 100,
  },
  dash: {
    speed: 760,
    seconds: 0.14,
    cooldownSeconds: 1.1,
  },
  /** The blaster: everyone's gun, never out of ammo (the arsenal below is picked up). */
  gun: {
    /** Seconds between shots while the trigger is held. */
    cadenceSeconds: 0.2,
    damage: 20,
    projectileSpeed: 950,
    projectileRadius: 4,
    range: 950,
    /** Shots leave the turret this far ahead of the craft's centre. */
    muzzle: 24,
  },
  /**
   * The rest of the arsenal, picked up on the map with limited ammo; an empty weapon gives
   * way to the blaster. Each plays differently and travels differently (see shared/sim/weapons).
   */
  arsenal: {
    /** Seconds the trigger stays locked after a weapon switch. */
    switchSeconds: 0.25,
    /** A spread of pellets, all from one seed, so every client draws the same pellets. */
    scatter: { cadenceSeconds: 0.8, damage: 9, pellets: 7, spread: 0.42, projectileSpeed: 1050, projectileRadius: 3, range: 520, ammo: 8 },
    /** Hitscan after a short charge, judged against the world the shooter saw; drawn as a beam. */
    rail: { cadenceSeconds: 1.2, chargeSeconds: 0.3, damage: 65, range: 1700, ammo: 5 },
    /**
     * A slow projectile that bursts on whatever it touches: damage and a push that fall off
     * with distance (less damage to its own pilot, the same push: rocket-dashing works).
     */
    rocket: { cadenceSeconds: 0.9, damage: 30, projectileSpeed: 560, projectileRadius: 7, range: 1100, splashRadius: 130, splashDamage: 50, knockback: 650, selfDamage: 0.4, ammo: 6 },
  },
  life: {
    respawnSeconds: 3,
    spawnShieldSeconds: 1.5,
    /** A craft whose player drops this soon after being hit counts as downed by the hitter. */
    dropAfterHitSeconds: 5,
  },
  pickups: {
    health: { heal: 40, respawnSeconds: 12 },
    overdrive: { damageMultiplier: 2, seconds: 8, respawnSeconds: 30 },
    /** A weapon on the floor: a full load of its ammo (GAME.arsenal). */
    weapon: { respawnSeconds: 15 },
    radius: 20,
  },
  round: {
    timeLimitSeconds: 300,
    /** The results screen, which is also the vote for the next round in public rooms. */
    resultsSeconds: 10,
  },
  /** The modes, with the score that ends a round in each (kills, team kills, captures). */
  modes: {
    ffa: { name: "Free-for-all", short: "FFA", teams: false, scoreLimit: 15 },
    tdm: { name: "Team Deathmatch", short: "TDM", teams: true, scoreLimit: 40 },
    ctf: { name: "Capture the Flag", short: "CTF", teams: true, scoreLimit: 3 },
  },
  /** Team 0 and team 1: told apart by colour and by pattern (stripes, dots) for colour-blind players. */
  teams: ["Blue", "Orange"],
  flag: {
    /** How close a craft must come to take, return or capture a flag. */
    reach: 30,
    /** A dropped flag goes home by itself after this long. */
    returnSeconds: 20,
  },
  /** Map+mode choices offered at the end of a public round. */
  voteChoices: 3,
  room: {
    maxPlayers: 10,
    /** The most players a host may allow (the settings' and MAX_PLAYERS' upper bound). */
    maxPlayersEver: 16,
    maxSpectators: 32,
    /**
     * Slots tag a craft's colour and shots, and index the pose tables: more than any room
     * holds (players and bots), so they never run out.
     */
    slots: 32,
    /** Seconds a dropped player's seat is held by default (RECONNECT_SECONDS). */
    reconnectSeconds: 20,
    /** Minutes a player the host removed stays out (a kick is not forever: friends make mistakes). */
    kickMinutes: 10,
  },
  net: {
    tickHz: 60,
    patchHz: 30,
    /**
     * Lag compensation rewinds at most this far; beyond it the shooter must lead. What a
     * shooter sees is, by the time the server applies the input, a round trip plus the
     * interpolation delay plus the input's wait in its queue old: at a 200 ± 40 ms round trip
     * the arsenal lab measures ~300 ms asked at the median and ~370 ms at p99 (a 300 ms bound
     * judged nine shots in ten there a little late). See the README's trade-offs.
     */
    maxRewindMs: 400,
  },
} as const;

/** One weapon, per tick (index: shared/sim/weapons Weapon). Projectile weapons fly as `planFlight` plans. */
export interface WeaponTuning {
  name: string;
  cadenceTicks: number;
  damage: number;
  /** Shots a pickup gives (Infinity: the blaster). */
  ammo: number;
  /** Craft radius (hits are judged against it). */
  radius: number;
  projectileSpeedPerTick: number;
  projectileRadius: number;
  range: number;
  muzzle: number;
  /** Projectiles a shot fires, fanned over `spread` radians. */
  pellets: number;
  spread: number;
  /** Ticks the trigger charges before a hitscan weapon fires (0: fires at once). */
  chargeTicks: number;
  hitscan: boolean;
  splashRadius: number;
  splashDamage: number;
  /** Speed given to a craft at the centre of a blast (falls off to 0 at its edge). */
  knockback: number;
  /** Share of splash damage a blast does to its own pilot. */
  selfDamage: number;
}

export interface Tuning {
  tickHz: number;
  dt: number;
  radius: number;
  maxSpeed: number;
  accelPerTick: number;
  brakePerTick: number;
  dashSpeed: number;
  dashTicks: number;
  dashCooldownTicks: number;
  fireCooldownTicks: number;
  projectileSpeedPerTick: number;
  projectileRadius: number;
  range: number;
  muzzle: number;
  /** Ticks a projectile may fly before it has surely reached its range. */
  projectileLifeTicks: number;
  maxRewindTicks: number;
  /** Ticks a downed craft waits before it is back. */
  respawnTicks: number;
  /** Blaster, scatter, rail, rocket (shared/sim/weapons Weapon). */
  weapons: readonly WeaponTuning[];
  switchTicks: number;
  /** The longest the trigger can be locked: the slowest weapon's cadence, or a switch. */
  longestCooldownTicks: number;
}

const tuningCache = new Map<number, Tuning>();

export function makeTuning(tickHz: number): Tuning {
  const cached = tuningCache.get(tickHz);
  if (cached) return cached;
  const dt = 1 / tickHz;
  const ticks = (seconds: number) => Math.max(1, Math.round(seconds * tickHz));
  const projectileSpeedPerTick = GAME.gun.projectileSpeed * dt;
  const tuning: Tuning = {
    tickHz,
    dt,
    radius: GAME.craft.radius,
    maxSpeed: GAME.craft.maxSpeed,
    accelPerTick: GAME.craft.accel * dt,
    brakePerTick: GAME.craft.brake * dt,
    dashSpeed: GAME.dash.speed,
    dashTicks: ticks(GAME.dash.seconds),
    dashCooldownTicks: ticks(GAME.dash.cooldownSeconds),
    fireCooldownTicks: ticks(GAME.gun.cadenceSeconds),
    projectileSpeedPerTick,
    projectileRadius: GAME.gun.projectileRadius,
    range: GAME.gun.range,
    muzzle: GAME.gun.muzzle,
    projectileLifeTicks: Math.ceil((GAME.gun.range - GAME.gun.muzzle) / projectileSpeedPerTick),
    maxRewindTicks: Math.round((GAME.net.maxRewindMs / 1000) * tickHz),
    respawnTicks: ticks(GAME.life.respawnSeconds),
    weapons: [],
    switchTicks: ticks(GAME.arsenal.switchSeconds),
    longestCooldownTicks: 0,
  };
  const base = { radius: GAME.craft.radius, muzzle: GAME.gun.muzzle, pellets: 1, spread: 0, chargeTicks: 0, hitscan: false, splashRadius: 0, splashDamage: 0, knockback: 0, selfDamage: 0 };
  const { scatter, rail, rocket } = GAME.arsenal;
  tuning.weapons = [
    { ...base, name: "blaster", cadenceTicks: tuning.fireCooldownTicks, damage: GAME.gun.damage, ammo: Infinity, projectileSpeedPerTick, projectileRadius: GAME.gun.projectileRadius, range: GAME.gun.range },
    { ...base, name: "scatter", cadenceTicks: ticks(scatter.cadenceSeconds), damage: scatter.damage, ammo: scatter.ammo, projectileSpeedPerTick: scatter.projectileSpeed * dt, projectileRadius: scatter.projectileRadius, range: scatter.range, pellets: scatter.pellets, spread: scatter.spread },
    // A rail's "flight" is all of its beam on the tick it fires (muzzle = range): a client judges
    // it against the world it saw on that tick, as the server does.
    { ...base, name: "rail", cadenceTicks: ticks(rail.cadenceSeconds), damage: rail.damage, ammo: rail.ammo, projectileSpeedPerTick: rail.range, projectileRadius: 1, range: rail.range, muzzle: rail.range, chargeTicks: ticks(rail.chargeSeconds), hitscan: true },
    { ...base, name: "rocket", cadenceTicks: ticks(rocket.cadenceSeconds), damage: rocket.damage, ammo: rocket.ammo, projectileSpeedPerTick: rocket.projectileSpeed * dt, projectileRadius: rocket.projectileRadius, range: rocket.range, splashRadius: rocket.splashRadius, splashDamage: rocket.splashDamage, knockback: rocket.knockback, selfDamage: rocket.selfDamage },
  ];
  tuning.longestCooldownTicks = tuning.weapons.reduce((m, w) => Math.max(m, w.cadenceTicks), tuning.switchTicks);
  tuningCache.set(tickHz, tuning);
  return tuning;
}

export function secondsToTicks(seconds: number, tickHz: number): number {
  return Math.max(1, Math.round(seconds * tickHz));
}
