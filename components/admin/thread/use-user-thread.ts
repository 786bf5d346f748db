"use client";

// The admin's read-only view of one user's thread: the chat view's reducer and
// run follower (lib/chat/client/*), pointed at /api/admin/users/:id/*. No send,
// no stop. While nothing streams, it asks every few seconds whether the user
// started a reply, and follows it live when they have.
import { useRouter } from "next/navigation";
import { startTransition, useCallback, useEffect, useReducer, useRef } from "react";
import { fetchUserHistory, resumeUserStream } from "@/lib/admin/client/api";
import { ChatApiError, NETWORK_MESSAGE, toApiError } from "@/lib/chat/client/api";
import { followRun, SeqCursor } from "@/lib/chat/client/follow-run";
import { chatReducer, initialChatState, type ChatState } from "@/lib/chat/client/reducer";

/** How often to look for a reply in progress while none is being followed. */
export const LIVE_POLL_MS = 2_500;

const toError = (error: unknown) => (error instanceof ChatApiError ? error : new ChatApiError(0, "network", NETWORK_MESSAGE));

export type UseUserThread = {
  state: ChatState;
  loadOlder: () => void;
  retry: () => void;
  dismissBanner: () => void;
  /** Reads the newest page again (after a compaction, say). */
  reload: () => void;
};

export function useUserThread({ userId }: { userId: string }): UseUserThread {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const stateRef = useRef(state);
  const lifetime = useRef<AbortController | null>(null);
  const busy = useRef(false); // attaching or following: the poller stays quiet
  const loadingOlder = useRef(false);
  const router = useRouter();

  useEffect(() => {
    stateRef.current = state;
  });

  const signal = () => lifetime.current?.signal ?? AbortSignal.abort();

  /** 401: signed out; 404 not_found:api: no longer an admin. The server-rendered page says what to do. */
  const lostAccess = useCallback((error: ChatApiError) => {
    if (error.status === 401 || error.code === "not_found:api") {
      router.refresh();
      return true;
    }
    return false;
  }, [router]);

  const loadNewest = useCallback(async (mode: "initial" | "newest") => {
    try {
      const page = await fetchUserHistory({ userId, signal: signal() });
      dispatch({ type: "history/loaded", page, mode });
    } catch (error) {
      if (signal().aborted) return;
      const apiError = toError(error);
      if (lostAccess(apiError)) return;
      if (mode === "initial") dispatch({ type: "history/failed", mode, message: apiError.message });
    }
  }, [userId, lostAccess]);

  const follow = useCallback(async (first: Response, runId: string | null) => {
    dispatch({ type: "run/attached", runId });
    const outcome = await followRun({
      first,
      firstIsReplay: true,
      cursor: new SeqCursor(runId),
      resume: (args) => resumeUserStream({ userId, ...args }),
      onEvent: (event) => dispatch({ type: "stream/event", event }),
      onReplay: () => dispatch({ type: "run/replay" }),
      signal: signal(),
    });
    if (outcome.type === "aborted") return;
    if (outcome.type === "lost") {
      if (lostAccess(outcome.error)) return;
      dispatch({ type: "run/lost", message: outcome.error.message });
      return;
    }
    dispatch({ type: "run/ended" });
    await loadNewest("newest"); // the stored reply, with real ids
  }, [userId, loadNewest, lostAccess]);

  /**
   * As the chat view does it: resume first, then read the newest page, so a reply
   * that is running shows in full and one that just ended is already stored.
   * Returns whether a reply was found.
   */
  const attach = useCallback(async (mode: "initial" | "newest", runId: string | null = null): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    try {
      let resumed: Response | null = null;
      try {
        const response = await resumeUserStream({ userId, runId, startingAfter: 0, signal: signal() });
        if (response.status === 200) resumed = response;
        else if (response.status !== 204) {
          const error = await toApiError(response);
          if (lostAccess(error)) return false;
        }
      } catch {
        if (signal().aborted) return false;
      }
      if (mode === "initial" || resumed) await loadNewest(mode);
      if (resumed && !signal().aborted) await follow(resumed, runId);
      return resumed !== null;
    } finally {
      busy.current = false;
    }
  }, [userId, loadNewest, follow, lostAccess]);

  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    void attach("initial");
    const timer = setInterval(() => {
      const current = stateRef.current;
      const idle = current.run.status === "idle" && current.history === "ready";
      if (idle && document.visibilityState === "visible") void attach("newest");
    }, LIVE_POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [attach]);

  const loadOlder = useCallback(async () => {
    const current = stateRef.current;
    if (loadingOlder.current || !current.cursor || current.history !== "ready") return;
    loadingOlder.current = true;
    dispatch({ type: "history/older-loading" });
    try {
      const page = await fetchUserHistory({ userId, before: current.cursor, signal: signal() });
      startTransition(() => dispatch({ type: "history/loaded", page, mode: "older" })); // in slices, as the chat does
    } catch (error) {
      if (signal().aborted) return;
      const apiError = toError(error);
      if (!lostAccess(apiError)) dispatch({ type: "history/failed", mode: "older", message: apiError.message });
    } finally {
      loadingOlder.current = false;
    }
  }, [userId, lostAccess]);

  const retry = useCallback(() => {
    const action = stateRef.current.banner?.retry;
    dispatch({ type: "banner/dismissed" });
    if (!action) return;
    if (action.type === "older") void loadOlder();
    else if (action.type === "resume") void attach("newest", action.runId);
    else if (action.type === "history") {
      dispatch({ type: "history/loading" });
      void attach("initial");
    }
  }, [attach, loadOlder]);

  const dismissBanner = useCallback(() => dispatch({ type: "banner/dismissed" }), []);
  const loadOlderVoid = useCallback(() => void loadOlder(), [loadOlder]);

  const reload = useCallback(() => void loadNewest("newest"), [loadNewest]);

  return { state, loadOlder: loadOlderVoid, retry, dismissBanner, reload };
}
