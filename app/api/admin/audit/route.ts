import { auditPage } from "@/lib/admin/audit";
import { auditQuerySchema, searchParamsObject } from "@/lib/admin/schemas";
import { withAdmin } from "@/lib/api/with-admin";

export const dynamic = "force-dynamic";

/**
 * GET /api/admin/audit?admin=&user=&cursor=&limit= — the audit log, newest first.
 * Read-only: there is deliberately no route that edits or deletes a record.
 */
export const GET = withAdmin(async ({ req }) => {
  const query = auditQuerySchema.parse(searchParamsObject(new URL(req.url).searchParams));
  const page = await auditPage(query);
  return Response.json({
    entries: page.entries.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })),
    nextCursor: page.nextCursor,
  });
});
