// The rankings: by the conservative rating, for today (the last 24 hours), this week (the last 7
// days) or all time, in free-for-all or in the team modes. The choice is kept in the address
// (?period=week&kind=team), so a ranking can be linked to.

import { LEADERBOARD_PATH, playerPath } from "../../shared/net/api";
import { savedIdentity } from "../net/identity";
import { el } from "../ui/dom";
import { getLeaderboard, type LeaderboardRow, type Period, type RatingKind, UNAVAILABLE } from "./api";
import type { Sheet } from "./page";
import { emptyLeaderboard, KIND_LABEL, KINDS, leaderboardChoice, leaderboardSearch, PERIOD_LABEL, PERIODS, playerName, ratingText } from "./text";

export function leaderboardPage(sheet: Sheet): void {
  let choice = leaderboardChoice(location.search);
  sheet.title("Leaderboard");
  const result = el("div", { class: "leaderboard-result", "data-testid": "leaderboard-result" });
  const choices = <T extends string>(name: string, values: readonly T[], labels: Record<T, string>, pick: (v: T) => void) => {
    const buttons = values.map((v) => {
      const b = el("button", { type: "button", text: labels[v], "data-testid": `${name}-${v}` });
      b.addEventListener("click", () => pick(v));
      return b;
    });
    return { root: el("div", { class: "choices", role: "group", "aria-label": name }, buttons), mark: (v: T) => buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(values[i] === v))) };
  };
  const periods = choices<Period>("period", PERIODS, PERIOD_LABEL, (period) => show({ ...choice, period }));
  const kinds = choices<RatingKind>("kind", KINDS, KIND_LABEL, (kind) => show({ ...choice, kind }));
  sheet.body.replaceChildren(
    el("h1", { class: "records-title", text: "Leaderboard" }),
    el("div", { class: "leaderboard-choices" }, [periods.root, kinds.root]),
    el("p", { class: "muted small", text: "Ranked by the conservative rating (skill less three times its uncertainty). Today and This week count the rated rounds of the last 24 hours and 7 days." }),
    result,
  );

  let asked = 0;
  function show(next: { period: Period; kind: RatingKind }): void {
    choice = next;
    periods.mark(choice.period);
    kinds.mark(choice.kind);
    history.replaceState(null, "", LEADERBOARD_PATH + leaderboardSearch(choice));
    const mine = ++asked;
    result.setAttribute("aria-busy", "true");
    const unavailable = () => result.replaceChildren(el("p", { class: "records-problem", text: UNAVAILABLE, "data-testid": "records-problem" }));
    void getLeaderboard(choice.period, choice.kind).then((answer) => {
      if (mine !== asked) return; // a later choice is on its way
      result.removeAttribute("aria-busy");
      if (!answer.ok || !Array.isArray(answer.data)) return unavailable();
      try {
        result.replaceChildren(answer.data.length ? rows(answer.data) : el("p", { class: "muted", text: emptyLeaderboard(choice.period, choice.kind), "data-testid": "leaderboard-empty" }));
      } catch {
        unavailable(); // an answer the page cannot read
      }
    });
  }
  show(choice);
}

function rows(list: LeaderboardRow[]): HTMLTableElement {
  const me = savedIdentity()?.id.toLowerCase();
  return el("table", { class: "records-table leaderboard" }, [
    el("thead", {}, [el("tr", {}, [el("th", { class: "num", text: "#" }), el("th", { text: "Pilot" }), el("th", { class: "num", text: "Rating" }), el("th", { class: "num", text: "Rounds" })])]),
    el(
      "tbody",
      {},
      list.map((r) =>
        el("tr", { class: r.playerId.toLowerCase() === me ? "me" : undefined, "data-testid": "leaderboard-row" }, [
          el("td", { class: "num", text: String(r.rank) }),
          el("td", { class: "name" }, [el("a", { href: playerPath(r.playerId), text: playerName(r.name), "data-testid": "leaderboard-name" })]),
          el("td", { class: "num", text: ratingText(r.ordinal) }),
          el("td", { class: "num", text: String(r.rounds) }),
        ]),
      ),
    ),
  ]);
}
