// agent.yaml → AgentConfig: the shared agent as a reviewed file. Plain Node (no `server-only`, no lib/env):
// the app (lib/letta/agent.ts), the `npm run agent:apply` CLI and the tests all load it through here.
// Every problem is reported as `file:line:col path: message`, all at once; unknown keys are errors.
import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { formatPath, interpolate, offsetOf, suggest, valueAt, type Env, type Segment } from "./yaml-source";

export const HISTORY_SEARCH_MODES = ["own_thread", "off", "all_conversations"] as const;
/**
 * own_thread: the app offers the model its own client-side tool that searches only the signed-in user's thread.
 * off: no history search at all. all_conversations: Letta's `conversation_search`, which searches EVERY user's
 * conversation of the shared agent (needs `acknowledge_cross_user_leak: true`).
 */
export type HistorySearchMode = (typeof HISTORY_SEARCH_MODES)[number];

/** Letta tools that write memory blocks. Blocks are shared by every conversation, so writes cross users. */
export const MEMORY_WRITE_TOOLS = [
  "memory_insert", "memory_replace", "memory_rethink", "memory_finish_edits", "memory",
  "core_memory_append", "core_memory_replace",
] as const;
export const CROSS_USER_SEARCH_TOOL = "conversation_search";
export const DEFAULT_BLOCK_LIMIT = 5000;

export type BlockConfig = {
  label: string;
  /** Not managed when the file leaves it out. */
  description?: string;
  limit: number;
  value: string;
  /** true (default): the agent cannot change it, and apply enforces the value. false: the value is the agent's memory. */
  readOnly: boolean;
};

export type AgentConfig = {
  /** Absolute path of the file, or null when parsed from a string without one. */
  file: string | null;
  name: string;
  description?: string;
  system: string;
  model: string;
  embedding?: string;
  contextWindow?: number;
  blocks: BlockConfig[];
  /** Every Letta tool the agent gets, including `conversation_search` when history_search is all_conversations. */
  tools: string[];
  privacy: { historySearch: HistorySearchMode; acknowledgeCrossUserLeak: boolean };
  /** Absolute paths of the files agent.yaml references (system_file, from_file). */
  files: string[];
  /** Allowed, but a reviewer should know (writable shared memory, cross-user search). */
  warnings: string[];
};

export type ConfigIssue = { file: string; line: number; col: number; path: string; message: string };

export class AgentConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "AgentConfigError";
  }
}

export const formatIssue = (i: ConfigIssue) => `${i.file}:${i.line}:${i.col}${i.path ? ` ${i.path}` : ""}: ${i.message}`;

const POSITIVE_INT = "must be a positive integer";
const positiveInt = z.number({ error: POSITIVE_INT }).int({ error: POSITIVE_INT }).positive({ error: POSITIVE_INT });
const text = z.string({ error: "must be a string" });
const handle = text.regex(/^[^/\s]+\/\S+$/, "must be a provider/model handle, e.g. openai/gpt-4o-mini");
const bool = z.boolean({ error: "must be true or false" });

const blockSchema = z.strictObject({
  label: text.regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$/, "must be 1-100 letters, digits, _ or -"),
  description: text.optional(),
  limit: positiveInt.default(DEFAULT_BLOCK_LIMIT),
  value: text.optional(),
  from_file: text.min(1, "must not be empty").optional(),
  read_only: bool.default(true),
});

const fileSchema = z.strictObject({
  name: text.trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  description: text.optional(),
  system: text.optional(),
  system_file: text.min(1, "must not be empty").optional(),
  model: handle,
  embedding: handle.optional(),
  context_window: positiveInt.optional(),
  blocks: z.array(blockSchema, { error: "must be a list of blocks" }).default([]),
  tools: z.array(text.min(1, "must not be empty"), { error: "must be a list of tool names" }).default([]),
  privacy: z
    .strictObject({
      history_search: z.enum(HISTORY_SEARCH_MODES, { error: `must be one of ${HISTORY_SEARCH_MODES.join(", ")}` }).default("own_thread"),
      acknowledge_cross_user_leak: bool.default(false),
    })
    .prefault({}),
});

