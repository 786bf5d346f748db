import "server-only";
import { AppError } from "@/lib/errors";
import { letta } from "@/lib/letta/client";
import { busyRunId, toAppError, upstreamStatus } from "@/lib/letta/errors";
import { replaceLostConversation, type UserConversation } from "./conversation";
import type { ThreadlineEvent } from "./types";

/**
 * Starts a Letta run for the user's message and returns Letta's raw SSE
 * response. Background mode: the run lives on if the browser goes away, and a
 * retry with the same otid re-attaches to it instead of sending twice.
 * A conversation Letta no longer knows is replaced once, and the user told.
 */
export async function startRun(
  { conversation, text, otid, signal }: { conversation: UserConversation; text: string; otid: string; signal: AbortSignal },
): Promise<{ upstream: Response; conversation: UserConversation; notices: ThreadlineEvent[] }> {
  const send = (conversationId: string) =>
    letta()
      .conversations.messages.create(
        conversationId,
        { messages: [{ role: "user", content: text, otid }], stream_tokens: true, background: true, include_pings: true },
        // No automatic retries: a 409 would be re-sent for nothing, and a failed send is the user's to retry.
        { maxRetries: 0, signal },
      )
      .asResponse();
  try {
    return { upstream: await send(conversation.lettaConversationId), conversation, notices: [] };
  } catch (error) {
    if (upstreamStatus(error) === 404) {
      const replacement = await replaceLostConversation({ userId: conversation.userId, lostId: conversation.lettaConversationId });
      const notice = "Your earlier conversation could not be found, so a new one was started.";
      try {
        return { upstream: await send(replacement.lettaConversationId), conversation: replacement, notices: [{ type: "notice", message: notice }] };
      } catch (retryError) {
        throw sendError(retryError);
      }
    }
    throw sendError(error);
  }
}

function sendError(error: unknown): AppError {
  const runId = busyRunId(error);
  if (runId) {
    return new AppError("conflict:message", "Still answering your previous message. Wait for it to finish or stop it.", {
      cause: error, details: { runId },
    });
  }
  return toAppError(error, "message");
}

/**
 * Letta's SSE for the user's active run (or `runId`, once we have checked it is
 * theirs), replaying what came after `startingAfter`; null when there is
 * nothing to follow.
 */
export async function resumeRun(
  { conversation, runId, startingAfter, signal }: { conversation: UserConversation; runId?: string; startingAfter: number; signal: AbortSignal },
): Promise<Response | null> {
  try {
    if (runId) {
      const run = await letta().runs.retrieve(runId, { maxRetries: 1, signal });
      // A run id from the browser is only a hint: never follow a run of another conversation.
      if (run.conversation_id !== conversation.lettaConversationId) return null;
    }
    return await letta()
      .conversations.messages.stream(
        conversation.lettaConversationId,
        { ...(runId ? { run_id: runId } : {}), starting_after: startingAfter, include_pings: true },
        { maxRetries: 1, signal },
      )
      .asResponse();
  } catch (error) {
    const status = upstreamStatus(error);
    // 400: nothing active or not a background run; 404: unknown run; 410: expired. All mean "nothing to follow".
    if (status === 400 || status === 404 || status === 410) return null;
    throw toAppError(error, "message");
  }
}

/** Cancels the user's active run; what was generated so far stays in the history. */
export async function cancelRun({ conversation }: { conversation: UserConversation }): Promise<boolean> {
  try {
    await letta().conversations.cancel(conversation.lettaConversationId, {}, { maxRetries: 0 });
    return true;
  } catch (error) {
    if (upstreamStatus(error) === 409 || upstreamStatus(error) === 404) return false; // nothing was running
    throw toAppError(error, "message");
  }
}
