import "server-only";
import { letta } from "./client";
import type { Lost } from "./conversations";
import { toAppError, upstreamStatus } from "./errors";
import { contentText, isReasoning, toolCallOf, type LettaMessage } from "./wire";

// The gateway's reads of a conversation's messages (part of lib/letta/conversations.ts, which re-exports them):
// history pages newest first, the whole history oldest first (the export), the client tool call a conversation
// waits on, and Letta's message search.

/**
 * Which query parameter pages to OLDER messages in a newest-first list. Letta's
 * docs say cursors follow the sort order (`after` = older in `desc`); the
 * retired open-source server read them chronologically (`before` = older).
 * Letta Cloud's reading is not documented, so we ask the server once per
 * instance: from the newest message, the older-reading parameter returns
 * something and the other returns nothing.
 */
type OlderParam = "after" | "before";
let olderParam: OlderParam | undefined;

async function list(conversationId: string, query: Record<string, unknown>, options: { maxRetries?: number } = {}): Promise<LettaMessage[]> {
  const page = await letta().conversations.messages.list(conversationId, { order: "desc", ...query }, options);
  return page.getPaginatedItems() as unknown as LettaMessage[];
}

async function detectOlderParam(conversationId: string): Promise<OlderParam> {
  if (olderParam) return olderParam;
  const newestId = (await list(conversationId, { limit: 1 }))[0]?.id;
  if (!newestId) return "after";
  const viaAfter = await list(conversationId, { after: newestId, limit: 1 });
  olderParam = viaAfter.length > 0 && viaAfter[0]!.id !== newestId ? "after" : "before";
  return olderParam;
}

export type PageOutcome =
  | { kind: "page"; newestFirst: LettaMessage[] }
  | Lost
  /** `before` is not a message Letta knows in this conversation (or it refused it). */
  | { kind: "badCursor" };

/** Up to `limit` messages, newest first, older than `before` (a Letta message id) when given. */
export async function listMessages(
  { conversationId, before, limit }: { conversationId: string; before?: string; limit: number },
): Promise<PageOutcome> {
  try {
    if (!before) return { kind: "page", newestFirst: await list(conversationId, { limit }) };
    const param = await detectOlderParam(conversationId);
    return { kind: "page", newestFirst: await list(conversationId, { [param]: before, limit }) };
  } catch (error) {
    const status = upstreamStatus(error);
    // A cursor Letta does not know (or refuses) is the request's fault, not a lost conversation.
    if (before && (status === 400 || status === 404 || status === 422)) return { kind: "badCursor" };
    if (status === 404) return { kind: "lost" };
    throw toAppError(error, "conversation");
  }
}

export type PendingToolCall = {
  toolCallId: string;
  name: string;
  arguments: string;
  /** The user message this turn answers: a search leaves it out, or every search would find its own question. */
  questionId: string | null;
};

/**
 * The client tool call the conversation is waiting on (its run stopped with `requires_approval`), if any: the
 * newest message that is not reasoning is an approval request with no answer after it. A lost conversation
 * waits on nothing.
 */
export async function findPendingToolCall({ conversationId }: { conversationId: string }): Promise<PendingToolCall | null> {
  let newestFirst: LettaMessage[];
  try {
    newestFirst = await list(conversationId, { limit: 20 }, { maxRetries: 1 });
  } catch (error) {
    if (upstreamStatus(error) === 404) return null;
    throw toAppError(error, "message");
  }
  const request = newestFirst.find((message) => !isReasoning(message));
  if (request?.message_type !== "approval_request_message") return null;
  const call = toolCallOf(request);
  if (call.toolCallId === null) return null;
  const question = newestFirst.find((message) => message.message_type === "user_message");
  return { toolCallId: call.toolCallId, name: call.name ?? "", arguments: call.arguments ?? "", questionId: question?.id ?? null };
}

export type SearchResult = {
  /** The conversation Letta says the message belongs to; null when it does not say. */
  conversationId: string | null;
  messageId: string | null;
  role: "user" | "assistant" | null;
  date: string | null;
  text: string;
};

/**
 * Letta's message search, filtered to one conversation (a Letta Cloud feature): `unsupported` when the server
 * has no search endpoint. The results are as the server sent them: the caller checks each one's conversation.
 */
export async function searchMessages(
  { conversationId, query, limit }: { conversationId: string; query: string; limit: number },
): Promise<{ kind: "results"; results: SearchResult[] } | { kind: "unsupported" }> {
  let raw: unknown;
  try {
    raw = await letta().messages.search({ query, conversation_id: conversationId, limit }, { maxRetries: 1 });
  } catch (error) {
    const status = upstreamStatus(error);
    if (status === 404 || status === 405 || status === 501) return { kind: "unsupported" };
    throw toAppError(error, "message");
  }
  if (!Array.isArray(raw)) return { kind: "unsupported" };
  const str = (value: unknown) => (typeof value === "string" ? value : null);
  const results = (raw as Record<string, unknown>[]).map((result): SearchResult => ({
    conversationId: str(result.conversation_id),
    messageId: str(result.message_id),
    role: result.message_type === "user_message" ? "user" : result.message_type === "assistant_message" ? "assistant" : null,
    date: str(result.created_at),
    text: contentText(result.content),
  }));
  return { kind: "results", results };
}

/**
 * One page of the whole history, OLDEST first, after the message `after` (none: from the start), for the export.
 * `order: "asc"` reads the same under every cursor semantics Letta servers have had (protocol notes §7). Items of
 * one stored message share its id, so `after` = the last item's id continues past the whole message.
 */
export async function listMessagesOldestFirst(
  { conversationId, after, limit, signal }: { conversationId: string; after?: string; limit: number; signal?: AbortSignal },
): Promise<{ kind: "page"; oldestFirst: LettaMessage[] } | Lost> {
  try {
    const page = await letta().conversations.messages.list(
      conversationId, { order: "asc", limit, ...(after ? { after } : {}) }, { maxRetries: 2, signal },
    );
    return { kind: "page", oldestFirst: page.getPaginatedItems() as unknown as LettaMessage[] };
  } catch (error) {
    if (!after && upstreamStatus(error) === 404) return { kind: "lost" };
    throw toAppError(error, "conversation");
  }
}
