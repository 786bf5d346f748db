import "server-only";
import { getUserForAdmin } from "@/lib/db/admin-users";
import { recordAudit } from "@/lib/db/audit";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { compactConversation } from "@/lib/letta/conversations";
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
  const outcome = await compactConversation({ conversationId });
  if (outcome.kind === "tooShort") throw new AppError("conflict:admin", "Nothing to summarise yet: the conversation is too short.");
  if (outcome.kind === "lost") throw new AppError("conflict:admin", "Letta no longer has this conversation; the user's next message starts a new one.");
  if (outcome.kind === "busy") throw new AppError("conflict:admin", "A reply is in progress in this conversation. Try again when it has finished.");
  const result = { summary: outcome.summary, messagesBefore: outcome.messagesBefore, messagesAfter: outcome.messagesAfter };
  // After the fact: the audit log records what happened, and this did.
  await recordAudit({
    admin: { id: admin.id, email: admin.email },
    target: { id: target.id, email: target.email },
    action: "THREAD_COMPACT",
    details: { lettaConversationId: conversationId, messagesBefore: result.messagesBefore, messagesAfter: result.messagesAfter },
  });
  return result;
}
