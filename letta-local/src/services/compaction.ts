import type { App } from "../app";
import { newId } from "../ids";
import { badRequest } from "../http/errors";
import { clip } from "../model/text";
import { appendStep, setInContext, type ConversationRecord } from "../store/conversations";
import { getMessages, userContentText, type StoredMessage } from "../store/messages";
import { recompileSystemMessage } from "./conversation-lifecycle";

export interface CompactionResult {
  summary: string;
  num_messages_before: number;
  num_messages_after: number;
}

/** Share of the most recent in-context messages a sliding-window compaction keeps verbatim. */
const SLIDING_WINDOW_KEEP = 0.3;

/**
 * Replaces older in-context messages with one summary message (R44): the summary is appended to the history,
 * the in-context window becomes [system, summary, ...kept], and the system message is rebuilt from current blocks.
 */
export async function compactConversation(app: App, conversation: ConversationRecord, mode: string): Promise<CompactionResult> {
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
  const messages = await getMessages(app.db, summarized);
  const summary = summarize(summarized.map((id) => messages.get(id)).filter((m): m is StoredMessage => Boolean(m)));
  const summaryMessage: StoredMessage = {
    id: newId("message"),
    agentId: conversation.agentId,
    conversationId: conversation.id,
    role: "summary",
    parts: [{ kind: "summary", text: summary }],
    otid: null,
    runId: null,
    stepId: null,
    createdAt: app.clock.date(),
  };
  await appendStep(app.db, { conversationId: conversation.id, messages: [summaryMessage] });
  const inContext = [systemId, summaryMessage.id, ...kept];
  await setInContext(app.db, conversation.id, inContext);
  await recompileSystemMessage(app, { ...conversation, inContextIds: inContext }, false);
  return { summary, num_messages_before: conversation.inContextIds.length, num_messages_after: inContext.length };
}

/** A deterministic summary: who said what, first words of each message. */
function summarize(messages: StoredMessage[]): string {
  const lines = messages.flatMap((message) => {
    if (message.role === "user") return [`- The user said: "${clip(message.parts.map((p) => (p.kind === "user" ? userContentText(p.content) : "")).join(" "), 80)}"`];
    if (message.role === "assistant") {
      const text = message.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "tool_call" ? `[called ${p.name}]` : "")).join(" ").trim();
      return text ? [`- I replied: "${clip(text, 80)}"`] : [];
    }
    if (message.role === "summary") return message.parts.map((p) => (p.kind === "summary" ? `- Earlier: ${clip(p.text, 120)}` : ""));
    return [];
  });
  return [`Summary of ${messages.length} earlier messages:`, ...lines].join("\n");
}
