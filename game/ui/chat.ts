// Chat for players and watchers: Enter to type, Enter to send, Escape to cancel. Every line
// is put in as text, so whatever anyone types shows exactly as typed; only the server's own
// lines may carry a link, to a round's page (see chatLinks.ts).

import { CHAT, type ChatLine } from "../../shared/net/chat";
import { ToServer } from "../../shared/net/messages";
import type { ArenaSession } from "../net/ArenaSession";
import { cssColour } from "../render/palette";
import { slotColour } from "../render/teamLook";
import { chatParts } from "./chatLinks";
import { el, isEditing } from "./dom";

const KEEP = 60;

export class ChatPanel {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly input: HTMLInputElement;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly session: ArenaSession,
    /** Told when typing starts and ends, so the craft does not move while you type. */
    private readonly typing: (active: boolean) => void,
  ) {
    this.list = el("ol", { class: "chat-lines", "data-testid": "chat-lines", "aria-live": "polite" });
    this.input = el("input", {
      class: "chat-input",
      "data-testid": "chat-input",
      maxlength: String(CHAT.maxLength),
      placeholder: "Say something (Enter to send, Esc to cancel)",
      "aria-label": "Chat message",
    });
    this.input.hidden = true;
    const hint = el("div", { class: "chat-hint", text: "Enter to chat" });
    this.root = el("div", { class: "chat" }, [this.list, this.input, hint]);

    session.listeners.chat = (line) => this.add(line);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || !this.input.hidden || isEditing(e.target)) return;
      e.preventDefault();
      this.open();
    };
    window.addEventListener("keydown", onKey);
    this.off.push(() => window.removeEventListener("keydown", onKey));
    this.input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") {
        const text = this.input.value.trim();
        if (text) session.send(ToServer.Chat, text);
        this.close();
      } else if (e.key === "Escape") {
        this.close();
      }
    });
    this.input.addEventListener("blur", () => this.close());
  }

  /** Keeps the lines another panel showed (the arena's view was made again: same room, same talk). */
  takeLinesFrom(other: ChatPanel): void {
    this.list.prepend(...other.list.children);
  }

  open(): void {
    this.input.hidden = false;
    this.root.classList.add("open");
    this.typing(true);
    this.input.focus();
  }

  close(): void {
    if (this.input.hidden) return;
    this.input.value = "";
    this.input.hidden = true;
    this.root.classList.remove("open");
    this.input.blur();
    this.typing(false);
  }

  /** A line from the server, or a notice from this client (errors the server sent us). */
  add(line: ChatLine): void {
    const item = el("li", { class: line.system ? "system" : "" });
    if (!line.system) {
      const who = el("span", { class: "who", text: line.from });
      if (line.slot >= 0) who.style.color = cssColour(slotColour(this.session.state, line.slot));
      item.append(who);
      if (line.watcher) item.append(el("span", { class: "watcher-tag", text: " (watching)", title: "watching" }));
      item.append(el("span", { text: ": " }));
    }
    const text = el("span", { class: "text" });
    for (const part of chatParts(line)) {
      // A new tab: following the link must not take the player out of the room.
      text.append(part.href ? el("a", { href: part.href, text: part.text, target: "_blank", rel: "noopener", "data-testid": "chat-link" }) : part.text);
    }
    item.append(text);
    this.list.append(item);
    while (this.list.children.length > KEEP) this.list.firstElementChild?.remove();
    this.list.scrollTop = this.list.scrollHeight;
  }

  notice(text: string): void {
    this.add({ from: "", slot: -1, watcher: false, system: true, text });
  }

  dispose(): void {
    for (const off of this.off) off();
    this.root.remove();
  }
}

