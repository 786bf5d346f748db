import { performAccountAction } from "@/lib/admin/account-actions";
import { parseUserId } from "@/lib/admin/schemas";
import { userJson } from "@/lib/admin/users";
import { withAdmin } from "@/lib/api/with-admin";
import { readJson } from "@/lib/api/with-user";
import { accountActionSchema } from "./schema";

export const dynamic = "force-dynamic";

/**
 * POST /api/admin/users/:id/actions { action: promote | demote | disable | enable }.
 * Effective at once; refused (409) when it would leave no admin; one audit record each.
 */
export const POST = withAdmin<{ id: string }>(async ({ req, user, params }) => {
  const targetId = parseUserId(params.id);
  const { action } = accountActionSchema.parse(await readJson(req));
  const updated = await performAccountAction({ admin: user, targetId, action });
  return Response.json({ user: userJson(updated) });
});
