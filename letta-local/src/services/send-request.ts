import { randomUUID } from "node:crypto";
import type { App } from "../app";
import { newId } from "../ids";
import { badRequest, unprocessable } from "../http/errors";
import type { ClientTool, ToolResult } from "../model/offline-model";
import { combineInputs, readUserContent, type UserInput } from "../model/user-input";
import type { ConversationRecord } from "../store/conversations";
import { userContentText, type StoredMessage } from "../store/messages";
import { normalizeUserContent } from "./message-content";

export interface SendRequest {
  kind: "message" | "approval";
  inputMessages: StoredMessage[];
  /** The user's messages as the model reads them (their own words apart from client scaffolding, images). */
  user: UserInput;
  otids: string[];
  approvalResult: ToolResult | null;
  streaming: boolean;
  streamTokens: boolean;
  includePings: boolean;
  background: boolean;
  maxSteps: number;
  clientTools: ClientTool[];
  returnTypes: Set<string> | null;
  includeCompactionMessages: boolean;
}

const flag = (body: Record<string, unknown>, key: string, fallback: boolean): boolean => {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw unprocessable(`'${key}' must be a boolean`);
  return value;
};

function returnText(value: unknown): string {
  return typeof value === "string" ? value : userContentText(value);
}

/** Validates a send body (R19) and turns it into the messages to store and the model's input. */
export function parseSendRequest(app: App, body: Record<string, unknown>, conversation: ConversationRecord, streamingDefault = true): SendRequest {
  const hasMessages = body.messages !== undefined && body.messages !== null;
  const hasInput = body.input !== undefined && body.input !== null;
  if (hasMessages && hasInput) throw unprocessable("Cannot specify both 'input' and 'messages'.");
  if (!hasMessages && !hasInput) throw unprocessable("Must specify either 'input' or 'messages'.");
  const raw = hasInput ? [{ role: "user", content: body.input }] : body.messages;
  if (!Array.isArray(raw)) throw unprocessable("'messages' must be a list");
  if (raw.length === 0) throw unprocessable("Messages must not be empty");

  const base = (role: StoredMessage["role"], otid: string): StoredMessage => ({
    id: newId("message"), agentId: conversation.agentId, conversationId: conversation.id, role, parts: [], otid,
    runId: null, stepId: null, createdAt: app.clock.date(),
  });
  const inputMessages: StoredMessage[] = [];
  const userInputs: UserInput[] = [];
  const otids: string[] = [];
  let approvalResult: ToolResult | null = null;
  const pending = conversation.pendingApproval;

  for (const item of raw) {
    if (!item || typeof item !== "object") throw unprocessable("Each message must be an object");
    const message = item as Record<string, unknown>;
    const otid = typeof message.otid === "string" && message.otid ? message.otid : randomUUID();
    otids.push(otid);
    const type = message.type ?? (message.approvals || message.approve !== undefined || message.approval_request_id ? "approval" : "message");
    if (type === "message") {
      if (message.content === undefined || message.content === null) throw unprocessable("A message needs 'content'");
      const role = message.role === "assistant" ? "assistant" : "user";
      const stored = base(role, otid);
      if (role === "assistant") stored.parts = [{ kind: "text", text: userContentText(message.content) }];
      else {
        const content = normalizeUserContent(message.content);
        stored.parts = [{ kind: "user", content }];
        userInputs.push(readUserContent(content));
      }
      inputMessages.push(stored);
      continue;
    }
    if (type !== "approval" && type !== "tool_return") throw unprocessable(`Unknown message type '${String(type)}'`);
    if (!pending) throw badRequest("INVALID_ARGUMENT: No tool call is currently awaiting approval.");
    const entries = (type === "approval" ? message.approvals : message.tool_returns) as unknown;
    const list: Record<string, unknown>[] = Array.isArray(entries) ? entries : [];
    if (list.length === 0 && type === "approval" && typeof message.approve === "boolean") {
      list.push({ type: "approval", approve: message.approve, tool_call_id: message.approval_request_id ?? pending.tool_call_id, reason: message.reason });
    }
    const answer = list.find((entry) => entry && entry.tool_call_id === pending.tool_call_id);
    if (!answer) throw badRequest(`INVALID_ARGUMENT: Invalid tool call IDs: expected an answer for '${pending.tool_call_id}'.`);
    const denied = answer.type === "approval" && answer.approve === false;
    const status: "success" | "error" = denied || answer.status === "error" ? "error" : "success";
    const content = denied
      ? `The user denied the tool call${answer.reason ? `: ${String(answer.reason)}` : "."}`
      : answer.type === "approval" ? "The tool call was approved but the client returned no result." : returnText(answer.tool_return);
    const stored = base("tool", otid);
    stored.parts = [{ kind: "tool_return", tool_call_id: pending.tool_call_id, status, tool_return: content }];
    inputMessages.push(stored);
    let args: Record<string, unknown> = {};
    try {
      args = JSON.parse(pending.arguments) as Record<string, unknown>;
    } catch {
      args = {};
    }
    approvalResult = { name: pending.name, arguments: args, status, content, client: true };
  }

  const clientTools = Array.isArray(body.client_tools)
    ? (body.client_tools as Record<string, unknown>[])
        .filter((tool) => tool && typeof tool.name === "string")
        .map((tool) => ({ name: String(tool.name), description: typeof tool.description === "string" ? tool.description : null, parameters: (tool.parameters as Record<string, unknown>) ?? null }))
    : [];
  const returnTypes = Array.isArray(body.include_return_message_types) ? new Set(body.include_return_message_types.map(String)) : null;
  const maxSteps = typeof body.max_steps === "number" && body.max_steps > 0 ? Math.min(body.max_steps, 100) : 50;
  return {
    kind: approvalResult ? "approval" : "message",
    inputMessages,
    user: combineInputs(userInputs),
    otids,
    approvalResult,
    streaming: flag(body, "streaming", streamingDefault),
    streamTokens: flag(body, "stream_tokens", false),
    includePings: flag(body, "include_pings", true),
    background: flag(body, "background", false),
    maxSteps,
    clientTools,
    returnTypes,
    includeCompactionMessages: flag(body, "include_compaction_messages", false),
  };
}
