import { after } from "next/server";
import { readJson, withUser } from "@/lib/api/with-user";
import { getOrCreateConversation } from "@/lib/chat/conversation";
import { checkImages } from "@/lib/chat/images";
import { fetchHistoryPage } from "@/lib/chat/history";
import { lettaOtid } from "@/lib/chat/otid";
import { proxySse } from "@/lib/chat/proxy-stream";
import { startRun } from "@/lib/chat/runs";
import { refundMessage } from "@/lib/db/usage";
import { env } from "@/lib/env";
import { countUsageLater, recordStartedRun } from "@/lib/usage/reconcile";
import { utcDay } from "@/lib/usage/windows";
import { historyQuerySchema, MAX_SEND_BYTES, postMessageSchema } from "./schema";

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
    const body = postMessageSchema.parse(await readJson(req, { maxBytes: MAX_SEND_BYTES }));
    // Images are checked on their bytes before anything else happens: a refused one never reaches Letta.
    const images = body.images.length ? checkImages(body.images) : [];
    const { text, otid } = body;
    const conversation = await getOrCreateConversation({ userId: user.id, known });
    // The browser's otid never reaches Letta as it is: masked per user, so no other user's request can meet it.
    run = await startRun({ conversation, text, images, otid: lettaOtid({ userId: user.id, clientOtid: otid }), signal: req.signal });
  } catch (error) {
    await refundMessage({ userId: user.id, day: utcDay(now) }).catch((cause: unknown) => console.error("[usage] could not give a message back", cause));
    throw error;
  }
  // Usage: the run is recorded now (while the reply streams, when it is surely the conversation's newest), in one
  // statement with the admin console's activity, and counted once the stream has ended. Not awaited: the stream
  // does not wait for either, `after` keeps a serverless function alive until they are written, and a failure
  // never fails the send.
  after(recordStartedRun({ userId: user.id, lettaConversationId: run.conversation.lettaConversationId, sentAt: now }));
  countUsageLater(run.conversation);
  return proxySse({ upstream: run.upstream, deadline: startedAt + env().CHAT_STREAM_MAX_SECONDS * 1000, prelude: run.notices });
}, { rateLimit: "message", chargeMessage: true });
