import { withUser } from "@/lib/api/with-user";
import { cancelRun } from "@/lib/chat/runs";

export const dynamic = "force-dynamic";

/** Stops the user's reply in progress; the partial reply stays in the history. */
export const POST = withUser(async ({ conversation }) => {
  const cancelled = conversation ? await cancelRun({ conversation }) : false;
  return Response.json({ cancelled });
}, { rateLimit: "history" });
