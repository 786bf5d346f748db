import "server-only";
import { letta } from "./client";
import { busyRunId, isAwaitingApproval, toAppError, upstreamStatus } from "./errors";
import { contentText, isReasoning, toolCallOf, type LettaMessage } from "./wire";

// The Letta gateway for conversations: every call Threadline makes about a conversation, its messages and its
// runs. Each function answers with a typed outcome for what the caller must decide on (a conversation Letta
// no longer knows is `{ kind: "lost" }`, a conversation already running is `{ kind: "busy", runId }`, …) and
// throws an AppError for everything else (unreachable, misconfigured, rate limited: lib/letta/errors.ts).
// Letta's statuses and the SDK stay in this folder.

/** Letta's SSE response for a run, unparsed: the chat routes pass its bytes through as they are. */
export type Stream = { kind: "stream"; response: Response };
/** Letta no longer has the conversation (deleted upstream, or a new Letta project). */
export type Lost = { kind: "lost" };

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
  { conversationId, text, otid, clientTools, signal }:
  { conversationId: string; text: string; otid: string; clientTools: ClientTool[]; signal: AbortSignal },
): Promise<SendOutcome> {
  try {
    return await startRun(conversationId, [{ role: "user", content: text, otid }], clientTools, signal);
  } catch (error) {
    if (upstreamStatus(error) === 404) return { kind: "lost" };
    if (isAwaitingApproval(error)) return { kind: "awaitingApproval" };
    if (upstreamStatus(error) === 409) return { kind: "busy", runId: busyRunId(error) };
    throw toAppError(error, "message");
  }
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

/** Creates a conversation of the agent; its id. */
export async function createConversation({ agentId }: { agentId: string }): Promise<string> {
  try {
    return (await letta().conversations.create({ agent_id: agentId }, { maxRetries: 2 })).id;
  } catch (error) {
    throw toAppError(error, "conversation");
  }
}

/**
 * Which query parameter pages to OLDER messages in a newest-first list. Letta's
 * docs say cursors follow the sort order (`after` = older in `desc`); the
 * retired open-source server read them chronologically (`before` = older).
 * Letta Cloud's reading is not documented, so we ask the server once per
 * instance: from the newest message, the older-reading parameter returns
 * something and the other returns nothing.
 */
type OlderParam = "after" | "before";
let olderParam: OlderParam | undefined;

async function list(conversationId: string, query: Record<string, unknown>, options: { maxRetries?: number } = {}): Promise<LettaMessage[]> {
  const page = await letta().conversations.messages.list(conversationId, { order: "desc", ...query }, options);
  return page.getPaginatedItems() as unknown as LettaMessage[];
}

async function detectOlderParam(conversationId: string): Promise<OlderParam> {
  if (olderParam) return olderParam;
  const newestId = (await list(conversationId, { limit: 1 }))[0]?.id;
  if (!newestId) return "after";
  const viaAfter = await list(conversationId, { after: newestId, limit: 1 });
  olderParam = viaAfter.length > 0 && viaAfter[0]!.id !== newestId ? "after" : "before";
  return olderParam;
}

export type PageOutcome =
  | { kind: "page"; newestFirst: LettaMessage[] }
  | Lost
  /** `before` is not a message Letta knows in this conversation (or it refused it). */
  | { kind: "badCursor" };

/** Up to `limit` messages, newest first, older than `before` (a Letta message id) when given. */
export async function listMessages(
  { conversationId, before, limit }: { conversationId: string; before?: string; limit: number },
): Promise<PageOutcome> {
  try {
    if (!before) return { kind: "page", newestFirst: await list(conversationId, { limit }) };
    const param = await detectOlderParam(conversationId);
    return { kind: "page", newestFirst: await list(conversationId, { [param]: before, limit }) };
  } catch (error) {
    const status = upstreamStatus(error);
    // A cursor Letta does not know (or refuses) is the request's fault, not a lost conversation.
    if (before && (status === 400 || status === 404 || status === 422)) return { kind: "badCursor" };
    if (status === 404) return { kind: "lost" };
    throw toAppError(error, "conversation");
  }
}

export type PendingToolCall = {
  toolCallId: string;
  name: string;
  arguments: string;
  /** The user message this turn answers: a search leaves it out, or every search would find its own question. */
  questionId: string | null;
};

/**
 * The client tool call the conversation is waiting on (its run stopped with `requires_approval`), if any: the
 * newest message that is not reasoning is an approval request with no answer after it. A lost conversation
 * waits on nothing.
 */
export async function findPendingToolCall({ conversationId }: { conversationId: string }): Promise<PendingToolCall | null> {
  let newestFirst: LettaMessage[];
  try {
    newestFirst = await list(conversationId, { limit: 20 }, { maxRetries: 1 });
  } catch (error) {
    if (upstreamStatus(error) === 404) return null;
    throw toAppError(error, "message");
  }
  const request = newestFirst.find((message) => !isReasoning(message));
  if (request?.message_type !== "approval_request_message") return null;
  const call = toolCallOf(request);
  if (call.toolCallId === null) return null;
  const question = newestFirst.find((message) => message.message_type === "user_message");
  return { toolCallId: call.toolCallId, name: call.name ?? "", arguments: call.arguments ?? "", questionId: question?.id ?? null };
}

export type SearchResult = {
  /** The conversation Letta says the message belongs to; null when it does not say. */
  conversationId: string | null;
  messageId: string | null;
  role: "user" | "assistant" | null;
  date: string | null;
  text: string;
};

/**
 * Letta's message search, filtered to one conversation (a Letta Cloud feature): `unsupported` when the server
 * has no search endpoint. The results are as the server sent them: the caller checks each one's conversation.
 */
export async function searchMessages(
  { conversationId, query, limit }: { conversationId: string; query: string; limit: number },
): Promise<{ kind: "results"; results: SearchResult[] } | { kind: "unsupported" }> {
  let raw: unknown;
  try {
    raw = await letta().messages.search({ query, conversation_id: conversationId, limit }, { maxRetries: 1 });
  } catch (error) {
    const status = upstreamStatus(error);
    if (status === 404 || status === 405 || status === 501) return { kind: "unsupported" };
    throw toAppError(error, "message");
  }
  if (!Array.isArray(raw)) return { kind: "unsupported" };
  const str = (value: unknown) => (typeof value === "string" ? value : null);
  const results = (raw as Record<string, unknown>[]).map((result): SearchResult => ({
    conversationId: str(result.conversation_id),
    messageId: str(result.message_id),
    role: result.message_type === "user_message" ? "user" : result.message_type === "assistant_message" ? "assistant" : null,
    date: str(result.created_at),
    text: contentText(result.content),
  }));
  return { kind: "results", results };
}

export type CompactOutcome =
  | { kind: "compacted"; summary: string; messagesBefore: number; messagesAfter: number }
  /** Too short to summarise. */
  | { kind: "tooShort" }
  /** A run holds the conversation. */
  | { kind: "busy" }
  | Lost;

/** Has Letta summarise the conversation now (what it does by itself when the context window fills up). */
export async function compactConversation({ conversationId }: { conversationId: string }): Promise<CompactOutcome> {
  try {
    const response = await letta().conversations.messages.compact(conversationId, {}, { maxRetries: 0 });
    return { kind: "compacted", summary: response.summary, messagesBefore: response.num_messages_before, messagesAfter: response.num_messages_after };
  } catch (error) {
    const status = upstreamStatus(error);
    if (status === 400) return { kind: "tooShort" };
    if (status === 404) return { kind: "lost" };
    if (status === 409) return { kind: "busy" };
    throw toAppError(error, "admin");
  }
}

export type ConversationFacts = {
  /** Messages in the conversation's context window right now (Letta's in_context_message_ids). */
  inContextMessages: number | null;
  archived: boolean;
};

/** What Letta knows about a conversation beyond our own mapping; throws when Letta cannot say (bounded to 5 s). */
export async function conversationFacts({ conversationId }: { conversationId: string }): Promise<ConversationFacts> {
  try {
    const conversation = await letta().conversations.retrieve(conversationId, { maxRetries: 0, timeout: 5_000 });
    return {
      inContextMessages: conversation.in_context_message_ids ? conversation.in_context_message_ids.length : null,
      archived: conversation.archived === true,
    };
  } catch (error) {
    throw toAppError(error, "admin");
  }
}

/**
 * Deletes a conversation and its messages (account deletion). Idempotent: a conversation Letta no longer has
 * (404: deleted by an earlier attempt, or lost) counts as deleted, so a retry after a failure finishes the job.
 */
export async function deleteConversation({ conversationId }: { conversationId: string }): Promise<{ kind: "deleted" } | { kind: "gone" }> {
  try {
    await letta().conversations.delete(conversationId, { maxRetries: 1 });
    return { kind: "deleted" };
  } catch (error) {
    if (upstreamStatus(error) === 404) return { kind: "gone" };
    throw toAppError(error, "conversation");
  }
}

/**
 * One page of the whole history, OLDEST first, after the message `after` (none: from the start), for the export.
 * `order: "asc"` reads the same under every cursor semantics Letta servers have had (protocol notes §7). Items of
 * one stored message share its id, so `after` = the last item's id continues past the whole message.
 */
export async function listMessagesOldestFirst(
  { conversationId, after, limit, signal }: { conversationId: string; after?: string; limit: number; signal?: AbortSignal },
): Promise<{ kind: "page"; oldestFirst: LettaMessage[] } | Lost> {
  try {
    const page = await letta().conversations.messages.list(
      conversationId, { order: "asc", limit, ...(after ? { after } : {}) }, { maxRetries: 2, signal },
    );
    return { kind: "page", oldestFirst: page.getPaginatedItems() as unknown as LettaMessage[] };
  } catch (error) {
    if (!after && upstreamStatus(error) === 404) return { kind: "lost" };
    throw toAppError(error, "conversation");
  }
}
