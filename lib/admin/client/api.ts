// The browser's calls to /api/admin/*. Every failure is thrown as an ApiError
// (lib/api/client/request.ts, the same one the chat view uses), so it has a message to show.
import { json, request } from "@/lib/api/client/request";
import { HISTORY_PAGE_SIZE, type HistoryPage } from "@/lib/chat/types";

const userPath = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}`;

/** A page of the user's thread (each call is one audit record). */
export async function fetchUserHistory(
  { userId, before, signal }: { userId: string; before?: string | null; signal?: AbortSignal },
): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
  if (before) query.set("before", before);
  const response = await request(`${userPath(userId)}/messages?${query}`, { signal });
  return (await response.json()) as HistoryPage;
}

/** 200 is the user's reply in progress (SSE), 204 means none is. */
export function resumeUserStream(
  { userId, runId, startingAfter, signal }: { userId: string; runId?: string | null; startingAfter: number; signal?: AbortSignal },
): Promise<Response> {
  return request(`${userPath(userId)}/stream`, { ...json(runId ? { runId, startingAfter } : { startingAfter }), signal });
}

export type AccountAction = "promote" | "demote" | "disable" | "enable";

export async function postAccountAction({ userId, action }: { userId: string; action: AccountAction }): Promise<void> {
  await request(`${userPath(userId)}/actions`, json({ action }));
}

export type Compaction = { summary: string; messagesBefore: number; messagesAfter: number };

/** Has Letta summarise the user's conversation now (audited). */
export async function compactUserThread({ userId }: { userId: string }): Promise<Compaction> {
  const response = await request(`${userPath(userId)}/compact`, json({}));
  return (await response.json()) as Compaction;
}

export type BudgetValue = "default" | "unlimited" | number;
export type BudgetOverride = { messagesPerDay: BudgetValue; tokensPerDay: BudgetValue; tokensPerMonth: BudgetValue };

/** Sets the user's usage budget override (audited). */
export async function putBudgetOverride({ userId, override }: { userId: string; override: BudgetOverride }): Promise<BudgetOverride> {
  const response = await request(`${userPath(userId)}/budget`, { ...json(override), method: "PUT" });
  return ((await response.json()) as { override: BudgetOverride }).override;
}

/** Deletes the user's account: their Letta conversation, then their rows (audited). */
export async function deleteUserAccount({ userId }: { userId: string }): Promise<void> {
  await request(userPath(userId), { method: "DELETE" });
}
