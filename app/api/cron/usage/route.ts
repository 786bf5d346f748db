import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/api/with-user";
import { sweepPendingUsage } from "@/lib/usage/reconcile";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/**
 * GET /api/cron/usage — the usage sweep: counts the runs still pending a minute after they started (a tab closed
 * mid-reply and never came back), up to 500 a call; `{ checked, counted }`. Schedule it (every 10 minutes is
 * plenty): Vercel Cron calls it with `Authorization: Bearer <CRON_SECRET>`, elsewhere
 * `curl -H "Authorization: Bearer $CRON_SECRET" https://…/api/cron/usage`. Without CRON_SECRET it does not exist.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const secret = env().CRON_SECRET;
    if (!secret) throw new AppError("not_found:api", "There is no such API route.");
    const given = Buffer.from(req.headers.get("authorization") ?? "");
    const expected = Buffer.from(`Bearer ${secret}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("unauthorized:auth", "A valid cron secret is required.");
    return Response.json(await sweepPendingUsage({ olderThanMs: 60_000, limit: 500 }));
  } catch (error) {
    return errorResponse(error);
  }
}
