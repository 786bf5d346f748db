import "server-only";
import { sharedAgentId } from "@/lib/letta/agent";
import { letta } from "@/lib/letta/client";
import { toAppError } from "@/lib/letta/errors";

export type MemoryBlock = {
  id: string;
  label: string;
  value: string;
  /** Character limit; null when Letta does not say. */
  limit: number | null;
  description: string | null;
  /** Whether the agent itself may not edit the block. */
  readOnly: boolean;
  /**
   * Letta's block type has no "updated at" timestamp; it only names who last
   * changed the block (a Letta user or agent id).
   */
  lastUpdatedById: string | null;
};

/** One request; an agent's core memory is a handful of blocks. */
const MAX_BLOCKS = 200;

/** The shared agent's core memory blocks, read-only, sorted by label. */
export async function listSharedMemory(): Promise<{ agentId: string; blocks: MemoryBlock[] }> {
  try {
    const agentId = await sharedAgentId();
    const page = await letta().agents.blocks.list(agentId, { limit: MAX_BLOCKS });
    const blocks = page.getPaginatedItems().map((block): MemoryBlock => ({
        id: block.id,
      label: block.label ?? "(no label)",
      value: block.value,
      limit: typeof block.limit === "number" ? block.limit : null,
      description: block.description ?? null,
      readOnly: block.read_only === true,
      lastUpdatedById: block.last_updated_by_id ?? null,
    }));
    return { agentId, blocks: blocks.sort((a, b) => a.label.localeCompare(b.label)) };
  } catch (error) {
    throw toAppError(error, "admin");
  }
}
