// How a pilot is told apart in the current mode. In free-for-all each has a colour of their
// own (their slot's); in team modes everyone on a team shares its colour, and its pattern
// (stripes or dots) on the hull, so the teams read without colour too. Used by the scene, the
// HUD, the scoreboard and the chat alike, so a name and its craft always agree.

import type { ArenaState, Craft } from "../../shared/schema/ArenaState";
import { hasTeams } from "../ui/matchText";
import { colourOf, TEAM_COLOUR, TEAM_PATTERN } from "./palette";

/** A craft's colour: its team's in team modes, else its own. */
export function craftColour(state: Pick<ArenaState, "mode">, craft: Pick<Craft, "slot" | "team">): number {
  return hasTeams(state) ? TEAM_COLOUR[craft.team] ?? colourOf(craft.slot) : colourOf(craft.slot);
}

/** The colour of whoever is in `slot` (shots, hits and chat name a slot); their own colour when unknown. */
export function slotColour(state: Pick<ArenaState, "mode" | "crafts">, slot: number): number {
  if (!hasTeams(state)) return colourOf(slot);
  for (const c of state.crafts.values()) if (c.slot === slot) return craftColour(state, c);
  return colourOf(slot);
}

/** A team's look as CSS, for the page's swatches: its colour, under its pattern. */
export function teamSwatchStyle(team: number): string {
  const colour = `#${(TEAM_COLOUR[team] ?? 0x888888).toString(16).padStart(6, "0")}`;
  return TEAM_PATTERN[team] === "stripes"
    ? `repeating-linear-gradient(45deg, ${colour} 0 3px, rgba(0,0,0,0.55) 3px 5px)`
    : `radial-gradient(circle, rgba(0,0,0,0.6) 1.3px, transparent 1.7px) 0 0 / 5px 5px, ${colour}`;
}

/**
 * The colours of every slot for one frame, looked up often (each shot, each hit) and worked
 * out once: the scene refreshes it at the start of each frame.
 */
export class SlotColours {
  private readonly colours: number[] = [];
  private teams = false;

  refresh(state: Pick<ArenaState, "mode" | "crafts">): void {
    this.teams = hasTeams(state);
    this.colours.length = 0;
    if (!this.teams) return;
    for (const c of state.crafts.values()) this.colours[c.slot] = craftColour(state, c);
  }

  of(slot: number): number {
    return (this.teams ? this.colours[slot] : undefined) ?? colourOf(slot);
  }
}
