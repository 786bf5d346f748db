"use client";

// The chat view's network side: loading history, sending, following and
// resuming replies, cancelling. All state changes go through the pure reducer.
import { useRouter } from "next/navigation";
import { startTransition, useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import {
  cancelReply, ChatApiError, fetchHistory, NETWORK_MESSAGE, postMessage, resumeStream, toApiError,
} from "@/lib/chat/client/api";
import { followRun, SeqCursor } from "@/lib/chat/client/follow-run";
import {
  browserStorage, pendingStore, settlePending, sweepExpired, userOtids, withoutOtids, withPending,
} from "@/lib/chat/client/pending-sends";
import { chatReducer, initialChatState, type ChatState } from "@/lib/chat/client/reducer";
import { toStorableText } from "@/lib/validation/text";

/** If a cancel is accepted but the stream never says so, stop waiting after this long. */
const CANCEL_GRACE_MS = 5_000;
/** Catching up when the tab comes back is skipped if it did so this recently. */
const CATCH_UP_MIN_MS = 2_000;

function toChatError(error: unknown): ChatApiError {
  return error instanceof ChatApiError ? error : new ChatApiError(0, "network", NETWORK_MESSAGE);
}

/** The view's lifetime signal; an already-aborted one before mount and after unmount. */
function aliveSignal(ref: { current: AbortController | null }): AbortSignal {
  return ref.current?.signal ?? AbortSignal.abort();
}


export type UseChat = {
  state: ChatState;
  /** Resolves false when the message was not taken (the caller puts the text back in the composer). */
  send: (text: string, otid?: string) => Promise<boolean>;
  stop: () => void;
  /** Retries what the banner offers, except re-sending (that goes through `send`, which owns the draft). */
  retry: () => void;
  loadOlder: () => void;
  dismissBanner: () => void;
  dismissNotice: () => void;
};

type Options = {
  /** The signed-in user: their sends in progress are remembered under it, for a reload or another tab. */
  userId: string;
};

export function useChat({ userId }: Options): UseChat {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const pending = useMemo(() => pendingStore(browserStorage, userId), [userId]);
  const stateRef = useRef(state);
  const lifetime = useRef<AbortController | null>(null);
  const follow = useRef<AbortController | null>(null);
  const loadingOlder = useRef(false);
  const router = useRouter();
  // A stale session: the server already said so, the sign-in page says what to do.
  const goToSignIn = useCallback(() => router.replace("/sign-in"), [router]);

  useEffect(() => {
    stateRef.current = state;
  });

  /** Brings the newest page in line after a reply: real ids, and whatever another tab added. */
  const refreshNewest = useCallback(async () => {
    try {
      const page = await fetchHistory({ signal: aliveSignal(lifetime) });
      dispatch({ type: "history/loaded", page, mode: "newest" });
      pending.update((list) => withoutOtids(list, userOtids(page.items)));
    } catch {
      // Best effort: what the stream showed stays on screen.
    }
  }, [pending]);

  const followReply = useCallback(async (first: Response | null, options: { firstIsReplay: boolean; cursor?: SeqCursor; otid?: string }) => {
    follow.current?.abort();
    const controller = new AbortController();
    follow.current = controller;
    const parent = aliveSignal(lifetime);
    parent.addEventListener("abort", () => controller.abort(), { once: true });
    const outcome = await followRun({
      first,
      firstIsReplay: options.firstIsReplay,
      cursor: options.cursor,
      otid: options.otid,
      resume: (args) => resumeStream(args),
      onEvent: (event) => dispatch({ type: "stream/event", event }),
      onReplay: () => dispatch({ type: "run/replay" }),
      signal: controller.signal,
    });
    const replaced = follow.current !== controller;
    if (!replaced) follow.current = null;
    if (parent.aborted || replaced) return;
    if (outcome.type === "lost") {
      if (outcome.error.status === 401) return goToSignIn();
      dispatch({ type: "run/lost", message: outcome.error.message });
      return;
    }
    if (outcome.type === "unanswered" && options.otid) {
      dispatch({ type: "run/unanswered", otid: options.otid });
      return;
    }
    dispatch({ type: "run/ended" });
    await refreshNewest();
  }, [refreshNewest, goToSignIn]);

  /**
   * Resume first, then read the history: if a reply is in progress the resume
   * replays all of it, so nothing falls between the two; if none is, any reply
   * that just finished is already stored when the history is read.
   */
  const loadAndAttach = useCallback(async ({ mode, runId }: { mode: "initial" | "newest"; runId?: string | null }) => {
    let resumed: Response | null = null;
    let reply: "in-progress" | "none" | "unknown" = "unknown";
    try {
      const response = await resumeStream({ runId, startingAfter: 0, signal: aliveSignal(lifetime) });
      if (response.status === 401) return goToSignIn();
      if (response.status === 204) reply = "none";
      else if (response.ok) {
        resumed = response;
        reply = "in-progress";
      } else void response.body?.cancel();
    } catch {
      if (aliveSignal(lifetime).aborted) return;
    }
    try {
      const page = await fetchHistory({ signal: aliveSignal(lifetime) });
      const { show, drop } = settlePending(pending.read(), { seen: userOtids(page.items), reply, now: Date.now() });
      pending.update((list) => withoutOtids(list, drop));
      const apply = () => {
        dispatch({ type: "history/loaded", page, mode });
        // The question of the reply in progress, if the history does not have it yet: above the reply.
        if (show) dispatch({ type: "pending/restored", sends: [show] });
      };
      // A page of rows is rendered as a transition (React yields every few ms: no long task), unless a
      // reply's replay follows at once; its urgent updates would keep restarting the transition.
      if (resumed) apply();
      else startTransition(apply);
    } catch (error) {
      if (aliveSignal(lifetime).aborted) return;
      const chatError = toChatError(error);
      if (chatError.status === 401) return goToSignIn();
      if (mode === "initial") dispatch({ type: "history/failed", mode, message: chatError.message });
    }
    if (!resumed) return;
    // A send from this tab started meanwhile: it follows its own reply already.
    if (mode === "newest" && runId === undefined && stateRef.current.run.status !== "idle") {
      void resumed.body?.cancel();
      return;
    }
    dispatch({ type: "run/attached", runId });
    await followReply(resumed, { firstIsReplay: true, cursor: new SeqCursor(runId ?? null) });
  }, [followReply, goToSignIn, pending]);

  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    sweepExpired(browserStorage(), Date.now());
    void loadAndAttach({ mode: "initial" });
    return () => controller.abort();
  }, [loadAndAttach]);

  // Back to this tab: show what happened elsewhere meanwhile (another tab's messages, a reply it started).
  useEffect(() => {
    let last = 0;
    const catchUp = () => {
      const current = stateRef.current;
      if (document.visibilityState !== "visible" || current.run.status !== "idle" || current.history !== "ready") return;
      if (Date.now() - last < CATCH_UP_MIN_MS) return; // focus and visibilitychange usually come together
      last = Date.now();
      void loadAndAttach({ mode: "newest" });
    };
    window.addEventListener("focus", catchUp);
    document.addEventListener("visibilitychange", catchUp);
    return () => {
      window.removeEventListener("focus", catchUp);
      document.removeEventListener("visibilitychange", catchUp);
    };
  }, [loadAndAttach]);

  const send = useCallback(async (typed: string, otid: string = crypto.randomUUID()) => {
    if (stateRef.current.run.status !== "idle") return false;
    // A stray NUL or half an emoji (from a paste) would be refused by the server: send what the screen shows.
    const text = toStorableText(typed);
    dispatch({ type: "send/started", text, otid });
    // Until the history shows it, so that a reload or another tab can show it above the reply.
    pending.update((list) => withPending(list, { otid, text, at: Date.now() }));
    let error: ChatApiError;
    try {
      const response = await postMessage({ text, otid, signal: aliveSignal(lifetime) });
      if (response.ok) {
        dispatch({ type: "send/accepted", otid });
        void followReply(response, { firstIsReplay: false, otid });
        return true;
      }
      error = await toApiError(response);
    } catch (caught) {
      if (aliveSignal(lifetime).aborted) return false;
      error = toChatError(caught);
    }
    // Refused: it goes back to the composer, so it is not pending either. After a network
    // failure it may have been taken all the same: the next load settles it (settlePending).
    if (error.status !== 0) pending.update((list) => withoutOtids(list, new Set([otid])));
    if (error.status === 401) {
      goToSignIn();
      return false;
    }
    dispatch({ type: "send/rejected", text, otid, message: error.message, retryable: error.retryable });
    // Another tab (or an earlier send) is still being answered: follow that reply here too.
    if (error.status === 409) void loadAndAttach({ mode: "newest", runId: error.runId });
    return false;
  }, [followReply, loadAndAttach, goToSignIn, pending]);

  const stop = useCallback(() => {
    if (stateRef.current.run.status === "idle" || stateRef.current.run.cancelling) return;
    dispatch({ type: "cancel/started" });
    const following = follow.current;
    cancelReply()
      .then(() => {
        // The stream normally ends by itself with stop_reason "cancelled"; don't hang if it never does.
        setTimeout(() => {
          if (following && follow.current === following) following.abort();
          if (following && !aliveSignal(lifetime).aborted && stateRef.current.run.cancelling) dispatch({ type: "run/ended" });
        }, CANCEL_GRACE_MS);
      })
      .catch((error: unknown) => {
        const chatError = toChatError(error);
        if (chatError.status === 401) return goToSignIn();
        dispatch({ type: "cancel/failed", message: chatError.message });
      });
  }, [goToSignIn]);

  const loadOlder = useCallback(async () => {
    const current = stateRef.current;
    if (loadingOlder.current || !current.cursor || current.history !== "ready") return;
    loadingOlder.current = true;
    dispatch({ type: "history/older-loading" });
    try {
      const page = await fetchHistory({ before: current.cursor, signal: aliveSignal(lifetime) });
      // Rendered as a transition: 50 messages of Markdown, in slices, never one long task.
      startTransition(() => dispatch({ type: "history/loaded", page, mode: "older" }));
      pending.update((list) => withoutOtids(list, userOtids(page.items)));
    } catch (error) {
      if (aliveSignal(lifetime).aborted) return;
      const chatError = toChatError(error);
      if (chatError.status === 401) return goToSignIn();
      dispatch({ type: "history/failed", mode: "older", message: chatError.message });
    } finally {
      loadingOlder.current = false;
    }
  }, [goToSignIn, pending]);

  const retry = useCallback(() => {
    const current = stateRef.current;
    const action = current.banner?.retry;
    if (!action || current.run.status !== "idle") return;
    dispatch({ type: "banner/dismissed" });
    if (action.type === "resume") void loadAndAttach({ mode: "newest", runId: action.runId });
    else if (action.type === "history") {
      dispatch({ type: "history/loading" });
      void loadAndAttach({ mode: "initial" });
    } else if (action.type === "older") void loadOlder();
  }, [loadAndAttach, loadOlder]);

  const dismissBanner = useCallback(() => dispatch({ type: "banner/dismissed" }), []);
  const dismissNotice = useCallback(() => dispatch({ type: "notice/dismissed" }), []);
  const loadOlderVoid = useCallback(() => void loadOlder(), [loadOlder]);

  return { state, send, stop, retry, loadOlder: loadOlderVoid, dismissBanner, dismissNotice };
}
