import { describe, expect, it } from "vitest";
import { oldestFirst, toChatItem, type LettaListItem } from "@/lib/chat/history-items";

describe("history items", () => {
  it("reverses a newest-first page without splitting one message's parts", () => {
    const newestFirst: LettaListItem[] = [
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
