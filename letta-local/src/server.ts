import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "./app";
import { Clock } from "./clock";
import { resolveOptions, type LettaLocalOptions } from "./config";
import { FaultStore } from "./faults";
import { HttpError } from "./http/errors";
import { sendError, sendJson } from "./http/io";
import { RequestLog } from "./http/request-log";
import { classifyUnsupported, unsupportedError, type UnsupportedEndpoint } from "./http/unsupported";
import { RESPONDED, Router, makeContext } from "./http/router";
import { registerAgentMessageRoutes } from "./routes/agent-messages";
import { registerAgentRoutes } from "./routes/agents";
import { registerArchiveCompatRoutes } from "./routes/archive-compat";
import { registerBlockRoutes } from "./routes/blocks";
import { registerControlRoutes } from "./routes/control";
import { registerConversationRoutes } from "./routes/conversations";
import { registerListingRoutes } from "./routes/listings";
import { registerMessageReadRoutes } from "./routes/message-reads";
import { registerMessageRoutes } from "./routes/messages";
import { registerMessageSearchRoutes } from "./routes/message-search";
import { registerModelRoutes } from "./routes/models";
import { registerRunRoutes } from "./routes/runs";
import { registerStepRoutes } from "./routes/steps";
import { registerToolRoutes } from "./routes/tools";
import { HoldRegistry } from "./runs/holds";
import { Pacer } from "./runs/pacer";
import { RunRegistry } from "./runs/run-registry";
import { KeepaliveSweeper } from "./runs/sse-connection";
import { openDb } from "./store/db";
import { failInterruptedRuns } from "./store/runs";

export type { LettaLocalOptions } from "./config";

export interface LettaLocalServer {
  /** Origin to give the SDK as baseURL, e.g. `http://127.0.0.1:8283` (no `/v1`). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const VERSION = "0.16.8-letta-local";
const HEALTH_PATHS = new Set(["/v1/health", "/v1/health/"]);

function buildRouter(control: boolean): Router {
  const router = new Router();
  router.add("GET", "/v1/health", async () => ({ version: VERSION, status: "ok" }));
  // Literal archive routes (`/v1/agents/count`, `/v1/runs/active`) first: routes match in registration order.
  registerArchiveCompatRoutes(router);
  registerAgentRoutes(router);
  registerAgentMessageRoutes(router);
  registerBlockRoutes(router);
  registerConversationRoutes(router);
  registerMessageRoutes(router);
  registerMessageReadRoutes(router);
  registerMessageSearchRoutes(router);
  registerModelRoutes(router);
  registerRunRoutes(router);
  registerStepRoutes(router);
  registerListingRoutes(router);
  registerToolRoutes(router);
  if (control) registerControlRoutes(router);
  return router;
}

/** Starts the server: migrates its schema, fails runs a previous process left running, then listens. */
export async function startLettaLocal(input: LettaLocalOptions = {}): Promise<LettaLocalServer> {
  const options = resolveOptions(input);
  const clock = new Clock();
  const db = await openDb(options.databaseUrl, options.schema, options.poolSize);
  await failInterruptedRuns(db, clock.date());
  const app: App = {
    db,
    clock,
    options,
    registry: new RunRegistry(clock, options.runBufferTtlMs),
    faults: new FaultStore(),
    keepalive: new KeepaliveSweeper(clock, options.keepaliveMs),
    pacer: new Pacer(),
    log: new RequestLog(options.logRequests, options.log),
    holds: new HoldRegistry(clock),
  };
  const router = buildRouter(options.control);
  const server = createServer((req, res) => void handle(app, router, req, res));
  // SSE responses are long: no request timeout; keep-alive longer than typical proxies' idle timeouts.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep accept backlog: thousands of clients connecting at once must queue, not have SYNs dropped (1 s retries).
    server.listen({ port: options.port, host: options.host, backlog: 8192 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        for (const run of app.registry.liveRuns()) run.abandon();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        app.keepalive.stop();
        app.registry.stop();
        await db.close();
      })()),
  };
}

function authorized(app: App, req: IncomingMessage, pathname: string): boolean {
  if (!app.options.apiKey || HEALTH_PATHS.has(pathname)) return true;
  return req.headers.authorization === `Bearer ${app.options.apiKey}`;
}

async function handle(app: App, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://letta-local");
  const method = req.method ?? "GET";
  const started = Date.now();
  let unsupported: UnsupportedEndpoint | null = null;
  try {
    if (!authorized(app, req, url.pathname)) throw new HttpError(401, "Unauthorized");
    const match = router.match(method, url.pathname);
    if (match === null) {
      // Wrong path or wrong method alike: a 404 that names what was asked for (never a bare 404 or a 405).
      unsupported = classifyUnsupported(method, url.pathname);
      throw unsupportedError(method, url.pathname, unsupported);
    }
    const result = await match.handler(makeContext(app, req, res, match.params, url));
    if (result !== RESPONDED) sendJson(res, 200, result);
  } catch (error) {
    if (error instanceof HttpError) sendError(res, error);
    else {
      app.log.failure(method, url.pathname, error);
      sendError(res, new HttpError(500, "An unknown error occurred"));
    }
  } finally {
    app.log.request(method, `${url.pathname}${url.search}`, res.statusCode, Date.now() - started, unsupported);
  }
}
