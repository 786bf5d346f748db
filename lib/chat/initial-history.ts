import "server-only";
import { errorResponse } from "@/lib/api/with-user";
import { loadRequestContext } from "@/lib/db/request-context";
import { apiLimitWindow, assertWithinApiLimit } from "@/lib/db/rate-limits";
import type { ErrorBody } from "@/lib/errors";
import { countUsageLater } from "@/lib/usage/reconcile";
import { getOrCreateConversation } from "./conversation";
import { fetchHistoryPage } from "./history";
import { HISTORY_PAGE_SIZE, type HistoryPage, type InitialHistory } from "./types";

const EMPTY: HistoryPage = { items: [], nextCursor: null };

/**
 * The newest page of the signed-in user's history, for the chat page's first HTML: what `GET /api/chat/messages`
 * answers (the same gate statement and rate limit, the same usage catch-up, the same page), or the error it would
 * answer, so that the page shows the conversation, or the same readable state, before any script runs.
 * Opening the chat is "first use", as for the route: a user without a conversation gets one, and sees the empty
 * state in the same HTML (a new conversation has nothing to read).
 */
export async function initialChatHistory({ userId, sessionId }: { userId: string; sessionId: string }): Promise<InitialHistory> {
  return initialHistory(async () => {
    const { conversation, rate, pendingUsage } = await loadRequestContext({
      userId, sessionId, rateLimit: apiLimitWindow("history", userId), adminOnly: false, withConversation: true,
    });
    assertWithinApiLimit("history", rate);
    if (!conversation) {
      await getOrCreateConversation({ userId, known: null });
      return EMPTY;
    }
    if (pendingUsage) countUsageLater(conversation);
    return fetchHistoryPage({ conversationId: conversation.lettaConversationId, limit: HISTORY_PAGE_SIZE, ownerId: userId });
  });
}

/** A page read for server rendering, or the public error its API route would answer (logged the same way). */
export async function initialHistory(read: () => Promise<HistoryPage>): Promise<InitialHistory> {
  try {
    return { page: await read() };
  } catch (error) {
    const { error: body } = (await errorResponse(error).json()) as ErrorBody;
    return { error: { code: body.code, message: body.message } };
  }
}
