import { parseUserId } from "@/lib/admin/schemas";
import { readUserThread } from "@/lib/admin/thread";
import { withAdmin } from "@/lib/api/with-admin";
import { adminHistoryQuerySchema } from "./schema";

export const dynamic = "force-dynamic";

/**
 * GET /api/admin/users/:id/messages?before=&limit= — one page of the user's thread,
 * read-only. 403 when ADMIN_THREAD_ACCESS is off; each call is one audit record.
 */
export const GET = withAdmin<{ id: string }>(async ({ req, user, params }) => {
  const userId = parseUserId(params.id);
  const { before, limit } = adminHistoryQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await readUserThread({ admin: user, userId, before, limit }));
});
