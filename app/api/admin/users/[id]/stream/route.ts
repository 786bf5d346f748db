import { parseUserId } from "@/lib/admin/schemas";
import { followUserRun } from "@/lib/admin/thread";
import { withAdmin } from "@/lib/api/with-admin";
import { readJson } from "@/lib/api/with-user";
import { proxySse } from "@/lib/chat/proxy-stream";
import { env } from "@/lib/env";
import { adminResumeSchema } from "./schema";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/**
 * POST /api/admin/users/:id/stream — follow the user's reply in progress, read-only;
 * 204 when none is (as POST /api/chat/stream answers). 403 when ADMIN_THREAD_ACCESS
 * is off. Each stream attached is one audit record; a 204 returns nothing and records nothing.
 */
export const POST = withAdmin<{ id: string }>(async ({ req, user, params }) => {
  const startedAt = Date.now();
  const userId = parseUserId(params.id);
  const { runId, startingAfter } = adminResumeSchema.parse((await readJson(req)) ?? {});
  const upstream = await followUserRun({ admin: user, userId, runId, startingAfter, signal: req.signal });
  if (!upstream) return new Response(null, { status: 204 });
  return proxySse({ upstream, deadline: startedAt + env().CHAT_STREAM_MAX_SECONDS * 1000 });
});
