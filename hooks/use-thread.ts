"use client";

// A thread on screen: the reducer's state plus the controller (lib/thread/controller.ts)
// that drives it, in one of two configurations.
// - "chat": the signed-in user's own thread. Sends and stops; remembers sends in progress
//   for a reload or another tab; catches up when the tab comes back to the front.
// - "admin": an admin's read-only view of a user's thread (/api/admin/users/:id/*). While
//   nothing streams it asks every few seconds whether the user started a reply, and
//   follows it live when they have; the newest page is read only then (each read is audited).
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useMemo, useReducer, useRef } from "react";
import { fetchUserHistory, resumeUserStream } from "@/lib/admin/client/api";
import { cancelReply, fetchHistory, postMessage, resumeStream } from "@/lib/chat/client/api";
import { browserStorage, pendingStore, sweepExpired } from "@/lib/chat/client/pending-sends";
import { chatReducer, initialChatState, type ChatState } from "@/lib/chat/client/reducer";
import type { InitialHistory } from "@/lib/chat/types";
import { apiErrorText } from "@/lib/i18n/api-errors";
import { useMessages } from "@/lib/i18n/client";
import { createThreadController, type ThreadController, type ThreadControllerOptions } from "@/lib/thread/controller";

/** Catching up when the tab comes back is skipped if it did so this recently. */
const CATCH_UP_MIN_MS = 2_000;
/** How often the admin's view looks for a reply in progress while none is being followed. */
const LIVE_POLL_MS = 2_500;

export type ThreadView = {
  view: "chat" | "admin";
  userId: string;
  /** The newest page (or its error) rendered on the server with the page: shown at once, not read again. */
  initial?: InitialHistory | null;
};

/** The state a view starts from: loading, or the server's page (or its error) as if the browser had read it. */
function startingState(initial: InitialHistory | null): ChatState {
  if (!initial) return initialChatState;
  if ("page" in initial) return chatReducer(initialChatState, { type: "history/loaded", page: initial.page, mode: "initial" });
  return chatReducer(initialChatState, { type: "history/failed", mode: "initial", message: initial.error.message });
}

type Configuration = Pick<ThreadControllerOptions, "api" | "capabilities" | "pending"> & {
  /** Where a lost session goes: the sign-in page, or the server-rendered page again (it says what to do). */
  signedOut: "sign-in" | "refresh";
  /** When to look for what happened meanwhile. */
  watch: { on: "focus"; minGapMs: number } | { on: "poll"; everyMs: number };
};

function configure({ view, userId }: Pick<ThreadView, "view" | "userId">): Configuration {
  if (view === "chat") {
    return {
      api: { history: fetchHistory, resume: resumeStream, send: postMessage, cancel: cancelReply },
      capabilities: { write: true, readHistoryWhenIdle: true, lostAccessCodes: [] },
      // Remembered under the signed-in user, for a reload or another tab.
      pending: pendingStore(browserStorage, userId),
      signedOut: "sign-in",
      watch: { on: "focus", minGapMs: CATCH_UP_MIN_MS },
    };
  }
  return {
    api: {
      history: (args) => fetchUserHistory({ userId, ...args }),
      resume: (args) => resumeUserStream({ userId, ...args }),
    },
    // 404 not_found:api: no longer an admin.
    capabilities: { write: false, readHistoryWhenIdle: false, lostAccessCodes: ["not_found:api"] },
    signedOut: "refresh",
    watch: { on: "poll", everyMs: LIVE_POLL_MS },
  };
}

/** Calls `catchUp` when the tab comes back to the front (focus, visibility), at most once per `minGapMs`. */
function watchFocus(controller: ThreadController, minGapMs: number): () => void {
  let last = 0;
  const catchUp = () => {
    if (document.visibilityState !== "visible" || Date.now() - last < minGapMs) return; // focus and visibilitychange usually come together
    if (controller.catchUp()) last = Date.now();
  };
  window.addEventListener("focus", catchUp);
  document.addEventListener("visibilitychange", catchUp);
  return () => {
    window.removeEventListener("focus", catchUp);
    document.removeEventListener("visibilitychange", catchUp);
  };
}

function watchPoll(controller: ThreadController, everyMs: number): () => void {
  const timer = setInterval(() => {
    if (document.visibilityState === "visible") controller.catchUp();
  }, everyMs);
  return () => clearInterval(timer);
}

type Actions = Omit<ThreadController, "start" | "dispose" | "catchUp">;
export type UseThread = Actions & { state: ChatState };

export function useThread({ view, userId, initial = null }: ThreadView): UseThread {
  const [state, dispatch] = useReducer(chatReducer, initial, startingState);
  // Read once, by the first start: a later start (new user, new view) loads from the network.
  const hydratedRef = useRef(initial !== null);
  const stateRef = useRef(state);
  const controllerRef = useRef<ThreadController | null>(null);
  const router = useRouter();
  // Errors are worded when they happen, in the words on screen then (a read, not a reason to start over).
  const errorWords = useMessages().common.errors;
  const errorWordsRef = useRef(errorWords);

  useEffect(() => {
    stateRef.current = state;
    errorWordsRef.current = errorWords;
  });

  useEffect(() => {
    const config = configure({ view, userId });
    const controller = createThreadController({
      ...config,
      dispatch,
      getState: () => stateRef.current,
      onSignedOut: () => (config.signedOut === "sign-in" ? router.replace("/sign-in") : router.refresh()),
      transition: startTransition,
      // In the catalogue's words, except a service down or a limit reached: the server's message names which
      // service (the assistant, the database) and how long to wait, which the catalogue's one sentence cannot.
      wordError: (error) => (error.type === "offline" || error.type === "rate_limit" ? error.message : apiErrorText(error, errorWordsRef.current)),
    });
    controllerRef.current = controller;
    if (config.pending) sweepExpired(browserStorage(), Date.now());
    controller.start({ hydrated: hydratedRef.current });
    hydratedRef.current = false;
    const { watch } = config;
    const unwatch = watch.on === "focus" ? watchFocus(controller, watch.minGapMs) : watchPoll(controller, watch.everyMs);
    return () => {
      unwatch();
      controller.dispose();
      if (controllerRef.current === controller) controllerRef.current = null;
    };
  }, [view, userId, router]);

  // Stable for the view's lifetime; before mount and after unmount they do nothing.
  const actions = useMemo<Actions>(() => {
    const current = () => controllerRef.current;
    return {
      send: (text, otid, images) => current()?.send(text, otid, images) ?? Promise.resolve(false),
      stop: () => current()?.stop(),
      loadOlder: () => current()?.loadOlder(),
      retry: () => current()?.retry(),
      reload: () => current()?.reload(),
      dismissBanner: () => current()?.dismissBanner(),
      dismissNotice: () => current()?.dismissNotice(),
      clearQuota: () => current()?.clearQuota(),
    };
  }, []);

  return { state, ...actions };
}
