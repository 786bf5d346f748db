import type { App } from "../app";
import { notFound } from "../http/errors";
import { paginate } from "../http/paginate";
import type { Router } from "../http/router";
import type { Query } from "../http/io";
import { requireId } from "../http/validate";
import { BASE_TOOL_NAMES, toolJson, toolNameForId } from "../model/tool-catalog";
import { saveAgent, type AgentRecord } from "../store/agents";
import { agentState } from "../services/agent-state";
import { loadAgent } from "./agents";

type ToolJson = Record<string, unknown> & { id: string; name: string; tool_type: string };

const catalog = (): ToolJson[] => BASE_TOOL_NAMES.map((name) => toolJson(name) as ToolJson);

/** The filters of `client.tools.list` (ToolListParams) that make sense for a fixed catalog. */
function filterTools(tools: ToolJson[], query: Query): ToolJson[] {
  const name = query.string("name");
  const names = query.list("names");
  const ids = query.list("tool_ids");
  const search = query.string("search")?.toLowerCase();
  const types = query.list("tool_types");
  const excluded = query.list("exclude_tool_types");
  const lettaOnly = query.bool("return_only_letta_tools", false);
  return tools.filter(
    (tool) =>
      (name === undefined || tool.name === name) &&
      (names.length === 0 || names.includes(tool.name)) &&
      (ids.length === 0 || ids.includes(tool.id)) &&
      (search === undefined || tool.name.toLowerCase().includes(search)) &&
      (types.length === 0 || types.includes(tool.tool_type)) &&
      !excluded.includes(tool.tool_type) &&
      (!lettaOnly || tool.tool_type.startsWith("letta")),
  );
}

/** A tool id the agent can attach or detach: a catalog tool, or one of its own extra tool names. */
function toolNameOrThrow(agent: AgentRecord, toolId: string | undefined): string {
  const id = requireId("tool", toolId);
  const name = toolNameForId(id, agent.data.tools);
  if (!name) throw notFound(`Tool ${id} not found`);
  return name;
}

async function setAgentTools(app: App, agent: AgentRecord, tools: string[]): Promise<Record<string, unknown>> {
  agent.data.tools = tools;
  agent.updatedAt = app.clock.date();
  await saveAgent(app.db, agent);
  return agentState(app, agent);
}

/**
 * Tools as an `agent:apply` script sees them: the catalog is letta-local's base tools (ids derived from names, so
 * stable across restarts and servers); agents attach and detach them by id. Creating or editing tools is not offered.
 */
export function registerToolRoutes(router: Router): void {
  router.add("GET", "/v1/tools", async ({ query }) => paginate(filterTools(catalog(), query), query, { order: "desc", limit: 50 }));

  router.add("GET", "/v1/tools/:tool_id", async ({ params }) => {
    const id = requireId("tool", params.tool_id);
    const name = toolNameForId(id);
    if (!name) throw notFound(`Tool with id ${id} not found`);
    return toolJson(name);
  });

  // The agent's tools in attach order, as in AgentState.tools.
  router.add("GET", "/v1/agents/:agent_id/tools", async ({ app, params, query }) => {
    const agent = await loadAgent(app, params.agent_id);
    return paginate(agent.data.tools.map((name) => toolJson(name) as ToolJson), query, { order: "asc", limit: 100 });
  });

  // Attaching an attached tool (or detaching a detached one) changes nothing and still answers the AgentState.
  router.add("PATCH", "/v1/agents/:agent_id/tools/attach/:tool_id", async ({ app, params }) => {
    const agent = await loadAgent(app, params.agent_id);
    const name = toolNameOrThrow(agent, params.tool_id);
    return setAgentTools(app, agent, agent.data.tools.includes(name) ? agent.data.tools : [...agent.data.tools, name]);
  });

  router.add("PATCH", "/v1/agents/:agent_id/tools/detach/:tool_id", async ({ app, params }) => {
    const agent = await loadAgent(app, params.agent_id);
    const name = toolNameOrThrow(agent, params.tool_id);
    return setAgentTools(app, agent, agent.data.tools.filter((tool) => tool !== name));
  });
}
