import type { Router } from "../http/router";
import { requireId } from "../http/validate";
import { BASE_TOOL_NAMES, toolJson } from "../model/tool-catalog";
import { agentJson, runJson } from "../render/resources";
import { contextOverview } from "../services/context-overview";
import { requireAgent, requireConversation, requireDefaultConversation } from "../services/conversation-lifecycle";
import { listAgents } from "../store/agents";
import { blocksOfAgent, listBlocks } from "../store/blocks";
import { runFilter } from "./runs";

/**
 * Endpoints of the archived Letta server (letta-openapi.json) that SDK 1.12.1 dropped but clients still call:
 * Letta Code posts add-base-tools when agent creation misses a base tool and reads /context for its context chart;
 * older SDKs count and read core memory. Each answers as the archive did, or is a documented no-op. Registered
 * before the SDK routes, so `/v1/agents/count` is not read as an agent id.
 */
export function registerArchiveCompatRoutes(router: Router): void {
  // The archive upserted its base tools and answered them; letta-local's catalog is fixed, so this only answers it.
  router.add("POST", "/v1/tools/add-base-tools", async () => BASE_TOOL_NAMES.map(toolJson));
  router.add("GET", "/v1/tools/count", async () => BASE_TOOL_NAMES.length);

  router.add("GET", "/v1/agents/count", async ({ app, query }) =>
    (await listAgents(app.db, {
      name: query.string("name"),
      queryText: query.string("query_text"),
      tags: query.list("tags"),
      matchAllTags: query.bool("match_all_tags", false),
    })).length,
  );
  router.add("GET", "/v1/blocks/count", async ({ app }) => (await listBlocks(app.db, {})).length);

  router.add("GET", "/v1/agents/:agent_id/context", async ({ app, params, query }) => {
    const agent = await requireAgent(app, requireId("agent", params.agent_id));
    const conversationId = query.string("conversation_id");
    const conversation = conversationId
      ? await requireConversation(app, requireId("conversation", conversationId, "conversation_id"))
      : await requireDefaultConversation(app, agent.id);
    return contextOverview(app, agent, conversation);
  });

  router.add("GET", "/v1/agents/:agent_id/core-memory", async ({ app, params }) => {
    const agent = await requireAgent(app, requireId("agent", params.agent_id));
    return agentJson(agent, await blocksOfAgent(app.db, agent.id), []).memory;
  });
  // `sources` is the archive's older name for folders: there are none.
  router.add("GET", "/v1/agents/:agent_id/sources", async ({ app, params }) => {
    await requireAgent(app, requireId("agent", params.agent_id));
    return [];
  });

  router.add("GET", "/v1/runs/active", async ({ app, query }) => {
    const filter = runFilter(query);
    return app.registry
      .liveRuns()
      .map((run) => run.record)
      .filter((run) => (filter.agentIds.length === 0 || filter.agentIds.includes(run.agentId)) && (filter.background === undefined || run.background === filter.background))
      .map(runJson);
  });

  // Bring-your-own-key providers: letta-local has none (its one model needs no key).
  router.add("GET", "/v1/providers", async () => []);

  // Letta Code reports telemetry and feedback to a loopback server in desktop mode: accepted and dropped (no-op).
  router.add("POST", "/v1/metadata/telemetry", async () => ({ success: true }));
  router.add("POST", "/v1/metadata/feedback", async () => ({ success: true }));
}
