import "server-only";
import { listSharedBlocks, type MemoryBlock } from "@/lib/letta/agent";

export type { MemoryBlock };

/** The shared agent's core memory blocks, read-only, sorted by label. */
export async function listSharedMemory(): Promise<{ agentId: string; blocks: MemoryBlock[] }> {
  const { agentId, blocks } = await listSharedBlocks();
  return { agentId, blocks: blocks.toSorted((a, b) => a.label.localeCompare(b.label)) };
}
