// One thread on screen, as a plain object: the sequencing of its network side
// (resume then history, following a reply, loading older pages, sending,
// stopping, signed out) for both the user's own chat and an admin's read-only
// view of someone's thread. No React: state lives in the pure reducer
// (lib/chat/client/reducer.ts), whose `dispatch` and current state come in, as
// does the API, so the whole sequence runs in unit tests with a fake API.
// hooks/use-thread.ts wires it to a component.
import { ApiError } from "@/lib/api/client/request";
import { defaultSleep, followRun, SeqCursor } from "@/lib/chat/client/follow-run";
import { settlePending, userOtids, withoutOtids, withPending } from "@/lib/chat/client/pending-sends";
import type { ChatImage, HistoryPage } from "@/lib/chat/types";
import { toStorableText } from "@/lib/validation/text";
import type { ThreadController, ThreadControllerOptions } from "./controller-types";

// The contract (ThreadApi, ThreadCapabilities, ThreadControllerOptions, ThreadController) is in controller-types.ts.
export type { ThreadApi, ThreadCapabilities, ThreadController, ThreadControllerOptions } from "./controller-types";

/** If a cancel is accepted but the stream never says so, stop waiting after this long. */
export const CANCEL_GRACE_MS = 5_000;

/** "hydrated": the first attach of a view whose newest page came with the server's HTML. */
type AttachMode = "initial" | "newest" | "hydrated";

