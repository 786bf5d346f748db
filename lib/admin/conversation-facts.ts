import "server-only";
import { letta } from "@/lib/letta/client";

export type ConversationFacts = {
  /** Messages in the conversation's context window right now (Letta's in_context_message_ids). */
  inContextMessages: number | null;
  archived: boolean;
};

/**
 * What Letta knows about a conversation beyond our own mapping. Best effort: the
 * admin page still renders (with "unavailable") when Letta is unreachable or has
 * lost the conversation.
 */
export async function getConversationFacts({ lettaConversationId }: { lettaConversationId: string }): Promise<ConversationFacts | null> {
  try {
    const conversation = await letta().conversations.retrieve(lettaConversationId, { maxRetries: 0, timeout: 5_000 });
    return {
      inContextMessages: conversation.in_context_message_ids ? conversation.in_context_message_ids.length : null,
      archived: conversation.archived === true,
    };
  } catch (error) {
    console.error("[admin] conversation facts unavailable", lettaConversationId, error instanceof Error ? error.message : error);
    return null;
  }
}
