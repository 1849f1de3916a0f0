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

/** This browser's identity: the saved one, or a new one from the server (once per page). */
export function ensureIdentity(storage: Storage = localStorage): Promise<PlayerIdentity | undefined> {
  const saved = savedIdentity(storage);
  if (saved) return Promise.resolve(saved);
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

/** What a join carries of the identity (nothing while there is none yet). */
export function identityOptions(storage: Storage = localStorage): { playerId?: string; secret?: string } {
  const saved = savedIdentity(storage);
  return saved ? { playerId: saved.id, secret: saved.secret } : {};
}
