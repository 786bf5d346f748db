import type { MessagePart, StoredMessage } from "../store/messages";

/** llm_config.context_window when neither the agent nor the conversation sets context_window_limit. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/**
 * Letta compacts once the context estimate passes SUMMARIZATION_TRIGGER_MULTIPLIER (0.9) of the window
 * (letta/services/summarizer/thresholds.py). Kept as a share, not a margin, so small test windows trigger it.
 */
const COMPACTION_TRIGGER_SHARE = 0.9;

/** There is no tokenizer offline: a token is estimated as 4 characters, rounded up. */
const CHARS_PER_TOKEN = 4;

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function compactionThreshold(contextWindow: number): number {
  return Math.floor(contextWindow * COMPACTION_TRIGGER_SHARE);
}

function partChars(part: MessagePart): number {
  switch (part.kind) {
    case "user":
      return typeof part.content === "string" ? part.content.length : JSON.stringify(part.content ?? "").length;
    case "tool_call":
      return part.name.length + part.arguments.length;
    case "tool_return":
      return part.tool_return.length;
    case "approval":
      return JSON.stringify(part.approvals).length;
    default:
      return part.text.length;
  }
}

/** What a message puts into the model's context, in characters: every text the model would be sent. */
export function messageChars(message: Pick<StoredMessage, "parts">): number {
  return message.parts.reduce((sum, part) => sum + partChars(part), 0);
}
