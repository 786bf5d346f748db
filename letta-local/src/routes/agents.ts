import type { App } from "../app";
import { conflict, notFound } from "../http/errors";
import { paginate } from "../http/paginate";
import type { Router } from "../http/router";
import { optionalBool, optionalInt, optionalRecord, optionalString, optionalStringList, requireId, validateModelHandle } from "../http/validate";
import { toolNameForId } from "../model/tool-catalog";
import { blockJson } from "../render/resources";
import { deleteAgent, getAgent, listAgents, saveAgent, type AgentRecord } from "../store/agents";
import { attachBlocks, blocksOfAgent, deleteOwnedBlocks, detachBlock, getBlock, saveBlock } from "../store/blocks";
import { agentState, agentStates, createAgent } from "../services/agent-state";
import { applyBlockUpdate } from "./blocks";

export async function loadAgent(app: App, id: string | undefined): Promise<AgentRecord> {
  const agent = await getAgent(app.db, requireId("agent", id));
  if (!agent) throw notFound("Agent not found");
  return agent;
}

/** PATCH /v1/agents/{id}: what a declarative `agent:apply` needs; a null leaves a field unchanged. */
async function updateAgent(app: App, agent: AgentRecord, body: Record<string, unknown>): Promise<void> {
  const d = agent.data;
  const name = optionalString(body, "name", 500);
  if (name) agent.name = name;
  const model = optionalString(body, "model");
  validateModelHandle(model);
  if (model) d.model = model;
  d.system = optionalString(body, "system") ?? d.system;
  d.description = optionalString(body, "description") ?? d.description;
  d.tags = optionalStringList(body, "tags") ?? d.tags;
  d.embedding = optionalString(body, "embedding") ?? d.embedding;
  d.model_settings = optionalRecord(body, "model_settings") ?? d.model_settings;
  d.context_window_limit = optionalInt(body, "context_window_limit") ?? d.context_window_limit;
  d.metadata = optionalRecord(body, "metadata") ?? d.metadata;
  d.timezone = optionalString(body, "timezone") ?? d.timezone;
  d.hidden = optionalBool(body, "hidden") ?? d.hidden;
  if (Array.isArray(body.tool_rules)) d.tool_rules = body.tool_rules;
  const toolNames = optionalStringList(body, "tools");
  const toolIds = optionalStringList(body, "tool_ids");
  if (toolNames) d.tools = [...new Set(toolNames)];
  else if (toolIds) {
    // tool_ids REPLACES the tool set (what `agent:apply` relies on); an id outside the catalog is a 404.
    d.tools = [...new Set(toolIds)].map((id) => {
      const tool = toolNameForId(id, d.tools);
      if (!tool) throw notFound(`Tool ${id} not found`);
      return tool;
    });
  }
  const blockIds = optionalStringList(body, "block_ids");
  if (blockIds) {
    for (const id of blockIds) if (!(await getBlock(app.db, id))) throw notFound(`Block ${id} not found`);
    const current = await blocksOfAgent(app.db, agent.id);
    for (const block of current) if (!blockIds.includes(block.id)) await detachBlock(app.db, agent.id, block.id);
    await attachBlocks(app.db, agent.id, blockIds);
  }
  agent.updatedAt = app.clock.date();
  await saveAgent(app.db, agent);
}

async function blockByLabel(app: App, agentId: string, label: string) {
  const block = (await blocksOfAgent(app.db, agentId)).find((candidate) => candidate.label === label);
  if (!block) throw notFound(`Block with label '${label}' not found for agent ${agentId}`);
  return block;
}

export function registerAgentRoutes(router: Router): void {
  router.add("POST", "/v1/agents", async ({ app, body }) => agentState(app, await createAgent(app, await body())));

  router.add("GET", "/v1/agents", async ({ app, query }) => {
    const agents = await listAgents(app.db, {
      name: query.string("name"),
      queryText: query.string("query_text"),
      tags: query.list("tags"),
      matchAllTags: query.bool("match_all_tags", false),
    });
    return agentStates(app, paginate(agents, query, { order: "desc", limit: 50 }));
  });

  router.add("GET", "/v1/agents/:agent_id", async ({ app, params }) => agentState(app, await loadAgent(app, params.agent_id)));

  router.add("PATCH", "/v1/agents/:agent_id", async ({ app, params, body }) => {
    const agent = await loadAgent(app, params.agent_id);
    await updateAgent(app, agent, await body());
    return agentState(app, agent);
  });

  router.add("DELETE", "/v1/agents/:agent_id", async ({ app, params }) => {
    const agent = await loadAgent(app, params.agent_id);
    for (const run of app.registry.liveRuns()) if (run.record.agentId === agent.id) run.requestCancel();
    await deleteOwnedBlocks(app.db, agent.id);
    await deleteAgent(app.db, agent.id);
    return null;
  });

  router.add("GET", "/v1/agents/:agent_id/core-memory/blocks", async ({ app, params, query }) => {
    const agent = await loadAgent(app, params.agent_id);
    return paginate(await blocksOfAgent(app.db, agent.id), query, { order: "asc", limit: 100 }).map(blockJson);
  });

  router.add("GET", "/v1/agents/:agent_id/core-memory/blocks/:label", async ({ app, params }) => {
    const agent = await loadAgent(app, params.agent_id);
    return blockJson(await blockByLabel(app, agent.id, params.label ?? ""));
  });

  router.add("PATCH", "/v1/agents/:agent_id/core-memory/blocks/:label", async ({ app, params, body }) => {
    const agent = await loadAgent(app, params.agent_id);
    const block = await blockByLabel(app, agent.id, params.label ?? "");
    applyBlockUpdate(app, block, await body());
    await saveBlock(app.db, block);
    return blockJson(block);
  });

  router.add("PATCH", "/v1/agents/:agent_id/core-memory/blocks/attach/:block_id", async ({ app, params }) => {
    const agent = await loadAgent(app, params.agent_id);
    const block = await getBlock(app.db, requireId("block", params.block_id));
    if (!block) throw notFound(`Block ${params.block_id} not found`);
    const current = await blocksOfAgent(app.db, agent.id);
    if (current.some((other) => other.label === block.label && other.id !== block.id)) {
      throw conflict(`CONFLICT: Agent ${agent.id} already has a block labeled '${block.label}'`);
    }
    await attachBlocks(app.db, agent.id, [block.id]);
    return agentState(app, agent);
  });

  router.add("PATCH", "/v1/agents/:agent_id/core-memory/blocks/detach/:block_id", async ({ app, params }) => {
    const agent = await loadAgent(app, params.agent_id);
    const blockId = requireId("block", params.block_id);
    if (!(await detachBlock(app.db, agent.id, blockId))) throw notFound(`Block ${blockId} is not attached to agent ${agent.id}`);
    return agentState(app, agent);
  });
}

