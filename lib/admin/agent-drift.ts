import "server-only";
import { AgentConfigError, loadAgentConfig } from "@/lib/agent/config";
import { AppError } from "@/lib/errors";
import { planSharedAgent } from "@/lib/letta/agent";
import { formatChange } from "@/lib/letta/agent-plan";

export type AgentDrift =
  | { state: "in-sync"; notices: string[]; warnings: string[] }
  | { state: "drift"; changes: string[]; notices: string[]; warnings: string[] }
  | { state: "missing"; warnings: string[] }
  | { state: "invalid"; errors: string[] };

/**
 * Whether the live shared agent matches agent.yaml, as read from disk now (so an edited file shows up at once).
 * Lines only, never block contents: a writable block's value is the agent's memory and may quote users.
 */
export async function getAgentDrift(): Promise<AgentDrift> {
  let config;
  try {
    config = loadAgentConfig();
  } catch (error) {
    if (error instanceof AgentConfigError) return { state: "invalid", errors: error.message.split("\n") };
    throw new AppError("internal:backend", "Unexpected response from Letta", { cause: error });
  }
  const plan = await planSharedAgent(config);
  const { warnings } = config;
  if (!plan.agent) return { state: "missing", warnings };
  if (!plan.changes.length) return { state: "in-sync", notices: plan.notices, warnings };
  return { state: "drift", changes: plan.changes.map(formatChange), notices: plan.notices, warnings };
}
