import "server-only";
import { conversationFacts, type ConversationFacts } from "@/lib/letta/conversations";

export type { ConversationFacts };

/**
 * What Letta knows about a conversation beyond our own mapping. Best effort: the
 * admin page still renders (with "unavailable") when Letta is unreachable or has
 * lost the conversation.
 */
export async function getConversationFacts({ lettaConversationId }: { lettaConversationId: string }): Promise<ConversationFacts | null> {
  try {
    return await conversationFacts({ conversationId: lettaConversationId });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    console.error("[admin] conversation facts unavailable", lettaConversationId, cause instanceof Error ? cause.message : cause);
    return null;
  }
}
