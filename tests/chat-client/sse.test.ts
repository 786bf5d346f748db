import { describe, expect, it } from "vitest";
import { readStreamEvents, toStreamEvent, type StreamEvent } from "@/lib/chat/client/sse";
import { toStreamChunk } from "@/lib/letta/wire";
import {
  ASSISTANT_OTID, DONE, MSG, RUN, assistant, errorFrame, frame, ping, reasoning, sseBody, stopReason, threadline, toolCall, toolReturn, usage,
} from "./fixtures";

async function collect(body: ReadableStream<Uint8Array>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of readStreamEvents(body)) events.push(event);
  return events;
}

describe("toStreamChunk", () => {
  it("keeps the identity fields of a token delta", () => {
    expect(toStreamChunk(assistant("Hel", 3))).toStrictEqual({
      type: "assistant", id: MSG, otid: ASSISTANT_OTID, runId: RUN, seqId: 3, date: "2026-08-01T12:00:01+00:00", delta: "Hel",
    });
  });

  it("reads assistant content given as text parts", () => {
    const chunk = toStreamChunk(assistant("", null, { content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] }));
    expect(chunk).toMatchObject({ type: "assistant", delta: "ab" });
  });

  it("reads tool calls from tool_call, or from tool_calls when only that is set", () => {
    expect(toStreamChunk(toolCall({ name: "conversation_search", arguments: '{"q', tool_call_id: "call_1" })))
      .toMatchObject({ type: "tool_call", name: "conversation_search", argsDelta: '{"q', toolCallId: "call_1" });
    expect(toStreamChunk(toolCall(null as never, null, { tool_call: null, tool_calls: [{ arguments: "uery" }] })))
      .toMatchObject({ type: "tool_call", name: null, argsDelta: "uery", toolCallId: null });
  });

  it("maps tool returns, stop reasons and unknown types", () => {
    expect(toStreamChunk(toolReturn("boom", 9, "error"))).toMatchObject({ type: "tool_return", status: "error", output: "boom", toolCallId: "call_1" });
    expect(toStreamChunk(stopReason("cancelled"))).toMatchObject({ type: "stop_reason", stopReason: "cancelled", seqId: null });
    expect(toStreamChunk(usage())).toMatchObject({ type: "other", messageType: "usage_statistics" });
    expect(toStreamChunk({ hello: 1 })).toBeNull();
    expect(toStreamChunk("nope")).toBeNull();
  });
});

describe("toStreamEvent", () => {
  it("recognises [DONE], error frames in both shapes, and our threadline events", () => {
    expect(toStreamEvent({ data: "[DONE]" })).toStrictEqual({ type: "done" });
    expect(toStreamEvent({ event: "error", data: '{"message_type":"error_message","message":"Rate limited","error_type":"llm_rate_limit"}' }))
      .toStrictEqual({ type: "error", message: "The model is busy right now.", errorType: "llm_rate_limit" });
    // Upstream wording is for developers and may carry internals: the user reads ours, by error type.
    expect(toStreamEvent({ event: "error", data: '{"error":"invalid byte sequence for encoding UTF8","code":"INTERNAL_SERVER_ERROR"}' }))
      .toStrictEqual({ type: "error", message: "The assistant ran into a problem while answering.", errorType: null });
    expect(toStreamEvent({ event: "error", data: '{"message":"The stream was cut (injected fault).","error_type":"stream_incomplete"}' }))
      .toMatchObject({ type: "error", message: "The reply was cut off before it finished." });
    expect(toStreamEvent({ event: "error", data: "not json" })).toMatchObject({ type: "error", message: expect.stringMatching(/problem/) });
    expect(toStreamEvent({ event: "threadline", data: '{"type":"handoff"}' })).toStrictEqual({ type: "handoff" });
    expect(toStreamEvent({ event: "threadline", data: '{"type":"notice","message":"New conversation"}' }))
      .toStrictEqual({ type: "notice", message: "New conversation" });
  });

  it("ignores other named events and malformed data", () => {
    expect(toStreamEvent({ event: "cancelled", data: "{}" })).toBeNull();
    expect(toStreamEvent({ data: "{broken" })).toBeNull();
    expect(toStreamEvent({ event: "threadline", data: '{"type":"mystery"}' })).toBeNull();
  });
});

describe("readStreamEvents", () => {
  it("parses a whole turn whose frames straddle network reads", async () => {
    const text = [ping(1), reasoning("Think", 2), assistant("Hel", 3), assistant("lo!", 4), stopReason(), usage()].map(frame).join("") + DONE;
    const events = await collect(sseBody(text, 5));
    expect(events.map((e) => (e.type === "chunk" ? e.chunk.type : e.type)))
      .toStrictEqual(["ping", "reasoning", "assistant", "assistant", "stop_reason", "other", "done"]);
  });

  it("handles CRLF framing, comments, error and threadline events", async () => {
    const text = `: keepalive\r\n\r\n${frame(assistant("x")).replace(/\n/g, "\r\n")}${errorFrame("Model failed")}${threadline({ type: "handoff" })}`;
    const events = await collect(sseBody(text, 3));
    expect(events).toMatchObject([{ type: "chunk" }, { type: "error", message: "The model had a problem answering." }, { type: "handoff" }]);
  });

  it("throws when the connection fails mid-body, after yielding what arrived", async () => {
    const bytes = new TextEncoder().encode(frame(assistant("partial")));
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError("network error"));
        sent = true;
        controller.enqueue(bytes);
      },
    });
    const seen: StreamEvent[] = [];
    await expect((async () => { for await (const e of readStreamEvents(body)) seen.push(e); })()).rejects.toThrow("network error");
    expect(seen).toHaveLength(1);
  });
});
