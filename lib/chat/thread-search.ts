import "server-only";
import { fetchHistoryPage } from "./history";
import { matchesTerms, searchTerms, snippetAround } from "./search-text";
import type { ThreadSearchResult } from "./types";

// "Find in conversation": the signed-in user's own thread, read page by page, newest first, through the
// same history pages the chat shows (lib/chat/history.ts). The caller passes the conversation it derived
// from the session, so no query can reach another person's thread; and every hit is a message of that
// thread's pages, so the browser can load pages until it is on screen. A word match, not Letta's
// (semantic, cloud-only) message search: "find" should find the words typed, and nothing else.

/** The newest this many messages are searched: a bound on the Letta requests one search costs. */
export const THREAD_SEARCH_SCAN_LIMIT = 1_000;
const SCAN_PAGE = 100;

export async function findInThread(
  { conversationId, query, limit }: { conversationId: string | null; query: string; limit: number },
): Promise<ThreadSearchResult> {
  const terms = searchTerms(query);
  const result: ThreadSearchResult = { hits: [], scanned: 0, complete: true };
  if (!conversationId || terms.length === 0) return result;
  let before: string | undefined;
  const seen = new Set<string>();
  while (result.scanned < THREAD_SEARCH_SCAN_LIMIT) {
    const page = await fetchHistoryPage({ conversationId, before, limit: SCAN_PAGE });
    result.scanned += page.items.length;
    for (const item of page.items.toReversed()) {
      if ((item.kind !== "user" && item.kind !== "assistant") || seen.has(`${item.kind}:${item.id}`)) continue;
      if (!matchesTerms(item.text, terms)) continue;
      seen.add(`${item.kind}:${item.id}`);
      result.hits.push({ id: item.id, role: item.kind, date: item.date, snippet: snippetAround(item.text, terms) });
      if (result.hits.length >= limit) {
        result.complete = false;
        return result;
      }
    }
    if (!page.nextCursor) return result;
    before = page.nextCursor;
  }
  result.complete = false;
  return result;
}
