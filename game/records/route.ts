// Which page of records an address is: a player's, a round's, the rankings, or "my own".
// Kept tiny: the landing page's first load carries it, to know it is not one of these.

export type RecordsRoute =
  | { page: "player"; id: string }
  | { page: "match"; id: string }
  | { page: "leaderboard" }
  | { page: "me" };

/** The records page at `pathname`, or undefined for every other address (the landing page's). */
export function recordsRoute(pathname: string): RecordsRoute | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (path === "/leaderboard") return { page: "leaderboard" };
  if (path === "/me") return { page: "me" };
  const m = /^\/(players|matches)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(m[2]);
  } catch {
    id = m[2]; // a broken escape: the server answers that there is no such page
  }
  return m[1] === "players" ? { page: "player", id } : { page: "match", id };
}

/** The round whose replay `pathname` plays (/replay/ID), or undefined. */
export function replayRoute(pathname: string): string | undefined {
  const m = /^\/replay\/([^/]+)\/?$/.exec(pathname);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}
