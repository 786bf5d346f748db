import { HttpError } from "./errors";

/**
 * The SDK 1.12.1 methods letta-local does not implement, by route, so a client that calls one learns which method
 * it was (README "SDK surface" lists every method; the conformance suite checks this table against the SDK).
 * Anything else that reaches no route is outside the contract altogether.
 */
const SDK_UNSUPPORTED: [method: string, path: string, sdkMethod: string][] = [
  ["GET", "/v1/agents/{agent_id}/export", "agents.exportFile"],
  ["POST", "/v1/agents/import", "agents.importFile"],
  ["PATCH", "/v1/agents/{agent_id}/archives/attach/{archive_id}", "agents.archives.attach"],
  ["PATCH", "/v1/agents/{agent_id}/archives/detach/{archive_id}", "agents.archives.detach"],
  ["PATCH", "/v1/agents/{agent_id}/files/{file_id}/close", "agents.files.close"],
  ["PATCH", "/v1/agents/{agent_id}/files/{file_id}/open", "agents.files.open"],
  ["PATCH", "/v1/agents/{agent_id}/folders/attach/{folder_id}", "agents.folders.attach"],
  ["PATCH", "/v1/agents/{agent_id}/folders/detach/{folder_id}", "agents.folders.detach"],
  ["PATCH", "/v1/agents/{agent_id}/identities/attach/{identity_id}", "agents.identities.attach"],
  ["PATCH", "/v1/agents/{agent_id}/identities/detach/{identity_id}", "agents.identities.detach"],
  ["POST", "/v1/agents/{agent_id}/archival-memory", "agents.passages.create"],
  ["DELETE", "/v1/agents/{agent_id}/archival-memory/{memory_id}", "agents.passages.delete"],
  ["GET", "/v1/agents/{agent_id}/archival-memory/search", "agents.passages.search"],
  ["POST", "/v1/agents/{agent_id}/schedule", "agents.schedule.create"],
  ["GET", "/v1/agents/{agent_id}/schedule/{scheduled_message_id}", "agents.schedule.retrieve"],
  ["GET", "/v1/agents/{agent_id}/schedule", "agents.schedule.list"],
  ["DELETE", "/v1/agents/{agent_id}/schedule/{scheduled_message_id}", "agents.schedule.delete"],
  ["POST", "/v1/agents/{agent_id}/tools/{tool_name}/run", "agents.tools.run"],
  ["PATCH", "/v1/agents/{agent_id}/tools/approval/{tool_name}", "agents.tools.updateApproval"],
  ["POST", "/v1/archives", "archives.create"],
  ["GET", "/v1/archives/{archive_id}", "archives.retrieve"],
  ["PATCH", "/v1/archives/{archive_id}", "archives.update"],
  ["DELETE", "/v1/archives/{archive_id}", "archives.delete"],
  ["POST", "/v1/archives/{archive_id}/passages", "archives.passages.create"],
  ["DELETE", "/v1/archives/{archive_id}/passages/{passage_id}", "archives.passages.delete"],
  ["POST", "/v1/archives/{archive_id}/passages/batch", "archives.passages.createMany"],
  ["GET", "/v1/environments/{device_id}", "environments.retrieve"],
  ["GET", "/v1/environments", "environments.list"],
  ["POST", "/v1/environments/{connection_id}/messages", "environments.sendMessage"],
  ["GET", "/v1/folders/{folder_id}/agents", "folders.agents.list"],
  ["GET", "/v1/folders/{folder_id}/files/{file_id}", "folders.files.retrieve"],
  ["GET", "/v1/folders/{folder_id}/files", "folders.files.list"],
  ["DELETE", "/v1/folders/{folder_id}/{file_id}", "folders.files.delete"],
  ["POST", "/v1/folders/{folder_id}/upload", "folders.files.upload"],
  ["POST", "/v1/folders", "folders.create"],
  ["GET", "/v1/folders/{folder_id}", "folders.retrieve"],
  ["PATCH", "/v1/folders/{folder_id}", "folders.update"],
  ["DELETE", "/v1/folders/{folder_id}", "folders.delete"],
  ["POST", "/v1/mcp-servers", "mcpServers.create"],
  ["GET", "/v1/mcp-servers/{mcp_server_id}", "mcpServers.retrieve"],
  ["PATCH", "/v1/mcp-servers/{mcp_server_id}", "mcpServers.update"],
  ["DELETE", "/v1/mcp-servers/{mcp_server_id}", "mcpServers.delete"],
  ["PATCH", "/v1/mcp-servers/{mcp_server_id}/refresh", "mcpServers.refresh"],
  ["GET", "/v1/mcp-servers/{mcp_server_id}/tools/{tool_id}", "mcpServers.tools.retrieve"],
  ["GET", "/v1/mcp-servers/{mcp_server_id}/tools", "mcpServers.tools.list"],
  ["POST", "/v1/mcp-servers/{mcp_server_id}/tools/{tool_id}/run", "mcpServers.tools.run"],
  ["POST", "/v1/passages/search", "passages.search"],
  ["GET", "/v1/runs/{run_id}/trace", "runs.trace.retrieve"],
  ["PATCH", "/v1/steps/{step_id}/feedback", "steps.feedback.create"],
  ["GET", "/v1/steps/{step_id}/metrics", "steps.metrics.retrieve"],
  ["GET", "/v1/steps/{step_id}/trace", "steps.trace.retrieve"],
  ["POST", "/v1/templates/{template_version}/agents", "templates.agents.create"],
  ["POST", "/v1/templates", "templates.create"],
  ["PATCH", "/v1/templates/{template_name}", "templates.update"],
  ["DELETE", "/v1/templates/{template_name}", "templates.delete"],
  ["POST", "/v1/templates/{template_name}/rollback", "templates.rollback"],
  ["POST", "/v1/templates/{template_name}/save", "templates.save"],
  ["POST", "/v1/tools", "tools.create"],
  ["PATCH", "/v1/tools/{tool_id}", "tools.update"],
  ["DELETE", "/v1/tools/{tool_id}", "tools.delete"],
  ["POST", "/v1/tools/search", "tools.search"],
  ["PUT", "/v1/tools", "tools.upsert"],
  ["POST", "/v1/client-side-access-tokens", "accessTokens.create"],
  ["GET", "/v1/client-side-access-tokens", "accessTokens.list"],
  ["DELETE", "/v1/client-side-access-tokens/{token}", "accessTokens.delete"],
];

