// Chat: what a client may send, and what everyone receives. Text is cleaned of control and
// formatting characters and bounded; the client shows it as text, never as markup.

import type { Decoded } from "./bytes";
import { cleanText } from "./text";

export const CHAT = {
  maxLength: 200,
} as const;

/** A line in the chat, as the server broadcasts it. */
export interface ChatLine {
  /** Empty for system lines (joins, leaves, host changes). */
  from: string;
  /** The sender's slot (colour), or -1 for a watcher or the system. */
  slot: number;
  watcher: boolean;
  system: boolean;
  text: string;
}

/** A chat line as the server broadcasts it, checked for shape (the page shows it as text). */
export function decodeChatLine(message: unknown): Decoded<ChatLine> {
  const m = (typeof message === "object" && message !== null ? message : {}) as Partial<Record<keyof ChatLine, unknown>>;
  if (typeof m.from !== "string" || typeof m.text !== "string" || typeof m.slot !== "number" || typeof m.watcher !== "boolean" || typeof m.system !== "boolean") {
    return { ok: false, error: "chat line needs { from, slot, watcher, system, text }" };
  }
  return { ok: true, value: { from: m.from, slot: m.slot, watcher: m.watcher, system: m.system, text: m.text } };
}

export function decodeChat(message: unknown): Decoded<string> {
  const raw = typeof message === "object" && message !== null ? (message as { text?: unknown }).text : undefined;
  if (typeof raw !== "string") return { ok: false, error: "chat needs { text: string }" };
  if (raw.length > CHAT.maxLength * 4) return { ok: false, error: `chat longer than ${CHAT.maxLength} characters` };
  const text = cleanText(raw, CHAT.maxLength);
  if (!text) return { ok: false, error: "chat message is empty" };
  return { ok: true, value: text };
}
