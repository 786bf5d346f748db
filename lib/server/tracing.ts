import "server-only";
import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { requestStore } from "./request-id";

// OpenTelemetry traces, through @vercel/otel (which also makes Next's own spans for each request and render).
// Off unless an OTLP endpoint is configured by the standard variables (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; protocol, headers, service name and sampler also come from OTEL_*), or
// Vercel's trace drain is on. When off, nothing is registered and every helper below returns its work untouched:
// not even a no-op span is made on the way to a reply's first byte.
//
// Threadline's own spans, each with the request's id (`threadline.request_id`):
// - `threadline.gate`: the request gate (session, account, conversation and rate limit in one query; lib/api/with-user.ts);
// - `letta <METHOD> <path>`: every call the Letta SDK makes (ids in the path replaced by `{id}`), ending when Letta's
//   response headers arrive (for a stream: its time to first byte);
// - `threadline.stream`: a reply's SSE pass-through, from the response to its close (lib/chat/proxy-stream.ts).
//   Ended by the request log when the response closes: no per-chunk work.

const ENABLED = Symbol.for("threadline.tracing.enabled");
const TRACER = "threadline";

/** Whether OTEL_* configures an exporter. OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none turn it off. */
export function tracingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === "true" || env.OTEL_TRACES_EXPORTER?.toLowerCase() === "none") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.VERCEL_OTEL_ENDPOINTS);
}

export function tracingEnabled(): boolean {
  return (globalThis as { [ENABLED]?: boolean })[ENABLED] === true;
}

/** Registers the SDK when configured (instrumentation.ts, once per process); answers whether it did. */
export async function registerTracing(): Promise<boolean> {
  if (tracingEnabled() || !tracingConfigured()) return tracingEnabled();
  const { registerOTel } = await import("@vercel/otel");
  registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME || "threadline" });
  (globalThis as { [ENABLED]?: boolean })[ENABLED] = true;
  return true;
}

function tracer() {
  return trace.getTracer(TRACER);
}

function startedFor(span: Span): Span {
  const store = requestStore();
  if (store) {
    span.setAttribute("threadline.request_id", store.requestId);
    store.traceId ??= span.spanContext().traceId;
  }
  return span;
}

function failed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Runs `work` inside a span named `name` (its children nest under it); just runs it when tracing is off. */
export function traced<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return work();
  return tracer().startActiveSpan(name, async (span) => {
    startedFor(span);
    try {
      return await work();
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `/v1/conversations/conv-1a2b…/messages` → `/v1/conversations/{id}/messages`: one span name per endpoint. */
export function routeOf(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => (/\d/.test(segment) && /^[A-Za-z]*-?[0-9a-f-]{8,}$/i.test(segment) ? "{id}" : segment))
    .join("/");
}

/**
 * The fetch the Letta client uses (lib/letta/client.ts, which passes its transport as `base`): `base` wrapped in
 * one client span per call, ended when the response's headers have arrived, when tracing is on; `base` itself,
 * unwrapped, when it is off. By default `base` is Node's own fetch, without the wrapper Next puts on the global one
 * in route handlers (its data cache and a span on Next's tracer, about 0.2 ms of CPU per call in the send path's
 * profile, bench/README.md; Letta's answers are never cached anyway).
 */
export function lettaFetch(base: typeof fetch = unpatchedFetch()): typeof fetch {
  if (!tracingEnabled()) return base;
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    return tracer().startActiveSpan(`letta ${method} ${routeOf(url.pathname)}`, { kind: SpanKind.CLIENT }, async (span) => {
      startedFor(span);
      span.setAttributes({ "http.request.method": method, "server.address": url.hostname, "url.path": url.pathname });
      try {
        const response = await base(input, init);
        span.setAttribute("http.response.status_code", response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  };
}

/** A `threadline.stream` span from now until the current response closes (nothing when tracing is off). */
export function traceStream(attributes: Record<string, string | number | boolean> = {}): void {
  if (!tracingEnabled()) return;
  const store = requestStore();
  if (!store) return; // not inside a request the server is answering: nothing would end the span
  const span = startedFor(tracer().startSpan("threadline.stream", { attributes }));
  (store.onClose ??= []).push(() => span.end());
}

/** The global fetch as Node has it: Next keeps it on its patched fetch (`_nextOriginalFetch`) when it has patched it. */
function unpatchedFetch(): typeof fetch {
  const global = globalThis.fetch as typeof fetch & { _nextOriginalFetch?: typeof fetch };
  return global._nextOriginalFetch ?? global;
}
