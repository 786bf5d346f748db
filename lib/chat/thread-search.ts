import "server-only";
import { fetchHistoryPage } from "./history";
import { matchesTerms, searchTerms, snippetAround } from "./search-text";
import type { ThreadSearchResult } from "./types";

// "Find in conversation": the signed-in user's own thread, read page by page, newest first, through the
// same history pages the chat shows (lib/chat/history.ts). The caller passes the conversation it derived
// from the session, so no query can reach another person's thread; and every hit is a message of that
// thread's pages, so the browser can load pages until it is on screen. A word match, not Letta's
// (semantic, cloud-only) message search: "find" should find the words typed, and nothing else.

/** About this many items are read per request (whole pages): a bound on the Letta requests one search costs. */
export const THREAD_SEARCH_SCAN_LIMIT = 1_000;
const SCAN_PAGE = 100;

/**
 * `before`: continue an earlier search from its `nextCursor` (a message id of this conversation; Letta refuses
 * any other, which is a 400 here). The result's `nextCursor` is set when the search stopped before the start of
 * the thread: the oldest message it read, exactly, so a continuation neither skips nor repeats a message.
 */
export async function findInThread(
  { conversationId, query, limit, before }: { conversationId: string | null; query: string; limit: number; before?: string },
): Promise<ThreadSearchResult> {
  const terms = searchTerms(query);
  const result: ThreadSearchResult = { hits: [], scanned: 0, complete: true, nextCursor: null };
  if (!conversationId || terms.length === 0) return result;
  let cursor = before;
  const seen = new Set<string>();
  while (result.scanned < THREAD_SEARCH_SCAN_LIMIT) {
    const page = await fetchHistoryPage({ conversationId, before: cursor, limit: SCAN_PAGE });
    const newestFirst = page.items.toReversed();
    for (const [index, item] of newestFirst.entries()) {
      result.scanned += 1;
      if ((item.kind !== "user" && item.kind !== "assistant") || seen.has(`${item.kind}:${item.id}`)) continue;
      if (!matchesTerms(item.text, terms)) continue;
      seen.add(`${item.kind}:${item.id}`);
      result.hits.push({ id: item.id, role: item.kind, date: item.date, snippet: snippetAround(item.text, terms) });
      if (result.hits.length >= limit) {
        // Stopped at this message: it is where a continuation starts, unless it was the thread's oldest.
        const last = index === newestFirst.length - 1 && !page.nextCursor;
        return { ...result, complete: last, nextCursor: last ? null : item.id };
      }
    }
    if (!page.nextCursor) return result;
    cursor = page.nextCursor;
  }
  return { ...result, complete: false, nextCursor: cursor ?? null };
}