export type ParseOptions = {
  /** Used in messages and to resolve system_file / from_file (default: relative to the working directory). */
  file?: string;
  /** For `${VAR}` interpolation and the LETTA_AGENT_NAME override (default: process.env). */
  env?: Env;
};

/** Loads and validates agent.yaml (default: `./agent.yaml` in the working directory). Throws AgentConfigError. */
export function loadAgentConfig(file = path.resolve(/* turbopackIgnore: true */ process.cwd(), "agent.yaml"), options: Omit<ParseOptions, "file"> = {}): AgentConfig {
  const absolute = path.resolve(file);
  let source: string;
  try {
    source = fs.readFileSync(absolute, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new AgentConfigError([{ file: displayPath(absolute), line: 1, col: 1, path: "", message: reason }]);
  }
  return parseAgentConfig(source, { ...options, file: absolute });
}

/** Parses agent.yaml text. Throws AgentConfigError listing every problem with its line and field path. */
export function parseAgentConfig(source: string, options: ParseOptions = {}): AgentConfig {
  const env = options.env ?? process.env;
  const absolute = options.file ? path.resolve(options.file) : null;
  const shown = absolute ? displayPath(absolute) : "agent.yaml";
  const baseDir = absolute ? path.dirname(absolute) : process.cwd();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: ConfigIssue[] = [];
  /** `position`: where to point when `where` itself is missing from the file (a required key). */
  const at = (where: Segment[], message: string, key?: string, position = where) => {
    const { line, col } = lineCounter.linePos(offsetOf(doc, position, key));
    issues.push({ file: shown, line, col, path: formatPath(key ? [...where, key] : where), message });
  };
  const fail = () => new AgentConfigError(issues.sort((a, b) => a.line - b.line || a.col - b.col));

  for (const error of doc.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    issues.push({ file: shown, line, col, path: "", message: error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "") });
  }
  if (issues.length) throw fail();
  if (doc.contents === null) {
    at([], "the file is empty");
    throw fail();
  }

  const raw = interpolate(doc.toJS(), [], env, (where, message) => at(where, message));
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const reported = new Set(issues.map((issue) => issue.path)); // an unset ${VAR} is already explained
    for (const issue of parsed.error.issues) {
      const where = issue.path as Segment[];
      if (reported.has(formatPath(where))) continue;
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) at(where, `unknown key${suggest(key, knownKeys(where))}`, key);
      } else if (where.length === 0) {
        at([], "must be a mapping of keys (name:, model:, system_file:, …)");
      } else if (issue.code === "invalid_type" && valueAt(raw, where) === undefined) {
        at(where, "is required", undefined, where.slice(0, -1));
      } else {
        at(where, issue.message);
      }
    }
  }
  if (issues.length || !parsed.success) throw fail();
  const data = parsed.data;

  const files: string[] = [];
  const warnings: string[] = [];
  const readReferenced = (where: Segment[], relative: string): string | undefined => {
    if (path.isAbsolute(relative) || path.normalize(relative).split(path.sep)[0] === "..") {
      at(where, `must be a path inside ${absolute ? "the folder of agent.yaml" : "the working directory"} (deployments ship only that folder)`);
      return undefined;
    }
    const target = path.resolve(baseDir, relative);
    try {
      const content = fs.readFileSync(target, "utf8");
      files.push(target);
      if (path.normalize(relative).split(path.sep)[0] !== "agent") {
        warnings.push(`${formatPath(where)}: ${relative} is not under agent/, which is what next.config.ts ships with the app`);
      }
      return content.replace(/\r\n/g, "\n").replace(/\n$/, "");
    } catch {
      at(where, `file not found: ${relative}`);
      return undefined;
    }
  };

  let system = data.system;
  if ((system === undefined) === (data.system_file === undefined)) {
    at([], "exactly one of system or system_file is required");
  } else if (data.system_file !== undefined) {
    system = readReferenced(["system_file"], data.system_file);
  }

  const blocks: BlockConfig[] = [];
  const seen = new Set<string>();
  data.blocks.forEach((block, index) => {
    const where = ["blocks", index];
    if (seen.has(block.label)) at([...where, "label"], `duplicate block label "${block.label}"`);
    seen.add(block.label);
    let value = block.value;
    if ((value === undefined) === (block.from_file === undefined)) {
      at(where, "exactly one of value or from_file is required");
      return;
    }
    if (block.from_file !== undefined) value = readReferenced([...where, "from_file"], block.from_file);
    if (value === undefined) return;
    if (value.length > block.limit) {
      at([...where, block.from_file !== undefined ? "from_file" : "value"], `is ${value.length} characters, longer than limit ${block.limit}`);
    }
    blocks.push({ label: block.label, description: block.description, limit: block.limit, value, readOnly: block.read_only });
  });

  // Privacy rules. Errors: anything that would let one user's words reach another without an explicit opt-in.
  const { history_search: historySearch, acknowledge_cross_user_leak: acknowledged } = data.privacy;
  const toolIndex = (name: string) => data.tools.indexOf(name);
  const duplicates = data.tools.filter((tool, i) => data.tools.indexOf(tool) !== i);
  for (const tool of new Set(duplicates)) at(["tools", data.tools.lastIndexOf(tool)], `duplicate tool "${tool}"`);
  if (toolIndex(CROSS_USER_SEARCH_TOOL) >= 0 && historySearch !== "all_conversations") {
    at(["tools", toolIndex(CROSS_USER_SEARCH_TOOL)],
      "conversation_search searches every user's conversations; it needs privacy.history_search: all_conversations and privacy.acknowledge_cross_user_leak: true");
  }
  if (historySearch === "all_conversations" && !acknowledged) {
    at(["privacy", "history_search"],
      "all_conversations lets the agent quote one user's messages to another; set privacy.acknowledge_cross_user_leak: true to allow it");
  }
  if (historySearch === "all_conversations" && acknowledged) {
    warnings.push("PRIVACY: history_search is all_conversations, so conversation_search is attached: it searches EVERY user's conversations, and what one user says can be shown to another.");
  } else if (acknowledged) {
    warnings.push(`privacy.acknowledge_cross_user_leak is true but history_search is ${historySearch}: the acknowledgement has no effect.`);
  }
  const writable = blocks.filter((block) => !block.readOnly);
  const memoryTools = data.tools.filter((tool) => (MEMORY_WRITE_TOOLS as readonly string[]).includes(tool));
  if (memoryTools.length && !writable.length) {
    at(["tools", toolIndex(memoryTools[0]!)],
      `${memoryTools[0]} writes memory blocks, but every block is read_only; opt a block in with read_only: false (its value is then shared memory that every user's conversation sees and writes) or remove the tool`);
  }
  for (const block of writable) {
    warnings.push(`block "${block.label}" is agent-writable (read_only: false): it is shared by every conversation, so what one user says may reach others.${
      memoryTools.length ? "" : " No memory tool is listed, so the agent cannot write it yet."}`);
  }
  if (issues.length || system === undefined) throw fail();

  const tools = [...data.tools];
  if (historySearch === "all_conversations" && !tools.includes(CROSS_USER_SEARCH_TOOL)) tools.push(CROSS_USER_SEARCH_TOOL);
  return {
    file: absolute,
    // Tests and staging point several deployments at one Letta server with different agents.
    name: env.LETTA_AGENT_NAME?.trim() || data.name,
    description: data.description,
    system,
    model: data.model,
    embedding: data.embedding,
    contextWindow: data.context_window,
    blocks,
    tools,
    privacy: { historySearch, acknowledgeCrossUserLeak: acknowledged },
    files,
    warnings,
  };
}

function knownKeys(where: Segment[]): string[] {
  if (where.length === 0) return Object.keys(fileSchema.shape);
  if (where[0] === "privacy") return ["history_search", "acknowledge_cross_user_leak"];
  if (where[0] === "blocks") return Object.keys(blockSchema.shape);
  return [];
}

function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith("..") ? relative : absolute;
}
