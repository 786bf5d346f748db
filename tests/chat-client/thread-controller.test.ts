// The thread controller's sequencing, with a fake API object standing in for the endpoints
// (an in-process seam: the controller takes its API as an argument) and the real reducer
// holding the state. Stream bodies are Letta-shaped SSE (fixtures.ts).
import { describe, expect, it, vi } from "vitest";
import { ApiError, toApiError } from "@/lib/api/client/request";
import { pendingStore, type PendingSend } from "@/lib/chat/client/pending-sends";
import { chatReducer, initialChatState, type ChatAction, type ChatState } from "@/lib/chat/client/reducer";
import type { ChatItem, HistoryPage } from "@/lib/chat/types";
import {
  createThreadController, type ThreadApi, type ThreadCapabilities, type ThreadControllerOptions,
} from "@/lib/thread/controller";
import { ASSISTANT_OTID, DONE, MSG, RUN, assistant, frame, item, ping, sseResponse, stopReason } from "./fixtures";

const CHAT: ThreadCapabilities = { write: true, readHistoryWhenIdle: true, lostAccessCodes: [] };
const ADMIN: ThreadCapabilities = { write: false, readHistoryWhenIdle: false, lostAccessCodes: ["not_found:api"] };

/** A history page of alternating user and assistant messages; `stored(text)` is a streamed reply's stored copy. */
const page = (texts: Array<string | ChatItem>, nextCursor: string | null = null): HistoryPage => ({
  items: texts.map((text, i) => (typeof text === "string" ? item(i % 2 ? "assistant" : "user", { id: `message-${text}`, text }) : text)),
  nextCursor,
});
const stored = (text: string) => item("assistant", { id: MSG, otid: ASSISTANT_OTID, text });
/** The user's message as the history has it, with the otid its send gave it. */
const asked = (text: string, otid: string) => item("user", { id: `message-${text}`, otid, text });
const reply = (text: string) => sseResponse([ping(1), assistant(text, 2), stopReason()].map(frame).join("") + DONE);
const noReply = () => new Response(null, { status: 204 });
/** What lib/api/client/request.ts throws for an error response. */
const refusal = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  toApiError(Response.json({ error: { code, message, ...extra } }, { status }));

type Step = Response | HistoryPage | boolean | Error | Promise<unknown>;
type Call = { endpoint: keyof ThreadApi; args: Record<string, unknown> };

/** A fake API: each endpoint answers from its own script, in order; every call is recorded. */
function fakeApi(script: { history?: Step[]; resume?: Step[]; send?: Step[]; cancel?: Step[] }) {
  const calls: Call[] = [];
  const answer = (endpoint: keyof ThreadApi) => async (args: Record<string, unknown> = {}) => {
    const { signal: _signal, ...rest } = args;
    calls.push({ endpoint, args: rest });
    const next = await script[endpoint]?.shift();
    if (next === undefined) throw new Error(`unexpected ${endpoint} call`);
    if (next instanceof Error) throw next;
    return next;
  };
  const api = {
    history: answer("history"), resume: answer("resume"), send: answer("send"), cancel: answer("cancel"),
  } as unknown as Required<ThreadApi>;
  return { api, calls, endpoints: () => calls.map((call) => call.endpoint) };
}

/** A controller over the real reducer; `actions` lists everything dispatched, by type. */
function harness(api: ThreadApi, extra: Partial<ThreadControllerOptions> = {}) {
  let state: ChatState = initialChatState;
  const actions: ChatAction["type"][] = [];
  const onSignedOut = vi.fn();
  const controller = createThreadController({
    api,
    capabilities: CHAT,
    dispatch: (action) => {
      actions.push(action.type);
      state = chatReducer(state, action);
    },
    getState: () => state,
    onSignedOut,
    sleep: async () => undefined,
    ...extra,
  });
  return { controller, onSignedOut, actions, state: () => state, texts: () => state.rows.map((row) => ("text" in row ? row.text : row.kind)) };
}

