import type { AgentRecord } from "./store/agents";
import type { BlockRecord } from "./store/blocks";

export const DEFAULT_SYSTEM =
  "You are a helpful assistant running on letta-local, a deterministic offline model. " +
  "You keep facts about the user in your memory blocks and can search earlier conversations.";

/**
 * A conversation's system message (R41): the agent's instructions, the memory blocks as they are NOW, and the
 * metadata the archive's tests check. It is stored at position 0 and only rebuilt on create, compact and recompile.
 */
export function compileSystemPrompt(agent: AgentRecord, blocks: BlockRecord[], conversationLabel: string, now: Date): string {
  const renderedBlocks = blocks
    .filter((block) => !block.data.hidden)
    .map((block) =>
      [
        `<${block.label}>`,
        "<description>",
        block.data.description ?? "",
        "</description>",
        "<metadata>",
        `- read_only=${block.data.read_only}`,
        `- chars_current=${block.value.length}`,
        `- chars_limit=${block.data.limit}`,
        "</metadata>",
        "<value>",
        block.value,
        "</value>",
        `</${block.label}>`,
      ].join("\n"),
    );
  return [
    agent.data.system,
    "",
    "<memory_blocks>",
    "The following memory blocks are currently engaged in your core memory unit:",
    "",
    renderedBlocks.join("\n\n"),
    "</memory_blocks>",
    "",
    "<memory_metadata>",
    `- AGENT_ID: ${agent.id}`,
    `- CONVERSATION_ID: ${conversationLabel}`,
    `- System prompt last recompiled: ${now.toISOString().replace("T", " ").slice(0, 19)} UTC`,
    "- Older messages are stored in recall memory; use conversation_search to access them.",
    "</memory_metadata>",
  ].join("\n");
}
