// The browser's calls to /api/account/*. Every failure is thrown as an ApiError (lib/api/client/request.ts).
import { json, request } from "@/lib/api/client/request";
import type { ThreadReadsPage } from "@/lib/account/types";

/** Deletes the signed-in user's account: confirmed by their password, or (no password) by their email. */
export async function deleteMyAccount(confirmation: { password: string } | { email: string }): Promise<void> {
  await request("/api/account/delete", json(confirmation));
}


/** The next page of admins' reads of the user's own thread, older than `cursor`. */
export async function fetchThreadReads({ cursor }: { cursor: string }): Promise<ThreadReadsPage> {
  const response = await request(`/api/account/reads?${new URLSearchParams({ cursor })}`);
  return (await response.json()) as ThreadReadsPage;
}
