// Player colours: Paul Tol's "bright" and "vibrant" qualitative schemes, chosen to stay
// distinguishable under the common forms of colour blindness; the name tag above every
// craft carries the rest.

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

/** Each pickup's colour: its pad, glow, icon and the burst when it is taken. */
export const PICKUP_COLOUR = { health: UI.health, overdrive: UI.overdrive } as const;
