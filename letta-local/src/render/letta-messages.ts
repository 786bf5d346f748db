import { otidFromMessageId } from "../ids";
import { itemTypeOf, type MessagePart, type StoredMessage } from "../store/messages";

/** Letta serialises message dates as `isoformat(timespec="seconds")` in UTC: `2026-08-01T12:00:00+00:00`. */
export function lettaDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/**
 * The otid of each part: user input keeps the client's otid (R10); model output derives it from the message id
 * with the part index, which starts at 0 and moves on whenever the message type changes (R24).
 */
export function partOtids(message: Pick<StoredMessage, "id" | "role" | "parts" | "otid">): (string | null)[] {
  // Letta stores system and summary messages without an otid.
  if (message.role === "system" || message.role === "summary") return message.parts.map(() => null);
  if (message.role === "user" || ((message.role === "tool" || message.role === "approval") && message.otid)) {
    return message.parts.map(() => message.otid);
  }
  let index = -1;
  let previousType = "";
  return message.parts.map((part) => {
    const type = itemTypeOf(part);
    if (type !== previousType) index += 1;
    previousType = type;
    return otidFromMessageId(message.id, index);
  });
}

/**
 * Letta lists a user message whose content is a single text part as a plain string (Message._convert_user_message);
 * anything else stays a list of parts.
 */
export function listedUserContent(content: unknown): unknown {
  if (Array.isArray(content) && content.length === 1) {
    const only = content[0] as { type?: unknown; text?: unknown } | undefined;
    if (only && only.type === "text" && typeof only.text === "string") return only.text;
  }
  return content;
}

/** Type-specific fields of a part, in Letta's key order. */
export function partFields(part: MessagePart): Record<string, unknown> {
  switch (part.kind) {
    case "system":
      return { content: part.text };
    case "user":
      return { content: listedUserContent(part.content) };
    case "reasoning":
      return { source: "reasoner_model", reasoning: part.text, signature: null };
    case "text":
      return { content: part.text };
    case "tool_call": {
      const toolCall = { name: part.name, arguments: part.arguments, tool_call_id: part.tool_call_id };
      return { tool_call: toolCall, tool_calls: [toolCall] };
    }
    case "tool_return":
      return {
        tool_return: part.tool_return,
        status: part.status,
        tool_call_id: part.tool_call_id,
        stdout: null,
        stderr: null,
        tool_returns: [
          { type: "tool", tool_return: part.tool_return, status: part.status, tool_call_id: part.tool_call_id, stdout: null, stderr: null },
        ],
      };
    case "approval":
      return { approvals: part.approvals, approve: part.approve, approval_request_id: null, reason: part.reason };
    case "summary":
      // Listed as a user_message whose content is the stored packed text, as Letta does.
      return { content: part.text };
  }
}

/** One stored message as the LettaMessage items the message list returns (all sharing the message id). */
export function expandMessage(message: StoredMessage): Record<string, unknown>[] {
  const otids = partOtids(message);
  const date = lettaDate(message.createdAt);
  return message.parts.map((part, index) => ({
    id: message.id,
    date,
    name: null,
    message_type: itemTypeOf(part),
    otid: otids[index] ?? null,
    sender_id: null,
    step_id: message.stepId,
    is_err: part.kind === "tool_return" && part.status === "error" ? true : null,
    seq_id: null,
    run_id: message.runId,
    ...partFields(part),
  }));
}
