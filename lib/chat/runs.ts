import "server-only";
import { APIError } from "@letta-ai/letta-client";
import { AppError } from "@/lib/errors";
import { agentConfig } from "@/lib/letta/agent";
import { letta } from "@/lib/letta/client";
import { busyRunId, toAppError, upstreamStatus } from "@/lib/letta/errors";
import { createHash } from "node:crypto";
import { replaceLostConversation, type UserConversation } from "./conversation";
import { clientToolsFor, findPendingToolCall, runToolCall, type ToolAnswer } from "./tool-calls";
import type { ThreadlineEvent } from "./types";

/** agent.yaml's `privacy.history_search`: the scoped search is offered unless it is off (or Letta's own search replaces it). */
const historySearchEnabled = () => agentConfig().privacy.historySearch === "own_thread";

/** What every request that makes the agent think sends along: the same SSE shape the browser reads. */
function runOptions() {
  return {
    stream_tokens: true,
    background: true,
    include_pings: true,
    // Summaries arrive in the stream, so the chat can show "earlier messages summarised" as it happens.
    include_compaction_messages: true,
    client_tools: clientToolsFor({ historySearch: historySearchEnabled() }),
  };
}

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
        { messages: [{ role: "user", content: text, otid }], ...runOptions() },
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
  if (isPendingApproval(error)) {
    return new AppError("conflict:message", "Finishing your previous request first. Send again in a moment.", { cause: error });
  }
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
 * theirs, or the run of the message Letta knows as `otid` in this conversation),
 * replaying what came after `startingAfter`; null when there is nothing to follow.
 */
export async function resumeRun(
  { conversation, runId, otid, startingAfter, signal }:
  { conversation: UserConversation; runId?: string; otid?: string; startingAfter: number; signal: AbortSignal },
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
        { ...(runId ? { run_id: runId } : otid ? { otid } : {}), starting_after: startingAfter, include_pings: true },
        { maxRetries: 1, signal },
      )
      .asResponse();
  } catch (error) {
    const status = upstreamStatus(error);
    // 400: nothing active or not a background run; 404: unknown run; 410: expired. All mean "nothing to follow".
    if (status === 400 || status === 404 || status === 410) return null;
    // 422: Letta refused the id itself (well-formed to us, not to Letta): the request's fault, not ours.
    if (status === 422) throw new AppError("bad_request:message", "runId is not a run of your conversation.", { cause: error });
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

/** Letta's 409 for a send while the agent waits for a tool result (protocol R30); it may carry the run id too. */
function isPendingApproval(error: unknown): boolean {
  if (!(error instanceof APIError) || error.status !== 409) return false;
  return /waiting for approval/i.test(`${error.message} ${JSON.stringify(error.error ?? "")}`);
}

/**
 * The same otid for every answer to one tool call, so two tabs (or a retry)
 * answering it at once re-attach to one run instead of starting two.
 */
function answerOtid(toolCallId: string): string {
  const hex = createHash("sha256").update(`threadline-tool-answer:${toolCallId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * If the user's conversation waits on a client tool call (the run stopped with
 * `requires_approval`), runs the tool for this user and streams the run that
 * continues from its answer; null when nothing is waiting.
 */
export async function continueAfterToolCall(
  { conversation, signal }: { conversation: UserConversation; signal: AbortSignal },
): Promise<Response | null> {
  const conversationId = conversation.lettaConversationId;
  let answer: ToolAnswer;
  try {
    const call = await findPendingToolCall(conversationId);
    if (!call) return null;
    answer = await runToolCall({ conversationId, call });
  } catch (error) {
    if (upstreamStatus(error) === 404) return null;
    throw toAppError(error, "message");
  }
  try {
    return await letta()
      .conversations.messages.create(
        conversationId,
        {
          messages: [{
            type: "approval",
            otid: answerOtid(answer.toolCallId),
            approvals: [{ type: "tool", tool_call_id: answer.toolCallId, tool_return: answer.toolReturn, status: answer.status }],
          }],
          ...runOptions(),
        },
        { maxRetries: 0, signal },
      )
      .asResponse();
  } catch (error) {
    // Someone answered first: follow the run their answer started.
    const runId = busyRunId(error);
    if (runId) return resumeRun({ conversation, runId, startingAfter: 0, signal });
    // 400: the call was answered (or cancelled) meanwhile; nothing is waiting any more.
    if (upstreamStatus(error) === 400) return null;
    throw toAppError(error, "message");
  }
}
