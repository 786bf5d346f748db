// Letta's SSE chunks, narrowed to what the chat view uses. Parsed loosely on
// purpose: Letta adds fields and message types over time, and an unknown chunk
// must never break a reply that is otherwise rendering fine.

type Identity = {
  /** Letta message id, shared by every token delta of one model message. */
  id: string | null;
  /** Part id within the message (reasoning …00, assistant …01); the stable row key. */
  otid: string | null;
  runId: string | null;
  /** Per-run counter in background runs; null in foreground runs and on stop/usage chunks. */
  seqId: number | null;
  date: string | null;
};

export type StreamChunk =
  | (Identity & { type: "ping" })
  | (Identity & { type: "reasoning"; delta: string })
  | (Identity & { type: "assistant"; delta: string })
  | (Identity & { type: "tool_call"; toolCallId: string | null; name: string | null; argsDelta: string })
  | (Identity & { type: "tool_return"; toolCallId: string | null; status: "success" | "error"; output: string })
  /** Letta compacted the conversation during this run: the summary arrives whole, in one chunk. */
  | (Identity & { type: "summary"; text: string })
  | (Identity & { type: "stop_reason"; stopReason: string })
  | (Identity & { type: "other"; messageType: string });

type Json = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const int = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null);

/** `content` is a string in token deltas, but Letta also allows `[{type:"text", text}]`. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => (part && typeof part === "object" && str((part as Json).text)) || "")
    .join("");
}

/** `tool_call` is the deprecated single call; `tool_calls` may be a list or a single delta. */
export function toolCallOf(json: Json): Json {
  const single = json.tool_call;
  if (single && typeof single === "object") return single as Json;
  const many = json.tool_calls;
  if (Array.isArray(many) && many[0] && typeof many[0] === "object") return many[0] as Json;
  if (many && typeof many === "object") return many as Json;
  return {};
}

/** One `data:` JSON object → a chunk, or null when it is not a Letta message chunk at all. */
export function toStreamChunk(json: unknown): StreamChunk | null {
  if (!json || typeof json !== "object") return null;
  const raw = json as Json;
  const messageType = str(raw.message_type);
  if (!messageType) return null;
  const identity: Identity = {
    id: str(raw.id),
    otid: str(raw.otid),
    runId: str(raw.run_id),
    seqId: int(raw.seq_id),
    date: str(raw.date),
  };
  switch (messageType) {
    case "ping":
      return { ...identity, type: "ping" };
    case "reasoning_message":
      return { ...identity, type: "reasoning", delta: str(raw.reasoning) ?? "" };
    case "assistant_message":
      return { ...identity, type: "assistant", delta: contentText(raw.content) };
    case "tool_call_message":
    case "approval_request_message": {
      const call = toolCallOf(raw);
      return {
        ...identity, type: "tool_call", toolCallId: str(call.tool_call_id), name: str(call.name), argsDelta: str(call.arguments) ?? "",
      };
    }
    case "tool_return_message":
      return {
        ...identity, type: "tool_return", toolCallId: str(raw.tool_call_id),
        status: raw.status === "error" ? "error" : "success", output: str(raw.tool_return) ?? "",
      };
    case "summary_message":
      return { ...identity, type: "summary", text: str(raw.summary) ?? "" };
    case "stop_reason":
      return { ...identity, type: "stop_reason", stopReason: str(raw.stop_reason) ?? "end_turn" };
    default:
      return { ...identity, type: "other", messageType };
  }
}
