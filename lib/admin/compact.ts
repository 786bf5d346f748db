import "server-only";
import { getUserForAdmin } from "@/lib/db/admin-users";
import { recordAudit } from "@/lib/db/audit";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { letta } from "@/lib/letta/client";
import { toAppError, upstreamStatus } from "@/lib/letta/errors";
import { assertThreadAccess } from "./thread-access";

export type CompactionResult = { summary: string; messagesBefore: number; messagesAfter: number };

/**
 * Has Letta summarise a user's conversation now (what it does by itself when the
 * context window fills up): older messages leave the model's context, replaced by
 * a summary; the user's history keeps them and shows a "summarised" divider.
 * Gated like reading the thread (the summary is thread content), and recorded.
 */
export async function compactUserThread({ admin, userId }: { admin: SessionUser; userId: string }): Promise<CompactionResult> {
  assertThreadAccess();
  const target = await getUserForAdmin({ id: userId });
  if (!target) throw new AppError("not_found:admin", "There is no user with this id.");
  const conversationId = target.conversation?.lettaConversationId;
  if (!conversationId) throw new AppError("conflict:admin", "This user has not chatted yet: there is nothing to summarise.");
  let response: { summary: string; num_messages_before: number; num_messages_after: number };
  try {
    response = await letta().conversations.messages.compact(conversationId, {}, { maxRetries: 0 });
  } catch (error) {
    const status = upstreamStatus(error);
    if (status === 400) throw new AppError("conflict:admin", "Nothing to summarise yet: the conversation is too short.", { cause: error });
    if (status === 404) throw new AppError("conflict:admin", "Letta no longer has this conversation; the user's next message starts a new one.", { cause: error });
    if (status === 409) throw new AppError("conflict:admin", "A reply is in progress in this conversation. Try again when it has finished.", { cause: error });
    throw toAppError(error, "admin");
  }
  const result = { summary: response.summary, messagesBefore: response.num_messages_before, messagesAfter: response.num_messages_after };
  // After the fact: the audit log records what happened, and this did.
  await recordAudit({
    admin: { id: admin.id, email: admin.email },
    target: { id: target.id, email: target.email },
    action: "THREAD_COMPACT",
    details: { lettaConversationId: conversationId, messagesBefore: result.messagesBefore, messagesAfter: result.messagesAfter },
  });
  return result;
}
