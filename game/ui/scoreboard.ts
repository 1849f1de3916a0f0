// The ranking: held open with Tab during play, and shown as the results between rounds.
import { type ArenaState, type Craft, CraftStatus } from "../../shared/schema/ArenaState";
import { colourOf, cssColour } from "../render/palette";
import { el } from "./dom";

export function ranking(state: ArenaState): Craft[] {
  return [...state.crafts.values()].sort((a, b) => b.kills - a.kills || a.deaths - b.deaths || a.slot - b.slot);
}

/** Fills a table body with one row per craft, best first. */
export function fillRanking(body: HTMLTableSectionElement, state: ArenaState, mySession: string): void {
  const host = state.crafts.get(state.hostId);
  const rows = ranking(state).map((c, i) => {
    const me = state.crafts.get(mySession) === c;
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = cssColour(colourOf(c.slot));
    const tags: HTMLElement[] = [];
    if (c === host) tags.push(el("span", { class: "tag host", text: "host", title: "Host of this room" }));
    if (c.status & CraftStatus.Bot) tags.push(el("span", { class: "tag", text: "bot" }));
    if (c.status & CraftStatus.Reconnecting) tags.push(el("span", { class: "tag", text: "reconnecting" }));
    return el("tr", { class: me ? "me" : "" }, [
      el("td", { text: String(i + 1) }),
      el("td", { class: "name" }, [swatch, el("span", { text: c.name }), ...tags]),
      el("td", { text: String(c.kills) }),
      el("td", { text: String(c.deaths) }),
    ]);
  });
  body.replaceChildren(...rows);
}

export function rankingTable(): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const body = el("tbody");
  const table = el("table", { class: "ranking" }, [
    el("thead", {}, [el("tr", {}, [el("th", { text: "#" }), el("th", { text: "Pilot" }), el("th", { text: "Kills" }), el("th", { text: "Downs" })])]),
    body,
  ]);
  return { table, body };
}
