import { after } from "next/server";
import { readJson, withUser } from "@/lib/api/with-user";
import { getOrCreateConversation } from "@/lib/chat/conversation";
import { fetchHistoryPage } from "@/lib/chat/history";
import { lettaOtid } from "@/lib/chat/otid";
import { proxySse } from "@/lib/chat/proxy-stream";
import { startRun } from "@/lib/chat/runs";
import { recordMessageSent } from "@/lib/db/conversations";
import { refundMessage } from "@/lib/db/usage";
import { env } from "@/lib/env";
import { countUsageLater, recordStartedRun } from "@/lib/usage/reconcile";
import { utcDay } from "@/lib/usage/windows";
import { historyQuerySchema, postMessageSchema } from "./schema";

export const dynamic = "force-dynamic";
// Vercel's limit for this function; the proxy hands off to a resumed request before it (CHAT_STREAM_MAX_SECONDS).
export const maxDuration = 300;

/**
 * One page of the signed-in user's history, older than `?before=`. Opening the
 * chat is "first use": this creates the user's conversation if needed.
 */
export const GET = withUser(async ({ req, user, conversation: known, pendingUsage }) => {
  const { before, limit } = historyQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const conversation = await getOrCreateConversation({ userId: user.id, known });
  // The user is back: count the runs nobody watched to the end (a closed tab), once this page is answered.
  if (pendingUsage) countUsageLater(conversation);
  return Response.json(await fetchHistoryPage({ conversationId: conversation.lettaConversationId, before, limit, ownerId: user.id }));
}, { rateLimit: "history" });

/**
 * Sends the user's message and streams the reply (Letta's SSE, passed through). The gate charged one message of
 * the user's daily budget (or refused the send with 429 quota:chat); a send Letta refuses gives it back.
 */
export const POST = withUser(async ({ req, user, conversation: known, now }) => {
  const startedAt = Date.now();
  let run: Awaited<ReturnType<typeof startRun>>;
  try {
    const { text, otid } = postMessageSchema.parse(await readJson(req));
    const conversation = await getOrCreateConversation({ userId: user.id, known });
    // The browser's otid never reaches Letta as it is: masked per user, so no other user's request can meet it.
    run = await startRun({ conversation, text, otid: lettaOtid({ userId: user.id, clientOtid: otid }), signal: req.signal });
  } catch (error) {
    await refundMessage({ userId: user.id, day: utcDay(now) }).catch((cause: unknown) => console.error("[usage] could not give a message back", cause));
    throw error;
  }
  // Activity stats for the admin console, counted only now that Letta has accepted the send. Not awaited: the
  // stream does not wait for the UPDATE, and `after` keeps a serverless function alive until it is written.
  // A failure here must not fail the send.
  after(recordMessageSent({ userId: user.id }).catch((error: unknown) => console.error("[chat] could not record activity", error)));
  // Usage: the run is recorded now (while the reply streams), and counted once the stream has ended.
  const lettaConversationId = run.conversation.lettaConversationId;
  after(recordStartedRun({ userId: user.id, lettaConversationId, chargedAt: now }));
  countUsageLater(run.conversation);
  return proxySse({ upstream: run.upstream, deadline: startedAt + env().CHAT_STREAM_MAX_SECONDS * 1000, prelude: run.notices });
}, { rateLimit: "message", chargeMessage: true });
