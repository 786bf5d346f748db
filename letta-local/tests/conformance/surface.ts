import Letta from "@letta-ai/letta-client";

/**
 * What letta-local claims for every method of @letta-ai/letta-client 1.12.1. The conformance suite checks this
 * table against the SDK (same methods, no more, no fewer), calls every implemented and no-op method through the
 * SDK, checks that every unsupported one is a 404 naming the method, and renders it into letta-local/README.md.
 */
export type Status = "implemented" | "no-op" | "unsupported";

const I = "implemented" as const;
const N = "no-op" as const;
const U = "unsupported" as const;
const EMPTY = "always empty: letta-local has none";

export const SURFACE: Record<string, readonly [Status, string?]> = {
  health: [I],
  "accessTokens.create": [U],
  "accessTokens.delete": [U],
  "accessTokens.list": [U],
  "agents.archives.attach": [U],
  "agents.archives.detach": [U],
  "agents.blocks.attach": [I],
  "agents.blocks.detach": [I],
  "agents.blocks.list": [I],
  "agents.blocks.retrieve": [I, "by label"],
  "agents.blocks.update": [I],
  "agents.create": [I, "any `provider/model` handle; tools by name or id"],
  "agents.delete": [I],
  "agents.exportFile": [U],
  "agents.files.close": [U],
  "agents.files.closeAll": [N, "no file is ever open: answers `[]`"],
  "agents.files.list": [I, EMPTY],
  "agents.files.open": [U],
  "agents.folders.attach": [U],
  "agents.folders.detach": [U],
  "agents.folders.list": [I, EMPTY],
  "agents.identities.attach": [U],
  "agents.identities.detach": [U],
  "agents.importFile": [U],
  "agents.list": [I],
  "agents.messages.cancel": [I, "every live run of the agent, or `run_ids`"],
  "agents.messages.compact": [I, "the default conversation"],
  "agents.messages.create": [I, "the default conversation; JSON unless `streaming: true`"],
  "agents.messages.createAsync": [I, "answers the Run; it runs in the background"],
  "agents.messages.list": [I, "the default conversation, or `conversation_id`"],
  "agents.messages.reset": [I, "a fresh default conversation"],
  "agents.messages.stream": [I, "deprecated; always SSE"],
  "agents.passages.create": [U],
  "agents.passages.delete": [U],
  "agents.passages.list": [I, EMPTY],
  "agents.passages.search": [U],
  "agents.recompile": [I, "the default conversation's system message"],
  "agents.retrieve": [I],
  "agents.schedule.create": [U],
  "agents.schedule.delete": [U],
  "agents.schedule.list": [U],
  "agents.schedule.retrieve": [U],
  "agents.tools.attach": [I],
  "agents.tools.detach": [I],
  "agents.tools.list": [I],
  "agents.tools.run": [U],
  "agents.tools.updateApproval": [U],
  "agents.update": [I],
  "archives.create": [U],
  "archives.delete": [U],
  "archives.list": [I, EMPTY],
  "archives.passages.create": [U],
  "archives.passages.createMany": [U],
  "archives.passages.delete": [U],
  "archives.retrieve": [U],
  "archives.update": [U],
  "blocks.agents.list": [I],
  "blocks.create": [I],
  "blocks.delete": [I],
  "blocks.list": [I],
  "blocks.retrieve": [I],
  "blocks.update": [I],
  "conversations.cancel": [I],
  "conversations.create": [I],
  "conversations.delete": [I],
  "conversations.fork": [I],
  "conversations.list": [I],
  "conversations.messages.compact": [I],
  "conversations.messages.create": [I],
  "conversations.messages.list": [I],
  "conversations.messages.stream": [I],
  "conversations.recompile": [I],
  "conversations.retrieve": [I],
  "conversations.update": [I],
  "environments.list": [U],
  "environments.retrieve": [U],
  "environments.sendMessage": [U],
  "folders.agents.list": [U],
  "folders.create": [U],
  "folders.delete": [U],
  "folders.files.delete": [U],
  "folders.files.list": [U],
  "folders.files.retrieve": [U],
  "folders.files.upload": [U],
  "folders.list": [I, EMPTY],
  "folders.retrieve": [U],
  "folders.update": [U],
  "mcpServers.create": [U],
  "mcpServers.delete": [U],
  "mcpServers.list": [I, EMPTY],
  "mcpServers.refresh": [U],
  "mcpServers.retrieve": [U],
  "mcpServers.tools.list": [U],
  "mcpServers.tools.retrieve": [U],
  "mcpServers.tools.run": [U],
  "mcpServers.update": [U],
  "messages.list": [I, "every live message, by creation time"],
  "messages.retrieve": [I, "the message's items (a list)"],
  "messages.search": [I, "word match; every search_mode alike"],
  "models.embeddings.list": [I, "offline embedding + agent.yaml's"],
  "models.list": [I, "offline model + agent.yaml's handle"],
  "passages.search": [U],
  "runs.list": [I],
  "runs.messages.list": [I],
  "runs.messages.stream": [I, "background runs"],
  "runs.retrieve": [I],
  "runs.steps.list": [I],
  "runs.trace.retrieve": [U],
  "runs.usage.retrieve": [I, "≈ 4 characters per token"],
  "steps.feedback.create": [U],
  "steps.list": [I],
  "steps.messages.list": [I],
  "steps.metrics.retrieve": [U],
  "steps.retrieve": [I],
  "steps.trace.retrieve": [U],
  "tags.list": [I],
  "templates.agents.create": [U],
  "templates.create": [U],
  "templates.delete": [U],
  "templates.rollback": [U],
  "templates.save": [U],
  "templates.update": [U],
  "tools.create": [U, "the catalog is fixed"],
  "tools.delete": [U],
  "tools.list": [I],
  "tools.retrieve": [I],
  "tools.search": [U],
  "tools.update": [U],
  "tools.upsert": [U],
};

