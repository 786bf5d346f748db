import "server-only";
import { APIConnectionError, APIError, APIUserAbortError } from "@letta-ai/letta-client";
import { AppError, type Surface } from "@/lib/errors";

// Letta's HTTP statuses are read here and in the gateway (lib/letta/*) only: the rest of the app sees typed
// outcomes (`{ kind: "lost" }`, `{ kind: "busy", runId }`, …) or an AppError from toAppError below.

export function upstreamStatus(error: unknown): number | undefined {
  return error instanceof APIError ? error.status : undefined;
}

/** Letta's 409 for a conversation that is running something: `run_id` from its body, when it says. */
export function busyRunId(error: unknown): string | null {
  if (!(error instanceof APIError) || error.status !== 409) return null;
  const body = error.error as { run_id?: unknown } | undefined;
  return typeof body?.run_id === "string" ? body.run_id : null;
}

/** Letta's 409 for a send while the agent waits for a tool result (protocol R30); it may carry the run id too. */
export function isAwaitingApproval(error: unknown): boolean {
  if (!(error instanceof APIError) || error.status !== 409) return false;
  return /waiting for approval/i.test(`${error.message} ${JSON.stringify(error.error ?? "")}`);
}

/**
 * Maps a Letta SDK error to an AppError with a message a user can act on.
 * Upstream details are logged, never shown.
 */
export function toAppError(error: unknown, surface: Surface = "message"): AppError {
  if (error instanceof AppError) return error;
  // The browser went away mid-request (a reload, a closed tab): nobody is waiting for an answer.
  if (error instanceof APIUserAbortError) return new AppError(`bad_request:${surface}`, "The request was cancelled.", { cause: error });
  if (error instanceof APIConnectionError) {
    return new AppError("offline:backend", "The assistant is unreachable right now. Please try again in a moment.", { cause: error });
  }
  const status = upstreamStatus(error);
  if (status === 429) return new AppError(`rate_limit:${surface}`, "The assistant is busy right now. Please wait a moment and try again.", { cause: error });
  if (status === 409) return new AppError(`conflict:${surface}`, "Still answering your previous message. Wait for it to finish or stop it.", { cause: error });
  if (status === 401 || status === 403) return new AppError("offline:backend", "The assistant is misconfigured (Letta rejected our key).", { cause: error });
  if (status !== undefined && status >= 500) {
    return new AppError("offline:backend", "The assistant had a problem. Please try again.", { cause: error });
  }
  return new AppError("internal:backend", "Unexpected response from Letta", { cause: error });
}
