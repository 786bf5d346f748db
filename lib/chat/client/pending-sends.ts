// The user's own messages between "sent" and "in the history". Letta may store a
// user message only with the step that answers it, so while a reply is being
// written the history can lack its question: a reload, or a second tab, would
// show the reply alone. Each send is kept in localStorage, per signed-in user and
// holding only its text, otid and time, until a history page shows that otid; a
// page that loads mid-reply puts it back above the reply. Pure, except the store,
// which takes its Storage as an argument (unit-tested with a fake).
import type { ChatItem } from "@/lib/chat/types";
import { textRowKey, type Row, type UserRow } from "./rows";

export type PendingSend = { otid: string; text: string; at: number };

/** Never kept longer than this, whatever happened to the reply. */
export const PENDING_MAX_AGE_MS = 60 * 60 * 1000;
/** A send this recent may still be on its way (another tab's request): not yet given up on. */
export const PENDING_GRACE_MS = 30_000;
const MAX_ENTRIES = 20;
const KEY_PREFIX = "threadline:pending-sends:";

export function pendingKey(userId: string): string {
  return `${KEY_PREFIX}${userId}`;
}

function isPendingSend(value: unknown): value is PendingSend {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.otid === "string" && typeof v.text === "string" && typeof v.at === "number" && Number.isFinite(v.at);
}

/** Stored JSON → entries, oldest first; anything malformed or expired is dropped. */
export function parsePending(raw: string | null, now: number): PendingSend[] {
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw) : [];
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter(isPendingSend)
    .filter((send) => now - send.at < PENDING_MAX_AGE_MS && send.at - now < PENDING_MAX_AGE_MS)
    .map(({ otid, text, at }) => ({ otid, text, at })) // only these fields, whatever was stored
    .sort((a, b) => a.at - b.at);
}

/** Adds a send (a retry with the same otid replaces it); the oldest go first past the cap. */
export function withPending(list: readonly PendingSend[], send: PendingSend): PendingSend[] {
  return [...list.filter((s) => s.otid !== send.otid), send].sort((a, b) => a.at - b.at).slice(-MAX_ENTRIES);
}

export function withoutOtids(list: readonly PendingSend[], otids: ReadonlySet<string>): PendingSend[] {
  return list.filter((send) => !otids.has(send.otid));
}

/** The otids of the user's messages on a history page: those sends are no longer pending. */
export function userOtids(items: readonly ChatItem[]): Set<string> {
  return new Set(items.flatMap((item) => (item.kind === "user" && item.otid ? [item.otid] : [])));
}

/**
 * After a load has read the newest history page. Sends the page shows are done. With a
 * reply in progress, the newest other send is its question (one run at a time per
 * conversation), to show above it. With nothing in progress, a send not on the page and
 * older than the grace period was lost on its way. Not knowing (the resume failed), keep it.
 */
export function settlePending(
  list: readonly PendingSend[],
  { seen, reply, now }: { seen: ReadonlySet<string>; reply: "in-progress" | "none" | "unknown"; now: number },
): { show: PendingSend | null; drop: Set<string> } {
  const unseen = list.filter((send) => !seen.has(send.otid));
  const newest = unseen.reduce<PendingSend | null>((a, b) => (!a || b.at >= a.at ? b : a), null);
  const show = reply === "in-progress" ? newest : null;
  const lost = reply === "unknown" ? [] : unseen.filter((send) => send !== show && now - send.at > PENDING_GRACE_MS);
  return { show, drop: new Set([...seen, ...lost.map((send) => send.otid)]) };
}

/** A restored question, keyed as its history row will be, so the history settles it in place. */
function toRow(send: PendingSend): UserRow {
  return {
    key: textRowKey("user", null, send.otid), kind: "user", id: null, otid: send.otid,
    date: new Date(send.at).toISOString(), live: false, runId: null, text: send.text, pending: false,
  };
}

/** Puts sends not yet on screen back in place: above the reply being streamed, else at the end. */
export function restorePending(rows: readonly Row[], sends: readonly PendingSend[]): Row[] {
  const onScreen = new Set(rows.flatMap((row) => (row.kind === "user" && row.otid ? [row.otid] : [])));
  const missing = sends.filter((send) => !onScreen.has(send.otid)).sort((a, b) => a.at - b.at).map(toRow);
  if (missing.length === 0) return rows as Row[];
  const firstLive = rows.findIndex((row) => row.live);
  const at = firstLive < 0 ? rows.length : firstLive;
  return [...rows.slice(0, at), ...missing, ...rows.slice(at)];
}

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

export type PendingStore = {
  read: () => PendingSend[];
  update: (change: (list: PendingSend[]) => PendingSend[]) => PendingSend[];
};

/**
 * One user's entries in `storage` (resolved on each call: none during server rendering,
 * and it may throw when the browser blocks it). Storage failures lose the feature, never the chat.
 */
export function pendingStore(storage: () => StorageLike | null, userId: string, now: () => number = Date.now): PendingStore {
  const key = pendingKey(userId);
  const read = () => {
    try {
      return parsePending(storage()?.getItem(key) ?? null, now());
    } catch {
      return [];
    }
  };
  const update = (change: (list: PendingSend[]) => PendingSend[]) => {
    const next = change(read());
    try {
      const target = storage();
      if (next.length === 0) target?.removeItem(key);
      else target?.setItem(key, JSON.stringify(next));
    } catch {
      // Full or blocked: keep going without it.
    }
    return next;
  };
  return { read, update };
}

/** Removes expired entries of every user of this browser (e.g. someone who signed out and never came back). */
export function sweepExpired(storage: StorageLike | null, now: number): void {
  if (!storage) return;
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(KEY_PREFIX)) keys.push(key);
    }
    for (const key of keys) {
      const raw = storage.getItem(key);
      const live = parsePending(raw, now);
      if (live.length === 0) storage.removeItem(key);
      else if (JSON.stringify(live) !== raw) storage.setItem(key, JSON.stringify(live));
    }
  } catch {
    // Blocked storage: nothing to sweep.
  }
}

/** The browser's localStorage, or null where there is none or it is blocked. */
export function browserStorage(): StorageLike | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}
