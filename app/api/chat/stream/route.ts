import { readJson, withUser } from "@/lib/api/with-user";
import { proxySse } from "@/lib/chat/proxy-stream";
import { lettaOtid } from "@/lib/chat/otid";
import { continueAfterToolCall, resumeRun } from "@/lib/chat/runs";
import { env } from "@/lib/env";
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
export const POST = withUser(async ({ req, user, conversation }) => {
  const startedAt = Date.now();
  const { runId, otid, startingAfter } = resumeSchema.parse((await readJson(req)) ?? {});
  if (!conversation) return new Response(null, { status: 204 });
  const byOtid = runId ? undefined : otid && lettaOtid({ userId: user.id, clientOtid: otid });
  const upstream =
    (await resumeRun({ conversation, runId, otid: byOtid, startingAfter, signal: req.signal })) ??
    (runId || byOtid ? null : await continueAfterToolCall({ conversation, signal: req.signal }));
  if (!upstream) return new Response(null, { status: 204 });
  return proxySse({ upstream, deadline: startedAt + env().CHAT_STREAM_MAX_SECONDS * 1000 });
}, { rateLimit: "history" });
