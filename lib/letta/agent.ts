import "server-only";
import { loadAgentConfig, type AgentConfig } from "@/lib/agent/config";
import { withAdvisoryLock } from "@/lib/db/locks";
import { createAgent } from "./agent-apply";
import { findAgent, liveBlock, planAgent, type LiveBlock, type Plan } from "./agent-plan";
import { letta } from "./client";
import { toAppError } from "./errors";

// The shared agent every conversation talks to is declared in agent.yaml (see README, "Shared agent as code").
// Here it is only found by its configured name, or created from the file when missing; bringing an existing
// agent in line with the file is `npm run agent:apply`'s job (the admin memory page shows any drift).

let config: AgentConfig | undefined;
let cached: Promise<string> | undefined;

/**
 * agent.yaml, validated, read once per instance. The app reads its privacy choice from here
 * (`agentConfig().privacy.historySearch`). Throws AgentConfigError (line, field) when the file is invalid.
 */
export function agentConfig(): AgentConfig {
  config ??= loadAgentConfig();
  return config;
}

async function findOrCreateAgent(): Promise<string> {
  const declared = agentConfig();
  const existing = await findAgent(letta(), declared.name);
  if (existing) return existing.id;
  // Several instances may start at once: only one of them creates the agent.
  return withAdvisoryLock(`letta-agent:${declared.name}`, async () => {
    const again = await findAgent(letta(), declared.name);
    if (again) return again.id;
    for (const warning of declared.warnings) console.warn(`[agent.yaml] ${warning}`);
    return (await createAgent(letta(), declared)).id;
  });
}

/** The shared agent's id. Cached per instance; a failed lookup is retried on the next call. */
export function sharedAgentId(): Promise<string> {
  cached ??= findOrCreateAgent().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** How the live agent named in `declared` differs from it (what `npm run agent:apply` would change). */
export async function planSharedAgent(declared: AgentConfig): Promise<Plan> {
  try {
    return await planAgent(letta(), declared);
  } catch (error) {
    throw toAppError(error, "admin");
  }
}

/** A core memory block: id, label, value, limit (null when Letta does not say), description, readOnly. */
export type MemoryBlock = LiveBlock & {
  /**
   * Letta's block type has no "updated at" timestamp; it only names who last
   * changed the block (a Letta user or agent id).
   */
  lastUpdatedById: string | null;
};

/** One request; an agent's core memory is a handful of blocks. */
const MAX_BLOCKS = 200;

/** The shared agent's core memory blocks, as Letta lists them. */
export async function listSharedBlocks(): Promise<{ agentId: string; blocks: MemoryBlock[] }> {
  try {
    const agentId = await sharedAgentId();
    const page = await letta().agents.blocks.list(agentId, { limit: MAX_BLOCKS });
    const blocks = page.getPaginatedItems().map((block): MemoryBlock => ({
      ...liveBlock(block),
      label: block.label ?? "(no label)",
      lastUpdatedById: block.last_updated_by_id ?? null,
    }));
    return { agentId, blocks };
  } catch (error) {
    throw toAppError(error, "admin");
  }
}
