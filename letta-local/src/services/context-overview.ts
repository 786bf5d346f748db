import type { App } from "../app";
import { DEFAULT_CONTEXT_WINDOW, estimateTokens, messageChars } from "../model/context-window";
import { unpackSummary } from "../model/summary-message";
import { toolJson } from "../model/tool-catalog";
import { getMessages, searchTextOf, type StoredMessage } from "../store/messages";
import { historyIds, type ConversationRecord } from "../store/conversations";
import type { AgentRecord } from "../store/agents";

const CORE_MEMORY = /<memory_blocks>[\s\S]*?<\/memory_blocks>/;

/** The text a stored message puts in context, for the overview's message list. */
function contextText(message: StoredMessage): string {
  return message.parts
    .map((part) => (part.kind === "tool_call" ? `${part.name}(${part.arguments})` : part.kind === "tool_return" ? part.tool_return : part.kind === "summary" ? unpackSummary(part.text).summary : ""))
    .filter(Boolean)
    .concat(searchTextOf(message) ? [searchTextOf(message)] : [])
    .join("\n");
}

/**
 * `GET /v1/agents/{id}/context` (archived API; Letta Code's /context chart): the conversation's context window by
 * part, at ~4 characters per token. The parts add up to `context_window_size_current`: the system prompt apart from
 * its memory blocks, the memory blocks, the tool schemas, a compaction summary in context, the other messages.
 */
export async function contextOverview(app: App, agent: AgentRecord, conversation: ConversationRecord): Promise<Record<string, unknown>> {
  const [byId, history] = await Promise.all([getMessages(app.db, conversation.inContextIds), historyIds(app.db, conversation.id)]);
  const inContext = conversation.inContextIds.map((id) => byId.get(id)).filter((m): m is StoredMessage => Boolean(m));
  const [system, ...rest] = inContext;
  const systemPrompt = system?.parts.map((part) => (part.kind === "system" ? part.text : "")).join("") ?? "";
  const coreMemory = CORE_MEMORY.exec(systemPrompt)?.[0] ?? "";
  const summaries = rest.filter((message) => message.role === "summary");
  const messages = rest.filter((message) => message.role !== "summary");
  const summaryMemory = summaries.map((message) => contextText(message)).join("\n") || null;
  const functions = agent.data.tools.map((name) => ({ type: "function", function: toolJson(name).json_schema }));
  const externalSummary = `${history.length - inContext.length} previous messages between you and the user are stored in recall memory (use tools to access them)`;
  const tokens = {
    system: estimateTokens(systemPrompt.length - coreMemory.length),
    core: estimateTokens(coreMemory.length),
    functions: estimateTokens(JSON.stringify(functions).length),
    summary: estimateTokens(summaries.reduce((sum, message) => sum + messageChars(message), 0)),
    messages: estimateTokens(messages.reduce((sum, message) => sum + messageChars(message), 0)),
    external: estimateTokens(externalSummary.length),
  };
  return {
    context_window_size_max: conversation.contextWindowLimit ?? agent.data.context_window_limit ?? DEFAULT_CONTEXT_WINDOW,
    context_window_size_current: Object.values(tokens).reduce((sum, value) => sum + value, 0),
    num_messages: inContext.length,
    num_archival_memory: 0,
    num_recall_memory: history.length,
    num_tokens_external_memory_summary: tokens.external,
    external_memory_summary: externalSummary,
    num_tokens_system: tokens.system,
    system_prompt: systemPrompt,
    num_tokens_core_memory: tokens.core,
    core_memory: coreMemory,
    num_tokens_summary_memory: tokens.summary,
    summary_memory: summaryMemory,
    num_tokens_functions_definitions: tokens.functions,
    functions_definitions: functions,
    num_tokens_messages: tokens.messages,
    messages: inContext.map((message) => ({
      id: message.id,
      role: message.role,
      agent_id: message.agentId,
      conversation_id: message.conversationId,
      content: [{ type: "text", text: message === system ? systemPrompt : contextText(message) }],
      created_at: message.createdAt.toISOString(),
      run_id: message.runId,
      step_id: message.stepId,
      otid: message.otid,
    })),
  };
}
