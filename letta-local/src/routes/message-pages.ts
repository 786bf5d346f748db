import type { Query } from "../http/io";
import { requireId } from "../http/validate";
import { expandMessage } from "../render/letta-messages";
import type { PageRequest, StoredMessage } from "../store/messages";

/** Paging of a message list (R36-R39): the same query for a conversation's, an agent's and the server-wide list. */
export type PageQuery = Omit<PageRequest, "conversationId">;

export function pageQuery(query: Query): PageQuery {
  const after = query.string("after");
  const before = query.string("before");
  return {
    order: query.order("desc"),
    after: after === undefined ? undefined : requireId("message", after, "after"),
    before: before === undefined ? undefined : requireId("message", before, "before"),
    limit: query.int("limit", 100, { min: 1, max: 10_000 }),
    itemTypes: query.list("include_return_message_types"),
  };
}

/** A page as Letta answers it: each stored message expanded into its LettaMessages, only the asked-for item types. */
export function renderPage(messages: StoredMessage[], itemTypes: string[]): Record<string, unknown>[] {
  const items = messages.flatMap(expandMessage);
  return itemTypes.length ? items.filter((item) => itemTypes.includes(String(item.message_type))) : items;
}
