import "server-only";
import type { ImageContent, TextContent } from "@letta-ai/letta-client/resources/agents/messages";
import type { ChatImage } from "@/lib/chat/types";
import { letta } from "./client";
import type { Lost } from "./conversations";
import { busyRunId, isAwaitingApproval, toAppError, upstreamStatus } from "./errors";

// The gateway's runs of a conversation (part of lib/letta/conversations.ts, which re-exports them): starting one
// (a message, or the answer to a client tool call), following one, and cancelling them. A run is Letta's SSE
// response, passed through unparsed.

/** Letta's SSE response for a run, unparsed: the chat routes pass its bytes through as they are. */
export type Stream = { kind: "stream"; response: Response };

export type ClientTool = { name: string; description: string; parameters: Record<string, unknown> };

type SendParams = Parameters<ReturnType<typeof letta>["conversations"]["messages"]["create"]>[1];

/**
 * Every request that makes the agent think: a background run streamed in the SSE shape the browser reads.
 * Never retried automatically: a 409 would be re-sent for nothing, and a failed send is the user's to retry.
 */
async function startRun(conversationId: string, messages: SendParams["messages"], clientTools: ClientTool[], signal: AbortSignal): Promise<Stream> {
  const params = {
    messages,
    stream_tokens: true,
    background: true,
    include_pings: true,
    // Summaries arrive in the stream, so the chat can show "earlier messages summarised" as it happens.
    include_compaction_messages: true,
    client_tools: clientTools,
  } satisfies SendParams;
  const response = await letta().conversations.messages.create(conversationId, params, { maxRetries: 0, signal }).asResponse();
  return { kind: "stream", response };
}

export type SendOutcome =
  | Stream
  /** A reply is still running in the conversation (its run, when Letta says). */
  | { kind: "busy"; runId: string | null }
  /** The conversation waits for the answer to a client tool call before it takes a new message. */
  | { kind: "awaitingApproval" }
  | Lost;

/**
 * Starts a background run for the user's message. Background mode: the run lives on if the browser goes away,
 * and a retry with the same otid re-attaches to it instead of sending twice.
 */
export async function sendMessage(
  { conversationId, text, images = [], otid, clientTools, signal }:
  { conversationId: string; text: string; images?: readonly ChatImage[]; otid: string; clientTools: ClientTool[]; signal: AbortSignal },
): Promise<SendOutcome> {
  try {
    return await startRun(conversationId, [{ role: "user", content: userContent(text, images), otid }], clientTools, signal);
  } catch (error) {
    if (upstreamStatus(error) === 404) return { kind: "lost" };
    if (isAwaitingApproval(error)) return { kind: "awaitingApproval" };
    if (upstreamStatus(error) === 409) return { kind: "busy", runId: busyRunId(error) };
    throw toAppError(error, "message");
  }
}

/** A text-only message stays a plain string (as always); with images, Letta's content parts: the text, then each image. */
function userContent(text: string, images: readonly ChatImage[]): string | Array<TextContent | ImageContent> {
  if (images.length === 0) return text;
  const parts: Array<TextContent | ImageContent> = text.trim() ? [{ type: "text", text }] : [];
  for (const image of images) parts.push({ type: "image", source: { type: "base64", media_type: image.mediaType, data: image.data } });
  return parts;
}

export type ToolAnswer = { toolCallId: string; status: "success" | "error"; toolReturn: string };
export type AnswerOutcome =
  | Stream
  /** Someone answered first (another tab, a retry): the run their answer started. */
  | { kind: "busy"; runId: string }
  /** The call was answered or cancelled meanwhile: nothing waits for this answer any more. */
  | { kind: "notWaiting" }
  | Lost;

/** Answers a client tool call and streams the run that continues from it. */
export async function answerToolCall(
  { conversationId, answer, otid, clientTools, signal }:
  { conversationId: string; answer: ToolAnswer; otid: string; clientTools: ClientTool[]; signal: AbortSignal },
): Promise<AnswerOutcome> {
  try {
    const approval = {
      type: "approval" as const,
      otid,
      approvals: [{ type: "tool" as const, tool_call_id: answer.toolCallId, tool_return: answer.toolReturn, status: answer.status }],
    };
    return await startRun(conversationId, [approval], clientTools, signal);
  } catch (error) {
    const runId = busyRunId(error);
    if (runId) return { kind: "busy", runId };
    if (upstreamStatus(error) === 400) return { kind: "notWaiting" };
    if (upstreamStatus(error) === 404) return { kind: "lost" };
    throw toAppError(error, "message");
  }
}

export type FollowOutcome =
  | Stream
  /** Nothing to follow: no run active, not a background run, unknown, expired, or a run of another conversation. */
  | { kind: "idle" }
  /** Letta refused the run id itself (well-formed to us, not to Letta). */
  | { kind: "invalidRunId" };

/**
 * Letta's SSE for the conversation's active run (or `runId`, once checked to be a run of this conversation, or
 * the run of the message Letta knows as `otid`), replaying what came after `startingAfter`.
 */
export async function followRun(
  { conversationId, runId, otid, startingAfter, signal }:
  { conversationId: string; runId?: string; otid?: string; startingAfter: number; signal: AbortSignal },
): Promise<FollowOutcome> {
  try {
    if (runId) {
      const run = await letta().runs.retrieve(runId, { maxRetries: 1, signal });
      // A run id from the browser is only a hint: never follow a run of another conversation.
      if (run.conversation_id !== conversationId) return { kind: "idle" };
    }
    const response = await letta()
      .conversations.messages.stream(
        conversationId,
        { ...(runId ? { run_id: runId } : otid ? { otid } : {}), starting_after: startingAfter, include_pings: true },
        { maxRetries: 1, signal },
      )
      .asResponse();
    return { kind: "stream", response };
  } catch (error) {
    const status = upstreamStatus(error);
    // 400: nothing active or not a background run; 404: unknown run (or conversation); 410: expired.
    if (status === 400 || status === 404 || status === 410) return { kind: "idle" };
    if (status === 422) return { kind: "invalidRunId" };
    throw toAppError(error, "message");
  }
}

/** Cancels the conversation's active run; what was generated so far stays in the history. */
export async function cancelRuns({ conversationId }: { conversationId: string }): Promise<{ kind: "cancelled" } | { kind: "idle" }> {
  try {
    await letta().conversations.cancel(conversationId, {}, { maxRetries: 0 });
    return { kind: "cancelled" };
  } catch (error) {
    const status = upstreamStatus(error);
    if (status === 409 || status === 404) return { kind: "idle" }; // nothing was running
    throw toAppError(error, "message");
  }
}
