// A player's page: who, since when, what they did in all their rounds, their rating per kind of
// round, and their latest public rounds. On your own page, a code to move you to another device.

import { matchPath } from "../../shared/net/api";
import { savedIdentity } from "../net/identity";
import { el } from "../ui/dom";
import { getPlayer, makeTransferCode, type PlayerProfile, type PlayerRoundView, UNAVAILABLE } from "./api";
import type { Sheet } from "./page";
import {
  dateText,
  expiryText,
  KIND_LABEL,
  KINDS,
  mapName,
  modeName,
  placeText,
  playerName,
  ratingLine,
  weaponLines,
  whenText,
} from "./text";

export async function playerPage(sheet: Sheet, id: string): Promise<void> {
  const answer = await getPlayer(id);
  if (!answer.ok) return sheet.problem(answer.problem, "player");
  const p = answer.data;
  const me = savedIdentity();
  const mine = me !== undefined && me.id.toLowerCase() === p.id.toLowerCase();
  sheet.title(playerName(p.name));
  sheet.body.replaceChildren(
    el("h1", { class: "records-title" }, [
      el("span", { text: playerName(p.name), "data-testid": "player-name" }),
      ...(mine ? [el("span", { class: "tag mine", text: "you" })] : []),
    ]),
    el("p", { class: "muted", text: `Playing since ${dateText(p.since)}` }),
    totals(p),
    accuracy(p),
    ratings(p),
    recent(p.recent),
    ...(mine ? [moveSection()] : []),
  );
}

function totals(p: PlayerProfile): HTMLElement {
  const t = p.totals;
  const figure = (label: string, value: number, testid: string) =>
    el("div", { class: "figure" }, [el("dd", { text: String(value), "data-testid": testid }), el("dt", { text: label })]);
  return el("section", {}, [
    el("h2", { text: "All rounds" }),
    el("dl", { class: "figures" }, [
      figure("rounds", t.rounds, "total-rounds"),
      figure("kills", t.kills, "total-kills"),
      figure("downs", t.downs, "total-downs"),
      figure("captures", t.captures, "total-captures"),
    ]),
  ]);
}

function accuracy(p: PlayerProfile): HTMLElement {
  const lines = weaponLines(p.totals.weapons);
  if (!lines.length) return el("section", {}, [el("h2", { text: "Accuracy" }), el("p", { class: "muted", text: "No shots yet." })]);
  return el("section", {}, [
    el("h2", { text: "Accuracy" }),
    el("table", { class: "records-table" }, [
      el("thead", {}, [el("tr", {}, [el("th", { text: "Weapon" }), el("th", { class: "num", text: "Hits" }), el("th", { class: "num", text: "Shots" }), el("th", { class: "num", text: "Accuracy" })])]),
      el(
        "tbody",
        {},
        lines.map((l) =>
          el("tr", { "data-weapon": l.weapon }, [
            el("td", { text: l.weapon }),
            el("td", { class: "num", text: String(l.hits) }),
            el("td", { class: "num", text: String(l.shots) }),
            el("td", { class: "num", text: l.accuracy, "data-testid": `accuracy-${l.weapon}` }),
          ]),
        ),
      ),
    ]),
  ]);
}

function ratings(p: PlayerProfile): HTMLElement {
  return el("section", {}, [
    el("h2", { text: "Rating" }),
    el(
      "dl",
      { class: "ratings" },
      KINDS.flatMap((kind) => [el("dt", { text: KIND_LABEL[kind] }), el("dd", { text: ratingLine(p.ratings[kind]), "data-testid": `rating-${kind}` })]),
    ),
    el("p", { class: "muted small", text: "The rating the leaderboards rank by: skill less three times its uncertainty, so it climbs as rounds show what you can do." }),
  ]);
}

function recent(rounds: PlayerRoundView[]): HTMLElement {
  const heading = el("h2", { text: "Recent public rounds" });
  if (!rounds.length) return el("section", {}, [heading, el("p", { class: "muted", text: "No public rounds yet. A private room's rounds are reached through the link its chat gives." })]);
  const now = Date.now();
  return el("section", {}, [
    heading,
    el("table", { class: "records-table" }, [
      el("thead", {}, [el("tr", {}, [el("th", { text: "Round" }), el("th", { text: "When" }), el("th", { class: "num", text: "Place" }), el("th", { class: "num", text: "Kills" })])]),
      el(
        "tbody",
        {},
        rounds.map((r) =>
          el("tr", { "data-testid": "recent-round" }, [
            el("td", {}, [el("a", { href: matchPath(r.id), text: `${modeName(r.mode)} · ${mapName(r.map)}` })]),
            el("td", { text: whenText(r.endedAt, now), title: new Date(r.endedAt).toLocaleString() }),
            el("td", { class: "num", text: placeText(r.place) }),
            el("td", { class: "num", text: String(r.kills) }),
          ]),
        ),
      ),
    ]),
  ]);
}

/** Your own page: a code that moves you (record, rating, name) to another browser. */
function moveSection(): HTMLElement {
  const button = el("button", { type: "button", text: "Make a code", "data-testid": "transfer-make" });
  const out = el("div", { class: "transfer-out", role: "status", "aria-live": "polite" });
  button.addEventListener("click", () => {
    const me = savedIdentity();
    if (!me || button.disabled) return;
    button.disabled = true;
    out.textContent = "Making a code…";
    void makeTransferCode(me).then((answer) => {
      button.disabled = false;
      if (!answer.ok) {
        out.textContent =
          answer.problem === "unavailable" ? UNAVAILABLE : (answer.message ?? "This browser's identity was not accepted (was it moved to another device already?).");
        return;
      }
      button.textContent = "Make a new code";
      out.replaceChildren(
        el("p", { class: "transfer-code", text: answer.data.code, "data-testid": "transfer-code" }),
        el("p", { class: "muted", text: expiryText(answer.data.expiresAt), "data-testid": "transfer-expiry" }),
      );
    });
  });
  return el("section", { class: "transfer", "data-testid": "transfer" }, [
    el("h2", { text: "Move to another device" }),
    el("p", {
      text: "Open Skirmish on the other device, choose “Have a code from another device?” and type the code there. Your record and rating go with it; this browser then starts a new record of its own.",
    }),
    button,
    out,
  ]);
}
