import { threadReadsPage } from "@/lib/account/thread-reads";
import { withUser } from "@/lib/api/with-user";
import { readsQuerySchema } from "./schema";

export const dynamic = "force-dynamic";

/** GET /api/account/reads?cursor= — admins' reads of the signed-in user's thread, newest first (from the audit log). */
export const GET = withUser(async ({ req, user }) => {
  const { cursor, limit } = readsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await threadReadsPage({ userId: user.id, cursor, limit }));
}, { rateLimit: "history" });
