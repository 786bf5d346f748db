import type { Metadata } from "next";
import { AgentDriftPanel } from "@/components/admin/agent-drift";
import { MemoryBlockCard } from "@/components/admin/memory-block";
import { Alert } from "@/components/ui/alert";
import { getAgentDrift, type AgentDrift } from "@/lib/admin/agent-drift";
import { listSharedMemory, type MemoryBlock } from "@/lib/admin/memory";
import { requireAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Memory · Admin" };

export default async function SharedMemoryPage() {
  await requireAdmin();
  let memory: { agentId: string; blocks: MemoryBlock[] } | null = null;
  let problem: string | null = null;
  try {
    memory = await listSharedMemory();
  } catch (error) {
    problem = error instanceof AppError ? error.publicMessage : "The agent’s memory could not be loaded.";
  }
  // After the memory: finding the agent there creates it from agent.yaml when it is missing.
  const drift: AgentDrift | null = await getAgentDrift().catch(() => null);

  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-8">
      <h1 className="text-2xl font-semibold" data-testid="admin-heading">Shared memory</h1>
      <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        The shared agent’s core memory blocks. They are part of every conversation, so anything here is visible to the agent when it talks to anyone. Read-only.
        Letta does not report when a block last changed.
      </p>
      {memory ? (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          Agent <code className="font-mono" data-testid="memory-agent-id">{memory.agentId}</code>
        </p>
      ) : null}
      <div className="mt-5">
        <AgentDriftPanel drift={drift} />
      </div>
      <div className="mt-5 space-y-4">
        {problem ? (
          <Alert testId="memory-error">{problem}</Alert>
        ) : memory && memory.blocks.length === 0 ? (
          <div data-testid="memory-empty" className="rounded-xl border border-dashed border-zinc-300 px-6 py-14 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
            The agent has no core memory blocks.
          </div>
        ) : (
          memory?.blocks.map((block) => <MemoryBlockCard key={block.id} block={block} />)
        )}
      </div>
    </main>
  );
}
