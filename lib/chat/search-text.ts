// Word matching for searches of one's own thread: the agent's tool (lib/chat/history-search.ts) and the
// chat's "Find in conversation" (lib/chat/thread-search.ts) match alike, and the browser highlights the
// same words in a snippet. Pure, isomorphic.

/** The query's words: letters and digits, lower-cased; one-character words are dropped. */
export function searchTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((term) => term.length > 1))];
}

/** A text matches when it contains every term (case-insensitive substring). */
export function matchesTerms(text: string, terms: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return terms.length > 0 && terms.every((term) => lower.includes(term));
}

/**
 * A line of context around the first term found: about `before` characters ahead of it and `total` in all,
 * cut at spaces where one is near, whitespace folded, "…" where text was left out.
 */
export function snippetAround(text: string, terms: readonly string[], { total = 160, before = 50 } = {}): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= total) return flat;
  const lower = flat.toLowerCase();
  const hits = terms.map((term) => lower.indexOf(term)).filter((index) => index >= 0);
  const first = hits.length ? Math.min(...hits) : 0;
  let start = Math.max(0, first - before);
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    if (space >= 0 && space < first) start = space + 1;
  }
  let end = Math.min(flat.length, start + total);
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > first && space > start) end = space;
  }
  return `${start > 0 ? "…" : ""}${flat.slice(start, end)}${end < flat.length ? "…" : ""}`;
}

/** The snippet split into plain and matching parts, for highlighting (`match` parts are a term). */
export function highlightParts(text: string, terms: readonly string[]): { text: string; match: boolean }[] {
  if (terms.length === 0) return [{ text, match: false }];
  const escaped = [...terms].sort((a, b) => b.length - a.length).map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(${escaped.join("|")})`, "giu");
  return text.split(pattern).filter((part) => part !== "").map((part) => ({ text: part, match: terms.includes(part.toLowerCase()) }));
}
