import "server-only";
import { searchMessages } from "@/lib/letta/conversations";
import { fetchHistoryPage } from "./history";
import { matchesTerms, searchTerms } from "./search-text";
import { HISTORY_SEARCH_TOOL_NAME } from "./types";

// The agent's memory of past conversations, scoped to one user.
//
// Letta's own `conversation_search` tool searches every conversation of the
// agent, and in Threadline each conversation belongs to a different person.
// So the shared agent does not carry it; instead each send offers the model
// this client-side tool (`client_tools`). When the model calls it, the run stops
// with `requires_approval`, and Threadline runs the search here, over the
// signed-in user's conversation only, and answers with the result.

export const HISTORY_SEARCH_TOOL = {
  name: HISTORY_SEARCH_TOOL_NAME,
  description:
    "Search the earlier messages of the person you are talking with, in this conversation only. " +
    "Use it to recall what they told you before. It cannot see other people's conversations.",
  parameters: {
    type: "object",
    properties: {
      query: { type: "string", description: "Words to look for." },
      limit: { type: "integer", description: "Maximum results (default 5, at most 20)." },
    },
    required: ["query"],
  },
};

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 20;
/** Where the server has no search endpoint, this many of the newest messages are scanned instead. */
const SCAN_LIMIT = 1_000;
const SCAN_PAGE = 100;
const SNIPPET_CHARS = 400;

type Search = { conversationId: string; query: string; limit: number; skipMessageId: string | null };

export type HistoryHit = { role: "user" | "assistant"; date: string | null; text: string };

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1)}…` : flat;
}

/**
 * Letta's message search with the conversation filter. Results are kept only
 * when they say they belong to this conversation: a server that ignored the
 * filter, or does not report it, must not widen the search. Null when the
 * server has no search endpoint (it is a Letta Cloud feature).
 */
async function searchEndpoint({ conversationId, query, limit, skipMessageId }: Search): Promise<HistoryHit[] | null> {
  const outcome = await searchMessages({ conversationId, query, limit: limit + 1 });
  if (outcome.kind === "unsupported") return null;
  const hits: HistoryHit[] = [];
  for (const result of outcome.results) {
    if (result.conversationId !== conversationId || (skipMessageId !== null && result.messageId === skipMessageId) || !result.role) continue;
    hits.push({ role: result.role, date: result.date, text: clip(result.text) });
  }
  // Every result dropped for a missing conversation id means the server cannot prove the scope: scan instead.
  if (hits.length === 0 && outcome.results.some((result) => result.conversationId === null)) return null;
  return hits.slice(0, limit);
}

/** The fallback: the conversation's own pages (newest first), which no filter can widen. */
async function scanConversation({ conversationId, query, limit, skipMessageId }: Search): Promise<HistoryHit[]> {
  const queryTerms = searchTerms(query);
  const hits: HistoryHit[] = [];
  let before: string | undefined;
  for (let scanned = 0; scanned < SCAN_LIMIT; scanned += SCAN_PAGE) {
    const page = await fetchHistoryPage({ conversationId, before, limit: SCAN_PAGE });
    for (const item of page.items.toReversed()) {
      if ((item.kind === "user" || item.kind === "assistant") && item.id !== skipMessageId && matchesTerms(item.text, queryTerms)) {
        hits.push({ role: item.kind, date: item.date, text: clip(item.text) });
        if (hits.length >= limit) return hits;
      }
    }
    if (!page.nextCursor) break;
    before = page.nextCursor;
  }
  return hits;
}

/** Searches one conversation: the signed-in user's, chosen by the caller from the session. */
export async function searchOwnHistory(
  { conversationId, query, limit = DEFAULT_LIMIT, skipMessageId = null }:
  { conversationId: string; query: string; limit?: number; skipMessageId?: string | null },
): Promise<HistoryHit[]> {
  if (!query.trim()) return [];
  const search: Search = { conversationId, query, limit: Math.min(Math.max(1, Math.trunc(limit) || DEFAULT_LIMIT), MAX_LIMIT), skipMessageId };
  return (await searchEndpoint(search)) ?? (await scanConversation(search));
}

/** What the model reads back: one line per hit, newest first, dated, said by whom. */
export function formatHits(query: string, hits: HistoryHit[]): string {
  const header = `Results for "${query}" in this person's own conversation (${hits.length}):`;
  if (hits.length === 0) return `${header}\nNothing found.`;
  const lines = hits.map((hit) => `- [${hit.role === "user" ? "they said" : "you said"}${hit.date ? `, ${hit.date.slice(0, 10)}` : ""}] ${hit.text}`);
  return [header, ...lines].join("\n");
}
