import { describe, expect, it } from "vitest";
import { contentText, oldestFirst, toChatItem, toolCallOf, toStreamChunk, type LettaMessage } from "@/lib/letta/wire";

describe("history items (toChatItem)", () => {
  it("reverses a newest-first page without splitting one message's parts", () => {
    const newestFirst: LettaMessage[] = [
      { id: "m3", message_type: "reasoning_message" },
      { id: "m3", message_type: "assistant_message" },
      { id: "m2", message_type: "user_message" },
      { id: "m1", message_type: "reasoning_message" },
      { id: "m1", message_type: "assistant_message" },
    ];
    expect(oldestFirst(newestFirst).map((m) => `${m.id}:${m.message_type}`)).toEqual([
      "m1:reasoning_message", "m1:assistant_message", "m2:user_message", "m3:reasoning_message", "m3:assistant_message",
    ]);
  });

  it("keeps what the chat view renders and drops system messages", () => {
    expect(toChatItem({ id: "s", message_type: "system_message", content: "You are…" })).toBeNull();
    expect(toChatItem({ id: "h", message_type: "hidden_reasoning_message" })).toBeNull();
    expect(toChatItem({ id: "u", message_type: "user_message", otid: "o1", date: "d", content: [{ type: "text", text: "hi " }, { type: "text", text: "there" }] }))
      .toEqual({ id: "u", otid: "o1", date: "d", kind: "user", text: "hi there" });
    expect(toChatItem({ id: "t", message_type: "tool_call_message", tool_call: { name: "search", arguments: "{}", tool_call_id: "c1" } }))
      .toMatchObject({ kind: "tool_call", name: "search", arguments: "{}", toolCallId: "c1" });
    expect(toChatItem({ id: "r", message_type: "tool_return_message", tool_return: "ok", status: "error", tool_call_id: "c1" }))
      .toMatchObject({ kind: "tool_return", output: "ok", status: "error" });
    expect(toChatItem({ id: "x", message_type: "summary_message", summary: "Earlier: …" })).toMatchObject({ kind: "summary", text: "Earlier: …" });
  });

  it("shows the answer to a client tool call as that call's result", () => {
    const answered = { id: "a", message_type: "approval_response_message", approvals: [{ type: "tool", tool_call_id: "call_9", tool_return: "Results for …", status: "success" }] };
    expect(toChatItem(answered)).toMatchObject({ kind: "tool_return", toolCallId: "call_9", status: "success", output: "Results for …" });
    const denied = { id: "d", message_type: "approval_response_message", approvals: [{ type: "approval", tool_call_id: "call_9", approve: false, reason: "cancelled" }] };
    expect(toChatItem(denied)).toMatchObject({ kind: "tool_return", status: "error", output: "cancelled" });
    expect(toChatItem({ id: "e", message_type: "approval_response_message", approvals: [] })).toBeNull();
  });

  it("recognises Letta's compaction summary listed as a user message, and only that", () => {
    const packed = JSON.stringify({
      type: "system_alert",
      message: "Note: prior messages have been hidden from view due to conversation memory constraints.\nThe following is a summary of the previous messages:\n They talked about herons.",
      time: "2026-11-22 08:00:00 AM UTC+0000",
    });
    expect(toChatItem({ id: "s", message_type: "user_message", otid: null, content: packed })).toEqual({ id: "s", otid: null, date: null, kind: "summary", text: "They talked about herons." });
    // A person typing JSON, even a system alert of another kind, is still a person typing.
    const typed = JSON.stringify({ type: "system_alert", message: "hello" });
    expect(toChatItem({ id: "u", message_type: "user_message", content: typed })).toMatchObject({ kind: "user", text: typed });
    expect(toChatItem({ id: "u", message_type: "user_message", content: "{not json" })).toMatchObject({ kind: "user", text: "{not json" });
  });
});

describe("one reading of Letta's message fields for history and live chunks", () => {
  it("reads content as a string or as text parts, ignoring parts that carry no text for us", () => {
    expect(contentText("plain")).toBe("plain");
    expect(contentText([{ type: "text", text: "a" }, { text: "b" }, { type: "image", source: {} }, null, 7])).toBe("ab");
    expect(contentText(undefined)).toBe("");
    expect(contentText({ text: "not a list" })).toBe("");
    // The same parts give the same text in a stored message and in a live chunk.
    const parts = [{ type: "text", text: "Hel" }, { type: "text", text: "lo" }];
    expect(toChatItem({ id: "m", message_type: "assistant_message", content: parts })).toMatchObject({ text: "Hello" });
    expect(toStreamChunk({ id: "m", message_type: "assistant_message", content: parts })).toMatchObject({ delta: "Hello" });
  });

  it("finds the tool call in tool_call, a tool_calls list, or a single tool_calls delta", () => {
    expect(toolCallOf({ tool_call: { tool_call_id: "c1", name: "search", arguments: "{}" } })).toEqual({ toolCallId: "c1", name: "search", arguments: "{}" });
    expect(toolCallOf({ tool_calls: [{ tool_call_id: "c2", name: "n" }] })).toEqual({ toolCallId: "c2", name: "n", arguments: null });
    expect(toolCallOf({ tool_calls: { arguments: "uery" } })).toEqual({ toolCallId: null, name: null, arguments: "uery" });
    expect(toolCallOf({ tool_call: null, tool_calls: [] })).toEqual({ toolCallId: null, name: null, arguments: null });
    // A history item reads the list form as the stream does.
    expect(toChatItem({ id: "t", message_type: "approval_request_message", tool_calls: [{ tool_call_id: "c3", name: "search_my_history", arguments: "{}" }] }))
      .toMatchObject({ kind: "tool_call", toolCallId: "c3", name: "search_my_history" });
  });

  it("turns a live chunk into what the chat view uses, keeping unknown types as 'other' and non-messages out", () => {
    expect(toStreamChunk({ message_type: "ping", run_id: "run-1", seq_id: 1 })).toMatchObject({ type: "ping", runId: "run-1", seqId: 1 });
    expect(toStreamChunk({ id: "m", otid: "o", message_type: "reasoning_message", reasoning: "hm", seq_id: 2.5 }))
      .toStrictEqual({ id: "m", otid: "o", runId: null, seqId: null, date: null, type: "reasoning", delta: "hm" });
    expect(toStreamChunk({ message_type: "tool_return_message", tool_call_id: "c", status: "error", tool_return: "no" }))
      .toMatchObject({ type: "tool_return", toolCallId: "c", status: "error", output: "no" });
    expect(toStreamChunk({ message_type: "summary_message", summary: "Earlier…" })).toMatchObject({ type: "summary", text: "Earlier…" });
    expect(toStreamChunk({ message_type: "stop_reason" })).toMatchObject({ type: "stop_reason", stopReason: "end_turn" });
    expect(toStreamChunk({ message_type: "usage_statistics" })).toMatchObject({ type: "other", messageType: "usage_statistics" });
    expect(toStreamChunk({ error: "x" })).toBeNull();
    expect(toStreamChunk("[DONE]")).toBeNull();
  });
});
