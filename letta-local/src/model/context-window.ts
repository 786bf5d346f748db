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

/**
 * An image is not text: whatever its size, it counts as this many characters (256 tokens), the order of magnitude
 * providers bill for a small image. Its base64 data is never counted as text.
 */
export const IMAGE_CHARS = 1024;

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function compactionThreshold(contextWindow: number): number {
  return Math.floor(contextWindow * COMPACTION_TRIGGER_SHARE);
}

function partChars(part: MessagePart): number {
  switch (part.kind) {
    case "user":
      return userContentChars(part.content);
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

/** Text parts by their length, images at IMAGE_CHARS each, any other part by its JSON. */
function userContentChars(content: unknown): number {
  if (typeof content === "string") return content.length;
  if (!Array.isArray(content)) return 0;
  return content.reduce((sum: number, item: unknown) => {
    const part = (item ?? {}) as { type?: unknown; text?: unknown };
    if (typeof part.text === "string") return sum + part.text.length;
    return sum + (part.type === "image" ? IMAGE_CHARS : JSON.stringify(item).length);
  }, 0);
}

/** What a message puts into the model's context, in characters: every text the model would be sent. */
export function messageChars(message: Pick<StoredMessage, "parts">): number {
  return message.parts.reduce((sum, part) => sum + partChars(part), 0);
}
