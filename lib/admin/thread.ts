import "server-only";
import { fetchHistoryPage } from "@/lib/chat/history";
import { resumeRun } from "@/lib/chat/runs";
import type { HistoryPage } from "@/lib/chat/types";
import { getUserForAdmin, type AdminUserDetail } from "@/lib/db/admin-users";
import { recordAudit } from "@/lib/db/audit";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { assertThreadAccess } from "./thread-access";

// Admins reading a user's thread: gated by ADMIN_THREAD_ACCESS, and every read
// that returns thread content is recorded in the audit log (one record per call).
// Read-only by construction: nothing here sends, cancels or creates a conversation.

async function targetOrThrow(userId: string): Promise<AdminUserDetail> {
  const target = await getUserForAdmin({ id: userId });
  if (!target) throw new AppError("not_found:admin", "There is no user with this id.");
  return target;
}

const person = (user: { id: string; email: string | null }) => ({ id: user.id, email: user.email });

/** One page of the user's history, older than `before`; an empty page if they have never chatted. */
export async function readUserThread(
  { admin, userId, before, limit }: { admin: SessionUser; userId: string; before?: string; limit: number },
): Promise<HistoryPage> {
  assertThreadAccess();
  const target = await targetOrThrow(userId);
  const conversation = target.conversation;
  const page: HistoryPage = conversation
    ? await fetchHistoryPage({ conversationId: conversation.lettaConversationId, before, limit, ownerId: target.id })
    : { items: [], nextCursor: null };
  // Recorded before anything is returned: if the record cannot be written, the read fails.
  await recordAudit({
    admin: person(admin), target: person(target), action: "THREAD_READ",
    details: { before: before ?? null, items: page.items.length, lettaConversationId: conversation?.lettaConversationId ?? null },
  });
  return page;
}

/**
 * Letta's SSE for the user's reply in progress (or `runId`, if it is theirs),
 * from `startingAfter`; null when nothing is in progress (nothing returned, so
 * nothing audited). Read-only: the admin watches, never stops or sends.
 */
export async function followUserRun(
  { admin, userId, runId, startingAfter, signal }:
  { admin: SessionUser; userId: string; runId?: string; startingAfter: number; signal: AbortSignal },
): Promise<Response | null> {
  assertThreadAccess();
  const target = await targetOrThrow(userId);
  const conversation = target.conversation;
  if (!conversation) return null;
  const upstream = await resumeRun({ conversation, runId, startingAfter, signal });
  if (!upstream) return null;
  try {
    await recordAudit({
      admin: person(admin), target: person(target), action: "THREAD_FOLLOW",
      details: { runId: runId ?? null, startingAfter, lettaConversationId: conversation.lettaConversationId },
    });
  } catch (error) {
    void upstream.body?.cancel().catch(() => undefined);
    throw error;
  }
  return upstream;
}
