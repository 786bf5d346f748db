import { after } from "next/server";
import { readJson, withUser } from "@/lib/api/with-user";
import { proxySse } from "@/lib/chat/proxy-stream";
import { lettaOtid } from "@/lib/chat/otid";
import { continueAfterToolCall, resumeRun } from "@/lib/chat/runs";
import { env } from "@/lib/env";
import { countUsageLater, recordStartedRun } from "@/lib/usage/reconcile";
import { resumeSchema } from "./schema";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/**
 * Re-attaches to the user's live reply (after a reload, a drop, a handoff, or in
 * a second tab). When the reply is paused on a client tool call (the run ended
 * with `requires_approval`), runs the tool and streams the continuation, so
 * "follow my reply" is the only thing the browser ever asks. 204 No Content
 * when nothing is in progress: the page asks on every load, so "nothing to
 * follow" is an ordinary answer, not an error.
 */
export const POST = withUser(async ({ req, user, conversation, pendingUsage }) => {
  const startedAt = Date.now();
  const { runId, otid, startingAfter } = resumeSchema.parse((await readJson(req)) ?? {});
  if (!conversation) return new Response(null, { status: 204 });
  const byOtid = runId ? undefined : otid && lettaOtid({ userId: user.id, clientOtid: otid });
  let upstream = await resumeRun({ conversation, runId, otid: byOtid, startingAfter, signal: req.signal });
  if (!upstream && !runId && !byOtid) {
    upstream = await continueAfterToolCall({ conversation, signal: req.signal });
    // The continuation is a run of its own: recorded now, counted with the others when this stream ends.
    if (upstream) after(recordStartedRun({ userId: user.id, lettaConversationId: conversation.lettaConversationId }));
  }
  // Counted when the stream ends (a resumed run is counted by whichever request sees it end), or at once when
  // there is nothing to follow but runs wait to be counted.
  if (upstream || pendingUsage) countUsageLater(conversation);
  if (!upstream) return new Response(null, { status: 204 });
  return proxySse({ upstream, deadline: startedAt + env().CHAT_STREAM_MAX_SECONDS * 1000 });
}, { rateLimit: "history" });
