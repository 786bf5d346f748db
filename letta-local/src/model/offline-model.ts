import { readCues } from "./cues";
import { clip, fillerText, keyTerms } from "./text";

export interface ClientTool {
  name: string;
  description: string | null;
  parameters: Record<string, unknown> | null;
}

export interface ToolResult {
  name: string;
  arguments: Record<string, unknown>;
  status: "success" | "error";
  content: string;
  client: boolean;
}

export interface ModelInput {
  userText: string;
  agentTools: string[];
  blockLabels: string[];
  clientTools: ClientTool[];
  /** Results of tools called earlier in this turn (server tools, or the client tool the approval answered). */
  toolResults: ToolResult[];
  /** Set by the long-reply fault: answer with exactly this many filler tokens. */
  longReplyTokens: number | null;
}

export type ModelAction =
  | { type: "reply"; text: string }
  | { type: "tool"; name: string; arguments: Record<string, unknown>; client: boolean };

export interface ModelDecision {
  reasoning: string;
  action: ModelAction;
}

const SEARCH_HINT = /search|history|recall|find|look ?up|lookup/i;

/** A client tool that looks like a search gets the search cue instead of conversation_search. */
function searchClientTool(tools: ClientTool[]): ClientTool | undefined {
  return tools.find((tool) => SEARCH_HINT.test(tool.name) || SEARCH_HINT.test(tool.description ?? ""));
}

/** The argument name the client tool's JSON schema uses for the query. */
function queryArgumentName(tool: ClientTool): string {
  const properties = (tool.parameters?.properties ?? {}) as Record<string, { type?: unknown }>;
  const names = Object.keys(properties);
  return (
    names.find((name) => /^(query|q|text|search|term|keywords?)$/i.test(name)) ??
    names.find((name) => properties[name]?.type === "string") ??
    "query"
  );
}

function memoryTarget(input: ModelInput): string | null {
  return ["human", "notes", "persona"].find((label) => input.blockLabels.includes(label)) ?? input.blockLabels[0] ?? null;
}

/** One step of the deterministic model: either call one tool or write the final reply. */
export function decideStep(input: ModelInput): ModelDecision {
  if (input.longReplyTokens !== null) {
    return { reasoning: `A long answer of ${input.longReplyTokens} tokens was requested.`, action: { type: "reply", text: fillerText(input.longReplyTokens) } };
  }
  const lastResult = input.toolResults.at(-1);
  if (lastResult) return { reasoning: `The ${lastResult.name} tool answered; I'll report what it returned.`, action: { type: "reply", text: replyFromTool(lastResult) } };

  const cues = readCues(input.userText);
  const has = (tool: string) => input.agentTools.includes(tool);
  if (cues.search) {
    const clientTool = searchClientTool(input.clientTools);
    if (clientTool) {
      return {
        reasoning: `The user wants me to look up "${cues.search}"; the client offers ${clientTool.name}, so I'll ask it.`,
        action: { type: "tool", name: clientTool.name, arguments: { [queryArgumentName(clientTool)]: cues.search }, client: true },
      };
    }
    if (has("conversation_search")) {
      return {
        reasoning: `The user wants me to look up "${cues.search}" in our past conversations.`,
        action: { type: "tool", name: "conversation_search", arguments: { query: cues.search }, client: false },
      };
    }
  }
  const label = memoryTarget(input);
  if (cues.remember && label) {
    const tool = has("memory_insert") ? "memory_insert" : has("core_memory_append") ? "core_memory_append" : null;
    if (tool) {
      const args = tool === "memory_insert" ? { label, new_str: cues.remember } : { label, content: cues.remember };
      return { reasoning: `The user asked me to remember something; I'll store it in my ${label} block.`, action: { type: "tool", name: tool, arguments: args, client: false } };
    }
  }
  if (cues.replace && label) {
    const tool = has("memory_replace") ? "memory_replace" : has("core_memory_replace") ? "core_memory_replace" : null;
    if (tool) {
      const args =
        tool === "memory_replace"
          ? { label, old_str: cues.replace.oldText, new_str: cues.replace.newText }
          : { label, old_content: cues.replace.oldText, new_content: cues.replace.newText };
      return { reasoning: `The user corrected a fact; I'll update my ${label} block.`, action: { type: "tool", name: tool, arguments: args, client: false } };
    }
  }
  if (cues.greeting) return { reasoning: "The user greeted me; reply warmly.", action: { type: "reply", text: "Hello! How can I help you today?" } };
  return { reasoning: reasoningFor(input.userText, cues.wantsCode, cues.wantsTable), action: { type: "reply", text: composeReply(input.userText, cues.wantsCode, cues.wantsTable) } };
}

function reasoningFor(text: string, code: boolean, table: boolean): string {
  const words = text.split(/\s+/).filter(Boolean).length;
  const extras = [code ? "a code sample" : "", table ? "a table" : ""].filter(Boolean).join(" and ");
  return `The user wrote ${words} word${words === 1 ? "" : "s"}; I'll reflect the key points back${extras ? ` with ${extras}` : ""}.`;
}

/** The ordinary reply: built from the user's own words, with markdown so rendering gets exercised. */
export function composeReply(text: string, wantsCode: boolean, wantsTable: boolean): string {
  const terms = keyTerms(text, 5);
  const words = text.split(/\s+/).filter(Boolean).length;
  const lines = [
    `You said: **${clip(text, 80) || "(nothing)"}**`,
    "",
    "Here is what stands out:",
    `- **Words:** ${words}`,
    `- **Key terms:** ${terms.length ? terms.join(", ") : "none"}`,
  ];
  if (wantsCode) {
    lines.push("", "```ts", "function keyTerms(text: string): string[] {", "  return text.split(/\\s+/).filter((word) => word.length > 2);", "}", "```");
  }
  if (wantsTable) {
    lines.push("", "| Term | Letters |", "| --- | --- |", ...(terms.length ? terms : ["none"]).map((term) => `| ${term} | ${term.length} |`));
  }
  lines.push("", "Tell me more and I'll keep track of it.");
  return lines.join("\n");
}

function replyFromTool(result: ToolResult): string {
  if (result.name === "conversation_search") return replyFromSearch(result);
  if (result.status === "error") return `I couldn't complete **${result.name}**: ${clip(result.content, 200)}`;
  if (!result.client) {
    const saved = String(result.arguments.new_str ?? result.arguments.content ?? result.arguments.new_content ?? "");
    return `Got it. I updated my **${String(result.arguments.label)}** memory${saved ? `: "${clip(saved, 120)}"` : ""}.`;
  }
  const lines = result.content.split("\n").map((line) => line.trim()).filter(Boolean).slice(0, 5);
  return [`Here is what **${result.name}** returned:`, "", ...(lines.length ? lines.map((line) => `> ${clip(line, 200)}`) : ["> (no results)"])].join("\n");
}

function replyFromSearch(result: ToolResult): string {
  const query = String(result.arguments.query ?? "");
  let hits: { role?: string; content?: string; timestamp?: string }[] = [];
  try {
    hits = (JSON.parse(result.content) as { results?: typeof hits }).results ?? [];
  } catch {
    hits = [];
  }
  if (result.status === "error" || hits.length === 0) return `I searched our conversations for **${query}** but found nothing.`;
  return [
    `I found ${hits.length} message${hits.length === 1 ? "" : "s"} mentioning **${query}**:`,
    "",
    ...hits.map((hit) => `> ${hit.role === "assistant" ? "I said" : "You said"}: "${clip(hit.content ?? "", 160)}"`),
  ].join("\n");
}
