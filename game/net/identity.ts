// Who this player is, without an account: an id and a secret the server made on the first
// visit, kept in local storage. Joins carry them so the server records the player's rounds
// and rating under that id; names stay free. Asked for once, in the background: until it is
// here (or if the server cannot keep records), the player simply plays as a guest.

export interface PlayerIdentity {
  id: string;
  secret: string;
}

const KEY = "skirmish.player";

export function savedIdentity(storage: Storage = localStorage): PlayerIdentity | undefined {
  try {
    const v = JSON.parse(storage.getItem(KEY) ?? "null") as Partial<PlayerIdentity> | null;
    if (v && typeof v.id === "string" && typeof v.secret === "string") return { id: v.id, secret: v.secret };
  } catch {
    // unreadable: a new one is asked for
  }
  return undefined;
}

export function saveIdentity(identity: PlayerIdentity, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(identity));
}

let asking: Promise<PlayerIdentity | undefined> | undefined;
let checked = false;

/**
 * This browser's identity: the saved one, or a new one from the server (once per page). A
 * saved one is checked with the server once per page, in the background (see forgetIfRefused).
 */
export function ensureIdentity(storage: Storage = localStorage): Promise<PlayerIdentity | undefined> {
  const saved = savedIdentity(storage);
  if (saved) {
    if (!checked) {
      checked = true;
      void forgetIfRefused(saved, storage);
    }
    return Promise.resolve(saved);
  }
  asking ??= fetch("/api/players", { method: "POST" })
    .then(async (res) => {
      // 204: this server keeps no records; the player is a guest.
      if (!res.ok || res.status === 204) return undefined;
      const made = (await res.json()) as PlayerIdentity;
      if (typeof made.id !== "string" || typeof made.secret !== "string") return undefined;
      // One brought from another device meanwhile (a code redeemed while this was asked) stays.
      const meanwhile = savedIdentity(storage);
      if (meanwhile) return meanwhile;
      saveIdentity(made, storage);
      return made;
    })
    .catch(() => undefined)
    .finally(() => {
      asking = undefined;
    });
  return asking;
}

/**
 * A saved identity the server no longer knows (moved to another device with a code, or records
 * started afresh) would leave this browser playing as a guest for good: it is dropped and a new
 * one asked for. Only the server's clear "not valid" does that; an unreachable server, or one
 * that keeps no records, changes nothing.
 */
export async function forgetIfRefused(saved: PlayerIdentity, storage: Storage = localStorage): Promise<void> {
  try {
    const res = await fetch("/api/players/check", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(saved) });
    if (res.status !== 200) return;
    const answer = (await res.json()) as { valid?: unknown };
    if (answer.valid !== false) return;
    // Replaced meanwhile (a code redeemed on this page): that one stays.
    const now = savedIdentity(storage);
    if (now?.id !== saved.id || now.secret !== saved.secret) return;
    storage.removeItem(KEY);
    await ensureIdentity(storage);
  } catch {
    // unreachable: keep it
  }
}

/** What a join carries of the identity (nothing while there is none yet). */
export function identityOptions(storage: Storage = localStorage): { playerId?: string; secret?: string } {
  const saved = savedIdentity(storage);
  return saved ? { playerId: saved.id, secret: saved.secret } : {};
}
