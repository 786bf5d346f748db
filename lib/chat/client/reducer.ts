// The chat view's state machine. Pure: every network effect lives in
// hooks/use-chat.ts, which dispatches what happened.
import { withRef } from "@/lib/api/client/request";
import type { ChatImage, HistoryPage } from "@/lib/chat/types";
import type { QuotaRefusal } from "@/lib/errors";
import { en } from "@/lib/i18n/messages/en";
import { applyChunk } from "./apply-chunk";
import { mergeHistory, type MergeMode } from "./merge-history";
import { restorePending, type PendingSend } from "./pending-sends";
import { toPlainText } from "./plain-text";
import { textRowKey, type Row } from "./rows";
import type { StreamEvent } from "./sse";

export type Retry =
  /** Send `text` again: with the same otid when Letta never took it (no second copy), else with a new one. */
  | { type: "send"; text: string; otid?: string; images?: ChatImage[] }
  | { type: "resume"; runId: string | null }
  | { type: "history" }
  | { type: "older" };

export type Banner = { message: string; retry: Retry | null };

export type RunState = {
  /** sending: POST in flight; streaming: following a reply (ours, or one we re-attached to). */
  status: "idle" | "sending" | "streaming";
  runId: string | null;
  /** The row receiving tokens right now; null while waiting for the first token of a step. */
  streamingKey: string | null;
  stopReason: string | null;
  cancelling: boolean;
};

export type ChatState = {
  rows: Row[];
  history: "loading" | "ready" | "error";
  /** Cursor for the next older page; null once the start of the conversation is on screen. */
  cursor: string | null;
  older: "idle" | "loading" | "error";
  run: RunState;
  banner: Banner | null;
  notice: string | null;
  /**
   * A send was refused over a usage budget (429 quota:chat): the view says when the user can write again, instead
   * of an error with Retry (retrying cannot help before then), until `quota/reset` at the window's reset.
   */
  quota: QuotaRefusal | null;
  /** Text for the polite live region: the finished reply, never each token. */
  announcement: string;
};

export type ChatAction =
  | { type: "history/loading" }
  | { type: "history/older-loading" }
  | { type: "history/loaded"; page: HistoryPage; mode: MergeMode }
  | { type: "history/failed"; mode: "initial" | "older"; message: string }
  /** The user's own sends the history does not show yet (a reload or another tab mid-reply). */
  | { type: "pending/restored"; sends: PendingSend[] }
  | { type: "send/started"; text: string; otid: string; images?: ChatImage[] }
  | { type: "send/accepted"; otid: string }
  | { type: "send/rejected"; text: string; otid: string; images?: ChatImage[]; message: string; retryable: boolean; quota?: QuotaRefusal | null }
  | { type: "run/attached"; runId?: string | null }
  | { type: "run/replay" }
  | { type: "stream/event"; event: StreamEvent }
  | { type: "run/ended" }
  | { type: "run/lost"; message: string }
  /** Our send's stream broke before its run was known, and Letta has no run for its otid: it was never answered. */
  | { type: "run/unanswered"; otid: string }
  | { type: "cancel/started" }
  | { type: "cancel/failed"; message: string }
  | { type: "banner/dismissed" }
  | { type: "notice/dismissed" }
  /** The used-up budget's window has reset: sending works again. */
  | { type: "quota/reset" };

const IDLE_RUN: RunState = { status: "idle", runId: null, streamingKey: null, stopReason: null, cancelling: false };

export const initialChatState: ChatState = {
  rows: [], history: "loading", cursor: null, older: "idle", run: IDLE_RUN, banner: null, notice: null, quota: null, announcement: "",
};

/** What a screen reader hears when a reply completes: its text, not its markdown. */
export function announcementFor(run: RunState, rows: readonly Row[]): string {
  if (run.stopReason === "cancelled") return en.chat.announce.stopped;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.kind === "user") break;
    if (row.kind === "assistant" && row.live) {
      const plain = toPlainText(row.text);
      return en.chat.announce.reply(plain.length > 600 ? `${plain.slice(0, 600)}…` : plain);
    }
  }
  return "";
}

