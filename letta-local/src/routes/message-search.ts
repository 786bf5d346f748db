import { unprocessable } from "../http/errors";
import type { Router } from "../http/router";
import { optionalInt, optionalString, requireId } from "../http/validate";
import { searchWords } from "../model/text";
import { searchMessages, type MessageSearchRow } from "../store/message-search";

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const SEARCH_MODES = new Set(["vector", "fts", "hybrid"]);

function optionalDate(body: Record<string, unknown>, key: string): Date | undefined {
  const raw = optionalString(body, key, 100);
  if (raw === undefined || raw === null) return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw unprocessable(`'${key}' must be an ISO 8601 date`);
  return date;
}

/** One result per message, in the SDK's MessageSearchResponse shape (UserMessageListResult / AssistantMessageListResult). */
function resultJson(row: MessageSearchRow): Record<string, unknown> {
  const user = row.role === "user";
  const content = user
    ? row.parts.find((part) => part.kind === "user")?.content
    : row.parts.map((part) => (part.kind === "text" ? part.text : "")).join("");
  return {
    message_id: row.id,
    message_type: user ? "user_message" : "assistant_message",
    content: content ?? "",
    agent_id: row.agent_id,
    conversation_id: row.conversation_id,
    created_at: row.created_at.toISOString(),
  };
}

/**
 * `client.messages.search` (cloud-only in Letta). Every search mode runs the same word match (no embeddings offline);
 * results are newest first, not ranked.
 */
export function registerMessageSearchRoutes(router: Router): void {
  router.add("POST", "/v1/messages/search", async ({ app, body }) => {
    const input = await body();
    const query = optionalString(input, "query", 2000)?.trim();
    if (!query) throw unprocessable("'query' is required and must not be empty");
    const mode = optionalString(input, "search_mode");
    if (mode && !SEARCH_MODES.has(mode)) throw unprocessable("'search_mode' must be one of vector, fts, hybrid");
    const agentId = optionalString(input, "agent_id") ?? undefined;
    const conversationId = optionalString(input, "conversation_id") ?? undefined;
    const limit = optionalInt(input, "limit") ?? DEFAULT_LIMIT;
    const rows = await searchMessages(app.db, {
      words: searchWords(query),
      agentId: agentId === undefined ? undefined : requireId("agent", agentId, "agent_id"),
      conversationId: conversationId === undefined ? undefined : requireId("conversation", conversationId, "conversation_id"),
      startDate: optionalDate(input, "start_date"),
      endDate: optionalDate(input, "end_date"),
      limit: Math.min(Math.max(limit, 1), MAX_LIMIT),
    });
    return rows.map(resultJson);
  });
}
