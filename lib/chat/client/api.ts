// The browser's calls to /api/chat/*. Error bodies ({ error: { code, message, runId? } })
// come back as ChatApiError so the view can always show `message`.
import { HISTORY_PAGE_SIZE, type ApiErrorBody, type HistoryPage } from "@/lib/chat/types";

export const NETWORK_MESSAGE = "Couldn't reach Threadline. Check your connection and try again.";

export class ChatApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly runId: string | null = null) {
    super(message);
    this.name = "ChatApiError";
  }
  /** Worth trying again as is: the server was busy, unreachable or rate limited, not the request. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 409 || this.status >= 500;
  }
}

/** Parses an error response; a body that is not ours (a proxy's HTML page) still gives a readable message. */
export async function toApiError(response: Response): Promise<ChatApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    body = null;
  }
  const error = body?.error;
  const fallback = response.status >= 500 ? "Something went wrong on our side. Please try again." : `Request failed (${response.status}).`;
  return new ChatApiError(response.status, error?.code ?? `http_${response.status}`, error?.message || fallback, error?.runId ?? null);
}

/** fetch, with network failures turned into a status-0 ChatApiError; aborts are rethrown as is. */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, cache: "no-store" });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ChatApiError(0, "network", NETWORK_MESSAGE);
  }
}

export const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export async function fetchHistory({ before, signal }: { before?: string | null; signal?: AbortSignal }): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
  if (before) query.set("before", before);
  const response = await request(`/api/chat/messages?${query}`, { signal });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as HistoryPage;
}

/** The raw response: 200 is the reply's SSE stream, anything else an error body for toApiError. */
export function postMessage({ text, otid, signal }: { text: string; otid: string; signal?: AbortSignal }): Promise<Response> {
  return request("/api/chat/messages", { ...json({ text, otid }), signal });
}

/** Follows a reply: by run id, else by the otid of the message it answers, else whatever is in progress. */
export function resumeStream(
  { runId, otid, startingAfter, signal }: { runId?: string | null; otid?: string | null; startingAfter: number; signal?: AbortSignal },
): Promise<Response> {
  const body = runId ? { runId, startingAfter } : otid ? { otid, startingAfter } : { startingAfter };
  return request("/api/chat/stream", { ...json(body), signal });
}

export async function cancelReply(): Promise<boolean> {
  const response = await request("/api/chat/cancel", json({}));
  if (!response.ok) throw await toApiError(response);
  return ((await response.json()) as { cancelled?: boolean }).cancelled === true;
}
