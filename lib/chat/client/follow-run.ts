// Follows one reply to its end, whatever happens to the connection: a stream
// that ends without [DONE] (network drop, proxy timeout) or with a `handoff`
// is resumed from the last seq_id seen, silently. Network access is injected,
// so the whole loop runs in unit tests.
import { ApiError } from "@/lib/api/client/request";
import { readStreamEvents, type StreamEvent } from "./sse";
import type { StreamChunk } from "@/lib/letta/wire";
import { en } from "@/lib/i18n/messages/en";

/**
 * Drops chunks a resume replays twice. seq_ids increase per run; keepalive pings
 * repeat the last one, which is harmless to drop. A new run_id starts a new count.
 */
export class SeqCursor {
  constructor(public runId: string | null = null, public lastSeq: number | null = null) {}

  accept(chunk: StreamChunk): boolean {
    if (chunk.runId && chunk.runId !== this.runId) {
      this.runId = chunk.runId;
      this.lastSeq = null;
    }
    if (chunk.seqId === null) return true;
    if (this.lastSeq !== null && chunk.seqId <= this.lastSeq) return false;
    this.lastSeq = chunk.seqId;
    return true;
  }
}

export type FollowOutcome =
  | { type: "done" } // [DONE], or the stream ended after a stop reason or an error event
  | { type: "no-run" } // a resume found no reply in progress: it finished while we were away
  | { type: "unanswered" } // our own send's stream broke before its run was known, and Letta has no run for its otid
  | { type: "lost"; error: ApiError } // gave up, or the server refused (signed out, a bad request…)
  | { type: "aborted" };

export type FollowOptions = {
  /** A response to read first (the send's stream, or a resume made earlier); null starts by resuming. */
  first: Response | null;
  /** Whether `first` replays its run from the beginning (a resume with startingAfter 0). */
  firstIsReplay?: boolean;
  cursor?: SeqCursor;
  /**
   * The otid of the message whose reply this is, when this tab sent it. Until the stream has shown the run's id,
   * resumes look the run up by it: "nothing running" would otherwise read as success, although the run may have
   * finished (or failed) while the stream was cut, or never started.
   */
  otid?: string | null;
  /** A 2xx response (204: nothing in progress); a refusal is thrown as an ApiError. */
  resume: (args: { runId: string | null; otid: string | null; startingAfter: number; signal: AbortSignal }) => Promise<Response>;
  onEvent: (event: StreamEvent) => void;
  /** Called before reading a stream that starts over from the first chunk (no seq_id seen yet). */
  onReplay: () => void;
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

/** Waits before each consecutive failed attempt; the first retry is immediate (a proxy timeout is not an outage). */
export const RETRY_DELAYS_MS = [0, 300, 1000, 2000, 4000, 8000];

const LOST_MESSAGE = en.chat.errors.connectionLost;

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

type ReadEnd = "done" | "ended" | "handoff" | "dropped";

/**
 * A run that stops for a client tool call is not the end of the reply: the
 * server runs the tool and a new run continues it. Bounded, in case a model
 * keeps calling tools.
 */
export const MAX_TOOL_CONTINUATIONS = 8;

/** The server's id for a response (lib/server/request-log.ts): what a user quotes when it ends in an error. */
export const requestIdOf = (response: Response): string | null => response.headers.get("x-request-id");

async function readOnce(
  response: Response, cursor: SeqCursor, options: FollowOptions,
): Promise<{ end: ReadEnd; progress: boolean; stopReason: string | null }> {
  let progress = false;
  let stopReason: string | null = null;
  let finished = false; // a stop reason or error event: the run is over even if [DONE] never comes
  if (!response.body) return { end: "dropped", progress, stopReason };
  try {
    for await (const event of readStreamEvents(response.body, options.signal)) {
      progress = true;
      if (event.type === "done") return { end: "done", progress, stopReason };
      if (event.type === "handoff") return { end: "handoff", progress, stopReason };
      if (event.type === "chunk") {
        if (!cursor.accept(event.chunk)) continue;
        if (event.chunk.type === "stop_reason") {
          finished = true;
          stopReason = event.chunk.stopReason;
        }
      }
      if (event.type === "error") {
        finished = true;
        // The stream's own request id: a mid-stream error is quotable like any other.
        options.onEvent({ ...event, requestId: requestIdOf(response) });
        continue;
      }
      options.onEvent(event);
    }
  } catch {
    // A network error mid-body: same as a drop.
  }
  return { end: finished ? "ended" : "dropped", progress, stopReason };
}

export async function followRun(options: FollowOptions): Promise<FollowOutcome> {
  const { signal } = options;
  const sleep = options.sleep ?? defaultSleep;
  let cursor = options.cursor ?? new SeqCursor();
  let response = options.first;
  let replay = options.firstIsReplay ?? false;
  let failures = 0;
  let continuations = 0;
  let continuing = false; // the next resume starts the run that continues after a tool call
  let lastError = ApiError.network(LOST_MESSAGE);
  let lastStreamId: string | null = null; // the last stream read: the one whose cut the user is told about

  for (;;) {
    if (signal.aborted) return { type: "aborted" };
    if (!response) {
      const startingAfter = cursor.lastSeq ?? 0;
      // Only the first run of the reply carries the message's otid; a continuation after a tool call does not.
      const otid = !cursor.runId && continuations === 0 ? (options.otid ?? null) : null;
      // 204: nothing in progress (404 kept for servers that answer that way). Asked by otid, it means Letta
      // never started a run for the message: the user must hear that, not silence.
      const nothingInProgress = (): FollowOutcome => (otid ? { type: "unanswered" } : { type: "no-run" });
      try {
        const resumed = await options.resume({ runId: cursor.runId, otid, startingAfter, signal });
        if (resumed.status === 204) return nothingInProgress();
        response = resumed;
        // A continuation is a new run: nothing of it is on screen yet, so there is nothing to rebuild.
        replay = startingAfter === 0 && !continuing;
        continuing = false;
      } catch (error) {
        if (signal.aborted) return { type: "aborted" };
        lastError = ApiError.from(error);
        if (lastError.type === "not_found") return nothingInProgress();
        if (!lastError.retryable) return { type: "lost", error: lastError };
        failures += 1;
        if (failures >= RETRY_DELAYS_MS.length) {
          return { type: "lost", error: new ApiError(lastError.status, lastError.code, LOST_MESSAGE, null, lastError.requestId ?? lastStreamId) };
        }
        await sleep(RETRY_DELAYS_MS[failures] ?? 0, signal);
        continue;
      }
    }
    if (replay) options.onReplay();
    lastStreamId = requestIdOf(response) ?? lastStreamId;
    const { end, progress, stopReason } = await readOnce(response, cursor, options);
    response = null;
    if (signal.aborted) return { type: "aborted" };
    if ((end === "done" || end === "ended") && stopReason === "requires_approval" && continuations < MAX_TOOL_CONTINUATIONS) {
      continuations += 1;
      failures = 0;
      continuing = true;
      cursor = new SeqCursor(); // no run id: the server follows whatever continues this reply
      continue;
    }
    if (end === "done" || end === "ended") return { type: "done" };
    if (end === "handoff") {
      failures = 0; // the server asked us to come back at once
      continue;
    }
    failures = progress ? 0 : failures + 1;
    if (failures >= RETRY_DELAYS_MS.length) return { type: "lost", error: ApiError.network(LOST_MESSAGE, lastStreamId) };
    await sleep(RETRY_DELAYS_MS[failures] ?? 0, signal);
  }
}
