import { describe, expect, it } from "vitest";
import {
  PENDING_GRACE_MS, PENDING_MAX_AGE_MS, parsePending, pendingKey, pendingStore, restorePending, settlePending, sweepExpired,
  userOtids, withoutOtids, withPending, type PendingSend,
} from "@/lib/chat/client/pending-sends";
import { chatReducer, initialChatState, type ChatAction, type ChatState } from "@/lib/chat/client/reducer";
import { toStreamChunk } from "@/lib/letta/wire";
import { ASSISTANT_OTID, assistant, item, ping, reasoning } from "./fixtures";

const NOW = Date.parse("2026-08-01T12:00:00Z");
const Q = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";
const OLD = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";
const send = (otid: string, ago: number, text = `text of ${otid.slice(0, 4)}`): PendingSend => ({ otid, text, at: NOW - ago });

/** A Map-backed Storage, as much of it as the store uses. */
function fakeStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe("parsePending", () => {
  it("keeps well-formed entries younger than the limit, oldest first, with only their own fields", () => {
    const raw = JSON.stringify([
      { ...send(Q, 1_000), extra: "dropped" },
      send(OLD, 5_000),
      send("expired", PENDING_MAX_AGE_MS + 1),
      { otid: 1, text: "x", at: NOW },
      "nonsense",
    ]);
    expect(parsePending(raw, NOW)).toStrictEqual([send(OLD, 5_000), send(Q, 1_000)]);
  });

  it("reads nothing from missing, broken or non-list values", () => {
    expect(parsePending(null, NOW)).toStrictEqual([]);
    expect(parsePending("{not json", NOW)).toStrictEqual([]);
    expect(parsePending('{"otid":"a"}', NOW)).toStrictEqual([]);
  });
});

describe("list changes", () => {
  it("a retry with the same otid replaces its entry; seen otids are removed", () => {
    const list = withPending(withPending([], send(OLD, 9_000)), send(Q, 5_000));
    expect(withPending(list, send(Q, 1_000, "again"))).toStrictEqual([send(OLD, 9_000), send(Q, 1_000, "again")]);
    expect(withoutOtids(list, new Set([OLD]))).toStrictEqual([send(Q, 5_000)]);
  });

  it("caps the list, dropping the oldest", () => {
    let list: PendingSend[] = [];
    for (let i = 0; i < 25; i++) list = withPending(list, send(`otid-${i}`, 1_000 * (25 - i)));
    expect(list).toHaveLength(20);
    expect(list[0]!.otid).toBe("otid-5");
  });

  it("collects the user's otids from a history page", () => {
    const page = [item("user", { otid: Q, text: "hi" }), item("assistant", { otid: ASSISTANT_OTID }), item("user", { otid: null })];
    expect(userOtids(page)).toStrictEqual(new Set([Q]));
  });
});

describe("settlePending", () => {
  const list = [send(OLD, PENDING_GRACE_MS + 60_000), send(Q, 2_000)];

  it("mid-reply: shows the newest unseen send as the reply's question and drops older lost ones", () => {
    const { show, drop } = settlePending(list, { seen: new Set(), reply: "in-progress", now: NOW });
    expect(show).toStrictEqual(send(Q, 2_000));
    expect(drop).toStrictEqual(new Set([OLD]));
  });

  it("a send the history already shows is done, and not shown again (Letta stored it at once)", () => {
    const { show, drop } = settlePending(list, { seen: new Set([Q]), reply: "in-progress", now: NOW });
    expect(show).toStrictEqual(send(OLD, PENDING_GRACE_MS + 60_000));
    expect(drop).toStrictEqual(new Set([Q]));
  });

  it("nothing in progress: shows nothing, drops what is past the grace period, keeps a send that may be on its way", () => {
    const { show, drop } = settlePending(list, { seen: new Set(), reply: "none", now: NOW });
    expect(show).toBeNull();
    expect(drop).toStrictEqual(new Set([OLD]));
  });

  it("when the resume failed, only what the page shows is dropped", () => {
    expect(settlePending(list, { seen: new Set([Q]), reply: "unknown", now: NOW })).toStrictEqual({ show: null, drop: new Set([Q]) });
  });
});

