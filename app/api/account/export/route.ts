import { exportFileName, exportStream } from "@/lib/account/export";
import { withUser } from "@/lib/api/with-user";
import { exportQuerySchema } from "./schema";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/**
 * GET /api/account/export?format=markdown|json — the signed-in user's whole conversation as a download, streamed
 * page by page from Letta. The conversation is the session's; a user without one gets an empty export.
 */
export const GET = withUser(async ({ req, user, conversation }) => {
  const { format } = exportQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const now = new Date();
  const body = exportStream({ conversationId: conversation?.lettaConversationId ?? null, format, owner: user, now });
  return new Response(body, {
    headers: {
      "content-type": format === "json" ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(format, now)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}, { rateLimit: "history" });
