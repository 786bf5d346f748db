import { notFound } from "../http/errors";
import { paginate } from "../http/paginate";
import type { Router } from "../http/router";
import { requireId } from "../http/validate";
import { agentStates } from "../services/agent-state";
import { requireAgent } from "../services/conversation-lifecycle";
import { agentTags, agentsWithBlock } from "../store/agents";
import { getBlock } from "../store/blocks";

/**
 * Reads a client makes while it bootstraps or inspects, beyond agents and conversations. letta-local has no
 * folders, files, archives, archival memory or MCP servers (creating them is unsupported), so listing them is
 * truthfully empty rather than a 404 that would stop a client that only wants to know there are none.
 */
export function registerListingRoutes(router: Router): void {
  // Tag cursors are tags; the order is alphabetical. `name` (and the deprecated `query_text`) match a substring.
  router.add("GET", "/v1/tags", async ({ app, query }) => {
    const needle = (query.string("name") ?? query.string("query_text"))?.toLowerCase();
    const tags = (await agentTags(app.db)).filter((tag) => needle === undefined || tag.toLowerCase().includes(needle));
    return paginate(tags.map((tag) => ({ id: tag })), query, { order: "asc", limit: 50 }).map((tag) => tag.id);
  });

  router.add("GET", "/v1/blocks/:block_id/agents", async ({ app, params, query }) => {
    const id = requireId("block", params.block_id);
    if (!(await getBlock(app.db, id))) throw notFound(`Block ${id} not found`);
    return agentStates(app, paginate(await agentsWithBlock(app.db, id), query, { order: "desc", limit: 50 }));
  });

  router.add("GET", "/v1/folders", async () => []);
  router.add("GET", "/v1/archives", async () => []);
  router.add("GET", "/v1/mcp-servers", async () => []);

  const agentScoped = (path: string, answer: () => unknown, method = "GET") =>
    router.add(method, `/v1/agents/:agent_id/${path}`, async ({ app, params }) => {
      await requireAgent(app, requireId("agent", params.agent_id));
      return answer();
    });
  agentScoped("folders", () => []);
  agentScoped("archival-memory", () => []);
  // NextFilesPage: an empty page that says there is no other.
  agentScoped("files", () => ({ files: [], next_cursor: null, has_more: false }));
  // No-op: there is no open file to close; Letta answers the names of the files it closed.
  agentScoped("files/close-all", () => [], "PATCH");
}
