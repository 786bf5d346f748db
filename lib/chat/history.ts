import "server-only";
import { AppError } from "@/lib/errors";
import { listMessages } from "@/lib/letta/conversations";
import { isSystemMessage, oldestFirst, toChatItem } from "@/lib/letta/wire";
import { clientOtid } from "./otid";
import type { HistoryPage } from "./types";

/**
 * One page of the user's history, older than `before` (a Letta message id), oldest first. For a page the browser
 * will see, `ownerId` names the conversation's owner: their messages' otids are given back as their browser chose
 * them (Letta stores them masked, lib/chat/otid.ts).
 *
 * A conversation Letta has lost reads as empty, for the user and for an admin alike: there is nothing to show,
 * and the user's next send starts a new conversation (lib/chat/runs.ts).
 */
export async function fetchHistoryPage(
  { conversationId, before, limit, ownerId }: { conversationId: string; before?: string; limit: number; ownerId?: string },
): Promise<HistoryPage> {
  const outcome = await listMessages({ conversationId, before, limit });
  if (outcome.kind === "lost") return { items: [], nextCursor: null };
  if (outcome.kind === "badCursor") throw new AppError("bad_request:conversation", "before must be a message of this conversation.");
  const raw = outcome.newestFirst;
  const ordered = oldestFirst(raw);
  // The conversation's system message sits at position 0: once it shows up, there is nothing older.
  const reachedStart = raw.length === 0 || raw.some(isSystemMessage);
  const items = ordered.map(toChatItem).filter((item) => item !== null);
  if (ownerId) {
    for (const item of items) if (item.kind === "user" && item.otid) item.otid = clientOtid({ userId: ownerId, lettaOtid: item.otid });
  }
  return { items, nextCursor: reachedStart ? null : (ordered[0]?.id ?? null) };
}
