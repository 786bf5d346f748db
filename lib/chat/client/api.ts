// The browser's calls to /api/chat/*. Every failure is thrown as an ApiError
// (lib/api/client/request.ts), so the view can always show `message`.
import { json, request } from "@/lib/api/client/request";
import { HISTORY_PAGE_SIZE, type ChatImage, type HistoryPage, type ThreadSearchResult } from "@/lib/chat/types";

export async function fetchHistory({ before, signal }: { before?: string | null; signal?: AbortSignal }): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
  if (before) query.set("before", before);
  const response = await request(`/api/chat/messages?${query}`, { signal });
  return (await response.json()) as HistoryPage;
}

/** The reply's SSE stream (a refusal is thrown as an ApiError). */
export function postMessage(
  { text, images = [], otid, signal }: { text: string; images?: readonly ChatImage[]; otid: string; signal?: AbortSignal },
): Promise<Response> {
  // A text-only message is the body it always was; images go as they are sent to Letta, nothing more.
  const body = images.length ? { text, images: images.map(({ mediaType, data }) => ({ mediaType, data })), otid } : { text, otid };
  return request("/api/chat/messages", { ...json(body), signal });
}

/**
 * Follows a reply: by run id, else by the otid of the message it answers, else whatever is in progress.
 * 200 is the reply's SSE stream, 204 means none is in progress.
 */
export function resumeStream(
  { runId, otid, startingAfter, signal }: { runId?: string | null; otid?: string | null; startingAfter: number; signal?: AbortSignal },
): Promise<Response> {
  const body = runId ? { runId, startingAfter } : otid ? { otid, startingAfter } : { startingAfter };
  return request("/api/chat/stream", { ...json(body), signal });
}

export async function cancelReply(): Promise<boolean> {
  const response = await request("/api/chat/cancel", json({}));
  return ((await response.json()) as { cancelled?: boolean }).cancelled === true;
}

/** Messages of the user's own thread holding every word of `q`, newest first. */
export async function searchThread({ q, before, signal }: { q: string; before?: string; signal?: AbortSignal }): Promise<ThreadSearchResult> {
  const response = await request(`/api/chat/search?${new URLSearchParams(before ? { q, before } : { q })}`, { signal });
  return (await response.json()) as ThreadSearchResult;
}

/** The signed-in user's use and limits (GET /api/chat/usage). */
export type ChatUsage = {
  today: { messages: number; tokens: number };
  month: { tokens: number };
  limits: { messagesPerDay: number | null; tokensPerDay: number | null; tokensPerMonth: number | null };
  resets: { day: string; month: string };
};

export async function fetchUsage({ signal }: { signal?: AbortSignal } = {}): Promise<ChatUsage> {
  const response = await request("/api/chat/usage", { signal });
  return (await response.json()) as ChatUsage;
}
