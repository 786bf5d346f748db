import { unprocessable } from "../http/errors";
import type { Router } from "../http/router";
import { optionalString } from "../http/validate";
import type { HoldSelector } from "../runs/holds";

/** run_id / conversation_id / fault_id, from a query or a JSON body; none of them selects every hold. */
function holdSelector(read: (key: string) => string | null | undefined): HoldSelector {
  return { runId: read("run_id") ?? undefined, conversationId: read("conversation_id") ?? undefined, faultId: read("fault_id") ?? undefined };
}

/**
 * Test-only controls, mounted outside /v1 and only when `control` is enabled. The Threadline app never proxies
 * /_control: it is reachable only by whoever can reach this server directly.
 */
export function registerControlRoutes(router: Router): void {
  router.add("POST", "/_control/faults", async ({ app, body }) => app.faults.add(await body()));
  router.add("GET", "/_control/faults", async ({ app }) => app.faults.list());
  router.add("DELETE", "/_control/faults", async ({ app }) => {
    app.faults.clear();
    return { cleared: true };
  });

  router.add("POST", "/_control/clock", async ({ app, body }) => {
    const input = await body();
    const advance = input.advance_ms;
    if (typeof advance !== "number" || !Number.isFinite(advance)) throw unprocessable("'advance_ms' must be a number");
    app.clock.advance(advance);
    return { now: app.clock.date().toISOString(), offset_ms: app.clock.offset };
  });
  router.add("DELETE", "/_control/clock", async ({ app }) => {
    app.clock.reset();
    return { now: app.clock.date().toISOString(), offset_ms: 0 };
  });
  router.add("GET", "/_control/clock", async ({ app }) => ({ now: app.clock.date().toISOString(), offset_ms: app.clock.offset }));

  // Holds (fault type `hold`): which runs are stopped mid-stream, and releasing them.
  router.add("GET", "/_control/holds", async ({ app, query }) => app.holds.list(holdSelector((key) => query.string(key))).map((hold) => hold.view()));
  router.add("GET", "/_control/holds/:run_id", async ({ app, params }) => {
    const hold = app.holds.get(params.run_id ?? "");
    return hold?.view() ?? { run_id: params.run_id, state: "none", held: false };
  });
  router.add("POST", "/_control/holds/release", async ({ app, body }) => {
    const input = await body();
    return { released: app.holds.release(holdSelector((key) => optionalString(input, key, 200))) };
  });

  router.add("GET", "/_control/stats", async ({ app }) => ({
    live_runs: app.registry.liveRuns().length,
    open_streams: app.keepalive.openCount,
    held_runs: app.holds.heldCount,
  }));
}
