import type { App } from "../app";
import { newId } from "../ids";
import { badRequest, notFound } from "../http/errors";
import { getAgent, type AgentRecord } from "../store/agents";
import { blocksOfAgent } from "../store/blocks";
import { getConversation, getDefaultConversation, insertConversation, type ConversationRecord } from "../store/conversations";
import { getMessages, updateMessageParts, type StoredMessage } from "../store/messages";
import { compileSystemPrompt } from "../system-prompt";

export interface NewConversation {
  summary?: string | null;
  description?: string | null;
  model?: string | null;
  modelSettings?: Record<string, unknown> | null;
  contextWindowLimit?: number | null;
  hidden?: boolean;
  isDefault?: boolean;
  /** Fork: existing message rows the new conversation shares, after its own new system message. */
  sharedMessageIds?: string[];
}

export function systemMessage(app: App, agent: AgentRecord, conversationId: string, content: string): StoredMessage {
  return {
    id: newId("message"),
    agentId: agent.id,
    conversationId,
    role: "system",
    parts: [{ kind: "system", text: content }],
    otid: null,
    runId: null,
    stepId: null,
    createdAt: app.clock.date(),
  };
}

/** Creates a conversation with its own freshly compiled system message at position 0 (R14, R41). */
export async function createConversation(app: App, agent: AgentRecord, spec: NewConversation): Promise<ConversationRecord> {
  const now = app.clock.date();
  const id = newId("conv");
  const blocks = await blocksOfAgent(app.db, agent.id);
  const system = systemMessage(app, agent, id, compileSystemPrompt(agent, blocks, spec.isDefault ? "default" : id, now));
  const inContextIds = [system.id, ...(spec.sharedMessageIds ?? [])];
  const conversation: ConversationRecord = {
    id,
    agentId: agent.id,
    isDefault: spec.isDefault ?? false,
    hidden: spec.hidden ?? false,
    summary: spec.summary ?? null,
    description: spec.description ?? null,
    model: spec.model ?? null,
    modelSettings: spec.modelSettings ?? null,
    contextWindowLimit: spec.contextWindowLimit ?? null,
    archived: false,
    archivedAt: null,
    lastMessageAt: null,
    lastRunCompletion: null,
    inContextIds,
    pendingApproval: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertConversation(app.db, conversation, [system], inContextIds);
  return conversation;
}

/** Rebuilds the system message at position 0 from the current blocks; returns the new prompt. */
export async function recompileSystemMessage(app: App, conversation: ConversationRecord, dryRun: boolean): Promise<string> {
  const agent = await requireAgent(app, conversation.agentId);
  const blocks = await blocksOfAgent(app.db, agent.id);
  const prompt = compileSystemPrompt(agent, blocks, conversation.isDefault ? "default" : conversation.id, app.clock.date());
  const systemId = conversation.inContextIds[0];
  if (!dryRun && systemId) {
    const system = (await getMessages(app.db, [systemId])).get(systemId);
    if (!system || system.role !== "system") {
      throw badRequest("INVALID_ARGUMENT: The message at position 0 is not a system message.");
    }
    await updateMessageParts(app.db, systemId, [{ kind: "system", text: prompt }]);
  }
  return prompt;
}

export async function requireAgent(app: App, agentId: string): Promise<AgentRecord> {
  const agent = await getAgent(app.db, agentId);
  if (!agent) throw notFound("Agent not found");
  return agent;
}

export async function requireConversation(app: App, id: string): Promise<ConversationRecord> {
  const conversation = await getConversation(app.db, id);
  if (!conversation) throw notFound(`Conversation not found with id='${id}'`);
  return conversation;
}

export async function requireDefaultConversation(app: App, agentId: string): Promise<ConversationRecord> {
  await requireAgent(app, agentId);
  const conversation = await getDefaultConversation(app.db, agentId);
  if (!conversation) throw notFound(`Default conversation of agent '${agentId}' not found`);
  return conversation;
}
