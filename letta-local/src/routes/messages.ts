import type { App } from "../app";
import { HttpError, conflict } from "../http/errors";
import type { Query } from "../http/io";
import { RESPONDED, type RouteContext, type Router } from "../http/router";
import { optionalString } from "../http/validate";
import { newId, requestToken } from "../ids";
import { runJson } from "../render/resources";
import { ActiveRun } from "../runs/active-run";
import { pingFrame } from "../runs/frames";
import { RunExecutor } from "../runs/run-executor";
import { listConversationPage } from "../store/messages";
import { findRunByToken, type RunRecord } from "../store/runs";
import type { ConversationRecord } from "../store/conversations";
import { parseSendRequest, type SendRequest } from "../services/send-request";
import { conversationTarget } from "./conversation-target";
import { JsonCollector } from "./json-collector";
import { pageQuery, renderPage } from "./message-pages";
import { followRun, parseResumeBody, resolveResumableRun, streamRun } from "./run-streams";

/** R31: a background resend with the same otids finds the run it already started (memory first, then the database). */
async function runForRequestToken(app: App, token: string, conversationId: string): Promise<RunRecord | null> {
  const runId = app.registry.runIdForToken(conversationId, token);
  const live = runId ? app.registry.get(runId) : undefined;
  // The token map is scoped to the conversation; the check below is a second lock on the same door.
  if (live && live.record.conversationId === conversationId) return live.record;
  const stored = await findRunByToken(app.db, token, conversationId);
  return stored && app.clock.now() - stored.createdAt.getTime() <= app.options.runBufferTtlMs ? stored : null;
}

/** How a send answers: the conversation route streams by default, the agent routes differ (routes/agent-messages.ts). */
export interface SendMode {
  /** `streaming` when the body leaves it out (agents.messages.create parses JSON unless told `streaming: true`). */
  streamingDefault: boolean;
  /** agents.messages.createAsync: answer the Run at once; the run goes on as a background run (resumable). */
  detached?: boolean;
}

const CONVERSATION_SEND: SendMode = { streamingDefault: true };

async function send(ctx: RouteContext): Promise<unknown> {
  const body = await ctx.body();
  const conversation = await conversationTarget(ctx.app, ctx.params.id, optionalString(body, "agent_id") ?? ctx.query.string("agent_id"));
  return sendToConversation(ctx, conversation, body, CONVERSATION_SEND);
}

export async function sendToConversation(ctx: RouteContext, conversation: ConversationRecord, body: Record<string, unknown>, mode: SendMode): Promise<unknown> {
  const { app, res } = ctx;
  const request = parseSendRequest(app, body, conversation, mode.streamingDefault);
  if (mode.detached) request.background = true;
  const fault = app.options.control ? app.faults.take(conversation.id, request.user.rawText) : null;
  if (fault?.type === "http_500") throw new HttpError(500, fault.message);
  if (fault?.type === "http_429") throw new HttpError(429, fault.message);

  const token = requestToken(request.otids);
  if (request.background) {
    const existing = await runForRequestToken(app, token, conversation.id);
    if (existing && mode.detached) return runJson(existing);
    if (existing) {
      streamRun(app, res, existing, 0, request.includePings);
      return RESPONDED;
    }
  }
  if (conversation.pendingApproval && request.kind === "message") {
    throw conflict(
      "CONFLICT: Cannot send a new message: The agent is waiting for approval on a tool call. Please approve or deny the pending request before continuing.",
      { run_id: conversation.pendingApproval.run_id },
    );
  }
  // From the lock check to register() there is no await, so two sends can never both start a run.
  const holder = app.registry.lockHolder(conversation.id);
  if (holder) {
    if (request.background && holder.background && holder.record.requestToken === token) {
      if (mode.detached) return runJson(holder.record);
      followRun(app, res, holder, 0, request.includePings);
      return RESPONDED;
    }
    throw conflict(
      `CONFLICT: Cannot send a new message: Another request (run_id=${holder.id}) is currently being processed for this conversation. Please wait for it to complete.`,
      { run_id: holder.id },
    );
  }
  const run = startRun(app, ctx, conversation, request, token, fault, mode.detached ?? false);
  return mode.detached ? runJson(run.record) : RESPONDED;
}

function startRun(
  app: App,
  ctx: RouteContext,
  conversation: ConversationRecord,
  request: SendRequest,
  token: string,
  fault: ReturnType<App["faults"]["take"]>,
  detached: boolean,
): ActiveRun {
  const now = app.clock.date();
  const run = new ActiveRun(
    {
      id: newId("run"), agentId: conversation.agentId, conversationId: conversation.id, background: request.background,
      status: "created", stopReason: null, requestToken: token, otids: request.otids, createdAt: now, completedAt: null,
      ttftNs: null, totalDurationNs: null, steps: [],
    },
    Date.now(),
  );
  app.registry.register(run);
  for (const message of request.inputMessages) message.runId = run.id;
  conversation.lastMessageAt = now;
  if (detached) {
    // Nobody listens; the frames are buffered for runs.messages.stream.
  } else if (request.streaming) followRun(app, ctx.res, run, 0, request.includePings);
  else run.attach(new JsonCollector(ctx.res), 0);
  run.emit((seq) => pingFrame(run.id, seq, now), "", true);
  const executor = new RunExecutor(app, {
    run,
    conversation,
    input: { inputMessages: request.inputMessages, user: request.user, approvalResult: request.approvalResult },
    request: {
      streamTokens: request.streamTokens, maxSteps: request.maxSteps, clientTools: request.clientTools, returnTypes: request.returnTypes,
      includeCompactionMessages: request.includeCompactionMessages,
    },
    fault,
    clearsApproval: request.kind === "approval",
  });
  void executor.execute();
  return run;
}

/** A conversation's history page (R36-R39), shared by the conversation and agent message lists. */
export async function listMessagesPage(app: App, conversation: ConversationRecord, query: Query): Promise<Record<string, unknown>[]> {
  const page = pageQuery(query);
  return renderPage(await listConversationPage(app.db, { conversationId: conversation.id, ...page }), page.itemTypes);
}

export function registerMessageRoutes(router: Router): void {
  router.add("GET", "/v1/conversations/:id/messages", async ({ app, params, query }) =>
    listMessagesPage(app, await conversationTarget(app, params.id, query.string("agent_id")), query),
  );

  router.add("POST", "/v1/conversations/:id/messages", send);

  router.add("POST", "/v1/conversations/:id/stream", async ({ app, res, params, query, body }) => {
    const input = await body();
    const conversation = await conversationTarget(app, params.id, optionalString(input, "agent_id") ?? query.string("agent_id"));
    const resume = parseResumeBody(input);
    const record = await resolveResumableRun(app, conversation, resume);
    streamRun(app, res, record, resume.startingAfter, resume.includePings);
    return RESPONDED;
  });
}
