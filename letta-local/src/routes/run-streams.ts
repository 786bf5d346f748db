import type { ServerResponse } from "node:http";
import type { App } from "../app";
import { THREE_HOURS_MS } from "../config";
import { HttpError, badRequest, notFound } from "../http/errors";
import { findRunByOtid, type RunRecord } from "../store/runs";
import { findRun } from "../services/run-views";
import type { ConversationRecord } from "../store/conversations";
import type { ActiveRun } from "../runs/active-run";
import * as frames from "../runs/frames";
import { SseConnection, SSE_HEADERS } from "../runs/sse-connection";

/** Follows a run from `startingAfter`: buffered frames first, then live ones until [DONE]. */
export function followRun(app: App, res: ServerResponse, run: ActiveRun, startingAfter: number, includePings: boolean): void {
  const connection: SseConnection = new SseConnection(res, run.id, includePings, app.keepalive, () => run.detach(connection));
  run.attach(connection, startingAfter);
}

/**
 * A finished run whose buffer is gone (the server restarted): only its ending can be replayed, never a hang.
 */
function replayEnding(res: ServerResponse, record: RunRecord): void {
  res.writeHead(200, SSE_HEADERS);
  const stopReason = record.stopReason ?? "error";
  res.write(frames.stopReasonFrame(stopReason));
  if (record.status === "failed" || stopReason === "error") {
    res.write(
      frames.errorEventFrame(record.id, {
        stopReason,
        errorType: "internal_error",
        message: "The run ended before this server restarted; its stream is no longer available.",
      }),
    );
  }
  res.end(frames.DONE_FRAME);
}

export function streamRun(app: App, res: ServerResponse, record: RunRecord, startingAfter: number, includePings: boolean): void {
  const live = app.registry.get(record.id);
  if (live) followRun(app, res, live, startingAfter, includePings);
  else replayEnding(res, record);
}

export interface ResumeRequest {
  runId?: string;
  otid?: string;
  startingAfter: number;
  includePings: boolean;
}

/** R33/R34: pick the run to resume (run_id, else otid, else the conversation's active run) and check it may be. */
export async function resolveResumableRun(app: App, conversation: ConversationRecord | null, request: ResumeRequest): Promise<RunRecord> {
  let record: RunRecord | null = null;
  if (request.runId) {
    record = await findRun(app, request.runId);
    if (!record || (conversation && record.conversationId !== conversation.id)) throw notFound(`Run ${request.runId} not found.`);
  } else if (request.otid) {
    // Scoped to the conversation, as Letta scopes it: another conversation's otid finds nothing here.
    if (!conversation) throw notFound(`No run found for otid=${request.otid}`);
    const runId = app.registry.runIdForOtid(conversation.id, request.otid);
    record = runId ? await findRun(app, runId) : await findRunByOtid(app.db, request.otid, conversation.id);
    if (!record || (conversation && record.conversationId !== conversation.id)) throw notFound(`No run found for otid=${request.otid}`);
  } else if (conversation) {
    const active = app.registry.liveRunsOf(conversation.id).at(-1);
    if (!active) throw badRequest("INVALID_ARGUMENT: No active runs found for this conversation.");
    record = active.record;
  }
  if (!record) throw badRequest("INVALID_ARGUMENT: No active runs found for this conversation.");
  if (!record.background) {
    throw badRequest("INVALID_ARGUMENT: Run was not created in background mode, so it cannot be retrieved.");
  }
  if (app.clock.now() - record.createdAt.getTime() > THREE_HOURS_MS) {
    throw new HttpError(410, "EXPIRED: Run was created more than 3 hours ago, and is now expired.");
  }
  return record;
}

export function parseResumeBody(body: Record<string, unknown>): ResumeRequest {
  const startingAfter = body.starting_after ?? 0;
  if (typeof startingAfter !== "number" || !Number.isInteger(startingAfter) || startingAfter < 0) {
    throw new HttpError(422, "'starting_after' must be a non-negative integer");
  }
  return {
    runId: typeof body.run_id === "string" && body.run_id ? body.run_id : undefined,
    otid: typeof body.otid === "string" && body.otid ? body.otid : undefined,
    startingAfter,
    includePings: body.include_pings !== false,
  };
}
