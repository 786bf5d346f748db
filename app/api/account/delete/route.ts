import { deleteOwnAccount } from "@/lib/account/delete-account";
import { readJson, withUser } from "@/lib/api/with-user";
import { deleteAccountSchema } from "./schema";

export const dynamic = "force-dynamic";

/**
 * POST /api/account/delete {password} | {email} — deletes the signed-in user's account: their Letta conversation,
 * then their rows. The browser then signs out (the session names an account that no longer exists).
 */
export const POST = withUser(async ({ req, user }) => {
  const confirmation = deleteAccountSchema.parse((await readJson(req)) ?? {});
  await deleteOwnAccount({ userId: user.id, confirmation });
  return Response.json({ deleted: true });
}, { rateLimit: "account" });
