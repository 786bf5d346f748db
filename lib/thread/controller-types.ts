// The thread controller's contract (lib/thread/controller.ts builds one): the API it calls, what the view may
// do, the options it is created with and the object it answers. Apart from the sequence itself, so the hook and
// the tests can read what a controller takes and gives without reading how it works.
import type { ApiError, ApiErrorCode } from "@/lib/api/client/request";
import type { FollowOptions } from "@/lib/chat/client/follow-run";
import type { PendingStore } from "@/lib/chat/client/pending-sends";
import type { ChatAction, ChatState } from "@/lib/chat/client/reducer";
import type { ChatImage, HistoryPage } from "@/lib/chat/types";

/**
 * The thread's endpoints. Each resolves with a 2xx response or throws an ApiError
 * (lib/api/client/request.ts does both), so a refusal is never a status to look at.
 */
export type ThreadApi = {
  history: (args: { before?: string | null; signal: AbortSignal }) => Promise<HistoryPage>;
  /** 200: the reply in progress as SSE (by run id, else by the otid of its question, else whichever); 204: none is. */
  resume: (args: { runId?: string | null; otid?: string | null; startingAfter: number; signal: AbortSignal }) => Promise<Response>;
  /** The user's own thread only: the reply's SSE stream. */
  send?: (args: { text: string; images?: ChatImage[]; otid: string; signal: AbortSignal }) => Promise<Response>;
  /** The user's own thread only: asks Letta to stop the reply in progress. */
  cancel?: () => Promise<boolean>;
};

export type ThreadCapabilities = {
  /** Send and stop (the user's own thread); without it both do nothing. */
  write: boolean;
  /**
   * Whether a catch-up reads the newest page even when no reply is in progress: yes for the user (another
   * tab's messages); no for an admin's poll, whose every history read is an audit record.
   */
  readHistoryWhenIdle: boolean;
  /** Error codes that, like being signed out, mean this viewer may no longer read the thread. */
  lostAccessCodes: readonly ApiErrorCode[];
};

export type ThreadControllerOptions = {
  api: ThreadApi;
  dispatch: (action: ChatAction) => void;
  getState: () => ChatState;
  capabilities: ThreadCapabilities;
  /** Signed out, or no longer allowed: the view hands over to a page that says what to do. */
  onSignedOut: () => void;
  /** The user's sends between "sent" and "in the history" (lib/chat/client/pending-sends.ts). */
  pending?: PendingStore | null;
  /** Applies a large state change at low priority (React's startTransition); at once by default. */
  transition?: (apply: () => void) => void;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => void;
  /** The follower's wait between resumes (lib/chat/client/follow-run.ts). */
  sleep?: FollowOptions["sleep"];
  /** The words a failed call shows in the view (the reader's language, lib/i18n/api-errors.ts); the server's message by default. */
  wordError?: (error: ApiError) => string;
};

export type ThreadController = {
  /**
   * Loads the thread and follows a reply in progress; call once the view is on screen. `hydrated`: the state
   * already holds the newest page (or its error) as the server rendered it, so only a reply in progress (and sends
   * the page does not show yet) is looked for.
   */
  start: (options?: { hydrated?: boolean }) => void;
  /** The view is gone: every request in flight is dropped and nothing is dispatched any more. */
  dispose: () => void;
  /**
   * Looks again for what happened meanwhile (a tab back in front, a poll): the newest page and a reply in
   * progress. Skipped (false) while the thread is loading, attaching or following a reply.
   */
  catchUp: () => boolean;
  /** Resolves false when the message was not taken (the caller puts the text back in the composer). */
  send: (text: string, otid?: string, images?: readonly ChatImage[]) => Promise<boolean>;
  stop: () => void;
  loadOlder: () => void;
  /** Retries what the banner offers, except re-sending (that goes through `send`, which owns the draft). */
  retry: () => void;
  /** Reads the newest page again (after a reply, or a compaction). */
  reload: () => void;
  dismissBanner: () => void;
  dismissNotice: () => void;
  /** The used-up usage budget has reset (the view's timer, at the refusal's `resetAt`): sending works again. */
  clearQuota: () => void;
};
