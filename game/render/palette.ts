// Player colours: Paul Tol's "bright" and "vibrant" qualitative schemes, chosen to stay
// distinguishable under the common forms of colour blindness; the name tag above every
// craft carries the rest.

import type { PickupKind } from "../../shared/maps";

export const CRAFT_COLOURS: readonly number[] = [
  0x4477aa, 0xee6677, 0x228833, 0xccbb44, 0x66ccee, 0xaa3377, 0xee7733, 0x0077bb,
  0x33bbee, 0xee3377, 0xcc3311, 0x009988, 0xbbbbbb, 0xddaa33, 0x994455, 0x88ccee,
];

export const colourOf = (slot: number): number => CRAFT_COLOURS[slot % CRAFT_COLOURS.length];

export const cssColour = (rgb: number): string => `#${rgb.toString(16).padStart(6, "0")}`;

export const UI = {
  own: 0xffffff,
  shield: 0x9fd8ff,
  overdrive: 0xff9f1c,
  health: 0x5fd068,
  spark: 0xfff2b0,
};

/**
 * Each pickup's colour: its pad, glow, icon and the burst when it is taken. Weapons differ by
 * icon too (scatter: three pellets in a fan; rail: a long thin bar; rocket: a fat pointed shell),
 * so no one has to tell them apart by colour.
 */
export const PICKUP_COLOUR = {
  health: UI.health,
  overdrive: UI.overdrive,
  scatter: 0xd98cff,
  rail: 0x7ee8fa,
  rocket: 0xff6b5e,
} as const satisfies Record<PickupKind, number>;

/** The blaster's colour (its HUD icon): plain steel, everyone's gun. */
export const BLASTER_COLOUR = 0xc9d3de;

/**
 * The teams' colours, blue and orange (Okabe and Ito's pair, apart under every common colour
 * blindness). Whatever belongs to a team on the floor (its base, its flag's pad) carries its
 * pattern as well, so it reads without colour: team 0 diagonal stripes, team 1 dots.
 */
export const TEAM_COLOUR = [0x3b8fd9, 0xe69f00] as const;
export const TEAM_PATTERN = ["stripes", "dots"] as const;
