import { notFound } from "../http/errors";
import type { Router } from "../http/router";
import { requireId } from "../http/validate";
import { expandMessage } from "../render/letta-messages";
import { getLiveMessage, listAllMessages } from "../store/message-reads";
import { pageQuery, renderPage } from "./message-pages";

/** `messages.retrieve` and `messages.list`: stored messages by id and across the whole server. */
export function registerMessageReadRoutes(router: Router): void {
  // One stored message is one or more LettaMessages (reasoning + assistant share an id): the archive answers a list.
  router.add("GET", "/v1/messages/:message_id", async ({ app, params }) => {
    const id = requireId("message", params.message_id, "message_id");
    const message = await getLiveMessage(app.db, id);
    if (!message) throw notFound(`Message ${id} not found`);
    return expandMessage(message);
  });

  router.add("GET", "/v1/messages", async ({ app, query }) => {
    const conversationId = query.string("conversation_id");
    const page = pageQuery(query);
    const messages = await listAllMessages(app.db, {
      conversationId: conversationId === undefined ? undefined : requireId("conversation", conversationId, "conversation_id"),
      ...page,
    });
    return renderPage(messages, page.itemTypes);
  });
}
