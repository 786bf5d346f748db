import "server-only";
import { letta } from "@/lib/letta/client";
import { toAppError, upstreamStatus } from "@/lib/letta/errors";
import { AppError } from "@/lib/errors";
import { oldestFirst, toChatItem, type LettaListItem } from "./history-items";
import { clientOtid } from "./otid";
import type { HistoryPage } from "./types";

/**
 * Which query parameter pages to OLDER messages in a newest-first list. Letta's
 * docs say cursors follow the sort order (`after` = older in `desc`); the
 * retired open-source server read them chronologically (`before` = older).
 * Letta Cloud's reading is not documented, so we ask the server once per
 * instance: from the newest message, the older-reading parameter returns
 * something and the other returns nothing.
 */
type OlderParam = "after" | "before";
let olderParam: OlderParam | undefined;

async function list(conversationId: string, query: Record<string, unknown>): Promise<LettaListItem[]> {
  const page = await letta().conversations.messages.list(conversationId, { order: "desc", ...query });
  return page.getPaginatedItems() as unknown as LettaListItem[];
}

async function detectOlderParam(conversationId: string): Promise<OlderParam> {
  if (olderParam) return olderParam;
  const newestId = (await list(conversationId, { limit: 1 }))[0]?.id;
  if (!newestId) return "after";
  const viaAfter = await list(conversationId, { after: newestId, limit: 1 });
  olderParam = viaAfter.length > 0 && viaAfter[0]!.id !== newestId ? "after" : "before";
  return olderParam;
}

/**
 * One page of the user's history, older than `before` (a Letta message id), oldest first. For a page the browser
 * will see, `ownerId` names the conversation's owner: their messages' otids are given back as their browser chose
 * them (Letta stores them masked, lib/chat/otid.ts).
 */
export async function fetchHistoryPage(
  { conversationId, before, limit, ownerId }: { conversationId: string; before?: string; limit: number; ownerId?: string },
): Promise<HistoryPage> {
  let raw: LettaListItem[];
  try {
    if (before) {
      const param = await detectOlderParam(conversationId);
      raw = await list(conversationId, { [param]: before, limit });
    } else {
      raw = await list(conversationId, { limit });
    }
  } catch (error) {
    const status = upstreamStatus(error);
    if (status === 404 && !before) throw new AppError("not_found:conversation", "Conversation not found");
    // A cursor Letta does not know (or refuses) is the request's fault: a clear 400, not a lost conversation.
    if (before && (status === 400 || status === 404 || status === 422)) {
      throw new AppError("bad_request:conversation", "before must be a message of this conversation.", { cause: error });
    }
    throw toAppError(error, "conversation");
  }
  const ordered = oldestFirst(raw);
  // The conversation's system message sits at position 0: once it shows up, there is nothing older.
  const reachedStart = raw.length === 0 || raw.some((m) => m.message_type === "system_message");
  const items = ordered.map(toChatItem).filter((item) => item !== null);
  if (ownerId) {
    for (const item of items) if (item.kind === "user" && item.otid) item.otid = clientOtid({ userId: ownerId, lettaOtid: item.otid });
  }
  return { items, nextCursor: reachedStart ? null : (ordered[0]?.id ?? null) };
}
