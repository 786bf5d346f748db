// The id of the request being handled, for error bodies, error logs and spans. lib/server/request-log.ts gives
// every request the Node server handles an id and runs it in an AsyncLocalStorage, which it keeps on globalThis:
// Next bundles instrumentation.ts apart from the routes, so a module-level variable would not be shared. This file
// imports nothing (it is safe in any bundle): outside a request, and in the browser, there is simply no id.

/** What the request log keeps per request; routes add to it (the trace id, work to do when the response closes). */
export type RequestStore = {
  requestId: string;
  /** Set by lib/server/tracing.ts when the request is traced: the log line then names its trace. */
  traceId?: string;
  /** Run once when the response has closed (finished, or the client went away). */
  onClose?: Array<() => void>;
};

export const REQUEST_STORE = Symbol.for("threadline.requestStore");

type StoreHolder = { getStore(): RequestStore | undefined };

export function requestStore(): RequestStore | undefined {
  return (globalThis as { [REQUEST_STORE]?: StoreHolder })[REQUEST_STORE]?.getStore();
}

/** The current request's id (also its `x-request-id` response header), or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return requestStore()?.requestId;
}
