// "Have a code from another device?": a folded form on the landing page and on every page of
// records. A code made on the other device (Move to another device, on its own player page)
// brings that player's identity here; this browser plays as them from now on.

import { playerPath } from "../../shared/net/api";
import { type PlayerIdentity, saveIdentity } from "../net/identity";
import { el } from "../ui/dom";
import { redeemCode, UNAVAILABLE } from "./api";

const UNKNOWN_CODE = "That code is unknown, used or too old. Make a new one on your other device.";

/** The folded form; `redeemed` hears of the identity it brought. */
export function redeemForm(redeemed: (identity: PlayerIdentity) => void = () => {}): HTMLDetailsElement {
  const input = el("input", {
    name: "transfer-code",
    placeholder: "XXXXX-XXXXX",
    maxlength: "24",
    spellcheck: "false",
    autocomplete: "off",
    "aria-label": "Code from your other device",
    "data-testid": "redeem-code",
  });
  const button = el("button", { type: "submit", text: "Use code", "data-testid": "redeem-submit" });
  const said = el("p", { class: "redeem-status", role: "status", "aria-live": "polite", "data-testid": "redeem-status" });
  const form = el("form", { class: "redeem-form", autocomplete: "off" }, [input, button]);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const code = input.value.trim();
    if (!code || button.disabled) return;
    button.disabled = true;
    said.textContent = "Checking the code…";
    void redeemCode(code).then((answer) => {
      button.disabled = false;
      if (!answer.ok) {
        said.textContent = answer.problem === "unavailable" ? UNAVAILABLE : (answer.message ?? UNKNOWN_CODE);
        return;
      }
      saveIdentity(answer.data);
      input.value = "";
      said.replaceChildren("Done: this browser now plays as you, with your record and rating. ", el("a", { href: playerPath(answer.data.id), text: "See your record", "data-testid": "redeem-record" }));
      redeemed(answer.data);
    });
  });
  return el("details", { class: "redeem", "data-testid": "redeem" }, [
    el("summary", { text: "Have a code from another device?" }),
    el("p", { class: "muted", text: "Bring your record here: make a code on your other device's player page (Move to another device) and type it in. What this browser has played so far is left behind." }),
    form,
    said,
  ]);
}
