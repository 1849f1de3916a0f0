// The pages of records: a player's, a round's, the rankings, and /me (your own player page).
// They show instead of the landing page, as plain DOM, with no arena behind them: main.ts
// loads this module only for their addresses, so none of it (nor Phaser) is in the
// landing page's first load.

import "./records.css";
import { LEADERBOARD_PATH, playerPath } from "../../shared/net/api";
import { savedIdentity } from "../net/identity";
import { el } from "../ui/dom";
import { UNAVAILABLE, type Problem } from "./api";
import { leaderboardPage } from "./leaderboard";
import { matchPage } from "./match";
import { playerPage } from "./player";
import { redeemForm } from "./redeem";
import type { RecordsRoute } from "./route";

/** Where a page puts what it shows, and how it says what went wrong. */
export interface Sheet {
  body: HTMLElement;
  title(text: string): void;
  /** Replaces the page with what went wrong: `missing` names what there is none of ("player", "round"). */
  problem(problem: Problem, missing: string): void;
}

export function showRecords(route: RecordsRoute, landing: HTMLElement): void {
  landing.hidden = true;
  const myRecord = el("a", { href: "/me", text: "Your record", "data-testid": "records-me" });
  myRecord.hidden = !savedIdentity();
  const body = el("section", { class: "records-body", "data-testid": "records-body", "aria-live": "polite" }, [el("p", { class: "muted", text: "Loading…" })]);
  const redeem = redeemForm(() => (myRecord.hidden = false));
  const root = el("main", { class: "records", "data-testid": "records" }, [
    el("header", { class: "records-head" }, [
      el("a", { href: "/", class: "records-brand", text: "Skirmish" }),
      el("nav", { class: "records-nav", "aria-label": "Records" }, [
        el("a", { href: LEADERBOARD_PATH, text: "Leaderboard", "data-testid": "records-leaderboard" }),
        myRecord,
        el("a", { href: "/", class: "records-play", text: "Play", "data-testid": "records-play" }),
      ]),
    ]),
    body,
    el("footer", { class: "records-foot" }, [redeem]),
  ]);
  landing.after(root);

  const sheet: Sheet = {
    body,
    title: (text) => (document.title = `${text} — Skirmish`),
    problem(problem, missing) {
      const text = problem === "missing" ? `No such ${missing}.` : UNAVAILABLE;
      body.replaceChildren(el("h1", { text: problem === "missing" ? "Not found" : "Records" }), el("p", { class: "records-problem", text, "data-testid": "records-problem" }));
      sheet.title(problem === "missing" ? "Not found" : "Records");
    },
  };

  // An answer the page cannot read (a server of another version) is records unavailable, never a blank page.
  const shown = (page: Promise<void>, missing: string) => void page.catch(() => sheet.problem("unavailable", missing));
  switch (route.page) {
    case "player":
      return shown(playerPage(sheet, route.id), "player");
    case "match":
      return shown(matchPage(sheet, route.id), "round");
    case "leaderboard":
      return leaderboardPage(sheet);
    case "me": {
      const me = savedIdentity();
      if (me) return location.replace(playerPath(me.id));
      sheet.title("Your record");
      redeem.open = true;
      body.replaceChildren(
        el("h1", { text: "Your record" }),
        el("p", { text: "This browser has no record yet: play a round and it starts. Played on another device? Bring your record here with a code from it (below)." }),
      );
    }
  }
}
