import { unprocessable } from "../http/errors";
import type { Router } from "../http/router";

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

  router.add("GET", "/_control/stats", async ({ app }) => ({
    live_runs: app.registry.liveRuns().length,
    open_streams: app.keepalive.openCount,
  }));
}
