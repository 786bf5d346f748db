// The browser's calls to /api/admin/*. Errors come back as ChatApiError (the
// same class the chat view uses), so every failure has a message to show.
import { ChatApiError, json, request, toApiError } from "@/lib/chat/client/api";
import { HISTORY_PAGE_SIZE, type HistoryPage } from "@/lib/chat/types";

export { ChatApiError as AdminApiError };

const userPath = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}`;

/** A page of the user's thread (each call is one audit record). */
export async function fetchUserHistory(
  { userId, before, signal }: { userId: string; before?: string | null; signal?: AbortSignal },
): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
  if (before) query.set("before", before);
  const response = await request(`${userPath(userId)}/messages?${query}`, { signal });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as HistoryPage;
}

/** The raw response: 200 is the user's reply in progress (SSE), 204 means none is. */
export function resumeUserStream(
  { userId, runId, startingAfter, signal }: { userId: string; runId?: string | null; startingAfter: number; signal?: AbortSignal },
): Promise<Response> {
  return request(`${userPath(userId)}/stream`, { ...json(runId ? { runId, startingAfter } : { startingAfter }), signal });
}

export type AccountAction = "promote" | "demote" | "disable" | "enable";

export async function postAccountAction({ userId, action }: { userId: string; action: AccountAction }): Promise<void> {
  const response = await request(`${userPath(userId)}/actions`, json({ action }));
  if (!response.ok) throw await toApiError(response);
}

export type Compaction = { summary: string; messagesBefore: number; messagesAfter: number };

/** Has Letta summarise the user's conversation now (audited). */
export async function compactUserThread({ userId }: { userId: string }): Promise<Compaction> {
  const response = await request(`${userPath(userId)}/compact`, json({}));
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as Compaction;
}
