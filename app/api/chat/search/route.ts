import { withUser } from "@/lib/api/with-user";
import { AppError } from "@/lib/errors";
import { readSearchCursor, signSearchCursor } from "@/lib/chat/search-cursor";
import { findInThread } from "@/lib/chat/thread-search";
import { searchQuerySchema, singleValued } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Finds messages of the signed-in user's own thread. The conversation is the session's (loaded by the
 * gate); a user who has none yet finds nothing, and the search never creates one.
 */
export const GET = withUser(async ({ req, conversation }) => {
  const { q, limit, before } = searchQuerySchema.parse(singleValued(new URL(req.url).searchParams));
  const conversationId = conversation?.lettaConversationId ?? null;
  // Only a cursor this server signed for this user's conversation continues a search (none without a thread).
  let from: string | undefined;
  if (before) {
    from = (conversationId && readSearchCursor(conversationId, before)) || undefined;
    if (!from) throw new AppError("bad_request:conversation", "before must be the nextCursor of an earlier search.");
  }
  const result = await findInThread({ conversationId, query: q, limit, before: from });
  const nextCursor = result.nextCursor && conversationId ? signSearchCursor(conversationId, result.nextCursor) : null;
  return Response.json({ ...result, nextCursor });
}, { rateLimit: "search" });
