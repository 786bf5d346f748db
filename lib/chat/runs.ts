import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { agentConfig } from "@/lib/letta/agent";
import { answerToolCall, findPendingToolCall, followRun, cancelRuns, sendMessage } from "@/lib/letta/conversations";
import { replaceLostConversation, type UserConversation } from "./conversation";
import { clientToolsFor, runToolCall } from "./tool-calls";
import type { ChatImage, ThreadlineEvent } from "./types";

/** agent.yaml's `privacy.history_search`: the scoped search is offered unless it is off (or Letta's own search replaces it). */
const clientTools = () => clientToolsFor({ historySearch: agentConfig().privacy.historySearch === "own_thread" });

const LOST_NOTICE = "Your earlier conversation could not be found, so a new one was started.";

/**
 * Starts a Letta run for the user's message and returns Letta's raw SSE
 * response. Background mode: the run lives on if the browser goes away, and a
 * retry with the same otid re-attaches to it instead of sending twice.
 * A conversation Letta no longer knows is replaced once, and the user told.
 */
export async function startRun(
  { conversation, text, images = [], otid, signal }:
  { conversation: UserConversation; text: string; images?: readonly ChatImage[]; otid: string; signal: AbortSignal },
): Promise<{ upstream: Response; conversation: UserConversation; notices: ThreadlineEvent[] }> {
  const send = (target: UserConversation) =>
    sendMessage({ conversationId: target.lettaConversationId, text, images, otid, clientTools: clientTools(), signal });
  let outcome = await send(conversation);
  const notices: ThreadlineEvent[] = [];
  if (outcome.kind === "lost") {
    conversation = await replaceLostConversation({ userId: conversation.userId, lostId: conversation.lettaConversationId });
    notices.push({ type: "notice", message: LOST_NOTICE });
    outcome = await send(conversation);
  }
  switch (outcome.kind) {
    case "stream":
      return { upstream: outcome.response, conversation, notices };
    case "awaitingApproval":
      throw new AppError("conflict:message", "Finishing your previous request first. Send again in a moment.");
    case "busy":
      throw new AppError("conflict:message", "Still answering your previous message. Wait for it to finish or stop it.", {
        details: outcome.runId ? { runId: outcome.runId } : undefined,
      });
    case "lost":
      // The conversation just created is unknown too: Letta is not behaving as a Letta server.
      throw new AppError("internal:backend", "Unexpected response from Letta");
  }
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
  const outcome = await followRun({ conversationId: conversation.lettaConversationId, runId, otid, startingAfter, signal });
  if (outcome.kind === "invalidRunId") throw new AppError("bad_request:message", "runId is not a run of your conversation.");
  return outcome.kind === "stream" ? outcome.response : null;
}

/** Cancels the user's active run; what was generated so far stays in the history. False: nothing was running. */
export async function cancelRun({ conversation }: { conversation: UserConversation }): Promise<boolean> {
  return (await cancelRuns({ conversationId: conversation.lettaConversationId })).kind === "cancelled";
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
  const call = await findPendingToolCall({ conversationId });
  if (!call) return null;
  const answer = await runToolCall({ conversationId, call });
  const outcome = await answerToolCall({ conversationId, answer, otid: answerOtid(answer.toolCallId), clientTools: clientTools(), signal });
  switch (outcome.kind) {
    case "stream":
      return outcome.response;
    case "busy":
      // Someone answered first: follow the run their answer started.
      return resumeRun({ conversation, runId: outcome.runId, startingAfter: 0, signal });
    case "notWaiting":
    case "lost":
      return null;
  }
}
