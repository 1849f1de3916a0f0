// A round's page: what was played where and when, for how long, the team scores, and each
// identified player (guests and bots are not recorded) by place, grouped by team in the team
// modes: kills, downs, captures, accuracy per weapon and what the round did to their rating.

import { playerPath, replayPath } from "../../shared/net/api";
import { el } from "../ui/dom";
import { teamName } from "../ui/matchText";
import { getMatch, type MatchPlayerView, type MatchView } from "./api";
import type { Sheet } from "./page";
import { accuracyLine, dateTimeText, durationText, mapName, modeHasTeams, modeName, placeText, playerName, ratingChange, teamScoresText } from "./text";

/** A round is written a moment after its room posts the link: a link followed at once may be early. */
const EARLY_TRIES = 3;
const EARLY_WAIT_MS = 1000;

export async function matchPage(sheet: Sheet, id: string): Promise<void> {
  let answer = await getMatch(id);
  for (let i = 1; i < EARLY_TRIES && !answer.ok && answer.problem === "missing"; i++) {
    await new Promise((r) => setTimeout(r, EARLY_WAIT_MS));
    answer = await getMatch(id);
  }
  if (!answer.ok) return sheet.problem(answer.problem, "round");
  const m = answer.data;
  const title = `${modeName(m.mode)} on ${mapName(m.map)}`;
  sheet.title(title);
  const facts = [dateTimeText(m.startedAt), `${durationText(m.durationMs)} played`, ...(m.private ? ["private room"] : [])];
  sheet.body.replaceChildren(
    el("h1", { class: "records-title", text: title, "data-testid": "match-title" }),
    el("p", { class: "muted", text: facts.join(" · "), "data-testid": "match-facts" }),
    ...(m.replay ? [el("p", {}, [el("a", { href: replayPath(m.id), class: "records-play", text: "▶ Watch the replay", "data-testid": "match-replay" })])] : []),
    ...(m.interrupted ? [el("p", { class: "records-note", text: "Cut short: the server stopped during this round. It is recorded, but it moved nobody's rating.", "data-testid": "match-interrupted" })] : []),
    ...(m.teamScores ? [el("p", { class: "team-scores", text: teamScoresText(m.teamScores), "data-testid": "match-team-scores" })] : []),
    ...players(m),
  );
}

function players(m: MatchView): HTMLElement[] {
  if (!m.players.length) return [el("p", { class: "muted", text: "Nobody with a record played this round (guests and bots are not recorded)." })];
  if (!modeHasTeams(m.mode)) return [table(m, m.players)];
  // The teams by their place (the winners first), each with its players by place.
  const teams = [...new Set(m.players.map((p) => p.team ?? 0))].sort((a, b) => teamPlace(m, a) - teamPlace(m, b) || a - b);
  return teams.map((team) =>
    el("section", { class: "match-team", "data-team": String(team) }, [
      el("h2", {}, [teamName(team), ...(m.teamScores ? [el("span", { class: "muted", text: ` · ${m.teamScores[team] ?? 0}` })] : [])]),
      table(m, m.players.filter((p) => (p.team ?? 0) === team)),
    ]),
  );
}

const teamPlace = (m: MatchView, team: number): number => Math.min(...m.players.filter((p) => (p.team ?? 0) === team).map((p) => p.place));

function table(m: MatchView, list: MatchPlayerView[]): HTMLTableElement {
  const ctf = m.mode === "ctf";
  const head = ["Place", "Pilot", "Kills", "Downs", ...(ctf ? ["Captures"] : []), "Accuracy", "Rating"];
  return el("table", { class: "records-table match-players" }, [
    el("thead", {}, [el("tr", {}, head.map((h) => el("th", { text: h, class: ["Kills", "Downs", "Captures"].includes(h) ? "num" : undefined })))]),
    el(
      "tbody",
      {},
      list.map((p) =>
        el("tr", { "data-testid": "match-player", "data-player": p.playerId }, [
          el("td", { text: placeText(p.place) }),
          el("td", { class: "name" }, [el("a", { href: playerPath(p.playerId), text: playerName(p.name), "data-testid": "match-player-link" })]),
          el("td", { class: "num", text: String(p.kills) }),
          el("td", { class: "num", text: String(p.downs) }),
          ...(ctf ? [el("td", { class: "num", text: String(p.captures) })] : []),
          el("td", { text: accuracyLine(p.weapons) }),
          el("td", { text: p.rating ? ratingChange(p.rating) : "–", title: p.rating ? "Rating before → after this round" : "This round did not move this rating" }),
        ]),
      ),
    ),
  ]);
}