/** Waits for what the controller started in the background to reach a condition. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 2_000, interval: 5 });

describe("thread controller: loading", () => {
  it("resumes before it reads the history, and shows the page when no reply is in progress", async () => {
    const fake = fakeApi({ resume: [noReply()], history: [page(["hi", "hello"], "cursor-1")] });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(fake.endpoints()).toEqual(["resume", "history"]);
    expect(fake.calls[0]!.args).toEqual({ runId: undefined, startingAfter: 0 });
    expect(t.texts()).toEqual(["hi", "hello"]);
    expect(t.state().cursor).toBe("cursor-1");
    expect(t.state().run.status).toBe("idle");
  });

  it("follows a reply in progress after the history, then reads the newest page for its stored copy", async () => {
    const fake = fakeApi({
      resume: [reply("Working on it")],
      history: [page(["question"]), page(["question", stored("Working on it")])],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(fake.endpoints()).toEqual(["resume", "history", "history"]));
    await until(() => expect(t.state().run.status).toBe("idle"));
    expect(t.actions).toContain("run/attached");
    expect(t.actions.indexOf("history/loaded")).toBeLessThan(t.actions.indexOf("run/attached"));
    expect(t.actions.indexOf("run/ended")).toBeGreaterThan(t.actions.indexOf("run/attached"));
    expect(t.texts()).toEqual(["question", "Working on it"]);
  });

  it("puts the question of a reply in progress back above it when the history does not have it yet", async () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value),
      removeItem: (key: string) => void saved.delete(key), key: (i: number) => [...saved.keys()][i] ?? null,
      get length() { return saved.size; },
    };
    const pending = pendingStore(() => storage, "user-1");
    const send: PendingSend = { otid: "otid-question", text: "What is new?", at: Date.now() };
    pending.update(() => [send]);
    const fake = fakeApi({ resume: [reply("Plenty")], history: [page([]), page([asked("What is new?", "otid-question"), stored("Plenty")])] });
    const t = harness(fake.api, { pending });
    t.controller.start();
    await until(() => expect(t.actions).toContain("pending/restored"));
    expect(t.actions.indexOf("pending/restored")).toBeLessThan(t.actions.indexOf("run/attached"));
  });

  it("words a failure with the view's wordError (the reader's language), for the history and for a refused send", async () => {
    const fake = fakeApi({
      resume: [noReply(), noReply()],
      history: [await refusal(500, "internal:api", "Unhandled error"), page([])],
      send: [await refusal(500, "internal:api", "Unhandled error")],
    });
    const t = harness(fake.api, { wordError: (error) => `worded ${error.code}` });
    t.controller.start();
    await until(() => expect(t.state().history).toBe("error"));
    expect(t.state().banner?.message).toBe("worded internal:api");
    t.controller.retry();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(await t.controller.send("hello", "otid-1")).toBe(false);
    expect(t.state().banner?.message).toBe("worded internal:api");
  });

  it("says the history is unavailable, and Retry loads it again from the resume", async () => {
    const fake = fakeApi({
      resume: [noReply(), noReply()],
      history: [await refusal(503, "offline:database", "The database is unreachable."), page(["back"])],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("error"));
    expect(t.state().banner).toEqual({ message: "The database is unreachable.", retry: { type: "history" } });
    t.controller.retry();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(fake.endpoints()).toEqual(["resume", "history", "resume", "history"]);
    expect(t.state().banner).toBeNull();
    expect(t.texts()).toEqual(["back"]);
  });

  it("still reads the history when the resume fails for a reason other than the session", async () => {
    const fake = fakeApi({ resume: [ApiError.network()], history: [page(["kept"])] });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.texts()).toEqual(["kept"]));
    expect(t.onSignedOut).not.toHaveBeenCalled();
  });
});

describe("thread controller: signed out", () => {
  it("hands over once when the resume says the session is gone, and reads nothing more", async () => {
    const fake = fakeApi({ resume: [await refusal(401, "unauthorized:auth", "Please sign in again.")] });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.onSignedOut).toHaveBeenCalledTimes(1));
    expect(fake.endpoints()).toEqual(["resume"]);
    expect(t.state().banner).toBeNull();
  });

  it("hands over when the history says so, without a banner", async () => {
    const fake = fakeApi({ resume: [noReply()], history: [await refusal(401, "unauthorized:auth", "Please sign in again.")] });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.onSignedOut).toHaveBeenCalledTimes(1));
    expect(t.state().banner).toBeNull();
  });

  it("treats the view's lost-access codes as signed out (an admin demoted meanwhile), but not another viewer's", async () => {
    const demoted = () => refusal(404, "not_found:api", "Not found.");
    const admin = fakeApi({ resume: [noReply()], history: [await demoted()] });
    const a = harness(admin.api, { capabilities: ADMIN });
    a.controller.start();
    await until(() => expect(a.onSignedOut).toHaveBeenCalledTimes(1));

    const chat = fakeApi({ resume: [noReply()], history: [await demoted()] });
    const c = harness(chat.api);
    c.controller.start();
    await until(() => expect(c.state().history).toBe("error"));
    expect(c.onSignedOut).not.toHaveBeenCalled();
  });

  it("hands over when a send is refused for the session, and does not show it as sent", async () => {
    const fake = fakeApi({
      resume: [noReply()], history: [page([])], send: [await refusal(401, "unauthorized:auth", "Please sign in again.")],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(await t.controller.send("hello", "otid-1")).toBe(false);
    expect(t.onSignedOut).toHaveBeenCalledTimes(1);
    expect(t.state().banner).toBeNull();
    expect(t.actions).not.toContain("send/rejected"); // the page is going away: no banner, no draft to give back
  });
});

describe("thread controller: following and catching up", () => {
  it("catches up on the chat: reads the newest page even with nothing in progress", async () => {
    const fake = fakeApi({ resume: [noReply(), noReply()], history: [page(["one"]), page(["one", "two", "three"])] });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(t.controller.catchUp()).toBe(true);
    await until(() => expect(t.texts()).toEqual(["one", "two", "three"]));
    expect(fake.endpoints()).toEqual(["resume", "history", "resume", "history"]);
  });

  it("polls as an admin: only a found reply makes it read the history (every read is audited)", async () => {
    const fake = fakeApi({
      resume: [noReply(), noReply(), reply("Live answer")],
      history: [page(["q"]), page(["q"]), page(["q", stored("Live answer")])],
    });
    const t = harness(fake.api, { capabilities: ADMIN });
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(t.controller.catchUp()).toBe(true);
    await until(() => expect(fake.endpoints()).toEqual(["resume", "history", "resume"]));
    await until(() => expect(t.controller.catchUp()).toBe(true)); // once the first poll has settled
    await until(() => expect(t.state().rows.some((row) => "text" in row && row.text === "Live answer")).toBe(true));
    await until(() => expect(fake.endpoints()).toEqual(["resume", "history", "resume", "resume", "history", "history"]));
  });

  it("does not catch up while loading, while an attach is in flight, or after dispose", async () => {
    let answerResume: (response: Response) => void = () => undefined;
    const fake = fakeApi({ resume: [new Promise((resolve) => { answerResume = resolve; })], history: [page(["x"])] });
    const t = harness(fake.api);
    expect(t.controller.catchUp()).toBe(false); // not started
    t.controller.start();
    expect(t.controller.catchUp()).toBe(false); // history still loading
    answerResume(noReply());
    await until(() => expect(t.state().history).toBe("ready"));
    t.controller.dispose();
    expect(t.controller.catchUp()).toBe(false);
    expect(fake.endpoints()).toEqual(["resume", "history"]);
  });

  it("offers to resume a reply it lost, and Retry follows it by run id", async () => {
    const fake = fakeApi({
      resume: [
        // Ends without a stop reason or [DONE]: the follower resumes after seq 2, and is refused.
        sseResponse([ping(1), assistant("partial", 2)].map(frame).join("")),
        await refusal(400, "bad_request:api", "Bad run."),
        reply("whole"),
      ],
      history: [page(["q"]), page(["q"]), page(["q", stored("whole")])],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().banner?.retry).toEqual({ type: "resume", runId: RUN }));
    expect(t.state().banner?.message).toBe("Bad run.");
    expect(t.state().run.status).toBe("idle");
    t.controller.retry();
    await until(() => expect(fake.endpoints().length).toBe(6));
    await until(() => expect(t.state().run.status).toBe("idle"));
    expect(t.texts()).toEqual(["q", "whole"]);
    expect(t.state().banner).toBeNull();
    expect(fake.calls.filter((call) => call.endpoint === "resume").map((call) => call.args)).toEqual([
      { runId: undefined, startingAfter: 0 },
      { runId: RUN, otid: null, startingAfter: 2 },
      { runId: RUN, startingAfter: 0 },
    ]);
  });
});

describe("thread controller: sending", () => {
  it("sends, follows its own reply and reads the newest page when it ends", async () => {
    const fake = fakeApi({ resume: [noReply()], history: [page([]), page([asked("hello", "otid-1"), stored("Hi!")])], send: [reply("Hi!")] });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(await t.controller.send("hello", "otid-1")).toBe(true);
    await until(() => expect(fake.endpoints()).toEqual(["resume", "history", "send", "history"]));
    expect(fake.calls[2]!.args).toEqual({ text: "hello", otid: "otid-1" });
    await until(() => expect(t.state().run.status).toBe("idle"));
    expect(t.texts()).toEqual(["hello", "Hi!"]);
  });

  it("when the conversation is busy, gives the text back with Retry and follows the reply in progress", async () => {
    const fake = fakeApi({
      resume: [noReply(), reply("Earlier answer")],
      history: [page([]), page(["earlier"]), page(["earlier", stored("Earlier answer")])],
      send: [await refusal(409, "conflict:message", "Still answering your previous message.", { runId: RUN })],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(await t.controller.send("again", "otid-2")).toBe(false);
    expect(t.state().banner).toEqual({
      message: "Still answering your previous message.", retry: { type: "send", text: "again", otid: "otid-2" },
    });
    await until(() => expect(t.texts()).toEqual(["earlier", "Earlier answer"]));
    expect(fake.calls[3]).toEqual({ endpoint: "resume", args: { runId: RUN, startingAfter: 0 } });
  });

  it("a refusal that is not worth retrying offers no Retry", async () => {
    const fake = fakeApi({
      resume: [noReply()], history: [page([])], send: [await refusal(400, "bad_request:message", "Too long.")],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(await t.controller.send("x".repeat(10), "otid-3")).toBe(false);
    expect(t.state().banner).toEqual({ message: "Too long.", retry: null });
  });

  it("over a usage budget: no error banner, the text goes back, the refusal says until when, and the reset clears it", async () => {
    const resetAt = "2026-12-04T00:00:00.000Z";
    const fake = fakeApi({
      resume: [noReply()], history: [page([])],
      send: [await refusal(429, "quota:chat", "You've used today's 200 messages.", { resetAt, limit: 200, window: "messages_day" })],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(await t.controller.send("one more", "otid-q")).toBe(false);
    expect(t.state().banner).toBeNull();
    expect(t.state().rows).toEqual([]);
    expect(t.state().quota).toEqual({ window: "messages_day", limit: 200, resetAt });
    expect(t.state().run.status).toBe("idle");
    t.controller.clearQuota();
    expect(t.state().quota).toBeNull();
  });

  it("a read-only view neither sends nor stops", async () => {
    const fake = fakeApi({ resume: [noReply()], history: [page([])] });
    const t = harness(fake.api, { capabilities: ADMIN });
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    expect(await t.controller.send("hello")).toBe(false);
    t.controller.stop();
    expect(fake.endpoints()).toEqual(["resume", "history"]);
  });

  it("stop: ends the run after the grace period when the stream never says it was cancelled", async () => {
    let timer: (() => void) | null = null;
    const hanging = new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(frame(ping(1)))) }), { status: 200 });
    const fake = fakeApi({ resume: [noReply()], history: [page([]), page(["q"])], send: [hanging], cancel: [true] });
    const t = harness(fake.api, { setTimer: (run) => { timer = run; } });
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    await t.controller.send("q", "otid-4");
    t.controller.stop();
    expect(t.state().run.cancelling).toBe(true);
    await until(() => expect(timer).not.toBeNull());
    timer!();
    await until(() => expect(t.state().run.status).toBe("idle"));
    expect(t.actions.filter((type) => type === "run/ended").length).toBeGreaterThanOrEqual(1);
  });
});

describe("thread controller: older pages", () => {
  it("loads the page before the cursor once, however often asked, and a failure offers Retry", async () => {
    let answerOlder: (page: HistoryPage) => void = () => undefined;
    const fake = fakeApi({
      resume: [noReply()],
      history: [page(["c", "d"], "cursor-1"), new Promise((resolve) => { answerOlder = resolve; }), ApiError.network()],
    });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(t.state().history).toBe("ready"));
    t.controller.loadOlder();
    t.controller.loadOlder();
    expect(fake.calls.slice(2)).toEqual([{ endpoint: "history", args: { before: "cursor-1" } }]);
    answerOlder({ items: [item("user", { id: "message-a", text: "a" }), item("assistant", { id: "message-b", text: "b" })], nextCursor: "cursor-0" });
    await until(() => expect(t.texts()).toEqual(["a", "b", "c", "d"]));
    expect(t.state().cursor).toBe("cursor-0");
    t.controller.loadOlder();
    await until(() => expect(t.state().older).toBe("error"));
    expect(t.state().banner?.retry).toEqual({ type: "older" });
    expect(fake.calls.at(-1)).toEqual({ endpoint: "history", args: { before: "cursor-0" } });
  });

  it("dispatches nothing once disposed", async () => {
    let answerHistory: (page: HistoryPage) => void = () => undefined;
    const fake = fakeApi({ resume: [noReply()], history: [new Promise((resolve) => { answerHistory = resolve; })] });
    const t = harness(fake.api);
    t.controller.start();
    await until(() => expect(fake.endpoints()).toEqual(["resume", "history"]));
    t.controller.dispose();
    const before = t.actions.length;
    answerHistory(page(["late"]));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(t.actions.length).toBe(before);
  });
});
