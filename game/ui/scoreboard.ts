// The ranking: held open with Tab during play, and shown as the results between rounds. In
// team modes it is grouped by team under each team's total (the player's own team marked),
// with a captures column in capture the flag.
import { type ArenaState, type Craft, CraftStatus } from "../../shared/schema/ArenaState";
import { cssColour } from "../render/palette";
import { craftColour } from "../render/teamLook";
import { el } from "./dom";
import { hasTeams, modeOf, ranking, teamName, teamsRanked } from "./matchText";
import { teamSwatch } from "./teams";

export class RankingTable {
  readonly root: HTMLTableElement;
  private readonly head: HTMLTableRowElement;
  private readonly body: HTMLTableSectionElement;
  private shownHead = "";

  constructor() {
    this.head = el("tr");
    this.body = el("tbody");
    this.root = el("table", { class: "ranking" }, [el("thead", {}, [this.head]), this.body]);
  }

  /** One row per craft, best first; in team modes a row per team above its pilots. */
  fill(state: ArenaState, mySession: string): void {
    const ctf = modeOf(state) === "ctf";
    const columns = ["#", "Pilot", ...(ctf ? ["Caps"] : []), "Kills", "Downs"];
    if (columns.join() !== this.shownHead) {
      this.shownHead = columns.join();
      this.head.replaceChildren(...columns.map((text) => el("th", { text, title: text === "Caps" ? "Flags captured" : undefined })));
    }
    const me = state.crafts.get(mySession);
    const row = (c: Craft, rank: number) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = cssColour(craftColour(state, c));
      const tags: HTMLElement[] = [];
      if (c === state.crafts.get(state.hostId)) tags.push(el("span", { class: "tag host", text: "host", title: "Host of this room" }));
      if (c.status & CraftStatus.Bot) tags.push(el("span", { class: "tag", text: "bot" }));
      if (c.status & CraftStatus.Reconnecting) tags.push(el("span", { class: "tag", text: "reconnecting" }));
      if (state.flags.some((f) => f.carrier === c.slot)) tags.push(el("span", { class: "tag flag", text: "flag", title: "Carrying a flag" }));
      return el("tr", { class: c === me ? "me" : "" }, [
        el("td", { text: String(rank) }),
        el("td", { class: "name" }, [swatch, el("span", { text: c.name }), ...tags]),
        ...(ctf ? [el("td", { text: String(c.captures) })] : []),
        el("td", { text: String(c.kills) }),
        el("td", { text: String(c.deaths) }),
      ]);
    };
    if (!hasTeams(state)) {
      this.body.replaceChildren(...ranking(state).map((c, i) => row(c, i + 1)));
      return;
    }
    const unit = ctf ? "captures" : "kills";
    const rows = teamsRanked(state).flatMap(({ team, score, crafts }) => {
      const yours = me?.team === team ? " (your team)" : "";
      const title = el("td", { colspan: String(columns.length) }, [teamSwatch(team), el("span", { text: `${teamName(team)}${yours} · ${score} ${unit}` })]);
      const head = el("tr", { class: "team-row", "data-team": String(team), "data-testid": `scoreboard-team-${team}` }, [title]);
      const members = crafts.length ? crafts.map((c, i) => row(c, i + 1)) : [el("tr", {}, [el("td", { colspan: String(columns.length), class: "muted", text: "Nobody yet." })])];
      return [head, ...members];
    });
    this.body.replaceChildren(...rows);
  }
}
