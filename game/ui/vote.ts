// The vote for the next round, on a public room's results: the three map+mode choices with
// their counts as they come in, a click or keys 1–3 to vote (again, to change it), and which
// one is the player's. Nobody voting keeps the rotation going (the first choice).

import { ToServer } from "../../shared/net/messages";
import { Phase } from "../../shared/schema/ArenaState";
import type { ArenaSession } from "../net/ArenaSession";
import { el, isEditing, Listeners, setText } from "./dom";
import { voteChoices, voteLine } from "./matchText";

export class VotePanel {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly line: HTMLElement;
  private readonly listeners = new Listeners();
  /** The player's vote, and the vote it was in (each round's results is a new one). */
  private myVote?: number;
  private voteKey = "";
  private shown = "";

  constructor(private readonly session: ArenaSession) {
    this.list = el("ol", { class: "vote-choices" });
    this.line = el("p", { class: "vote-line", "data-testid": "vote-line" });
    this.root = el("div", { class: "vote", "data-testid": "vote" }, [el("h3", { text: "Vote for the next round" }), this.list, this.line]);
    this.root.hidden = true;
    this.listeners.on(window, "keydown", (e) => {
      const n = /^(?:Digit|Numpad)([1-9])$/.exec(e.code)?.[1];
      if (!n || this.root.hidden || isEditing(e.target)) return;
      e.preventDefault();
      this.vote(Number(n) - 1);
    });
  }

  private get open(): boolean {
    const s = this.session.state;
    return s.phase === Phase.Results && s.voteChoices.length > 0;
  }

  vote(choice: number): void {
    if (!this.open || !this.session.playing || choice >= this.session.state.voteChoices.length) return;
    this.myVote = choice;
    this.session.send(ToServer.Vote, choice);
    this.update();
  }

  /** Called a few times a second while the results show. */
  update(): void {
    const state = this.session.state;
    this.root.hidden = !this.open;
    if (this.root.hidden) return;
    const key = `${state.round}|${[...state.voteChoices].join("|")}`;
    if (key !== this.voteKey) {
      this.voteKey = key;
      this.myVote = undefined;
    }
    const choices = voteChoices(state);
    const watching = !this.session.playing;
    const shown = JSON.stringify([choices, this.myVote, watching]);
    if (shown === this.shown) return;
    this.shown = shown;
    this.list.replaceChildren(
      ...choices.map((c) => {
        const mine = c.index === this.myVote;
        const button = el("button", { type: "button", class: `vote-choice${mine ? " chosen" : ""}`, "aria-pressed": String(mine), "data-testid": "vote-choice" }, [
          el("kbd", { text: String(c.index + 1) }),
          el("span", { class: "vote-label", text: c.label }),
          ...(c.nextInRotation ? [el("span", { class: "tag", text: "next in rotation" })] : []),
          ...(mine ? [el("span", { class: "tag mine", text: "your vote" })] : []),
          el("span", { class: "vote-count", text: `${c.votes} vote${c.votes === 1 ? "" : "s"}` }),
        ]);
        button.disabled = watching;
        button.addEventListener("click", () => this.vote(c.index));
        return el("li", {}, [button]);
      }),
    );
    setText(this.line, voteLine(choices, this.myVote, watching));
  }

  dispose(): void {
    this.listeners.removeAll();
  }
}
