import "server-only";
import { letta } from "./client";
import { toAppError, upstreamStatus } from "./errors";

// The Letta gateway for conversations: every call Threadline makes about a conversation, its messages and its
// runs. Each function answers with a typed outcome for what the caller must decide on (a conversation Letta
// no longer knows is `{ kind: "lost" }`, a conversation already running is `{ kind: "busy", runId }`, …) and
// throws an AppError for everything else (unreachable, misconfigured, rate limited: lib/letta/errors.ts).
// Letta's statuses and the SDK stay in this folder. This file holds a conversation's life (create, facts,
// compact, delete) and is the gateway's one door: runs (conversation-runs.ts) and message reads
// (conversation-messages.ts) live in files of their own, re-exported here so callers import from one place.
export * from "./conversation-messages";
export * from "./conversation-runs";

/** Letta no longer has the conversation (deleted upstream, or a new Letta project). */
export type Lost = { kind: "lost" };

/** Creates a conversation of the agent; its id. */
export async function createConversation({ agentId }: { agentId: string }): Promise<string> {
  try {
    return (await letta().conversations.create({ agent_id: agentId }, { maxRetries: 2 })).id;
  } catch (error) {
    throw toAppError(error, "conversation");
  }
}

export type CompactOutcome =
  | { kind: "compacted"; summary: string; messagesBefore: number; messagesAfter: number }
  /** Too short to summarise. */
  | { kind: "tooShort" }
  /** A run holds the conversation. */
  | { kind: "busy" }
  | Lost;

/** Has Letta summarise the conversation now (what it does by itself when the context window fills up). */
export async function compactConversation({ conversationId }: { conversationId: string }): Promise<CompactOutcome> {
  try {
    const response = await letta().conversations.messages.compact(conversationId, {}, { maxRetries: 0 });
    return { kind: "compacted", summary: response.summary, messagesBefore: response.num_messages_before, messagesAfter: response.num_messages_after };
  } catch (error) {
    const status = upstreamStatus(error);
    if (status === 400) return { kind: "tooShort" };
    if (status === 404) return { kind: "lost" };
    if (status === 409) return { kind: "busy" };
    throw toAppError(error, "admin");
  }
}

export type ConversationFacts = {
  /** Messages in the conversation's context window right now (Letta's in_context_message_ids). */
  inContextMessages: number | null;
  archived: boolean;
};

/** What Letta knows about a conversation beyond our own mapping; throws when Letta cannot say (bounded to 5 s). */
export async function conversationFacts({ conversationId }: { conversationId: string }): Promise<ConversationFacts> {
  try {
    const conversation = await letta().conversations.retrieve(conversationId, { maxRetries: 0, timeout: 5_000 });
    return {
      inContextMessages: conversation.in_context_message_ids ? conversation.in_context_message_ids.length : null,
      archived: conversation.archived === true,
    };
  } catch (error) {
    throw toAppError(error, "admin");
  }
}

/**
 * Deletes a conversation and its messages (account deletion). Idempotent: a conversation Letta no longer has
 * (404: deleted by an earlier attempt, or lost) counts as deleted, so a retry after a failure finishes the job.
 */
export async function deleteConversation({ conversationId }: { conversationId: string }): Promise<{ kind: "deleted" } | { kind: "gone" }> {
  try {
    await letta().conversations.delete(conversationId, { maxRetries: 1 });
    return { kind: "deleted" };
  } catch (error) {
    if (upstreamStatus(error) === 404) return { kind: "gone" };
    throw toAppError(error, "conversation");
  }
}