export const claimed = (status: Status) => Object.keys(SURFACE).filter((name) => SURFACE[name]?.[0] === status);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Resource = Record<string, any>;
const isResource = (value: unknown): value is Resource => Boolean(value) && typeof value === "object" && "_client" in (value as object);

/** Every public method of the SDK's resources (`agents.messages.create`, …), plus the client's own `health`. */
export function sdkMethods(client: Letta): string[] {
  const names = ["health"];
  const walk = (resource: Resource, prefix: string) => {
    for (const key of Object.keys(resource)) {
      const child = resource[key];
      if (key.startsWith("_") || !isResource(child)) continue;
      const name = prefix ? `${prefix}.${key}` : key;
      const proto = Object.getPrototypeOf(child) as Resource;
      for (const method of Object.getOwnPropertyNames(proto)) if (method !== "constructor" && typeof proto[method] === "function") names.push(`${name}.${method}`);
      walk(child, name);
    }
  };
  walk(client as unknown as Resource, "");
  return names.sort();
}

/** Resolves `agents.messages.create` on a client to a callable bound to its resource. */
export function methodOf(client: Letta, name: string): (...args: unknown[]) => unknown {
  const path = name.split(".");
  let target = client as unknown as Resource;
  for (const key of path.slice(0, -1)) target = target[key];
  const fn = target[path.at(-1) ?? ""] as (...args: unknown[]) => unknown;
  return fn.bind(target);
}

const ORIGIN = "http://sdk.invalid";
const PATH_PARAMS = { agent_id: "{agent_id}", archive_id: "{archive_id}", folder_id: "{folder_id}", mcp_server_id: "{mcp_server_id}" };

/**
 * The HTTP route of every SDK method, read off the SDK itself: each method is called once against a fetch that only
 * records the request (its first argument `{id}`, path parameters named after themselves).
 */
export async function sdkRoutes(): Promise<Map<string, string>> {
  const routes = new Map<string, string>();
  let current = "";
  const client = new Letta({
    baseURL: ORIGIN,
    apiKey: "routes",
    maxRetries: 0,
    fetch: async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const url = String(input);
      if (url.startsWith(ORIGIN)) routes.set(current, `${init?.method ?? "GET"} ${decodeURIComponent(new URL(url).pathname)}`);
      return new Response("[]", { headers: { "content-type": "application/json" } });
    },
  });
  for (const name of sdkMethods(client)) {
    current = name;
    try {
      await Promise.resolve(methodOf(client, name)("{id}", PATH_PARAMS)).catch(() => undefined);
    } catch {
      // A method that cannot build its request from placeholders is caught by the route check in the suite.
    }
  }
  return routes;
}

/** The README table: every SDK method, its route and what letta-local does with it. */
export function renderTable(routes: Map<string, string>): string {
  const rows = Object.keys(SURFACE)
    .sort()
    .map((name) => {
      const [status, note] = SURFACE[name] ?? [U];
      const route = (routes.get(name) ?? "").replace(/ (.*)$/, " `$1`");
      const label = status === "unsupported" ? "unsupported (404)" : status;
      return `| \`${name}\` | ${route} | ${label} | ${note ?? ""} |`;
    });
  const counts = (["implemented", "no-op", "unsupported"] as const).map((status) => `${claimed(status).length} ${status}`).join(", ");
  return [`${rows.length} methods: ${counts}.`, "", "| SDK method | HTTP | letta-local | Notes |", "|---|---|---|---|", ...rows].join("\n");
}
