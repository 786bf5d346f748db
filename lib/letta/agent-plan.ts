// Live agent vs agent.yaml: the list of changes `agent:apply` would make. Plain Node; takes the Letta client.
import type Letta from "@letta-ai/letta-client";
import type { AgentConfig, BlockConfig } from "../agent/config";

export type LiveBlock = { id: string; label: string; value: string; limit: number | null; description: string | null; readOnly: boolean };
export type LiveAgent = {
  id: string;
  name: string;
  system: string;
  description: string | null;
  model: string | null;
  embedding: string | null;
  contextWindow: number | null;
  blocks: LiveBlock[];
  tools: { id: string; name: string }[];
};

export type AgentField = "system" | "description" | "model" | "embedding" | "context_window";
export type BlockField = "value" | "limit" | "description" | "read_only";
type Scalar = string | number | boolean | null;

/** One difference between the live agent and the file: `before` is live, `after` is what apply sets. */
export type Change =
  | { kind: "agent"; field: AgentField; before: Scalar; after: Scalar }
  | { kind: "block"; label: string; field: BlockField; before: Scalar; after: Scalar }
  | { kind: "block-add"; label: string; before: null; after: BlockConfig }
  | { kind: "block-detach"; label: string; blockId: string; before: LiveBlock; after: null }
  | { kind: "tool-add"; name: string; toolId: string | null; before: null; after: string }
  | { kind: "tool-remove"; name: string; toolId: string; before: string; after: null };

export type Plan = {
  /** null: no agent has the configured name, so apply creates it. */
  agent: LiveAgent | null;
  changes: Change[];
  /** Information, not changes: e.g. an agent-writable block whose memory differs from the file's initial value. */
  notices: string[];
  /** Tools the file lists that the Letta server does not have (apply fails on them). */
  missingTools: string[];
  /** Conversations of the agent (only counted on request: it pages through all of them). */
  conversations: number | null;
};

/** The agent with this exact name, or null. */
export async function findAgent(client: Letta, name: string): Promise<{ id: string } | null> {
  const page = await client.agents.list({ name, limit: 10 });
  const agent = page.getPaginatedItems().find((candidate) => candidate.name === name);
  return agent ? { id: agent.id } : null;
}

/** A memory block as Letta returns it (in an agent's state or a block list) → what plans and pages compare. */
export function liveBlock(block: NonNullable<Letta.AgentState["blocks"]>[number] | Letta.BlockResponse): LiveBlock {
  return {
    id: block.id ?? "",
    label: block.label ?? "",
    value: block.value,
    limit: typeof block.limit === "number" ? block.limit : null,
    description: block.description ?? null,
    readOnly: block.read_only === true,
  };
}

export async function readLiveAgent(client: Letta, agentId: string): Promise<LiveAgent> {
  const state = await client.agents.retrieve(agentId, { include: ["agent.blocks", "agent.tools"] });
  const llm = state.llm_config as Partial<Letta.AgentState["llm_config"]> | undefined;
  const handle = state.model ?? llm?.handle ?? (llm?.provider_name && llm.model ? `${llm.provider_name}/${llm.model}` : null);
  return {
    id: state.id,
    name: state.name,
    system: state.system,
    description: state.description ?? null,
    model: handle ?? null,
    embedding: state.embedding ?? state.embedding_config?.handle ?? null,
    contextWindow: llm?.context_window ?? null,
    blocks: (state.blocks ?? []).map(liveBlock),
    tools: (state.tools ?? []).map((tool) => ({ id: tool.id, name: tool.name ?? "" })),
  };
}

/** Tool name → id on this server (null when it has none by that name). */
export async function resolveToolIds(client: Letta, names: string[]): Promise<Map<string, string | null>> {
  const resolved = new Map<string, string | null>();
  for (const name of names) {
    const page = await client.tools.list({ name, limit: 10 });
    resolved.set(name, page.getPaginatedItems().find((tool) => tool.name === name)?.id ?? null);
  }
  return resolved;
}

