import { unprocessable } from "../http/errors";
import { paginate } from "../http/paginate";
import type { Router } from "../http/router";
import { requireId } from "../http/validate";
import { expandMessage } from "../render/letta-messages";
import { stepJson } from "../render/resources";
import { requireStep, runRecords } from "../services/run-views";
import { messagesOf } from "../store/message-reads";

function dateParam(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const time = new Date(raw).getTime();
  if (Number.isNaN(time)) throw unprocessable(`Query parameter '${name}' must be an ISO 8601 datetime`);
  return time;
}

/**
 * Steps are the model calls of runs (each run keeps its own). letta-local records no feedback, traces, tags or
 * projects, so a filter on one of those matches nothing.
 */
export function registerStepRoutes(router: Router): void {
  router.add("GET", "/v1/steps", async ({ app, query }) => {
    const agentId = query.string("agent_id");
    const model = query.string("model");
    const start = dateParam(query.string("start_date"), "start_date");
    const end = dateParam(query.string("end_date"), "end_date");
    const unmatchable =
      query.string("feedback") !== undefined || query.bool("has_feedback", false) || query.list("tags").length > 0 ||
      query.list("trace_ids").length > 0 || query.string("project_id") !== undefined;
    if (unmatchable) return [];
    const runs = await runRecords(app, { agentIds: agentId ? [requireId("agent", agentId)] : [], statuses: [] });
    const steps = runs
      .flatMap((run) => run.steps.map((step) => ({ id: step.id, run, step, at: new Date(step.startedAt).getTime() })))
      .filter(({ step, at }) =>
        (model === undefined || step.model === model || step.model.endsWith(`/${model}`)) &&
        (start === undefined || at > start) &&
        (end === undefined || at < end),
      )
      .sort((a, b) => a.at - b.at);
    return paginate(steps, query, { order: "desc", limit: 50 }).map(({ run, step }) => stepJson(run, step));
  });

  router.add("GET", "/v1/steps/:step_id", async ({ app, params }) => {
    const { run, step } = await requireStep(app, params.step_id);
    return stepJson(run, step);
  });

  router.add("GET", "/v1/steps/:step_id/messages", async ({ app, params, query }) => {
    const { run, step } = await requireStep(app, params.step_id);
    const messages = await messagesOf(app.db, { stepId: step.id }, run.conversationId);
    return paginate(messages, query, { order: "asc", limit: 100 }).flatMap(expandMessage);
  });
}
