// The cluster's control API (scripts/lib/cluster/, served by scripts/test-cluster.mjs): kill, stop and
// restart its parts, and find out which instance served what.
import type { Page, Response } from "@playwright/test";

export type InstanceState = { name: string; url: string; port: number; up: boolean; pid: number | null; restarts: number; connections: number };
export type ClusterState = {
  url: string;
  databaseUrl: string;
  lettaUrl: string;
  instances: InstanceState[];
  postgres: { up: boolean; port: number };
  letta: { up: boolean };
};
export type SignalOutcome = {
  exitedAfterMs: number;
  code: number | null;
  signal: string | null;
  /** When the instance's port stopped accepting connections, after the signal. */
  refusedAfterMs: number;
  /** Requests in flight on the instance when it was signalled. */
  connections: number;
  /** Whether that was seen while the process was still running (it stopped accepting before it exited). */
  aliveWhenRefused: boolean;
};

async function call<T>(method: "GET" | "POST", route: string, body?: Record<string, unknown>): Promise<T> {
  const base = process.env.CLUSTER_CONTROL_URL;
  if (!base) throw new Error("CLUSTER_CONTROL_URL is not set: run `npm run test:cluster`.");
  const response = await fetch(`${base}${route}`, {
    method,
    headers: body ? { "content-type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`cluster control ${method} ${route}: ${json.error ?? response.status}`);
  return json;
}

export const cluster = {
  state: () => call<ClusterState>("GET", "/state"),
  /** Every part up again, nginx reloaded if anything had to be started (it forgets failed instances). */
  heal: () => call<{ started: string[] }>("POST", "/heal"),
  /**
   * Signals an instance. Mid-reply (the default), the cluster first checks that Letta is still generating and
   * that the instance has a request in flight, and refuses (the test fails) if the reply already ended.
   */
  signal: (name: string, signal: "SIGTERM" | "SIGKILL", { whileRunLive = true } = {}) =>
    call<SignalOutcome>("POST", "/instance/signal", { name, signal, whileRunLive }),
  start: (name: string) => call<ClusterState>("POST", "/instance/start", { name }),
  log: async (name: string) => (await call<{ lines: string[] }>("GET", `/instance/log?name=${name}`)).lines,
  stopPostgres: ({ whileRunLive = true } = {}) => call<{ up: boolean }>("POST", "/postgres/stop", { whileRunLive }),
  startPostgres: () => call<{ up: boolean; startedInMs: number }>("POST", "/postgres/start"),
  killLetta: ({ whileRunLive = true } = {}) => call<{ up: boolean }>("POST", "/letta/kill", { whileRunLive }),
  startLetta: () => call<{ up: boolean; startedInMs: number }>("POST", "/letta/start"),
  accessLog: async () => (await call<{ text: string }>("GET", "/proxy/access-log")).text,
};

/**
 * The instance that served a response through nginx (the test's nginx adds `X-Threadline-Upstream`, the
 * `$upstream_addr` list: "127.0.0.1:A" or, after a refused connection, "127.0.0.1:A, 127.0.0.1:B").
 */
export function servedBy(state: ClusterState, upstream: string | null | undefined): string | null {
  const last = upstream?.split(",").at(-1)?.trim();
  if (!last) return null;
  return state.instances.find((i) => last === `127.0.0.1:${i.port}`)?.name ?? null;
}

export type Served = { method: string; path: string; status: number; upstream: string | null; response: Response };

/** Records every /api response the page receives, with the upstream nginx chose for it. */
export function recordApiResponses(page: Page): Served[] {
  const served: Served[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith("/api/")) return;
    served.push({
      method: response.request().method(), path: url.pathname, status: response.status(),
      upstream: response.headers()["x-threadline-upstream"] ?? null, response,
    });
  });
  return served;
}
