import { withUser } from "@/lib/api/with-user";
import { findInThread } from "@/lib/chat/thread-search";
import { searchQuerySchema, singleValued } from "./schema";

export const dynamic = "force-dynamic";

/**
 * Finds messages of the signed-in user's own thread. The conversation is the session's (loaded by the
 * gate); a user who has none yet finds nothing, and the search never creates one.
 */
export const GET = withUser(async ({ req, conversation }) => {
  const { q, limit } = searchQuerySchema.parse(singleValued(new URL(req.url).searchParams));
  return Response.json(await findInThread({ conversationId: conversation?.lettaConversationId ?? null, query: q, limit }));
}, { rateLimit: "search" });
