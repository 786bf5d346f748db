// Make the live shared agent match agent.yaml. Plain Node; takes the Letta client.
// Enforced: system, description, model, embedding, context window, tools, the set of blocks, and each block's
// limit, description, read_only and (for read-only blocks) value. Reported only: the value of an agent-WRITABLE
// block, which is the agent's memory (set once, when the block is created). Never deleted: conversations, and
// blocks removed from the file (detached from the agent, so their content survives).
import type Letta from "@letta-ai/letta-client";
import type { AgentConfig, BlockConfig } from "../agent/config";
import { listConversationIds, planAgent, resolveToolIds, type Change, type Plan } from "./agent-plan";

export const AGENT_TAG = "threadline";

export type ApplyResult = {
  plan: Plan;
  agentId: string;
  /** The agent did not exist and was created from the file. */
  created: boolean;
  /** Whether anything was written (false for --dry-run and when nothing differed). */
  changed: boolean;
  /** Conversations whose system message was rebuilt (null when not asked to recompile). */
  recompiled: number | null;
  /** Conversations whose recompile failed, with the reason. */
  recompileFailures: { conversationId: string; error: string }[];
};

export class AgentApplyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AgentApplyError";
  }
}

const blockBody = (block: BlockConfig) => ({
  label: block.label,
  value: block.value,
  limit: block.limit,
  read_only: block.readOnly,
  ...(block.description !== undefined ? { description: block.description } : {}),
});

function requireTools(resolved: Map<string, string | null>): string[] {
  const missing = [...resolved].filter(([, id]) => id === null).map(([name]) => name);
  if (missing.length) {
    throw new AgentApplyError(`Tool${missing.length > 1 ? "s" : ""} not found on the Letta server: ${missing.join(", ")} (agent.yaml tools)`);
  }
  return [...resolved.values()] as string[];
}

/**
 * Creates the shared agent from the file: no Letta base tools (only the file's tools, resolved by name), the
 * file's blocks, tagged "threadline". Callers that may race (several app instances) must serialise around it.
 */
export async function createAgent(client: Letta, config: AgentConfig): Promise<Letta.AgentState> {
  const toolIds = requireTools(await resolveToolIds(client, config.tools));
  const agent = await client.agents.create({
    name: config.name,
    system: config.system,
    model: config.model,
    ...(config.description !== undefined ? { description: config.description } : {}),
    ...(config.embedding !== undefined ? { embedding: config.embedding } : {}),
    ...(config.contextWindow !== undefined ? { context_window_limit: config.contextWindow } : {}),
    include_base_tools: false,
    tool_ids: toolIds,
    tags: [AGENT_TAG],
    memory_blocks: config.blocks.map(blockBody),
  });
  // Belt and braces: a server that ignores tool_ids on create gets them through an update.
  const attached = new Set((agent.tools ?? []).map((tool) => tool.id));
  if (attached.size !== toolIds.length || toolIds.some((id) => !attached.has(id))) {
    return client.agents.update(agent.id, { tool_ids: toolIds });
  }
  return agent;
}

/**
 * Plans, then (unless dryRun) creates the agent or applies the changes; with `recompile`, rebuilds the system
 * message of every conversation of the agent so they see the new prompt and blocks (Letta otherwise keeps each
 * conversation's compiled system message until it is compacted). A dry run never writes, even with `recompile`.
 */
export async function applyAgentConfig(
  client: Letta,
  config: AgentConfig,
  options: { dryRun?: boolean; recompile?: boolean } = {},
): Promise<ApplyResult> {
  const plan = await planAgent(client, config, { countConversations: true });
  const result = (agentId: string, created: boolean, changed: boolean): ApplyResult =>
    ({ plan, agentId, created, changed, recompiled: null, recompileFailures: [] });
  if (!plan.agent) {
    if (options.dryRun) return result("", true, false);
    if (plan.missingTools.length) requireTools(new Map(plan.missingTools.map((name) => [name, null])));
    const agent = await createAgent(client, config);
    return result(agent.id, true, true);
  }
  const outcome = result(plan.agent.id, false, plan.changes.length > 0 && !options.dryRun);
  if (options.dryRun) return outcome;
  if (plan.changes.length) await applyChanges(client, config, plan);
  if (options.recompile) Object.assign(outcome, await recompileConversations(client, plan.agent.id));
  return outcome;
}

async function applyChanges(client: Letta, config: AgentConfig, plan: Plan): Promise<void> {
  const agent = plan.agent!;
  const changes = plan.changes;
  const of = <K extends Change["kind"]>(kind: K) => changes.filter((c): c is Extract<Change, { kind: K }> => c.kind === kind);

  const update: Letta.AgentUpdateParams = {};
  for (const change of of("agent")) {
    if (change.field === "system") update.system = config.system;
    if (change.field === "description") update.description = config.description;
    if (change.field === "model") update.model = config.model;
    if (change.field === "embedding") update.embedding = config.embedding;
    if (change.field === "context_window") update.context_window_limit = config.contextWindow;
  }
  // A new model may come with its own default window: restate the file's.
  if (update.model && config.contextWindow !== undefined) update.context_window_limit = config.contextWindow;
  const toolAdds = of("tool-add");
  if (toolAdds.length || of("tool-remove").length) {
    const missingTools = toolAdds.filter((change) => !change.toolId).map((change) => change.name);
    if (missingTools.length) requireTools(new Map(missingTools.map((name) => [name, null])));
    const ids = new Map([...agent.tools.map((tool) => [tool.name, tool.id] as const), ...toolAdds.map((c) => [c.name, c.toolId!] as const)]);
    update.tool_ids = config.tools.map((name) => ids.get(name)!);
  }
  if (Object.keys(update).length) await client.agents.update(agent.id, update);

  // One update per block, all fields at once (so a shorter value and a smaller limit are checked together).
  const blockUpdates = new Map<string, Letta.Agents.BlockUpdateParams>();
  for (const change of of("block")) {
    const body = blockUpdates.get(change.label) ?? { agent_id: agent.id };
    const block = config.blocks.find((candidate) => candidate.label === change.label)!;
    if (change.field === "value") body.value = block.value;
    if (change.field === "limit") body.limit = block.limit;
    if (change.field === "description") body.description = block.description;
    if (change.field === "read_only") body.read_only = block.readOnly;
    blockUpdates.set(change.label, body);
  }
  for (const [label, body] of blockUpdates) await client.agents.blocks.update(label, body);
  for (const change of of("block-detach")) await client.agents.blocks.detach(change.blockId, { agent_id: agent.id });
  for (const change of of("block-add")) {
    const block = await client.blocks.create(blockBody(change.after));
    await client.agents.blocks.attach(block.id!, { agent_id: agent.id });
  }
}

/** Rebuilds every conversation's system message from the agent's current prompt and blocks, 8 at a time. */
export async function recompileConversations(
  client: Letta,
  agentId: string,
): Promise<{ recompiled: number; recompileFailures: ApplyResult["recompileFailures"] }> {
  const ids = await listConversationIds(client, agentId);
  const failures: ApplyResult["recompileFailures"] = [];
  let next = 0;
  let recompiled = 0;
  const worker = async () => {
    while (next < ids.length) {
      const conversationId = ids[next++]!;
      try {
        await client.conversations.recompile(conversationId);
        recompiled++;
      } catch (error) {
        failures.push({ conversationId, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
  return { recompiled, recompileFailures: failures };
}
