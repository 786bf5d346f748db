import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// "Search older messages" continues a find-in-conversation from where it stopped: the message id it stopped at,
// signed with AUTH_SECRET for that conversation. The cursor comes back from the browser, so it is hostile: a
// made-up one, one edited by hand, or one from another user's search is refused (400) before Letta is asked,
// whatever Letta would make of the id. Stateless: nothing is kept between the two requests.

const SHAPE = /^(message-[0-9a-f-]{36})\.([A-Za-z0-9_-]{22})$/;
/** The shape the route's schema checks (the signature is checked here, once the conversation is known). */
export const SEARCH_CURSOR_PATTERN = SHAPE;

function mac(conversationId: string, messageId: string): Buffer {
  return createHmac("sha256", env().AUTH_SECRET).update(`threadline-search\0${conversationId}\0${messageId}`).digest().subarray(0, 16);
}

export function signSearchCursor(conversationId: string, messageId: string): string {
  return `${messageId}.${mac(conversationId, messageId).toString("base64url")}`;
}

/** The message id a cursor of this conversation's search stands for; null for any other string. */
export function readSearchCursor(conversationId: string, cursor: string): string | null {
  const match = SHAPE.exec(cursor);
  if (!match) return null;
  const [, messageId, signature] = match as unknown as [string, string, string];
  // Compared as text, not as decoded bytes: 16 bytes take 22 characters whose last one carries 4 unused bits, so
  // several spellings decode to the same bytes, and an edited cursor must never pass.
  const expected = Buffer.from(mac(conversationId, messageId).toString("base64url"));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? messageId : null;
}
