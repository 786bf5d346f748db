import "server-only";
import { createAgent } from "@/lib/agent/apply";
import { loadAgentConfig, type AgentConfig } from "@/lib/agent/config";
import { findAgent } from "@/lib/agent/plan";
import { withAdvisoryLock } from "@/lib/db/locks";
import { letta } from "./client";

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
