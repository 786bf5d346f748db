import { describe, expect, it } from "vitest";
import { mergeHistory } from "@/lib/chat/client/merge-history";
import { chatReducer, initialChatState, type ChatState } from "@/lib/chat/client/reducer";
import { toStreamChunk } from "@/lib/letta/wire";
import type { Row } from "@/lib/chat/client/rows";
import type { ChatItem } from "@/lib/chat/types";
import { ASSISTANT_OTID, MSG, assistant, item } from "./fixtures";

const texts = (rows: Row[]) => rows.map((r) => (r.kind === "tool" ? `tool:${r.name}:${r.result?.output ?? "-"}` : `${r.kind}:${r.text}`));
const user = (n: number, text = `u${n}`) => item("user", { id: `message-u${n}`, otid: `otid-u${n}`, text });
const reply = (n: number, text = `a${n}`) => item("assistant", { id: `message-a${n}`, otid: `otid-a${n}`, text });
const page = (items: ChatItem[], nextCursor: string | null = null) => ({ items, nextCursor });

describe("mergeHistory", () => {
  it("builds rows from a first page, joining tool calls with their returns", () => {
    const { rows } = mergeHistory([], [
      user(1), item("tool_call", { id: "message-t", name: "memory_insert" }), item("tool_return", { id: "message-r", output: "ok" }), reply(1),
    ], "initial");
    expect(texts(rows)).toStrictEqual(["user:u1", "tool:memory_insert:ok", "assistant:a1"]);
    expect(rows[1]).toMatchObject({ id: "message-t", key: "tool:call_1", live: false });
  });

  it("prepends an older page in order, above what is on screen", () => {
    const { rows: newest } = mergeHistory([], [user(3), reply(3)], "initial");
    const { rows } = mergeHistory(newest, [user(1), reply(1), user(2), reply(2)], "older");
    expect(texts(rows)).toStrictEqual(["user:u1", "assistant:a1", "user:u2", "assistant:a2", "user:u3", "assistant:a3"]);
    expect(rows[4]).toBe(newest[0]); // untouched rows keep their identity: no re-render
  });

  it("completes a tool return whose call arrives with the older page", () => {
    const { rows: newest } = mergeHistory([], [item("tool_return", { id: "message-r", output: "ok" }), reply(2)], "initial");
    expect(texts(newest)).toStrictEqual(["tool::ok", "assistant:a2"]);
    const { rows } = mergeHistory(newest, [user(1), item("tool_call", { id: "message-t", name: "conversation_search" })], "older");
    expect(texts(rows)).toStrictEqual(["user:u1", "tool:conversation_search:ok", "assistant:a2"]);
  });

  it("confirms streamed rows with the stored versions, keeping keys, and adds what this tab missed", () => {
    let state: ChatState = chatReducer(initialChatState, { type: "history/loaded", mode: "initial", page: page([user(1), reply(1)], "message-u1") });
    state = chatReducer(state, { type: "send/started", text: "hi", otid: "otid-mine" });
    state = chatReducer(state, { type: "stream/event", event: { type: "chunk", chunk: toStreamChunk(assistant("Hello!"))! } });
    const streamedKey = state.rows.at(-1)!.key;
    state = chatReducer(state, {
      type: "history/loaded", mode: "newest",
      page: page([
        user(1), reply(1), user(2, "from the other tab"), reply(2, "answer there"),
        item("user", { id: "message-mine", otid: "otid-mine", text: "hi" }), item("assistant", { id: MSG, otid: ASSISTANT_OTID, text: "Hello!" }),
      ], "message-u0"),
    });
    expect(texts(state.rows)).toStrictEqual(["user:u1", "assistant:a1", "user:from the other tab", "assistant:answer there", "user:hi", "assistant:Hello!"]);
    expect(state.rows.at(-1)).toMatchObject({ key: streamedKey, live: false });
    expect(state.rows.at(-2)).toMatchObject({ id: "message-mine", pending: false });
    expect(state.cursor).toBe("message-u1"); // a newest page never moves the older-page cursor
  });

  it("keeps the objects of rows the newest page only confirms, so only the reply's rows re-render", () => {
    const images = [{ url: "/api/chat/images/a", mediaType: "image/png" }];
    const withImage = item("user", { id: "message-u1", otid: "otid-u1", text: "u1", images });
    let state: ChatState = chatReducer(initialChatState, { type: "history/loaded", mode: "initial", page: page([withImage, reply(1)]) });
    const before = state.rows.slice();
    state = chatReducer(state, { type: "send/started", text: "hi", otid: "otid-mine" });
    state = chatReducer(state, { type: "stream/event", event: { type: "chunk", chunk: toStreamChunk(assistant("Hello!"))! } });
    const streamed = state.rows.slice();
    // A fresh page: equal items, new objects (the images too), as the network gives them.
    const again = structuredClone([withImage, reply(1)]);
    state = chatReducer(state, {
      type: "history/loaded", mode: "newest",
      page: page([...again, item("user", { id: "message-mine", otid: "otid-mine", text: "hi" }), item("assistant", { id: MSG, otid: ASSISTANT_OTID, text: "Hello!" })]),
    });
    expect(state.rows[0]).toBe(before[0]);
    expect(state.rows[1]).toBe(before[1]);
    // The reply's rows do change: real ids, no longer live or pending.
    expect(state.rows[2]).not.toBe(streamed[2]);
    expect(state.rows[2]).toMatchObject({ id: "message-mine", pending: false });
    expect(state.rows[3]).not.toBe(streamed[3]);
    expect(state.rows[3]).toMatchObject({ live: false });
    // And a row the page says something new about changes too.
    const edited = chatReducer(state, { type: "history/loaded", mode: "newest", page: page([withImage, reply(1, "a1, edited")]) });
    expect(edited.rows[0]).toBe(before[0]);
    expect(edited.rows[1]).not.toBe(before[1]);
    expect(texts(edited.rows).slice(0, 2)).toStrictEqual(["user:u1", "assistant:a1, edited"]);
  });

  it("takes a newest page that shares nothing as the truth (the conversation was replaced)", () => {
    const { rows: old } = mergeHistory([], [user(1), reply(1)], "initial");
    const { rows, replaced } = mergeHistory(old, [user(7), reply(7)], "newest");
    expect(replaced).toBe(true);
    expect(texts(rows)).toStrictEqual(["user:u7", "assistant:a7"]);
  });

  it("matches by (id, kind) when the stored item has no otid", () => {
    const { rows: streamed } = mergeHistory([], [item("assistant", { id: "message-x", otid: null, text: "partial" })], "initial");
    const { rows } = mergeHistory(streamed, [item("assistant", { id: "message-x", otid: null, text: "full" })], "newest");
    expect(texts(rows)).toStrictEqual(["assistant:full"]);
  });
});

describe("mergeHistory after re-attaching", () => {
  it("puts the user's message, stored only with the reply, above the reply it belongs to", () => {
    const { rows: onScreen } = mergeHistory([], [user(1), reply(1), reply(2, "streamed")], "initial");
    const { rows, replaced } = mergeHistory(onScreen, [user(1), reply(1), user(2, "question"), reply(2, "streamed")], "newest");
    expect(replaced).toBe(false);
    expect(texts(rows)).toStrictEqual(["user:u1", "assistant:a1", "user:question", "assistant:streamed"]);
  });

  it("also when the page starts with it", () => {
    const { rows: onScreen } = mergeHistory([], [item("reasoning", { id: "message-a2", otid: "otid-r2", text: "t" }), reply(2)], "initial");
    const { rows } = mergeHistory(onScreen, [user(2, "question"), item("reasoning", { id: "message-a2", otid: "otid-r2", text: "t" }), reply(2)], "newest");
    expect(texts(rows)).toStrictEqual(["user:question", "reasoning:t", "assistant:a2"]);
  });
});
