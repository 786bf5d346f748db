import { describe, expect, it } from "vitest";
import { chatReducer, initialChatState, isAwaitingToken, type ChatAction, type ChatState } from "@/lib/chat/client/reducer";
import { toPlainText } from "@/lib/chat/client/plain-text";
import { toStreamChunk } from "@/lib/letta/wire";
import { ASSISTANT_OTID, MSG, REASONING_OTID, RUN, assistant, item, lettaChunk, ping, reasoning, stopReason, toolCall, toolReturn } from "./fixtures";

const USER_OTID = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";

function run(state: ChatState, ...actions: ChatAction[]): ChatState {
  return actions.reduce(chatReducer, state);
}
const chunk = (json: Record<string, unknown>): ChatAction => ({ type: "stream/event", event: { type: "chunk", chunk: toStreamChunk(json)! } });
const ready = run(initialChatState, { type: "history/loaded", mode: "initial", page: { items: [], nextCursor: null } });
const sent = run(ready, { type: "send/started", text: "hi", otid: USER_OTID }, { type: "send/accepted", otid: USER_OTID });

describe("chatReducer: streaming", () => {
  it("shows the user's message at once, pending until the server takes it", () => {
    const state = run(ready, { type: "send/started", text: "hi", otid: USER_OTID });
    expect(state.rows).toMatchObject([{ kind: "user", text: "hi", otid: USER_OTID, pending: true, id: null }]);
    expect(state.run.status).toBe("sending");
    expect(isAwaitingToken(state)).toBe(true);
    expect(run(state, { type: "send/accepted", otid: USER_OTID }).rows[0]).toMatchObject({ pending: false });
  });

  it("merges token deltas of one part into one row, and keeps reasoning and reply apart", () => {
    const state = run(sent, chunk(ping()), chunk(reasoning("The user ")), chunk(reasoning("greeted me")), chunk(assistant("Hel")), chunk(assistant("lo!")));
    expect(state.rows.map((r) => [r.kind, "text" in r ? r.text : ""])).toStrictEqual([
      ["user", "hi"], ["reasoning", "The user greeted me"], ["assistant", "Hello!"],
    ]);
    expect(state.rows[2]).toMatchObject({ id: MSG, otid: ASSISTANT_OTID, live: true, runId: RUN });
    expect(state.run).toMatchObject({ status: "streaming", runId: RUN, streamingKey: `assistant:${ASSISTANT_OTID}` });
    expect(isAwaitingToken(state)).toBe(false);
  });

  it("keys by (id, kind) when chunks carry no otid", () => {
    const state = run(sent, chunk(assistant("a", null, { otid: null })), chunk(assistant("b", null, { otid: null })));
    expect(state.rows.filter((r) => r.kind === "assistant")).toMatchObject([{ text: "ab", key: `assistant:${MSG}` }]);
  });

  it("joins a tool call's argument deltas and its return into one tool row", () => {
    const state = run(
      sent,
      chunk(toolCall({ name: "conversation_search", arguments: '{"query":', tool_call_id: "call_1" })),
      chunk(toolCall({ arguments: '"launch"}' })), // later deltas carry only the arguments
      chunk(toolReturn('{"results":[]}')),
    );
    const tools = state.rows.filter((r) => r.kind === "tool");
    expect(tools).toMatchObject([{
      name: "conversation_search", args: '{"query":"launch"}', toolCallId: "call_1",
      result: { status: "success", output: '{"results":[]}' },
    }]);
    expect(isAwaitingToken(state)).toBe(true); // the agent works on after the tool answered
  });

  it("shows a summary chunk (Letta compacted mid-run) as one summary row, once, and waits for the next token", () => {
    const summary = lettaChunk("summary_message", { id: "message-summary", otid: "summary-otid-00", summary: "Summary of 40 earlier messages" });
    const state = run(sent, chunk(reasoning("Thinking")), chunk(summary), chunk(summary));
    expect(state.rows.filter((r) => r.kind === "summary")).toMatchObject([{ text: "Summary of 40 earlier messages", live: true }]);
    expect(isAwaitingToken(state)).toBe(true);
    // The stored copy settles it, under the same key.
    const stored = run(state, { type: "history/loaded", mode: "newest", page: {
      items: [item("user", { id: "message-u", otid: USER_OTID, text: "hi" }),
        item("summary", { id: "message-summary", otid: "summary-otid-00", text: "Summary of 40 earlier messages" })],
      nextCursor: null,
    } });
    expect(stored.rows.filter((r) => r.kind === "summary")).toMatchObject([{ key: "summary:summary-otid-00", live: false }]);
  });

  it("ends the run: streaming off, stop reason announced politely", () => {
    let state = run(sent, chunk(assistant("**Done** now")), chunk(stopReason("end_turn")));
    expect(state.run.stopReason).toBe("end_turn");
    state = chatReducer(state, { type: "run/ended" });
    expect(state.run).toMatchObject({ status: "idle", streamingKey: null });
    expect(state.announcement).toBe("Reply: Done now");
    const stopped = run(sent, chunk(assistant("part")), chunk(stopReason("cancelled")), { type: "run/ended" });
    expect(stopped.announcement).toBe("Reply stopped.");
  });

  it("shows an error frame as a banner with Retry (ask again, new message), and keeps the partial reply", () => {
    const state = run(sent, chunk(assistant("Half")), { type: "stream/event", event: { type: "error", message: "Model failed.", errorType: "llm_error" } });
    const question = sent.rows.findLast((r) => r.kind === "user");
    expect(state.banner).toStrictEqual({ message: "Model failed. Retry to ask again.", retry: { type: "send", text: question && "text" in question ? question.text : "?" } });
    expect(state.rows.at(-1)).toMatchObject({ kind: "assistant", text: "Half" });
    expect(run(state, { type: "banner/dismissed" }).banner).toBeNull();
  });

  it("shows a mid-stream error with the stream's request id, like any other error", () => {
    const event = { type: "error" as const, message: "Model failed.", errorType: "llm_error", requestId: "3f9a1c2be4d0" };
    const state = run(sent, { type: "stream/event", event });
    expect(state.banner?.message).toBe("Model failed. Retry to ask again. (ref 3f9a1c2be4d0)");
  });

  it("shows notices", () => {
    const state = chatReducer(sent, { type: "stream/event", event: { type: "notice", message: "New conversation started." } });
    expect(state.notice).toBe("New conversation started.");
  });
});

