import type { App } from "../app";
import { newId } from "../ids";
import { badRequest, conflict } from "../http/errors";
import { estimateTokens, messageChars } from "../model/context-window";
import { packSummary, unpackSummary, type CompactionStats } from "../model/summary-message";
import { clip } from "../model/text";
import { appendStep, setInContext, type ConversationRecord } from "../store/conversations";
import { getMessages, userContentText, type StoredMessage } from "../store/messages";
import { recompileSystemMessage } from "./conversation-lifecycle";

/** POST …/compact answers this (CompactionResponse). */
export interface CompactionResult {
  summary: string;
  num_messages_before: number;
  num_messages_after: number;
}

export interface Compaction {
  summary: string;
  summaryMessage: StoredMessage;
  stats: CompactionStats | null;
  messagesBefore: number;
  messagesAfter: number;
}

/** Set by automatic compaction: recorded in the summary (compaction_stats) and on the summary message's run/step. */
export interface CompactionTrigger {
  trigger: "context_window_exceeded";
  contextWindow: number;
  tokensBefore: number;
  /** Characters about to join the context (the new user input), counted in context_tokens_after. */
  pendingChars: number;
  runId: string;
  stepId: string;
}

/** Share of the most recent in-context messages a sliding-window compaction keeps verbatim. */
const SLIDING_WINDOW_KEEP = 0.3;

export const compactionResponse = (c: Compaction): CompactionResult => ({
  summary: c.summary,
  num_messages_before: c.messagesBefore,
  num_messages_after: c.messagesAfter,
});

/** POST …/compact and agents.messages.compact: never while a run holds the conversation. */
export async function compactOnRequest(app: App, conversation: ConversationRecord, settings: Record<string, unknown>): Promise<CompactionResult> {
  const holder = app.registry.lockHolder(conversation.id);
  if (holder) throw conflict(`CONFLICT: Cannot compact: run ${holder.id} is in progress for this conversation.`, { run_id: holder.id });
  return compactionResponse(await compactConversation(app, conversation, typeof settings.mode === "string" ? settings.mode : "sliding_window"));
}

/**
 * Replaces older in-context messages with one summary message (R44): the summary is appended to the history,
 * the in-context window becomes [system, summary, ...kept], and the system message is rebuilt from current blocks.
 */
export async function compactConversation(app: App, conversation: ConversationRecord, mode: string, trigger?: CompactionTrigger): Promise<Compaction> {
  const [systemId, ...rest] = conversation.inContextIds;
  if (!systemId) throw badRequest("INVALID_ARGUMENT: No in-context messages found for this conversation.");
  const keepCount = mode === "all" || mode === "self_compact_all" ? 0 : Math.floor(rest.length * SLIDING_WINDOW_KEEP);
  const summarized = rest.slice(0, rest.length - keepCount);
  const kept = rest.slice(rest.length - keepCount);
  if (summarized.length < 2) {
    throw badRequest(
      "INVALID_ARGUMENT: Summarization failed to reduce the number of messages. You may not have enough messages to compact.",
    );
  }
  const messages = await getMessages(app.db, [...summarized, ...kept]);
  const present = (ids: string[]) => ids.map((id) => messages.get(id)).filter((m): m is StoredMessage => Boolean(m));
  const summary = summarize(present(summarized));
  const summaryId = newId("message");
  const inContext = [systemId, summaryId, ...kept];
  const now = app.clock.date();
  const systemPrompt = await recompileSystemMessage(app, { ...conversation, inContextIds: inContext }, false);
  // The packed summary's own stats cannot count themselves, so the estimate counts the bare summary text.
  const charsAfter = systemPrompt.length + summary.length + present(kept).reduce((sum, message) => sum + messageChars(message), 0);
  const stats = trigger ? statsAfter(trigger, conversation.inContextIds.length, inContext.length, charsAfter) : null;
  const summaryMessage: StoredMessage = {
    id: summaryId,
    agentId: conversation.agentId,
    conversationId: conversation.id,
    role: "summary",
    parts: [{ kind: "summary", text: packSummary(summary, stats, now) }],
    otid: null,
    runId: trigger?.runId ?? null,
    stepId: trigger?.stepId ?? null,
    createdAt: now,
  };
  await appendStep(app.db, { conversationId: conversation.id, messages: [summaryMessage] });
  await setInContext(app.db, conversation.id, inContext);
  // The caller's record follows the database, so a run that compacted goes on with the compacted window.
  conversation.inContextIds = inContext;
  return { summary, summaryMessage, stats, messagesBefore: rest.length + 1, messagesAfter: inContext.length };
}

function statsAfter(trigger: CompactionTrigger, before: number, after: number, charsAfter: number): CompactionStats {
  return {
    trigger: trigger.trigger,
    context_tokens_before: trigger.tokensBefore,
    context_tokens_after: estimateTokens(charsAfter + trigger.pendingChars),
    context_window: trigger.contextWindow,
    messages_count_before: before,
    messages_count_after: after,
  };
}

/** A deterministic summary: who said what, first words of each message. */
function summarize(messages: StoredMessage[]): string {
  const lines = messages.flatMap((message) => {
    if (message.role === "user") return [`- The user said: "${clip(message.parts.map((p) => (p.kind === "user" ? userContentText(p.content) : "")).join(" "), 80)}"`];
    if (message.role === "assistant") {
      const text = message.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "tool_call" ? `[called ${p.name}]` : "")).join(" ").trim();
      return text ? [`- I replied: "${clip(text, 80)}"`] : [];
    }
    if (message.role === "summary") return message.parts.map((p) => (p.kind === "summary" ? `- Earlier: ${clip(unpackSummary(p.text).summary, 120)}` : ""));
    return [];
  });
  return [`Summary of ${messages.length} earlier messages:`, ...lines].join("\n");
}
