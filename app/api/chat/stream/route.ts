import { readJson, withUser } from "@/lib/api/with-user";
import { findConversation } from "@/lib/chat/conversation";
import { proxySse } from "@/lib/chat/proxy-stream";
import { resumeRun } from "@/lib/chat/runs";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resumeSchema } from "./schema";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** Re-attaches to the user's live reply (after a reload, a drop, a handoff, or in a second tab). */
export const POST = withUser(async ({ req, user }) => {
  const startedAt = Date.now();
  const { runId, startingAfter } = resumeSchema.parse((await readJson(req)) ?? {});
  const conversation = await findConversation({ userId: user.id });
  if (!conversation) throw new AppError("not_found:message", "No reply is in progress.");
  const upstream = await resumeRun({ conversation, runId, startingAfter, signal: req.signal });
  return proxySse({ upstream, deadline: startedAt + env().CHAT_STREAM_MAX_SECONDS * 1000 });
}, { rateLimit: "history" });
