import { notFound } from "../http/errors";
import { RESPONDED, type Router } from "../http/router";
import { requireId } from "../http/validate";
import { runJson } from "../render/resources";
import { findRun, parseResumeBody, resolveResumableRun, streamRun } from "./run-streams";

export function registerRunRoutes(router: Router): void {
  router.add("GET", "/v1/runs/:run_id", async ({ app, params }) => {
    const runId = requireId("run", params.run_id);
    const record = await findRun(app, runId);
    if (!record) throw notFound(`Run ${runId} not found.`);
    return runJson(record);
  });

  router.add("POST", "/v1/runs/:run_id/stream", async ({ app, res, params, body }) => {
    const runId = requireId("run", params.run_id);
    const resume = parseResumeBody(await body());
    const record = await resolveResumableRun(app, null, { ...resume, runId, otid: undefined });
    streamRun(app, res, record, resume.startingAfter, resume.includePings);
    return RESPONDED;
  });
}
