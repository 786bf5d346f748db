import { toolIdForName } from "../ids";

interface ToolSpec {
  description: string;
  toolType: string;
  parameters: Record<string, unknown>;
}

const str = (description: string) => ({ type: "string", description });

/** The server-side tools the offline model knows how to run; `include_base_tools` (default true) gives all of them. */
export const BASE_TOOLS: Record<string, ToolSpec> = {
  conversation_search: {
    description: "Search prior conversation history (all conversations of this agent) using a text query.",
    toolType: "letta_core",
    parameters: { query: str("String to search for."), limit: { type: "integer", description: "Maximum results (default 5)." } },
  },
  memory_insert: {
    description: "Insert text at a specific line of a memory block (default: the end).",
    toolType: "letta_memory_core",
    parameters: { label: str("Memory block label."), new_str: str("Text to insert."), insert_line: { type: "integer" } },
  },
  memory_replace: {
    description: "Replace an exact string in a memory block.",
    toolType: "letta_memory_core",
    parameters: { label: str("Memory block label."), old_str: str("Exact text to replace."), new_str: str("Replacement text.") },
  },
  core_memory_append: {
    description: "Append to the contents of a core memory block.",
    toolType: "letta_memory_core",
    parameters: { label: str("Memory block label."), content: str("Text to append.") },
  },
  core_memory_replace: {
    description: "Replace the contents of a core memory block.",
    toolType: "letta_memory_core",
    parameters: { label: str("Memory block label."), old_content: str("Text to replace."), new_content: str("Replacement text.") },
  },
};

export const BASE_TOOL_NAMES = Object.keys(BASE_TOOLS);

/**
 * The tool a stable id stands for: a base tool, or one of the extra names an agent carries (`tools: [...]` on
 * create). Ids are derived from names (toolIdForName), so no table is needed to resolve them.
 */
export function toolNameForId(id: string, extraNames: string[] = []): string | null {
  return [...BASE_TOOL_NAMES, ...extraNames].find((name) => toolIdForName(name) === id) ?? null;
}

export function toolJson(name: string): Record<string, unknown> {
  const spec = BASE_TOOLS[name];
  const required = spec ? Object.keys(spec.parameters).filter((key) => key !== "limit" && key !== "insert_line") : [];
  return {
    id: toolIdForName(name),
    name,
    description: spec?.description ?? null,
    tool_type: spec?.toolType ?? "custom",
    source_type: "python",
    tags: [],
    json_schema: { name, description: spec?.description ?? "", parameters: { type: "object", properties: spec?.parameters ?? {}, required } },
    args_json_schema: null,
    return_char_limit: 50_000,
    default_requires_approval: null,
    enable_parallel_execution: false,
    metadata_: {},
    source_code: null,
    npm_requirements: null,
    pip_requirements: null,
    project_id: null,
    created_by_id: null,
    last_updated_by_id: null,
  };
}