describe("restorePending and the reducer", () => {
  const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
  const chunk = (json: Record<string, unknown>): ChatAction => ({ type: "stream/event", event: { type: "chunk", chunk: toStreamChunk(json)! } });
  const history = [item("user", { id: "message-u1", otid: OLD, text: "earlier" }), item("assistant", { id: "message-a1", otid: "a1", text: "ok" })];
  const loaded = run(initialChatState, { type: "history/loaded", mode: "initial", page: { items: history, nextCursor: null } });

  it("puts the question above the live reply, once, with the key its history row will have", () => {
    const streaming = run(loaded, { type: "run/attached" }, chunk(ping()), chunk(reasoning("Thinking")), chunk(assistant("Hel")));
    const rows = restorePending(streaming.rows, [send(Q, 1_000, "my question")]);
    expect(rows.map((r) => r.kind)).toStrictEqual(["user", "assistant", "user", "reasoning", "assistant"]);
    expect(rows[2]).toMatchObject({ key: `user:${Q}`, otid: Q, text: "my question", id: null, pending: false, live: false });
    expect(restorePending(rows, [send(Q, 1_000, "my question")])).toBe(rows);
  });

  it("restored at load, followed by the replayed stream, then settled by the history in place", () => {
    let state = run(loaded, { type: "pending/restored", sends: [send(Q, 1_000, "my question")] }, { type: "run/attached" });
    state = run(state, chunk(ping()), chunk(reasoning("Thinking")), chunk(assistant("Hello")));
    expect(state.rows.map((r) => r.kind)).toStrictEqual(["user", "assistant", "user", "reasoning", "assistant"]);
    const keys = state.rows.map((r) => r.key);
    // The run ends; the newest page now has the question (with its id) and the reply.
    state = run(state, { type: "run/ended" }, {
      type: "history/loaded", mode: "newest", page: {
        items: [...history, item("user", { id: "message-u2", otid: Q, text: "my question" }), item("reasoning", { text: "Thinking" }),
          item("assistant", { otid: ASSISTANT_OTID, text: "Hello" })],
        nextCursor: null,
      },
    });
    expect(state.rows.map((r) => r.key)).toStrictEqual(keys);
    expect(state.rows.filter((r) => r.kind === "user" && r.otid === Q)).toMatchObject([{ id: "message-u2" }]);
  });

  it("a question already on screen (this tab sent it) is not added twice", () => {
    const sent = run(loaded, { type: "send/started", text: "mine", otid: Q });
    expect(run(sent, { type: "pending/restored", sends: [send(Q, 0, "mine")] })).toBe(sent);
  });
});

describe("pendingStore", () => {
  it("keeps one user's entries under their own key and removes the key when empty", () => {
    const storage = fakeStorage();
    const store = pendingStore(() => storage, "user_a", () => NOW);
    store.update((list) => withPending(list, send(Q, 0)));
    expect(JSON.parse(storage.map.get(pendingKey("user_a"))!)).toStrictEqual([send(Q, 0)]);
    expect(pendingStore(() => storage, "user_b", () => NOW).read()).toStrictEqual([]);
    store.update((list) => withoutOtids(list, new Set([Q])));
    expect(storage.map.has(pendingKey("user_a"))).toBe(false);
  });

  it("works without storage, and when storage throws", () => {
    expect(pendingStore(() => null, "u").update((list) => withPending(list, send(Q, 0)))).toStrictEqual([send(Q, 0)]);
    const blocked = pendingStore(() => {
      throw new DOMException("blocked", "SecurityError");
    }, "u");
    expect(blocked.read()).toStrictEqual([]);
    expect(() => blocked.update((list) => list)).not.toThrow();
  });

  it("sweepExpired removes expired entries of every user and leaves other keys alone", () => {
    const storage = fakeStorage({
      [pendingKey("gone")]: JSON.stringify([send(OLD, PENDING_MAX_AGE_MS + 1)]),
      [pendingKey("here")]: JSON.stringify([send(OLD, PENDING_MAX_AGE_MS + 1), send(Q, 1_000)]),
      theme: "dark",
    });
    sweepExpired(storage, NOW);
    expect(new Set(storage.map.keys())).toStrictEqual(new Set([pendingKey("here"), "theme"]));
    expect(JSON.parse(storage.map.get(pendingKey("here"))!)).toStrictEqual([send(Q, 1_000)]);
  });
});
