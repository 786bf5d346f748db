// The thread controller starting from a page the server rendered into the HTML (issue #16): it only looks for a
// reply in progress, and reads the history again only when that finds one, or when a send remembered for a reload
// is not on the server's page. A fake API stands in for the endpoints; the real reducer holds the state.
import { describe, expect, it, vi } from "vitest";
import { pendingStore } from "@/lib/chat/client/pending-sends";
import { chatReducer, initialChatState, type ChatAction, type ChatState } from "@/lib/chat/client/reducer";
import type { ChatItem, HistoryPage } from "@/lib/chat/types";
import { createThreadController, type ThreadApi } from "@/lib/thread/controller";
import { ASSISTANT_OTID, DONE, MSG, assistant, frame, item, ping, sseResponse, stopReason } from "./fixtures";

const page = (texts: Array<string | ChatItem>, nextCursor: string | null = null): HistoryPage => ({
  items: texts.map((text, i) => (typeof text === "string" ? item(i % 2 ? "assistant" : "user", { id: `message-${text}`, text }) : text)),
  nextCursor,
});
const asked = (text: string, otid: string) => item("user", { id: `message-${text}`, otid, text });
const stored = (text: string) => item("assistant", { id: MSG, otid: ASSISTANT_OTID, text });
const reply = (text: string) => sseResponse([ping(1), assistant(text, 2), stopReason()].map(frame).join("") + DONE);
const noReply = () => new Response(null, { status: 204 });

function memoryStorage() {
  const saved = new Map<string, string>();
  return {
    getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value),
    removeItem: (key: string) => void saved.delete(key), key: (i: number) => [...saved.keys()][i] ?? null,
    get length() { return saved.size; },
  };
}

/** A controller whose state starts from `first` (the server's page), with scripted endpoints. */
function hydrated(first: HistoryPage, script: { resume: Response[]; history?: HistoryPage[] }, pending = pendingStore(() => memoryStorage(), "user-1")) {
  let state: ChatState = chatReducer(initialChatState, { type: "history/loaded", page: first, mode: "initial" });
  const calls: string[] = [];
  const actions: ChatAction["type"][] = [];
  const api: ThreadApi = {
    resume: async () => (calls.push("resume"), script.resume.shift() ?? Promise.reject(new Error("unexpected resume"))),
    history: async () => (calls.push("history"), script.history?.shift() ?? Promise.reject(new Error("unexpected history"))),
  };
  const controller = createThreadController({
    api, pending, capabilities: { write: true, readHistoryWhenIdle: true, lostAccessCodes: [] },
    dispatch: (action) => {
      actions.push(action.type);
      state = chatReducer(state, action);
    },
    getState: () => state, onSignedOut: vi.fn(), sleep: async () => undefined,
  });
  controller.start({ hydrated: true });
  return { calls, actions, state: () => state, texts: () => state.rows.map((row) => ("text" in row ? row.text : row.kind)) };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 2_000, interval: 5 });

describe("thread controller: hydrated from the server's page", () => {
  it("with no reply in progress, asks only the resume and keeps the page as it is", async () => {
    const t = hydrated(page(["hi", "hello"], "cursor-1"), { resume: [noReply()] });
    await until(() => expect(t.calls).toEqual(["resume"]));
    expect(t.actions).toEqual([]);
    expect(t.texts()).toEqual(["hi", "hello"]);
    expect(t.state().cursor).toBe("cursor-1");
  });

  it("with a reply in progress, reads the newest page once and follows the reply", async () => {
    const t = hydrated(page(["question"]), {
      resume: [reply("Working on it")],
      history: [page(["question"]), page(["question", stored("Working on it")])],
    });
    await until(() => expect(t.state().run.status).toBe("idle"));
    await until(() => expect(t.calls).toEqual(["resume", "history", "history"]));
    expect(t.actions).toContain("run/attached");
    expect(t.texts()).toEqual(["question", "Working on it"]);
  });

  it("reads the history when a send remembered for the reload is not on the server's page", async () => {
    const storage = memoryStorage();
    const pending = pendingStore(() => storage, "user-1");
    pending.update(() => [{ otid: "otid-late", text: "Did this arrive?", at: Date.now() }]);
    const t = hydrated(page(["hi"]), { resume: [noReply()], history: [page(["hi", asked("Did this arrive?", "otid-late")])] }, pending);
    await until(() => expect(t.texts()).toEqual(["hi", "Did this arrive?"]));
    expect(t.calls).toEqual(["resume", "history"]);
    expect(pending.read()).toEqual([]);
  });
});
