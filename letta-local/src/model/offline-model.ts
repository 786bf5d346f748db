import { readCues } from "./cues";
import { acknowledgeImages } from "./images";
import { fillArguments } from "./json-schema";
import { clip, fillerText, keyTerms } from "./text";
import type { UserInput } from "./user-input";

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
  /** The user's messages of this send (their own words, images, and how much client scaffolding was set aside). */
  user: UserInput;
  agentTools: string[];
  blockLabels: string[];
  clientTools: ClientTool[];
  /** The client tool result this send answers (an approval), if any. */
  approvalResult: ToolResult | null;
  /** Results of the server tools this run has called so far. */
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

/**
 * The client tool a search cue goes to instead of conversation_search: one that looks like a search (by name first,
 * then by description) AND whose parameters the model can fill validly, with the query in its free-text field and
 * every other required field given a value of its type. A tool the model cannot satisfy is never called.
 */
function searchClientCall(tools: ClientTool[], query: string): { tool: ClientTool; args: Record<string, unknown> } | null {
  const byName = tools.filter((tool) => SEARCH_HINT.test(tool.name));
  const byDescription = tools.filter((tool) => !SEARCH_HINT.test(tool.name) && SEARCH_HINT.test(tool.description ?? ""));
  for (const tool of [...byName, ...byDescription]) {
    const args = fillArguments(tool.parameters ?? { type: "object", properties: {} }, query);
    if (args) return { tool, args };
  }
  return null;
}

function memoryTarget(input: ModelInput): string | null {
  return ["human", "notes", "persona"].find((label) => input.blockLabels.includes(label)) ?? input.blockLabels[0] ?? null;
}

/**
 * One step of the deterministic model: either call one tool for the user's words, or write the final reply. The
 * reply answers everything the send brought: the client tool result it answers, the images, and the user's words
 * (or the result of the tool called for them).
 */
export function decideStep(input: ModelInput): ModelDecision {
  if (input.longReplyTokens !== null) {
    return { reasoning: `A long answer of ${input.longReplyTokens} tokens was requested.`, action: { type: "reply", text: fillerText(input.longReplyTokens) } };
  }
  const ownResult = input.toolResults.at(-1);
  const call = ownResult || !input.user.text ? null : toolCallFor(input);
  if (call) return call;
  return finalReply(input, ownResult ?? null);
}

function toolCallFor(input: ModelInput): ModelDecision | null {
  const cues = readCues(input.user.text);
  const has = (tool: string) => input.agentTools.includes(tool);
  if (cues.search) {
    const client = searchClientCall(input.clientTools, cues.search);
    if (client) {
      return {
        reasoning: `The user wants me to look up "${cues.search}"; the client offers ${client.tool.name}, so I'll ask it.`,
        action: { type: "tool", name: client.tool.name, arguments: client.args, client: true },
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
  return null;
}

function finalReply(input: ModelInput, ownResult: ToolResult | null): ModelDecision {
  const { user, approvalResult } = input;
  const reasoning: string[] = [];
  const paragraphs: string[] = [];
  if (approvalResult) {
    reasoning.push(`The ${approvalResult.name} tool answered; I'll report what it returned.`);
    paragraphs.push(replyFromTool(approvalResult));
  }
  if (user.images.length) {
    reasoning.push(`The user sent ${user.images.length} image${user.images.length === 1 ? "" : "s"}.`);
    paragraphs.push(acknowledgeImages(user.images));
  }
  if (ownResult) {
    reasoning.push(`The ${ownResult.name} tool answered; I'll report what it returned.`);
    paragraphs.push(replyFromTool(ownResult));
  } else if (user.text) {
    const cues = readCues(user.text);
    if (cues.greeting) {
      reasoning.push("The user greeted me; reply warmly.");
      paragraphs.push("Hello! How can I help you today?");
    } else {
      reasoning.push(reasoningFor(user.text, cues.wantsCode, cues.wantsTable));
      paragraphs.push(composeReply(user.text, cues.wantsCode, cues.wantsTable));
    }
  } else if (paragraphs.length === 0) {
    // Only client scaffolding (a reminder, say) and no words of the user's: nothing to echo back.
    reasoning.push("The message carries context from the client but no words from the user.");
    paragraphs.push(`I received ${user.scaffolding || "no"} note${user.scaffolding === 1 ? "" : "s"} of context from your client but no message. What would you like to do?`);
  }
  return { reasoning: reasoning.join(" "), action: { type: "reply", text: paragraphs.join("\n\n") } };
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
