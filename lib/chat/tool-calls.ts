import "server-only";
import type { ClientTool, PendingToolCall, ToolAnswer } from "@/lib/letta/conversations";
import { formatHits, HISTORY_SEARCH_TOOL, searchOwnHistory } from "./history-search";

// Client-side tools: the model asks, the run stops with `requires_approval`,
// and Threadline (the "client" in Letta's terms, but on the server, where the
// session says whose conversation this is) runs the tool and answers.
// The browser never supplies a tool result: it can only ask the server to go on.

type Json = Record<string, unknown>;

/** The tools offered with every send, when the agent's privacy settings allow them. */
export function clientToolsFor({ historySearch }: { historySearch: boolean }): ClientTool[] {
  return historySearch ? [HISTORY_SEARCH_TOOL] : [];
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
