import type { App } from "../app";
import { HttpError, notFound, unprocessable } from "../http/errors";
import type { Router } from "../http/router";
import { optionalBool, optionalInt, optionalRecord, optionalString, requireId, validateModelHandle } from "../http/validate";
import { conversationJson } from "../render/resources";
import { listConversations, saveConversation, softDeleteConversation, type ConversationRecord } from "../store/conversations";
import { compactOnRequest } from "../services/compaction";
import { createConversation, recompileSystemMessage, requireAgent } from "../services/conversation-lifecycle";
import { cancelConversationRuns } from "../services/cancel";
import { conversationTarget, strictConversation } from "./conversation-target";

const ORDER_KEYS = {
  created_at: (c: ConversationRecord) => c.createdAt,
  last_message_at: (c: ConversationRecord) => c.lastMessageAt,
  last_run_completion: (c: ConversationRecord) => c.lastRunCompletion,
} as const;

/** R16: NULLs last in both orders, ties broken by id; `after` is relative to the requested order. */
function orderConversations(items: ConversationRecord[], orderBy: keyof typeof ORDER_KEYS, order: "asc" | "desc"): ConversationRecord[] {
  const key = ORDER_KEYS[orderBy];
  const sign = order === "asc" ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a)?.getTime() ?? null;
    const kb = key(b)?.getTime() ?? null;
    if (ka === null || kb === null) return ka === kb ? sign * a.id.localeCompare(b.id) : ka === null ? 1 : -1;
    return ka !== kb ? sign * (ka - kb) : sign * a.id.localeCompare(b.id);
  });
}

function applyUpdate(app: App, c: ConversationRecord, body: Record<string, unknown>): void {
  const model = optionalString(body, "model");
  validateModelHandle(model);
  c.model = model ?? c.model;
  c.summary = optionalString(body, "summary") ?? c.summary;
  c.description = optionalString(body, "description") ?? c.description;
  c.modelSettings = optionalRecord(body, "model_settings") ?? c.modelSettings;
  c.contextWindowLimit = optionalInt(body, "context_window_limit") ?? c.contextWindowLimit;
  const lastMessageAt = optionalString(body, "last_message_at");
  if (lastMessageAt) {
    const parsed = new Date(lastMessageAt);
    if (Number.isNaN(parsed.getTime())) throw unprocessable("'last_message_at' must be an ISO 8601 datetime");
    c.lastMessageAt = parsed;
  }
  const archived = optionalBool(body, "archived");
  if (archived !== undefined && archived !== null && archived !== c.archived) {
    c.archived = archived;
    c.archivedAt = archived ? app.clock.date() : null;
  }
  c.updatedAt = app.clock.date();
}

export function registerConversationRoutes(router: Router): void {
  router.add("POST", "/v1/conversations", async ({ app, query, body }) => {
    const agent = await requireAgent(app, requireId("agent", query.string("agent_id")));
    const input = await body();
    const model = optionalString(input, "model");
    validateModelHandle(model);
    // isolated_block_labels is accepted and ignored, as Cloud does since isolated blocks were removed.
    const conversation = await createConversation(app, agent, {
      summary: optionalString(input, "summary"),
      description: optionalString(input, "description"),
      model,
      modelSettings: optionalRecord(input, "model_settings"),
      contextWindowLimit: optionalInt(input, "context_window_limit"),
      hidden: optionalBool(input, "hidden") ?? false,
    });
    return conversationJson(conversation);
  });

  router.add("GET", "/v1/conversations", async ({ app, query }) => {
    const agentId = query.string("agent_id");
    const archiveStatus = query.string("archive_status") ?? "unarchived";
    if (!["unarchived", "archived", "all"].includes(archiveStatus)) throw unprocessable("archive_status must be unarchived, archived or all");
    const orderBy = query.string("order_by") ?? "created_at";
    if (!(orderBy in ORDER_KEYS)) throw unprocessable("order_by must be created_at, last_message_at or last_run_completion");
    const sorted = orderConversations(
      await listConversations(app.db, {
        agentId: agentId === undefined ? undefined : requireId("agent", agentId),
        summarySearch: query.string("summary_search"),
        archiveStatus: archiveStatus as "unarchived" | "archived" | "all",
      }),
      orderBy as keyof typeof ORDER_KEYS,
      query.order("desc"),
    );
    const after = query.string("after");
    const start = after === undefined ? 0 : sorted.findIndex((c) => c.id === after) + 1;
    if (after !== undefined && start === 0) return [];
    return sorted.slice(start, start + query.int("limit", 50, { min: 1, max: 1000 })).map(conversationJson);
  });

  router.add("GET", "/v1/conversations/:id", async ({ app, params }) => conversationJson(await strictConversation(app, params.id)));

  router.add("PATCH", "/v1/conversations/:id", async ({ app, params, rawBody }) => {
    const conversation = await strictConversation(app, params.id);
    const body = await rawBody();
    if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) throw unprocessable("A JSON object body is required");
    applyUpdate(app, conversation, body as Record<string, unknown>);
    await saveConversation(app.db, conversation);
    return conversationJson(conversation);
  });

  router.add("DELETE", "/v1/conversations/:id", async ({ app, params }) => {
    const id = requireId("conversation", params.id, "conversation_id");
    // A fault injected with `on: "delete_conversation"` (a match, if any, is tested against the id).
    const fault = app.options.control ? app.faults.take(id, id, "delete_conversation") : null;
    if (fault) throw new HttpError(fault.type === "http_429" ? 429 : 500, fault.message);
    for (const run of app.registry.liveRunsOf(id)) run.requestCancel();
    if (!(await softDeleteConversation(app.db, id, app.clock.date()))) throw notFound(`Conversation not found with id='${id}'`);
    return null;
  });

  router.add("POST", "/v1/conversations/:id/cancel", async ({ app, params, query }) => {
    const conversation = await conversationTarget(app, params.id, query.string("agent_id"));
    return cancelConversationRuns(app, conversation);
  });

  router.add("POST", "/v1/conversations/:id/fork", async ({ app, params, query }) => {
    const source = await conversationTarget(app, params.id, query.string("agent_id"));
    const agent = await requireAgent(app, source.agentId);
    let shared = source.inContextIds.slice(1);
    const upTo = query.string("message_id");
    if (upTo !== undefined) {
      const index = shared.indexOf(upTo);
      if (index < 0) throw notFound(`Message ${upTo} is not in the in-context messages of ${source.id}`);
      shared = shared.slice(0, index + 1);
    }
    const fork = await createConversation(app, agent, {
      summary: source.summary,
      description: source.description,
      model: source.model,
      modelSettings: source.modelSettings,
      contextWindowLimit: source.contextWindowLimit,
      hidden: query.bool("hidden", false),
      sharedMessageIds: shared,
    });
    return conversationJson(fork);
  });

  router.add("POST", "/v1/conversations/:id/recompile", async ({ app, params, query, body }) => {
    const input = await body();
    const conversation = await conversationTarget(app, params.id, query.string("agent_id") ?? optionalString(input, "agent_id"));
    return recompileSystemMessage(app, conversation, query.bool("dry_run", false));
  });

  router.add("POST", "/v1/conversations/:id/compact", async ({ app, params, query, body }) => {
    const input = await body();
    const conversation = await conversationTarget(app, params.id, optionalString(input, "agent_id") ?? query.string("agent_id"));
    return compactOnRequest(app, conversation, optionalRecord(input, "compaction_settings") ?? {});
  });
}
