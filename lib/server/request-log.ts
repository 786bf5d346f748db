import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { REQUEST_STORE, type RequestStore } from "./request-id";

// One structured JSON line on stdout per request the server answers, and a request id for each:
// - the id is the incoming `x-request-id` when it is a sane token (a load balancer's or a client's), else a new
//   one; the app sees it as the request's `x-request-id` header, the client gets it back as the response's;
// - every JSON error body carries it (`error.requestId`, lib/errors.ts) and the UI shows it ("(ref …)"), so a user
//   can quote it and an operator can find the request's line, and the logged cause of a 500, by it;
// - the line is written when the response has closed, so a stream's line says how long the stream lasted.
// This works on Node's HTTP server (as lib/server/shutdown.ts does), not in a route wrapper: it covers every
// route and page alike, and adds nothing per streamed chunk. (`next start` serves plain HTTP; TLS ends at the proxy.)
//
//   {"time":"2026-12-02T23:10:00.000Z","level":"info","msg":"request","request_id":"3f9a1c2be4d0","method":"POST",
//    "path":"/api/chat/messages","status":200,"duration_ms":1234.5}
// `level` is "error" for 5xx; `aborted: true` when the client went away before the response ended; `trace_id`
// when the request was traced (OTEL_*, lib/server/tracing.ts). The query string is left out: it can hold search terms.

/** A sane incoming id: 8 to 128 characters, letters, digits and `._:-` (a UUID, a ULID, a hex id, an AWS trace id). */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** 12 hex characters: short enough to read out over the phone, unique enough to find one request's line. */
export function newRequestId(): string {
  return randomBytes(6).toString("hex");
}

/** The incoming `x-request-id` if it is sane (one value, a plain token), else a new id. */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : newRequestId();
}

export type RequestLogLine = {
  time: string;
  level: "info" | "error";
  msg: "request";
  request_id: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  aborted?: true;
  trace_id?: string;
};

const INSTALLED = Symbol.for("threadline.requestLog.installed");

/**
 * Installs the request log once per process (`instrumentation.ts` calls it at start-up): every `request` event of
 * every http.Server runs inside the request's store. `write` is for tests; by default each line goes to stdout.
 * `lines: false` (REQUEST_LOG=off, for a platform that logs requests itself) keeps the ids and drops the lines.
 */
export function installRequestLog(
  { write = (line: string) => void process.stdout.write(`${line}\n`), lines = true }: { write?: (line: string) => void; lines?: boolean } = {},
): void {
  const g = globalThis as { [REQUEST_STORE]?: AsyncLocalStorage<RequestStore>; [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const storage = (g[REQUEST_STORE] ??= new AsyncLocalStorage<RequestStore>());
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function emitWithRequestId(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event !== "request") return emit.call(this, event, ...args);
    const store = begin(args[0] as http.IncomingMessage, args[1] as http.ServerResponse, lines ? write : null);
    return storage.run(store, () => emit.call(this, event, ...args));
  } as typeof http.Server.prototype.emit;
}

function begin(req: http.IncomingMessage, res: http.ServerResponse, write: ((line: string) => void) | null): RequestStore {
  const startedAt = performance.now();
  const requestId = acceptRequestId(req.headers["x-request-id"]);
  // The app reads the id from the request (never an unchecked client value) and the client gets it back.
  req.headers["x-request-id"] = requestId;
  res.setHeader("x-request-id", requestId);
  const store: RequestStore = { requestId };
  res.once("close", () => {
    for (const callback of store.onClose ?? []) {
      try {
        callback();
      } catch (error) {
        console.error("[request-log] a close callback failed", error);
      }
    }
    if (!write) return;
    const line: RequestLogLine = {
      time: new Date().toISOString(),
      level: res.statusCode >= 500 ? "error" : "info",
      msg: "request",
      request_id: requestId,
      method: req.method ?? "?",
      path: (req.url ?? "/").split("?")[0]!,
      status: res.statusCode,
      duration_ms: Math.round((performance.now() - startedAt) * 10) / 10,
    };
    if (!res.writableFinished) line.aborted = true;
    if (store.traceId) line.trace_id = store.traceId;
    write(JSON.stringify(line));
  });
  return store;
}