const segmentsOf = (path: string) => path.split("/").filter(Boolean);

const ROUTES = SDK_UNSUPPORTED.map(([method, path, sdkMethod]) => ({ method, path, sdkMethod, segments: segmentsOf(path) }));

export interface UnsupportedEndpoint {
  /** The SDK method this route belongs to, or null when it is not an SDK 1.12.1 route at all. */
  sdkMethod: string | null;
  /** A stable key for "log once": the route pattern for SDK routes, else the path as requested. */
  key: string;
}

/** Which unsupported endpoint a request that matched no route is (the most literal pattern wins). */
export function classifyUnsupported(method: string, pathname: string): UnsupportedEndpoint {
  const segments = segmentsOf(pathname);
  const matches = ROUTES.filter(
    (route) =>
      route.method === method &&
      route.segments.length === segments.length &&
      route.segments.every((pattern, i) => pattern.startsWith("{") || pattern === segments[i]),
  );
  const literal = (route: (typeof ROUTES)[number]) => route.segments.filter((s) => !s.startsWith("{")).length;
  const best = matches.sort((a, b) => literal(b) - literal(a))[0];
  return best ? { sdkMethod: best.sdkMethod, key: `${method} ${best.path}` } : { sdkMethod: null, key: `${method} ${pathname}` };
}

export function unsupportedError(method: string, pathname: string, endpoint: UnsupportedEndpoint): HttpError {
  const what = endpoint.sdkMethod
    ? `${endpoint.sdkMethod} (${method} ${pathname}) is part of @letta-ai/letta-client 1.12.1 but not implemented by letta-local`
    : `${method} ${pathname} is not served by letta-local: it is neither a method of @letta-ai/letta-client 1.12.1 nor one of the archived server's endpoints letta-local answers`;
  return new HttpError(404, `Not Found: ${what}. See letta-local/README.md, "SDK surface".`);
}