export function createThreadController(options: ThreadControllerOptions): ThreadController {
  const { api, dispatch, getState, capabilities, onSignedOut } = options;
  const pending = options.pending ?? null;
  const transition = options.transition ?? ((apply: () => void) => apply());
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => void setTimeout(run, ms));
  const sleep = options.sleep ?? defaultSleep;
  const word = options.wordError ?? ((error: ApiError) => error.message);

  let lifetime: AbortController | null = null;
  let following: AbortController | null = null;
  let attaching = 0; // attaches in flight (each includes following what it found)
  let loadingOlder = false;

  /** The view's lifetime signal; an already-aborted one before start and after dispose. */
  const alive = (): AbortSignal => lifetime?.signal ?? AbortSignal.abort();

  /** The one place a lost session is handled: true when the view has handed over. */
  const handedOver = (error: ApiError): boolean => {
    if (!error.signedOut && !capabilities.lostAccessCodes.includes(error.code)) return false;
    onSignedOut();
    return true;
  };

  const forgetSeen = (page: HistoryPage) => pending?.update((list) => withoutOtids(list, userOtids(page.items)));

  /** Sends remembered for a reload that the thread on screen does not show (the server's page predates them). */
  const hasUnseenPending = (): boolean => {
    const list = pending?.read() ?? [];
    if (list.length === 0) return false;
    const seen = new Set(getState().rows.flatMap((row) => (row.kind === "user" && row.otid ? [row.otid] : [])));
    pending?.update((current) => withoutOtids(current, seen));
    return list.some((send) => !seen.has(send.otid));
  };

  /** Brings the newest page in line after a reply: real ids, and whatever another tab added. Best effort. */
  const refreshNewest = async () => {
    const signal = alive();
    try {
      const page = await api.history({ signal });
      if (signal.aborted) return;
      dispatch({ type: "history/loaded", page, mode: "newest" });
      forgetSeen(page);
    } catch (error) {
      // What the stream showed stays on screen; only a lost session needs telling.
      if (!signal.aborted) handedOver(ApiError.from(error));
    }
  };

  const follow = async (first: Response | null, { firstIsReplay, cursor, otid }: { firstIsReplay: boolean; cursor?: SeqCursor; otid?: string }) => {
    following?.abort();
    const controller = new AbortController();
    following = controller;
    const parent = alive();
    parent.addEventListener("abort", () => controller.abort(), { once: true });
    const outcome = await followRun({
      first,
      firstIsReplay,
      cursor,
      otid,
      resume: (args) => api.resume(args),
      onEvent: (event) => dispatch({ type: "stream/event", event }),
      onReplay: () => dispatch({ type: "run/replay" }),
      signal: controller.signal,
      sleep,
    });
    const replaced = following !== controller;
    if (!replaced) following = null;
    if (parent.aborted || replaced) return;
    if (outcome.type === "lost") {
      if (!handedOver(outcome.error)) dispatch({ type: "run/lost", message: word(outcome.error) });
      return;
    }
    if (outcome.type === "unanswered" && otid) {
      dispatch({ type: "run/unanswered", otid });
      return;
    }
    dispatch({ type: "run/ended" });
    await refreshNewest();
  };

  /**
   * Resume first, then read the history: if a reply is in progress the resume
   * replays all of it, so nothing falls between the two; if none is, any reply
   * that just finished is already stored when the history is read.
   * `runId` undefined: whichever reply is in progress.
   */
  const attach = async (mode: AttachMode, runId?: string | null) => {
    const signal = alive();
    attaching += 1;
    try {
      let resumed: Response | null = null;
      let reply: "in-progress" | "none" | "unknown" = "unknown";
      try {
        const response = await api.resume({ runId, startingAfter: 0, signal });
        if (signal.aborted) return void response.body?.cancel();
        if (response.status === 204) reply = "none";
        else {
          resumed = response;
          reply = "in-progress";
        }
      } catch (error) {
        if (signal.aborted || handedOver(ApiError.from(error))) return;
      }
      if (mode === "hydrated" ? resumed || hasUnseenPending() : mode === "initial" || resumed || capabilities.readHistoryWhenIdle) {
        try {
          const page = await api.history({ signal });
          if (signal.aborted) return void resumed?.body?.cancel();
          const settled = pending ? settlePending(pending.read(), { seen: userOtids(page.items), reply, now: now() }) : null;
          if (settled) pending?.update((list) => withoutOtids(list, settled.drop));
          const apply = () => {
            dispatch({ type: "history/loaded", page, mode: mode === "hydrated" ? "newest" : mode });
            // The question of the reply in progress, if the history does not have it yet: above the reply.
            if (settled?.show) dispatch({ type: "pending/restored", sends: [settled.show] });
          };
          // A page of rows is rendered as a transition (React yields every few ms: no long task), unless a
          // reply's replay follows at once; its urgent updates would keep restarting the transition.
          if (resumed) apply();
          else transition(apply);
        } catch (error) {
          if (signal.aborted || handedOver(ApiError.from(error))) {
            void resumed?.body?.cancel();
            return;
          }
          if (mode === "initial") dispatch({ type: "history/failed", mode, message: word(ApiError.from(error)) });
        }
      }
      if (!resumed || signal.aborted) return;
      // A send from this tab started meanwhile: it follows its own reply already.
      if (mode === "newest" && runId === undefined && getState().run.status !== "idle") {
        void resumed.body?.cancel();
        return;
      }
      dispatch({ type: "run/attached", runId });
      await follow(resumed, { firstIsReplay: true, cursor: new SeqCursor(runId ?? null) });
    } finally {
      attaching -= 1;
    }
  };

  const send = async (typed: string, otid: string = crypto.randomUUID(), attached: readonly ChatImage[] = []): Promise<boolean> => {
    const post = api.send;
    if (!capabilities.write || !post || getState().run.status !== "idle") return false;
    // A stray NUL or half an emoji (from a paste) would be refused by the server: send what the screen shows.
    const text = toStorableText(typed);
    // Only a message with images carries the key: a text-only send is what it always was.
    const images = attached.length ? { images: [...attached] } : {};
    dispatch({ type: "send/started", text, otid, ...images });
    // Until the history shows it, so that a reload or another tab can show it above the reply.
    pending?.update((list) => withPending(list, { otid, text, at: now() }));
    let error: ApiError;
    const signal = alive();
    try {
      const response = await post({ text, ...images, otid, signal });
      if (signal.aborted) {
        void response.body?.cancel();
        return false;
      }
      dispatch({ type: "send/accepted", otid });
      void follow(response, { firstIsReplay: false, otid });
      return true;
    } catch (caught) {
      if (signal.aborted) return false;
      error = ApiError.from(caught);
    }
    // Refused: it goes back to the composer, so it is not pending either. After a network
    // failure it may have been taken all the same: the next load settles it (settlePending).
    if (error.code !== "network") pending?.update((list) => withoutOtids(list, new Set([otid])));
    if (handedOver(error)) return false;
    // Over a usage budget, `quota` says until when: the view shows that instead of an error (the draft stays).
    dispatch({ type: "send/rejected", text, otid, ...images, message: word(error), retryable: error.retryable, quota: error.quota });
    // Another tab (or an earlier send) is still being answered: follow that reply here too.
    if (error.type === "conflict") void attach("newest", error.runId);
    return false;
  };

  const stop = () => {
    const cancel = api.cancel;
    const { run } = getState();
    if (!capabilities.write || !cancel || run.status === "idle" || run.cancelling) return;
    dispatch({ type: "cancel/started" });
    const stopping = following;
    cancel()
      .then(() => {
        // The stream normally ends by itself with stop_reason "cancelled"; don't hang if it never does.
        setTimer(() => {
          if (stopping && following === stopping) stopping.abort();
          if (stopping && !alive().aborted && getState().run.cancelling) dispatch({ type: "run/ended" });
        }, CANCEL_GRACE_MS);
      })
      .catch((caught: unknown) => {
        const error = ApiError.from(caught);
        if (!handedOver(error)) dispatch({ type: "cancel/failed", message: word(error) });
      });
  };

  const loadOlder = async () => {
    const { cursor, history } = getState();
    if (loadingOlder || !cursor || history !== "ready") return;
    loadingOlder = true;
    dispatch({ type: "history/older-loading" });
    const signal = alive();
    try {
      const page = await api.history({ before: cursor, signal });
      if (signal.aborted) return;
      // Rendered as a transition: 50 messages of Markdown, in slices, never one long task.
      transition(() => dispatch({ type: "history/loaded", page, mode: "older" }));
      forgetSeen(page);
    } catch (caught) {
      if (signal.aborted) return;
      const error = ApiError.from(caught);
      if (!handedOver(error)) dispatch({ type: "history/failed", mode: "older", message: word(error) });
    } finally {
      loadingOlder = false;
    }
  };

  const retry = () => {
    const { banner, run } = getState();
    const action = banner?.retry;
    // Loading or following again while a reply streams would race it; an older page would not.
    if (!action || action.type === "send" || (action.type !== "older" && run.status !== "idle")) return;
    dispatch({ type: "banner/dismissed" });
    if (action.type === "resume") void attach("newest", action.runId);
    else if (action.type === "history") {
      dispatch({ type: "history/loading" });
      void attach("initial");
    } else void loadOlder();
  };

  return {
    start: ({ hydrated = false } = {}) => {
      lifetime?.abort();
      lifetime = new AbortController();
      void attach(hydrated ? "hydrated" : "initial");
    },
    dispose: () => {
      lifetime?.abort();
      lifetime = null;
    },
    catchUp: () => {
      const { run, history } = getState();
      if (alive().aborted || attaching > 0 || run.status !== "idle" || history !== "ready") return false;
      void attach("newest");
      return true;
    },
    send,
    stop,
    loadOlder: () => void loadOlder(),
    retry,
    reload: () => void refreshNewest(),
    dismissBanner: () => dispatch({ type: "banner/dismissed" }),
    dismissNotice: () => dispatch({ type: "notice/dismissed" }),
    clearQuota: () => dispatch({ type: "quota/reset" }),
  };
}
