import type { Query } from "../http/io";
import { paginate } from "../http/paginate";
import { RESPONDED, type Router } from "../http/router";
import { requireId } from "../http/validate";
import { expandMessage } from "../render/letta-messages";
import { runJson, runUsageJson, stepJson } from "../render/resources";
import { runUsage } from "../runs/step-meter";
import { requireRun, runRecords } from "../services/run-views";
import { messagesOf } from "../store/message-reads";
import type { RunFilter } from "../store/runs";
import { parseResumeBody, resolveResumableRun, streamRun } from "./run-streams";

/** RunListParams: agent_id (and the deprecated agent_ids), conversation_id, statuses, background, stop_reason, active. */
export function runFilter(query: Query): RunFilter {
  const agentId = query.string("agent_id");
  const conversationId = query.string("conversation_id");
  const background = query.string("background") === undefined ? undefined : query.bool("background", false);
  return {
    agentIds: [...(agentId ? [requireId("agent", agentId)] : []), ...query.list("agent_ids").map((id) => requireId("agent", id, "agent_ids"))],
    conversationId: conversationId === undefined ? undefined : requireId("conversation", conversationId, "conversation_id"),
    statuses: query.bool("active", false) ? ["created", "running"] : query.list("statuses"),
    background,
    stopReason: query.string("stop_reason"),
  };
}

export function registerRunRoutes(router: Router): void {
  // Newest first by default; the deprecated `ascending=true` still means oldest first.
  router.add("GET", "/v1/runs", async ({ app, query }) => {
    const runs = await runRecords(app, runFilter(query));
    return paginate(runs, query, { order: query.bool("ascending", false) ? "asc" : "desc", limit: 100 }).map(runJson);
  });

  router.add("GET", "/v1/runs/:run_id", async ({ app, params }) => runJson(await requireRun(app, params.run_id)));

  router.add("GET", "/v1/runs/:run_id/usage", async ({ app, params }) => runUsageJson(runUsage((await requireRun(app, params.run_id)).steps)));

  // What the run wrote, its input included, oldest first by default; `limit` counts stored messages (R39).
  router.add("GET", "/v1/runs/:run_id/messages", async ({ app, params, query }) => {
    const run = await requireRun(app, params.run_id);
    const messages = await messagesOf(app.db, { runId: run.id }, run.conversationId);
    return paginate(messages, query, { order: "asc", limit: 100 }).flatMap(expandMessage);
  });

  router.add("GET", "/v1/runs/:run_id/steps", async ({ app, params, query }) => {
    const run = await requireRun(app, params.run_id);
    return paginate(run.steps, query, { order: "desc", limit: 100 }).map((step) => stepJson(run, step));
  });

  router.add("POST", "/v1/runs/:run_id/stream", async ({ app, res, params, body }) => {
    const runId = requireId("run", params.run_id);
    const resume = parseResumeBody(await body());
    const record = await resolveResumableRun(app, null, { ...resume, runId, otid: undefined });
    streamRun(app, res, record, resume.startingAfter, resume.includePings);
    return RESPONDED;
  });
}
