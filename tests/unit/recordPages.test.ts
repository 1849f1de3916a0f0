// What the pages of records say and where they are: the addresses that open them, accuracy and
// ratings as a player reads them, the leaderboard's choices, and the one kind of link a chat
// line may carry (a round's page, in the server's own lines; never in a player's).

import { afterEach, describe, expect, it, vi } from "vitest";
import "../../server/maps";
import { ensureIdentity, forgetIfRefused, savedIdentity, saveIdentity } from "../../game/net/identity";
import { getMatch, getPlayer, redeemCode } from "../../game/records/api";
import { chatParts } from "../../game/ui/chatLinks";
import { recordsRoute, replayRoute } from "../../game/records/route";
import {
  accuracy,
  accuracyLine,
  durationText,
  emptyLeaderboard,
  expiryText,
  leaderboardChoice,
  leaderboardSearch,
  mapName,
  modeHasTeams,
  modeName,
  PERIOD_LABEL,
  KIND_LABEL,
  placeText,
  playerName,
  ratingChange,
  ratingLine,
  ratingText,
  teamScoresText,
  weaponLines,
  whenText,
} from "../../game/records/text";
import { matchPath, playerPath, replayPath } from "../../shared/net/api";
import { getMap, MAPS } from "../../shared/maps";

describe("the addresses of the records", () => {
  it("open a player's page, a round's page, the leaderboard and your own record", () => {
    const id = "0b9f6c1e-7d2a-4c55-9a43-1f2e3d4c5b6a";
    expect(recordsRoute(playerPath(id))).toEqual({ page: "player", id });
    expect(recordsRoute(matchPath("aB3_xY9z-2"))).toEqual({ page: "match", id: "aB3_xY9z-2" });
    expect(recordsRoute("/leaderboard")).toEqual({ page: "leaderboard" });
    expect(recordsRoute("/leaderboard/")).toEqual({ page: "leaderboard" });
    expect(recordsRoute("/me")).toEqual({ page: "me" });
  });

  it("leave every other address to the landing page", () => {
    for (const path of ["/", "/index.html", "/players", "/players/", "/players/a/b", "/matches", "/replay/abc", "/leaderboards", "/meh"]) {
      expect(recordsRoute(path), path).toBeUndefined();
    }
  });

  it("open a round's replay at /replay/ID (the page plays it in the arena, not as records)", () => {
    expect(replayRoute(replayPath("fight-3"))).toBe("fight-3");
    expect(replayRoute(new URL(replayPath("fight-3", 83.7), "http://x").pathname)).toBe("fight-3");
    expect(replayPath("fight-3", 83.7)).toBe("/replay/fight-3?t=83");
    expect(replayRoute("/replay/a%20b/")).toBe("a b");
    for (const path of ["/", "/replay", "/replay/", "/replay/a/b", "/matches/x"]) expect(replayRoute(path), path).toBeUndefined();
  });

  it("take an id as it was written in the address, escapes undone (a broken one kept as it is)", () => {
    expect(recordsRoute("/players/a%20b")).toEqual({ page: "player", id: "a b" });
    expect(recordsRoute("/matches/%E0%A4%A")).toEqual({ page: "match", id: "%E0%A4%A" });
  });
});

describe("accuracy", () => {
  it("is hits over shots as a whole percentage, and a dash before any shot", () => {
    expect(accuracy({ shots: 10, hits: 4 })).toBe("40%");
    expect(accuracy({ shots: 3, hits: 2 })).toBe("67%");
    expect(accuracy({ shots: 7, hits: 0 })).toBe("0%");
    expect(accuracy({ shots: 0, hits: 0 })).toBe("–");
    // More hits than shots (a scatter's pellets counted apart) never reads over 100%.
    expect(accuracy({ shots: 2, hits: 5 })).toBe("100%");
  });

  it("lists the weapons fired in the arsenal's order, the unfired left out", () => {
    const stats = { rocket: { shots: 4, hits: 1 }, blaster: { shots: 20, hits: 9 }, rail: { shots: 0, hits: 0 }, laser: { shots: 1, hits: 1 } };
    expect(weaponLines(stats).map((l) => [l.weapon, l.accuracy])).toEqual([
      ["blaster", "45%"],
      ["rocket", "25%"],
      ["laser", "100%"],
    ]);
    expect(accuracyLine(stats)).toBe("blaster 45% · rocket 25% · laser 100%");
    expect(accuracyLine({ blaster: { shots: 0, hits: 0 } })).toBe("no shots");
  });
});

