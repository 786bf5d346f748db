import type { App } from "../app";
import { conflict, notFound } from "../http/errors";
import type { Router } from "../http/router";
import { optionalRecord, optionalStringList, requireId } from "../http/validate";
import { agentState } from "../services/agent-state";
import { stopRuns } from "../services/cancel";
import { compactOnRequest } from "../services/compaction";
import { createConversation, recompileSystemMessage, requireAgent, requireConversation, requireDefaultConversation } from "../services/conversation-lifecycle";
import { softDeleteConversation, type ConversationRecord } from "../store/conversations";
import { listMessagesPage, sendToConversation } from "./messages";

async function defaultConversationOf(app: App, agentId: string | undefined): Promise<ConversationRecord> {
  return requireDefaultConversation(app, requireId("agent", agentId));
}

/**
 * The agent-level message API (`agents.messages.*`, `agents.recompile`): each acts on the agent's default
 * conversation, the hidden one every agent has (R7), exactly as the conversation routes do with `default` +
 * `agent_id`. Only the defaults differ: `agents.messages.create` answers JSON unless `streaming: true`.
 */
export function registerAgentMessageRoutes(router: Router): void {
  router.add("POST", "/v1/agents/:agent_id/messages", async (ctx) =>
    sendToConversation(ctx, await defaultConversationOf(ctx.app, ctx.params.agent_id), await ctx.body(), { streamingDefault: false }),
  );

  // Deprecated in the SDK, still called by older clients: always a stream.
  router.add("POST", "/v1/agents/:agent_id/messages/stream", async (ctx) => {
    const body = { ...(await ctx.body()), streaming: true };
    return sendToConversation(ctx, await defaultConversationOf(ctx.app, ctx.params.agent_id), body, { streamingDefault: true });
  });

  // Answers the Run at once; the run is a background run, so runs.messages.stream can follow it.
  router.add("POST", "/v1/agents/:agent_id/messages/async", async (ctx) =>
    sendToConversation(ctx, await defaultConversationOf(ctx.app, ctx.params.agent_id), await ctx.body(), { streamingDefault: false, detached: true }),
  );

  // The default conversation, or `conversation_id` when it is one of this agent's conversations.
  router.add("GET", "/v1/agents/:agent_id/messages", async ({ app, params, query }) => {
    const agent = await requireAgent(app, requireId("agent", params.agent_id));
    const conversationId = query.string("conversation_id");
    const conversation = conversationId
      ? await requireConversation(app, requireId("conversation", conversationId, "conversation_id"))
      : await requireDefaultConversation(app, agent.id);
    if (conversation.agentId !== agent.id) throw notFound(`Conversation ${conversation.id} not found for agent ${agent.id}`);
    return listMessagesPage(app, conversation, query);
  });

  // Cancels the agent's live runs (all its conversations), or only `run_ids`; answers {run_id: status}, {} when none.
  router.add("POST", "/v1/agents/:agent_id/messages/cancel", async ({ app, params, body }) => {
    const agent = await requireAgent(app, requireId("agent", params.agent_id));
    const only = optionalStringList(await body(), "run_ids");
    return stopRuns(app.registry.liveRuns().filter((run) => run.record.agentId === agent.id && (!only || only.includes(run.id))));
  });

  router.add("POST", "/v1/agents/:agent_id/summarize", async ({ app, params, body }) =>
    compactOnRequest(app, await defaultConversationOf(app, params.agent_id), optionalRecord(await body(), "compaction_settings") ?? {}),
  );

  // A fresh default conversation (new system message, empty history); the old one is deleted like a conversation.
  router.add("PATCH", "/v1/agents/:agent_id/reset-messages", async ({ app, params }) => {
    const agent = await requireAgent(app, requireId("agent", params.agent_id));
    const current = await requireDefaultConversation(app, agent.id);
    const holder = app.registry.lockHolder(current.id);
    if (holder) throw conflict(`CONFLICT: Cannot reset messages: run ${holder.id} is in progress.`, { run_id: holder.id });
    await softDeleteConversation(app.db, current.id, app.clock.date());
    await createConversation(app, agent, { isDefault: true, hidden: true });
    return agentState(app, agent);
  });

  // Rebuilds the default conversation's system message from the current blocks; answers the prompt.
  router.add("POST", "/v1/agents/:agent_id/recompile", async ({ app, params, query }) =>
    recompileSystemMessage(app, await defaultConversationOf(app, params.agent_id), query.bool("dry_run", false)),
  );
}
