import { parseUserId } from "@/lib/admin/schemas";
import { withAdmin } from "@/lib/api/with-admin";
import { readJson } from "@/lib/api/with-user";
import { budgetOverrideSchema, setBudgetOverride } from "@/lib/usage/override";

export const dynamic = "force-dynamic";

/**
 * PUT /api/admin/users/:id/budget { messagesPerDay, tokensPerDay, tokensPerMonth }: each "default" (the role's),
 * "unlimited" or a whole number >= 0. Audited (USER_BUDGET, before and after); answers `{ override }`.
 */
export const PUT = withAdmin<{ id: string }>(async ({ req, user, params }) => {
  const targetId = parseUserId(params.id);
  const body = budgetOverrideSchema.parse(await readJson(req));
  return Response.json({ override: await setBudgetOverride({ admin: user, targetId, body }) });
});
