import { compactUserThread } from "@/lib/admin/compact";
import { parseUserId } from "@/lib/admin/schemas";
import { withAdmin } from "@/lib/api/with-admin";

export const dynamic = "force-dynamic";

/**
 * POST /api/admin/users/:id/compact — Letta summarises the user's conversation now.
 * 403 when ADMIN_THREAD_ACCESS is off, 409 when there is nothing to summarise or a
 * reply is in progress; one audit record per compaction.
 */
export const POST = withAdmin<{ id: string }>(async ({ user, params }) =>
  Response.json(await compactUserThread({ admin: user, userId: parseUserId(params.id) })));
