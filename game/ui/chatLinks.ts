// Links in the chat. A system line (the server's own words) may point to a round's page on this
// site, "This round's results: /matches/ID", and that path becomes a link. A player's line is
// never read for links: it shows exactly as typed.

import type { ChatLine } from "../../shared/net/chat";

/** A piece of a chat line: words, or a same-site path to link to. */
export interface ChatPart {
  text: string;
  href?: string;
}

/** A round's page (shared/net/api matchPath; round ids are [A-Za-z0-9_-]), standing as a word of its own. */
const MATCH_PATH = /(?<=^|\s)\/matches\/[A-Za-z0-9_-]{1,64}(?=$|[\s.,;:!?)])/g;

export function chatParts(line: Pick<ChatLine, "system" | "text">): ChatPart[] {
  if (!line.system) return [{ text: line.text }];
  const parts: ChatPart[] = [];
  let at = 0;
  for (const m of line.text.matchAll(MATCH_PATH)) {
    if (m.index > at) parts.push({ text: line.text.slice(at, m.index) });
    parts.push({ text: m[0], href: m[0] });
    at = m.index + m[0].length;
  }
  if (at < line.text.length || parts.length === 0) parts.push({ text: line.text.slice(at) });
  return parts;
}
