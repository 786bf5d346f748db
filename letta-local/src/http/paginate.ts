import type { Query } from "./io";

/**
 * ArrayPage pagination over items already sorted oldest first. Cursors are read in the requested order:
 * `after` = the items that follow the cursor, `before` = the `limit` items closest before it. An unknown cursor
 * gives an empty page, so SDK auto-pagination always ends.
 */
export function paginate<T extends { id: string }>(ascending: T[], query: Query, defaults: { order: "asc" | "desc"; limit: number }): T[] {
  const order = query.order(defaults.order);
  const limit = query.int("limit", defaults.limit, { min: 1, max: 1000 });
  let items = order === "asc" ? ascending : [...ascending].reverse();
  const after = query.string("after");
  const before = query.string("before");
  if (after !== undefined) {
    const index = items.findIndex((item) => item.id === after);
    if (index < 0) return [];
    items = items.slice(index + 1);
  }
  if (before !== undefined) {
    const index = items.findIndex((item) => item.id === before);
    if (index < 0) return [];
    items = items.slice(0, index);
    if (after === undefined) return items.slice(Math.max(0, items.length - limit));
  }
  return items.slice(0, limit);
}
