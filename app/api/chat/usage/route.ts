import { withUser } from "@/lib/api/with-user";
import { countUsageLater } from "@/lib/usage/reconcile";
import { usageSummary } from "@/lib/usage/summary";

export const dynamic = "force-dynamic";

/** The signed-in user's use today and this month against their limits (the composer's notice, /settings). */
export const GET = withUser(async ({ user, conversation, pendingUsage, now }) => {
  if (pendingUsage && conversation) countUsageLater(conversation);
  return Response.json(await usageSummary({ userId: user.id, role: user.role, now }));
}, { rateLimit: "history" });
