// A button for what one click should not do alone (give up a seat, remove a player): it asks
// first, in the page, in place of the button. Not window.confirm: a browser dialog stops the
// whole page (the game too), and the browser tests count any dialog as an error.

import { el } from "./dom";

export interface Question {
  /** The button's words, and its tooltip. */
  text: string;
  title?: string;
  /** What is asked, and the two answers. */
  question: string;
  yes: string;
  no: string;
  /** The button's data-testid; the answers get `-confirm` and `-cancel` after it. */
  testid: string;
}

export class ConfirmButton {
  /** The button, or the question in its place: show or hide this. */
  readonly root: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly asking: HTMLElement;

  constructor(q: Question, onYes: () => void) {
    this.button = el("button", { type: "button", text: q.text, title: q.title, "data-testid": q.testid });
    const yes = el("button", { type: "button", class: "primary", text: q.yes, "data-testid": `${q.testid}-confirm` });
    const no = el("button", { type: "button", text: q.no, "data-testid": `${q.testid}-cancel` });
    this.asking = el("div", { class: "confirm", role: "group", "aria-label": q.question }, [el("p", { text: q.question }), el("div", { class: "confirm-answers" }, [yes, no])]);
    this.asking.hidden = true;
    this.root = el("div", { class: "confirm-button" }, [this.button, this.asking]);
    this.button.addEventListener("click", () => {
      // Nothing takes the focus: the game's keys (Space dashes) must not answer for the player.
      this.button.hidden = true;
      this.asking.hidden = false;
    });
    yes.addEventListener("click", () => {
      this.reset();
      onYes();
    });
    no.addEventListener("click", () => this.reset());
    this.asking.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      // Esc answers "no" here, rather than opening the settings.
      e.stopPropagation();
      e.preventDefault();
      this.reset();
    });
  }

  get open(): boolean {
    return !this.asking.hidden;
  }

  /** Back to the button, the question unanswered. */
  reset(): void {
    // Keys go back to the game, not to an answer that is gone.
    if (this.asking.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
    this.asking.hidden = true;
    this.button.hidden = false;
  }
}
