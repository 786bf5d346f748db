import type { App } from "../app";
import { isId } from "../ids";
import { unprocessable } from "../http/errors";
import { requireId } from "../http/validate";
import type { ConversationRecord } from "../store/conversations";
import { requireConversation, requireDefaultConversation } from "../services/conversation-lifecycle";

/** GET/PATCH/DELETE /v1/conversations/{id} accept only a `conv-<uuid v4>` (R9). */
export async function strictConversation(app: App, id: string | undefined): Promise<ConversationRecord> {
  return requireConversation(app, requireId("conversation", id, "conversation_id"));
}

/**
 * Sub-resources accept `default` (with agent_id), a `conv-` id, or a deprecated `agent-` id (agent-direct mode,
 * R7): the last two of these act on the agent's default conversation.
 */
export async function conversationTarget(app: App, id: string | undefined, agentId: string | null | undefined): Promise<ConversationRecord> {
  if (id === "default") {
    if (!agentId) throw unprocessable("agent_id is required when conversation_id is 'default'");
    return requireDefaultConversation(app, requireId("agent", agentId));
  }
  if (id && isId("agent", id)) return requireDefaultConversation(app, id);
  return requireConversation(app, requireId("conversation", id, "conversation_id"));
}
