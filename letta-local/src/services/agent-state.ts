import type { App } from "../app";
import { randomBytes } from "node:crypto";
import { newId } from "../ids";
import { notFound, unprocessable } from "../http/errors";
import { optionalBool, optionalInt, optionalRecord, optionalString, optionalStringList, validateModelHandle } from "../http/validate";
import { OFFLINE_MODEL } from "../model/model-catalog";
import { BASE_TOOL_NAMES, toolNameForId } from "../model/tool-catalog";
import { insertAgent, type AgentRecord } from "../store/agents";
import { attachBlocks, blocksOfAgents, getBlock, insertBlocks, type BlockRecord } from "../store/blocks";
import { getDefaultConversation } from "../store/conversations";
import { agentJson } from "../render/resources";
import { DEFAULT_SYSTEM } from "../system-prompt";
import { createConversation } from "./conversation-lifecycle";

export const DEFAULT_BLOCK_LIMIT = 100_000;

/** Full AgentState JSON for several agents with two queries, not 2×N. */
export async function agentStates(app: App, agents: AgentRecord[]): Promise<Record<string, unknown>[]> {
  if (agents.length === 0) return [];
  const blocks = await blocksOfAgents(app.db, agents.map((agent) => agent.id));
  const { rows } = await app.db.query<{ agent_id: string; in_context_ids: string[] }>(
    `SELECT agent_id, in_context_ids FROM ${app.db.t.conversations} WHERE is_default AND deleted_at IS NULL AND agent_id = ANY($1::text[])`,
    [agents.map((agent) => agent.id)],
  );
  const messageIds = new Map(rows.map((row) => [row.agent_id, row.in_context_ids]));
  return agents.map((agent) => agentJson(agent, blocks.get(agent.id) ?? [], messageIds.get(agent.id) ?? []));
}

export async function agentState(app: App, agent: AgentRecord): Promise<Record<string, unknown>> {
  const [state] = await agentStates(app, [agent]);
  return state ?? {};
}

export function blockFromBody(app: App, body: Record<string, unknown>, ownerAgentId: string | null): BlockRecord {
  const label = optionalString(body, "label", 200);
  const value = optionalString(body, "value");
  if (!label) throw unprocessable("'label' is required");
  if (value === undefined || value === null) throw unprocessable("'value' is required");
  const limit = optionalInt(body, "limit") ?? DEFAULT_BLOCK_LIMIT;
  if (value.length > limit) throw unprocessable(`Block '${label}' value exceeds its limit of ${limit} characters`);
  const now = app.clock.date();
  return {
    id: newId("block"),
    label,
    value,
    data: {
      description: optionalString(body, "description") ?? null,
      limit,
      read_only: optionalBool(body, "read_only") ?? false,
      metadata: optionalRecord(body, "metadata") ?? {},
      tags: optionalStringList(body, "tags") ?? [],
      hidden: optionalBool(body, "hidden") ?? null,
      owner_agent_id: ownerAgentId,
    },
    createdAt: now,
    updatedAt: now,
  };
}

/** POST /v1/agents: the agent, its inline blocks, attached blocks and its default conversation. */
export async function createAgent(app: App, body: Record<string, unknown>): Promise<AgentRecord> {
  const now = app.clock.date();
  const id = newId("agent");
  const model = optionalString(body, "model") ?? OFFLINE_MODEL;
  validateModelHandle(model);
  const memoryBlocks = body.memory_blocks ?? [];
  if (!Array.isArray(memoryBlocks)) throw unprocessable("'memory_blocks' must be a list");
  const blocks = memoryBlocks.map((block) => blockFromBody(app, (block ?? {}) as Record<string, unknown>, id));
  const attachIds = optionalStringList(body, "block_ids") ?? [];
  for (const blockId of attachIds) if (!(await getBlock(app.db, blockId))) throw notFound(`Block ${blockId} not found`);
  const includeBase = optionalBool(body, "include_base_tools") ?? true;
  // Tools by name (`tools`) and by id (`tool_ids`, what Letta's create also accepts); an unknown id is a 404.
  const byId = (optionalStringList(body, "tool_ids") ?? []).map((toolId) => {
    const name = toolNameForId(toolId);
    if (!name) throw notFound(`Tool ${toolId} not found`);
    return name;
  });
  const tools = [...new Set([...(includeBase ? BASE_TOOL_NAMES : []), ...(optionalStringList(body, "tools") ?? []), ...byId])];
  const agent: AgentRecord = {
    id,
    name: optionalString(body, "name", 500) ?? `letta-agent-${randomBytes(3).toString("hex")}`,
    data: {
      agent_type: optionalString(body, "agent_type") ?? "letta_v1_agent",
      system: optionalString(body, "system") ?? DEFAULT_SYSTEM,
      description: optionalString(body, "description") ?? null,
      tags: optionalStringList(body, "tags") ?? [],
      tools,
      model,
      embedding: optionalString(body, "embedding") ?? null,
      model_settings: optionalRecord(body, "model_settings") ?? null,
      context_window_limit: optionalInt(body, "context_window_limit") ?? null,
      metadata: optionalRecord(body, "metadata") ?? null,
      timezone: optionalString(body, "timezone") ?? "UTC",
      hidden: optionalBool(body, "hidden") ?? null,
      tool_rules: Array.isArray(body.tool_rules) ? body.tool_rules : [],
    },
    createdAt: now,
    updatedAt: now,
  };
  await insertAgent(app.db, agent);
  await insertBlocks(app.db, blocks);
  await attachBlocks(app.db, id, [...blocks.map((block) => block.id), ...attachIds]);
  await createConversation(app, agent, { isDefault: true, hidden: true });
  return agent;
}

export async function defaultMessageIds(app: App, agentId: string): Promise<string[]> {
  return (await getDefaultConversation(app.db, agentId))?.inContextIds ?? [];
}
