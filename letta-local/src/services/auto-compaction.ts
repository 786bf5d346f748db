import type { App } from "../app";
import { HttpError } from "../http/errors";
import { compactionThreshold, DEFAULT_CONTEXT_WINDOW, estimateTokens, messageChars } from "../model/context-window";
import type { AgentRecord } from "../store/agents";
import type { ConversationRecord } from "../store/conversations";
import type { StoredMessage } from "../store/messages";
import { compactConversation, type Compaction } from "./compaction";

export interface ContextMeasure {
  contextWindow: number;
  /** Estimated tokens of the in-context messages (system message included) plus the new input. */
  tokens: number;
  overflowing: boolean;
}

/**
 * The rule (README "Automatic compaction"): tokens ≈ ceil(characters / 4) over every in-context message and the new
 * input; the window is the conversation's context_window_limit, else the agent's, else 128,000; compaction runs
 * when the estimate exceeds 90% of the window.
 */
export function measureContext(agent: AgentRecord, conversation: ConversationRecord, inContext: StoredMessage[], inputChars: number): ContextMeasure {
  const contextWindow = conversation.contextWindowLimit ?? agent.data.context_window_limit ?? DEFAULT_CONTEXT_WINDOW;
  const tokens = estimateTokens(inContext.reduce((sum, message) => sum + messageChars(message), inputChars));
  return { contextWindow, tokens, overflowing: tokens > compactionThreshold(contextWindow) };
}

/**
 * Letta compacts in the step when the context would overflow (trigger `context_window_exceeded`, §8.2). A
 * conversation with too little to summarise is left as it is, like a failed summarisation in Letta: the run goes on.
 */
export async function compactOverflowingContext(
  app: App,
  conversation: ConversationRecord,
  measure: ContextMeasure,
  ids: { runId: string; stepId: string; pendingChars: number },
): Promise<Compaction | null> {
  try {
    return await compactConversation(app, conversation, "sliding_window", {
      trigger: "context_window_exceeded",
      contextWindow: measure.contextWindow,
      tokensBefore: measure.tokens,
      ...ids,
    });
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) return null;
    throw error;
  }
}