function onStreamEvent(state: ChatState, event: StreamEvent): ChatState {
  switch (event.type) {
    case "chunk": {
      const { chunk } = event;
      let run = state.run;
      if (chunk.runId && chunk.runId !== run.runId) run = { ...run, runId: chunk.runId };
      if (run.status === "sending") run = { ...run, status: "streaming" };
      if (chunk.type === "stop_reason") return { ...state, run: { ...run, stopReason: chunk.stopReason, streamingKey: null } };
      const { rows, touched } = applyChunk(state.rows, chunk);
      if (touched) {
        // After a tool returns, or a summary (it arrives whole), the agent is working again: back to the typing indicator.
        const settled = (touched.kind === "tool" && touched.result) || touched.kind === "summary";
        const streamingKey = settled ? null : touched.key;
        if (streamingKey !== run.streamingKey) run = { ...run, streamingKey };
      }
      return rows === state.rows && run === state.run ? state : { ...state, rows, run };
    }
    case "error": {
      // The run failed: Retry asks the last question again, as a new message (Letta keeps the failed one).
      const question = lastUserQuestion(state.rows);
      const retry: Retry | null = question === null ? null : { type: "send", ...question };
      const message = withRef(`${event.message} Retry to ask again.`, event.requestId);
      return { ...state, banner: { message, retry }, run: { ...state.run, stopReason: state.run.stopReason ?? "error" } };
    }
    case "notice":
      return { ...state, notice: event.message };
    default:
      return state; // done / handoff: the follower decides what happens next
  }
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "history/loading":
      return { ...state, history: "loading" };
    case "history/older-loading":
      return { ...state, older: "loading", banner: state.banner?.retry?.type === "older" ? null : state.banner };
    case "history/loaded": {
      const { rows, replaced } = mergeHistory(state.rows, action.page.items, action.mode);
      const takesCursor = action.mode !== "newest" || replaced || state.history !== "ready";
      return {
        ...state,
        rows,
        history: "ready",
        cursor: takesCursor ? action.page.nextCursor : state.cursor,
        older: action.mode === "older" ? "idle" : state.older,
        banner: state.banner?.retry?.type === (action.mode === "older" ? "older" : "history") ? null : state.banner,
      };
    }
    case "history/failed":
      return action.mode === "initial"
        ? { ...state, history: "error", banner: { message: action.message, retry: { type: "history" } } }
        : { ...state, older: "error", banner: { message: action.message, retry: { type: "older" } } };
    case "pending/restored": {
      const rows = restorePending(state.rows, action.sends);
      return rows === state.rows ? state : { ...state, rows };
    }
    case "send/started": {
      const row: Row = {
        key: textRowKey("user", null, action.otid), kind: "user", id: null, otid: action.otid, date: new Date().toISOString(),
        live: false, runId: null, text: action.text, pending: true, ...(action.images?.length ? { images: action.images } : {}),
      };
      // A retry re-sends the same otid: reuse its row instead of adding a second one.
      const rows = state.rows.filter((r) => !(r.kind === "user" && r.otid === action.otid && r.pending));
      return { ...state, rows: [...rows, row], banner: null, announcement: "", run: { ...IDLE_RUN, status: "sending" } };
    }
    case "send/accepted":
      return {
        ...state,
        rows: state.rows.map((r) => (r.kind === "user" && r.otid === action.otid ? { ...r, pending: false } : r)),
        run: state.run.status === "sending" ? { ...state.run, status: "streaming" } : state.run,
      };
    case "send/rejected":
      return {
        ...state,
        // The message was not taken: it goes back to the composer, not into the transcript.
        rows: state.rows.filter((r) => !(r.kind === "user" && r.otid === action.otid && r.pending)),
        run: IDLE_RUN,
        // Over a budget: no error banner; the view shows when the user can write again (state.quota).
        banner: action.quota ? null : { message: action.message, retry: action.retryable ? { type: "send", text: action.text, otid: action.otid, ...withImages(action.images) } : null },
        quota: action.quota ?? null,
      };
    case "run/attached":
      return { ...state, run: { ...IDLE_RUN, status: "streaming", runId: action.runId ?? null } };
    case "run/replay": {
      // Replaying from the start: drop what this run already built, the replay rebuilds it.
      const runId = state.run.runId;
      const rows = state.rows.filter((r) => !(r.live && r.runId === runId));
      return rows.length === state.rows.length ? state : { ...state, rows, run: { ...state.run, streamingKey: null } };
    }
    case "stream/event":
      return onStreamEvent(state, action.event);
    case "run/ended":
      return { ...state, run: IDLE_RUN, announcement: announcementFor(state.run, state.rows) || state.announcement };
    case "run/lost":
      return { ...state, run: IDLE_RUN, banner: { message: action.message, retry: { type: "resume", runId: state.run.runId } } };
    case "run/unanswered": {
      const row = state.rows.find((r) => r.kind === "user" && r.otid === action.otid);
      const text = row && "text" in row ? row.text : null;
      const images = row?.kind === "user" ? row.images : undefined;
      return {
        ...state,
        // Shown as not sent, so that Retry (same otid: Letta never took it) replaces it instead of adding a copy.
        rows: state.rows.map((r) => (r === row ? { ...r, pending: true } : r)),
        run: IDLE_RUN,
        banner: {
          message: en.chat.errors.notSent,
          retry: text === null ? null : { type: "send", text, otid: action.otid, ...withImages(images) },
        },
      };
    }
    case "cancel/started":
      return { ...state, run: { ...state.run, cancelling: true } };
    case "cancel/failed":
      return { ...state, run: { ...state.run, cancelling: false }, banner: { message: action.message, retry: null } };
    case "banner/dismissed":
      return { ...state, banner: null };
    case "notice/dismissed":
      return { ...state, notice: null };
    case "quota/reset":
      return { ...state, quota: null };
  }
}

/** `{ images }` when there are some, else nothing: a text-only message keeps the shape it always had. */
const withImages = (images: ChatImage[] | undefined) => (images?.length ? { images } : {});

function lastUserQuestion(rows: readonly Row[]): { text: string; images?: ChatImage[] } | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.kind === "user") return row.images ? { text: row.text, images: row.images } : { text: row.text };
  }
  return null;
}

/** Before the first token of a step: show the typing indicator. */
export function isAwaitingToken(state: ChatState): boolean {
  return state.run.status !== "idle" && state.run.streamingKey === null;
}
