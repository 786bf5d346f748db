import "server-only";
import { letta } from "@/lib/letta/client";
import { toolCallOf } from "./client/stream-chunk";
import { formatHits, HISTORY_SEARCH_TOOL, searchOwnHistory } from "./history-search";

// Client-side tools: the model asks, the run stops with `requires_approval`,
// and Threadline (the "client" in Letta's terms, but on the server, where the
// session says whose conversation this is) runs the tool and answers.
// The browser never supplies a tool result: it can only ask the server to go on.

export type PendingToolCall = {
  toolCallId: string;
  name: string;
  arguments: string;
  /** The user message this turn answers: a search leaves it out, or every search would find its own question. */
  questionId: string | null;
};
export type ToolAnswer = { toolCallId: string; status: "success" | "error"; toolReturn: string };

type Json = Record<string, unknown>;

/** The tools offered with every send, when the agent's privacy settings allow them. */
export function clientToolsFor({ historySearch }: { historySearch: boolean }) {
  return historySearch ? [HISTORY_SEARCH_TOOL] : [];
}

/**
 * The tool call the conversation is waiting on, if any: the newest message that
 * is not reasoning is an approval request with no answer after it.
 */
export async function findPendingToolCall(conversationId: string): Promise<PendingToolCall | null> {
  const page = await letta().conversations.messages.list(conversationId, { order: "desc", limit: 20 }, { maxRetries: 1 });
  const newestFirst = page.getPaginatedItems() as unknown as Json[];
  const request = newestFirst.find((message) => message.message_type !== "reasoning_message" && message.message_type !== "hidden_reasoning_message");
  if (request?.message_type !== "approval_request_message") return null;
  const call = toolCallOf(request);
  if (typeof call.tool_call_id !== "string") return null;
  const question = newestFirst.find((message) => message.message_type === "user_message");
  return {
    toolCallId: call.tool_call_id,
    name: typeof call.name === "string" ? call.name : "",
    arguments: typeof call.arguments === "string" ? call.arguments : "",
    questionId: typeof question?.id === "string" ? question.id : null,
  };
}

function parseArguments(raw: string): Json {
  try {
    const value: unknown = JSON.parse(raw || "{}");
    return value && typeof value === "object" ? (value as Json) : {};
  } catch {
    return {};
  }
}

/** Runs one client tool for the user whose conversation this is. Never throws for the model's mistakes. */
export async function runToolCall({ conversationId, call }: { conversationId: string; call: PendingToolCall }): Promise<ToolAnswer> {
  const answer = (status: ToolAnswer["status"], toolReturn: string): ToolAnswer => ({ toolCallId: call.toolCallId, status, toolReturn });
  if (call.name !== HISTORY_SEARCH_TOOL.name) return answer("error", `Unknown tool '${call.name}'. Only ${HISTORY_SEARCH_TOOL.name} is available.`);
  const args = parseArguments(call.arguments);
  const query = typeof args.query === "string" ? args.query.slice(0, 500) : "";
  if (!query.trim()) return answer("error", "The search needs a non-empty 'query'.");
  const limit = typeof args.limit === "number" ? args.limit : undefined;
  try {
    return answer("success", formatHits(query, await searchOwnHistory({ conversationId, query, limit, skipMessageId: call.questionId })));
  } catch (error) {
    console.error("[chat] history search failed", error);
    return answer("error", "The history search is unavailable right now.");
  }
}