describe("ratings", () => {
  it("show the conservative rating rounded, never as -0", () => {
    expect(ratingText(12.49)).toBe("12");
    expect(ratingText(12.5)).toBe("13");
    expect(ratingText(-3.6)).toBe("-4");
    expect(ratingText(-0.2)).toBe("0");
  });

  it("say how many rounds were rated, or that there were none yet", () => {
    expect(ratingLine({ mu: 27, sigma: 7, ordinal: 5.7, rounds: 3 })).toBe("6 · 3 rounds rated");
    expect(ratingLine({ mu: 26, sigma: 8, ordinal: 2.2, rounds: 1 })).toBe("2 · 1 round rated");
    expect(ratingLine(null)).toBe("not rated yet");
  });

  it("show a round's change as before → after", () => {
    expect(ratingChange({ before: 0, after: 2.61 })).toBe("0 → 3");
    expect(ratingChange({ before: 4.4, after: -1.2 })).toBe("4 → -1");
  });
});

describe("the leaderboard's choices", () => {
  it("are named as a player says them", () => {
    expect(PERIOD_LABEL).toEqual({ day: "Today", week: "This week", all: "All time" });
    expect(KIND_LABEL).toEqual({ ffa: "Free-for-all", team: "Teams" });
  });

  it("come from the address, today's free-for-all unless it names others, and go back into it", () => {
    expect(leaderboardChoice("")).toEqual({ period: "day", kind: "ffa" });
    expect(leaderboardChoice("?period=week&kind=team")).toEqual({ period: "week", kind: "team" });
    expect(leaderboardChoice("?period=year&kind=solo")).toEqual({ period: "day", kind: "ffa" });
    expect(leaderboardSearch({ period: "day", kind: "ffa" })).toBe("");
    expect(leaderboardSearch({ period: "all", kind: "team" })).toBe("?period=all&kind=team");
    expect(leaderboardChoice(leaderboardSearch({ period: "week", kind: "ffa" }))).toEqual({ period: "week", kind: "ffa" });
  });

  it("say what an empty ranking means", () => {
    expect(emptyLeaderboard("day", "ffa")).toBe("Nobody has played a rated free-for-all round in the last 24 hours yet.");
    expect(emptyLeaderboard("all", "team")).toBe("Nobody has played a rated team round yet.");
  });
});

describe("a round's facts", () => {
  it("name places, lengths, modes, maps and team scores", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(placeText)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]);
    expect(durationText(245_000)).toBe("4:05");
    expect(durationText(3_725_400)).toBe("1:02:05");
    expect(modeName("ctf")).toBe("Capture the Flag");
    expect(modeName("zombies")).toBe("zombies");
    expect(modeHasTeams("tdm")).toBe(true);
    expect(modeHasTeams("ffa")).toBe(false);
    const someMap = Object.keys(MAPS)[0];
    expect(mapName(someMap)).toBe(getMap(someMap)!.name);
    expect(mapName("gone-map")).toBe("gone-map");
    expect(teamScoresText([3, 1])).toBe("Blue 3 – 1 Orange");
    expect(playerName(null)).toBe("Unnamed pilot");
    expect(playerName("<b>Ann</b>")).toBe("<b>Ann</b>");
  });

  it("say when, from now", () => {
    const now = Date.parse("2026-12-02T12:00:00Z");
    expect(whenText("2026-12-02T11:59:30Z", now)).toBe("just now");
    expect(whenText("2026-12-02T11:45:00Z", now)).toBe("15 min ago");
    expect(whenText("2026-12-02T07:00:00Z", now)).toBe("5 h ago");
    expect(whenText("2026-11-20T07:00:00Z", now, "en-GB")).toBe("20 Nov 2026");
  });

  it("say how long a transfer code lasts", () => {
    const now = Date.parse("2026-12-02T12:00:00Z");
    expect(expiryText("2026-12-02T12:10:00Z", now, "en-GB")).toMatch(/^Use it on your other device within 10 minutes \(before \d\d:\d\d\)\. It works once\.$/);
  });
});