/** Pure comparison (tool ids for added tools are filled in by planAgent). */
export function diffAgent(config: AgentConfig, live: LiveAgent): { changes: Change[]; notices: string[] } {
  const changes: Change[] = [];
  const notices: string[] = [];
  const field = (name: AgentField, before: Scalar, after: Scalar | undefined) => {
    if (after !== undefined && before !== after) changes.push({ kind: "agent", field: name, before, after });
  };
  field("system", live.system, config.system);
  // Letta has no way to clear a description, so an empty one in the file matches none.
  if (config.description !== undefined && (live.description ?? "") !== config.description) {
    field("description", live.description, config.description);
  }
  field("model", live.model, config.model);
  field("embedding", live.embedding, config.embedding);
  field("context_window", live.contextWindow, config.contextWindow);

  const liveByLabel = new Map(live.blocks.map((block) => [block.label, block]));
  for (const block of config.blocks) {
    const current = liveByLabel.get(block.label);
    if (!current) {
      changes.push({ kind: "block-add", label: block.label, before: null, after: block });
      continue;
    }
    const set = (name: BlockField, before: Scalar, after: Scalar) => {
      if (before !== after) changes.push({ kind: "block", label: block.label, field: name, before, after });
    };
    if (block.readOnly) set("value", current.value, block.value);
    else if (current.value !== block.value) {
      notices.push(`block ${block.label}: agent-writable, so its value is the agent's memory (${current.value.length} characters) and differs from agent.yaml's initial value; not changed`);
    }
    set("limit", current.limit, block.limit);
    if (block.description !== undefined && (current.description ?? "") !== block.description) set("description", current.description, block.description);
    set("read_only", current.readOnly, block.readOnly);
  }
  const wanted = new Set(config.blocks.map((block) => block.label));
  for (const block of live.blocks) {
    if (!wanted.has(block.label)) changes.push({ kind: "block-detach", label: block.label, blockId: block.id, before: block, after: null });
  }

  const liveTools = new Set(live.tools.map((tool) => tool.name));
  for (const name of config.tools) {
    if (!liveTools.has(name)) changes.push({ kind: "tool-add", name, toolId: null, before: null, after: name });
  }
  for (const tool of live.tools) {
    if (!config.tools.includes(tool.name)) changes.push({ kind: "tool-remove", name: tool.name, toolId: tool.id, before: tool.name, after: null });
  }
  return { changes, notices };
}

/** Reads the live agent (found by the configured name) and compares it with the file. Changes nothing. */
export async function planAgent(client: Letta, config: AgentConfig, options: { countConversations?: boolean } = {}): Promise<Plan> {
  const found = await findAgent(client, config.name);
  if (!found) {
    const tools = await resolveToolIds(client, config.tools);
    return { agent: null, changes: [], notices: [], missingTools: missing(tools), conversations: null };
  }
  const live = await readLiveAgent(client, found.id);
  const { changes, notices } = diffAgent(config, live);
  const added = changes.filter((change) => change.kind === "tool-add");
  const tools = await resolveToolIds(client, added.map((change) => change.name));
  for (const change of added) change.toolId = tools.get(change.name) ?? null;
  const conversations = options.countConversations ? (await listConversationIds(client, live.id)).length : null;
  return { agent: live, changes, notices, missingTools: missing(tools), conversations };
}

const missing = (tools: Map<string, string | null>) => [...tools].filter(([, id]) => id === null).map(([name]) => name);

/** Every conversation of the agent (archived ones too), oldest first, one page of 100 at a time. */
export async function listConversationIds(client: Letta, agentId: string): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await client.conversations.list({
      agent_id: agentId, limit: 100, order: "asc", order_by: "created_at", archive_status: "all", ...(after ? { after } : {}),
    });
    const fresh = page.filter((conversation) => !seen.has(conversation.id));
    for (const conversation of fresh) { seen.add(conversation.id); ids.push(conversation.id); }
    if (fresh.length === 0 || page.length < 100) return ids;
    after = page.at(-1)!.id;
  }
}

/** Changes that alter what a conversation's compiled system message would contain. */
export function affectsSystemMessage(change: Change): boolean {
  if (change.kind === "agent") return change.field === "system";
  return change.kind === "block" || change.kind === "block-add" || change.kind === "block-detach";
}

/** One line per change, e.g. `~ system: 3 lines changed`, `+ block notes`, `- tool conversation_search`. */
export function formatChange(change: Change): string {
  switch (change.kind) {
    case "agent":
      return change.field === "system"
        ? `~ system: ${linesChanged(String(change.before ?? ""), String(change.after ?? ""))}`
        : `~ ${change.field}: ${show(change.before)} → ${show(change.after)}`;
    case "block":
      return change.field === "value"
        ? `~ block ${change.label} value: ${linesChanged(String(change.before ?? ""), String(change.after ?? ""))}`
        : `~ block ${change.label} ${change.field}: ${show(change.before)} → ${show(change.after)}`;
    case "block-add":
      return `+ block ${change.label} (limit ${change.after.limit}, ${change.after.readOnly ? "read-only" : "agent-writable"})`;
    case "block-detach":
      return `- block ${change.label} (detached from the agent, not deleted)`;
    case "tool-add":
      return `+ tool ${change.name}${change.toolId ? "" : " (not found on the Letta server)"}`;
    case "tool-remove":
      return `- tool ${change.name}`;
  }
}

function show(value: Scalar): string {
  if (value === null) return "(none)";
  if (typeof value !== "string") return String(value);
  const oneLine = value.replace(/\s+/g, " ");
  return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine);
}

/** "3 lines changed": lines outside the longest common subsequence of the two texts. */
export function linesChanged(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  let row = new Array<number>(b.length + 1).fill(0);
  for (const line of a) {
    const next = [0];
    for (let j = 1; j <= b.length; j++) next[j] = line === b[j - 1] ? row[j - 1]! + 1 : Math.max(row[j]!, next[j - 1]!);
    row = next;
  }
  const changed = Math.max(a.length, b.length) - row[b.length]!;
  return `${changed} line${changed === 1 ? "" : "s"} changed`;
}