describe("chatReducer: failures and retries", () => {
  it("marks a message Letta never took as not sent, with Retry under the same otid", () => {
    const state = run(ready, { type: "send/started", text: "hi", otid: USER_OTID }, { type: "send/accepted", otid: USER_OTID },
      { type: "run/unanswered", otid: USER_OTID });
    expect(state.run.status).toBe("idle");
    expect(state.rows).toMatchObject([{ kind: "user", text: "hi", pending: true }]);
    expect(state.banner).toStrictEqual({ message: "Your message didn't reach the assistant.", retry: { type: "send", text: "hi", otid: USER_OTID } });
    const retried = run(state, { type: "send/started", text: "hi", otid: USER_OTID });
    expect(retried.rows.filter((r) => r.kind === "user")).toHaveLength(1);
  });

  it("takes a rejected message out of the transcript and offers a retry with the same otid", () => {
    const state = run(ready, { type: "send/started", text: "hi", otid: USER_OTID },
      { type: "send/rejected", text: "hi", otid: USER_OTID, message: "Too many messages.", retryable: true });
    expect(state.rows).toHaveLength(0);
    expect(state.run.status).toBe("idle");
    expect(state.banner).toStrictEqual({ message: "Too many messages.", retry: { type: "send", text: "hi", otid: USER_OTID } });
    // Retrying with the same otid never shows the message twice.
    const again = run(state, { type: "send/started", text: "hi", otid: USER_OTID }, { type: "send/started", text: "hi", otid: USER_OTID });
    expect(again.rows).toHaveLength(1);
    expect(again.banner).toBeNull();
  });

  it("offers a resume when the connection is lost for good", () => {
    const state = run(sent, chunk(assistant("Hel")), { type: "run/lost", message: "Lost the connection." });
    expect(state.banner?.retry).toStrictEqual({ type: "resume", runId: RUN });
    expect(state.rows.at(-1)).toMatchObject({ text: "Hel" });
  });
});

describe("chatReducer: dedupe of a replayed run against the history", () => {
  // Reload mid-reply: the history already holds the stored reasoning; the resume replays the run from seq 1.
  const history = run(initialChatState, {
    type: "history/loaded", mode: "initial",
    page: {
      items: [item("user", { id: "message-u", otid: USER_OTID, text: "hi" }), item("reasoning", { otid: REASONING_OTID, text: "The user greeted me" })],
      nextCursor: null,
    },
  });

  it("ignores deltas of stored parts and streams the new ones once", () => {
    const state = run(history, { type: "run/attached" }, { type: "run/replay" },
      chunk(ping(1)), chunk(reasoning("The user ", 2)), chunk(reasoning("greeted me", 3)), chunk(assistant("Hel", 4)), chunk(assistant("lo!", 5)),
      chunk(stopReason()), { type: "run/ended" });
    expect(state.rows.map((r) => [r.kind, "text" in r ? r.text : ""])).toStrictEqual([
      ["user", "hi"], ["reasoning", "The user greeted me"], ["assistant", "Hello!"],
    ]);
    expect(state.announcement).toBe("Reply: Hello!");
  });

  it("a replay from the start rebuilds this run's live rows instead of doubling them", () => {
    let state = run(sent, chunk(ping(null)), chunk(assistant("Hel")), chunk(assistant("lo")));
    state = run(state, { type: "run/replay" }, chunk(assistant("Hel")), chunk(assistant("lo")), chunk(assistant("!")));
    expect(state.rows.map((r) => ("text" in r ? r.text : ""))).toStrictEqual(["hi", "Hello!"]);
  });

  it("a tool return is added to a stored call that has none yet, once", () => {
    const withCall = run(history, { type: "history/loaded", mode: "newest", page: {
      items: [item("user", { id: "message-u", otid: USER_OTID, text: "hi" }), item("tool_call", { id: "message-tool-call", arguments: "{}" })],
      nextCursor: null,
    } });
    const state = run(withCall, { type: "run/attached" }, chunk(toolCall({ name: "conversation_search", arguments: "{}", tool_call_id: "call_1" }, 2)),
      chunk(toolReturn("found", 3)), chunk(toolReturn("found", 3)));
    const tools = state.rows.filter((r) => r.kind === "tool");
    expect(tools).toMatchObject([{ args: "{}", result: { output: "found" } }]);
  });
});

describe("toPlainText", () => {
  it("reads lists, tables and code blocks sensibly", () => {
    const markdown = "You said: **hi**\n\n- **Words:** 1\n- [docs](https://x.y)\n\n```ts\nconst a = 1;\n```\n\n| Term | Letters |\n| --- | --- |\n| hi | 2 |";
    expect(toPlainText(markdown)).toBe("You said: hi. Words: 1. docs. (code block). Term, Letters. hi, 2");
  });
});