describe("links in the chat", () => {
  const system = (text: string) => ({ system: true, text });

  it("turn a round's page in a server line into a link, the words around it kept", () => {
    expect(chatParts(system("This round's results: /matches/aB3_xY9z-2"))).toEqual([
      { text: "This round's results: " },
      { text: "/matches/aB3_xY9z-2", href: "/matches/aB3_xY9z-2" },
    ]);
    expect(chatParts(system("/matches/r1-1 and /matches/r1-2."))).toEqual([
      { text: "/matches/r1-1", href: "/matches/r1-1" },
      { text: " and " },
      { text: "/matches/r1-2", href: "/matches/r1-2" },
      { text: "." },
    ]);
  });

  it("never make a link of a player's line, whatever it says", () => {
    for (const text of ["/matches/abc", "see https://evil.example/matches/abc", "<a href=/matches/x>x</a>", "This round's results: /matches/aB3"]) {
      expect(chatParts({ system: false, text })).toEqual([{ text }]);
    }
  });

  it("link only a same-site round's path standing on its own", () => {
    for (const text of ["Ann left", "at https://elsewhere.example/matches/abc", "/matches/", "/matches/abc/def", "/matches/abc%2F..", "x/matches/abc", "/players/abc", "javascript:/matches/a"]) {
      expect(chatParts(system(text)), text).toEqual([{ text }]);
    }
  });
});

describe("the records API, as the pages hear it", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const answering = (status: number, body: string, type = "application/json") =>
    vi.stubGlobal("fetch", vi.fn(async () => new Response(body, { status, headers: { "Content-Type": type } })));

  it("hands over what the server answered", async () => {
    answering(200, JSON.stringify({ id: "r-1", players: [] }));
    expect(await getMatch("r-1")).toEqual({ ok: true, data: { id: "r-1", players: [] } });
  });

  it("hears an unknown or malformed id as a page that does not exist", async () => {
    answering(404, JSON.stringify({ error: "No such round (or it was not recorded yet)." }));
    expect(await getMatch("r-9")).toMatchObject({ ok: false, problem: "missing" });
    answering(400, JSON.stringify({ error: "a player id is a UUID" }));
    expect(await getPlayer("nobody")).toMatchObject({ ok: false, problem: "missing" });
  });

  it("hears a database away, a network gone, or a server without records as records unavailable", async () => {
    answering(503, JSON.stringify({ error: "Records are unavailable right now." }));
    expect(await getPlayer("x")).toEqual({ ok: false, problem: "unavailable" });
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    expect(await getPlayer("x")).toEqual({ ok: false, problem: "unavailable" });
    answering(404, "<!doctype html>Cannot GET", "text/html");
    expect(await getPlayer("x")).toEqual({ ok: false, problem: "unavailable" });
  });

  it("passes on the server's words when a code is refused", async () => {
    answering(404, JSON.stringify({ error: "That code is unknown, used or too old." }));
    expect(await redeemCode("ABCDE-FGHJK")).toEqual({ ok: false, problem: "missing", message: "That code is unknown, used or too old." });
  });
});

describe("this browser's identity", () => {
  const memory = () => {
    const kept = new Map<string, string>();
    return { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v), removeItem: (k: string) => void kept.delete(k) } as Storage;
  };

  it("is replaced when the server says it is no longer anyone's (moved to another device)", async () => {
    const storage = memory();
    saveIdentity({ id: "moved", secret: "old" }, storage);
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) =>
        url === "/api/players/check" ? new Response(JSON.stringify({ valid: false }), { status: 200 }) : new Response(JSON.stringify({ id: "fresh", secret: "new" }), { status: 201 }),
      ),
    );
    try {
      await forgetIfRefused({ id: "moved", secret: "old" }, storage);
      expect(savedIdentity(storage)).toEqual({ id: "fresh", secret: "new" });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("is kept when the server cannot say (unreachable, records away, or no records kept)", async () => {
    for (const answer of [() => Promise.reject(new TypeError("Failed to fetch")), async () => new Response("{}", { status: 503 }), async () => new Response(null, { status: 204 })]) {
      const storage = memory();
      saveIdentity({ id: "mine", secret: "s" }, storage);
      vi.stubGlobal("fetch", vi.fn(answer));
      try {
        await forgetIfRefused({ id: "mine", secret: "s" }, storage);
        expect(savedIdentity(storage)).toEqual({ id: "mine", secret: "s" });
      } finally {
        vi.unstubAllGlobals();
      }
    }
  });

  it("stays the one a code brought while a new one was being asked for", async () => {
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) } as Storage;
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>((r) => (answer = r))));
    try {
      const asking = ensureIdentity(storage);
      saveIdentity({ id: "brought", secret: "s1" }, storage);
      answer(new Response(JSON.stringify({ id: "made", secret: "s2" }), { status: 201 }));
      expect(await asking).toEqual({ id: "brought", secret: "s1" });
      expect(savedIdentity(storage)).toEqual({ id: "brought", secret: "s1" });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
