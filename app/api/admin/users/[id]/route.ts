import { deleteAccountAsAdmin } from "@/lib/account/delete-account";
import { getConversationFacts } from "@/lib/admin/conversation-facts";
import { parseUserId } from "@/lib/admin/schemas";
import { threadAccessEnabled } from "@/lib/admin/thread-access";
import { userJson } from "@/lib/admin/users";
import { withAdmin } from "@/lib/api/with-admin";
import { getUserForAdmin } from "@/lib/db/admin-users";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** GET /api/admin/users/:id — the account and its conversation's facts (no message content: not audited). */
export const GET = withAdmin<{ id: string }>(async ({ params }) => {
  const user = await getUserForAdmin({ id: parseUserId(params.id) });
  if (!user) throw new AppError("not_found:admin", "There is no user with this id.");
  const conversation = user.conversation;
  const facts = conversation ? await getConversationFacts({ lettaConversationId: conversation.lettaConversationId }) : null;
  return Response.json({
    user: userJson(user),
    conversation: conversation
      ? {
          lettaConversationId: conversation.lettaConversationId,
          createdAt: conversation.createdAt.toISOString(),
          messageCount: conversation.messageCount,
          lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
          inContextMessages: facts?.inContextMessages ?? null,
        }
      : null,
    threadAccess: threadAccessEnabled(),
  });
});

/** DELETE /api/admin/users/:id — deletes the account (its Letta conversation, then its rows); audited. */
export const DELETE = withAdmin<{ id: string }>(async ({ user, params }) => {
  await deleteAccountAsAdmin({ admin: { id: user.id, email: user.email }, targetId: parseUserId(params.id) });
  return Response.json({ deleted: true });
});
