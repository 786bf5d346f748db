import { withUser } from "@/lib/api/with-user";
import { findConversation } from "@/lib/chat/conversation";
import { cancelRun } from "@/lib/chat/runs";

export const dynamic = "force-dynamic";

/** Stops the user's reply in progress; the partial reply stays in the history. */
export const POST = withUser(async ({ user }) => {
  const conversation = await findConversation({ userId: user.id });
  const cancelled = conversation ? await cancelRun({ conversation }) : false;
  return Response.json({ cancelled });
}, { rateLimit: "history" });
