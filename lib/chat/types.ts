// What the chat API sends the browser. Shared by route handlers and the chat view.
//
// History (GET /api/chat/messages) is a page of ChatItems, mapped from Letta's
// message list with system messages and internals removed.
//
// Live replies (POST /api/chat/messages, POST /api/chat/stream) are Letta's own
// SSE frames passed through byte for byte (see docs.letta.com streaming): `data:`
// JSON chunks with `message_type` ping | reasoning_message | assistant_message |
// tool_call_message | tool_return_message | approval_request_message |
// stop_reason | usage_statistics, then `data: [DONE]`; errors as `event: error`.
// The first chunk is a `ping` carrying the `run_id`; in background runs every
// chunk carries a `seq_id`, which the browser keeps to resume after a drop.
// Threadline adds one named event of its own, `event: threadline`, whose data is
// a ThreadlineEvent.

export type ChatItemKind = "user" | "assistant" | "reasoning" | "tool_call" | "tool_return" | "summary";

type Base = {
  /** Letta message id; one stored message can yield several items sharing it. */
  id: string;
  /** Unique per item within a message (Letta's part otid); the user's own otid for user items. */
  otid: string | null;
  date: string | null;
};

/** An image of a user message: base64 of a PNG, JPEG, WebP or GIF (lib/validation/image.ts). */
export type ChatImage = { mediaType: "image/png" | "image/jpeg" | "image/webp" | "image/gif"; data: string };

export type ChatItem =
  /** `images` only when the message has some: a text-only item is what it always was. */
  | (Base & { kind: "user"; text: string; images?: ChatImage[] })
  | (Base & { kind: "assistant"; text: string })
  | (Base & { kind: "reasoning"; text: string })
  | (Base & { kind: "tool_call"; toolCallId: string | null; name: string; arguments: string })
  | (Base & { kind: "tool_return"; toolCallId: string | null; status: "success" | "error"; output: string })
  | (Base & { kind: "summary"; text: string });

export type HistoryPage = {
  /** Oldest first. */
  items: ChatItem[];
  /** Pass as `?before=` to get the previous (older) page; null at the start of the conversation. */
  nextCursor: string | null;
};

/**
 * The newest page of a thread as the server rendered it into the page's HTML (lib/chat/initial-history.ts), or the
 * error the history route would have answered (its public code and message): the view starts from it.
 */
export type InitialHistory = { page: HistoryPage } | { error: { code: string; message: string } };

export type ThreadlineEvent =
  /** Something the user should know, e.g. that a lost conversation was replaced by a new one. */
  | { type: "notice"; message: string }
  /** The proxy is ending the response early (serverless time limit); resume from the last seq_id seen. */
  | { type: "handoff" };

export const MESSAGE_MAX_CHARS = 8_000;
/** The client-side tool that searches the signed-in user's own conversation (lib/chat/history-search.ts). */
export const HISTORY_SEARCH_TOOL_NAME = "search_my_history";
export const HISTORY_PAGE_SIZE = 50;

/** GET /api/chat/search: messages of the user's own thread that hold every word of the query, newest first. */
export type ThreadSearchHit = { id: string; role: "user" | "assistant"; date: string | null; snippet: string };
export type ThreadSearchResult = {
  hits: ThreadSearchHit[];
  /** Items read (newest first) to find them. */
  scanned: number;
  /** False when the search stopped early (the result limit, or the newest messages searched): older ones may match too. */
  complete: boolean;
  /** When it stopped early: pass it as `before` to search on from there, into older messages. */
  nextCursor: string | null;
};
export const SEARCH_QUERY_MAX_CHARS = 200;
export const SEARCH_RESULTS_MAX = 50;
