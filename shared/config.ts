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
  life: {
    respawnSeconds: 3,
    spawnShieldSeconds: 1.5,
    /** A craft whose player drops this soon after being hit counts as downed by the hitter. */
    dropAfterHitSeconds: 5,
  },
  pickups: {
    health: { heal: 40, respawnSeconds: 12 },
    overdrive: { damageMultiplier: 2, seconds: 8, respawnSeconds: 30 },
    radius: 20,
  },
  round: {
    scoreLimit: 15,
    timeLimitSeconds: 300,
    resultsSeconds: 8,
  },
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
     * shooter sees is a round trip plus the interpolation delay old, so this allows a 200 ms
     * round trip plus up to 100 ms of interpolation delay (see the README's trade-offs).
     */
    maxRewindMs: 300,
  },
} as const;

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
  };
  tuningCache.set(tickHz, tuning);
  return tuning;
}

export function secondsToTicks(seconds: number, tickHz: number): number {
  return Math.max(1, Math.round(seconds * tickHz));
}
