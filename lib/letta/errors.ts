import "server-only";
import { APIConnectionError, APIError, APIUserAbortError } from "@letta-ai/letta-client";
import { AppError, type Surface } from "@/lib/errors";

export function upstreamStatus(error: unknown): number | undefined {
  return error instanceof APIError ? error.status : undefined;
}

/** `run_id` from a 409 "conversation busy" body. */
export function busyRunId(error: unknown): string | undefined {
  if (!(error instanceof APIError) || error.status !== 409) return undefined;
  const body = error.error as { run_id?: unknown } | undefined;
  return typeof body?.run_id === "string" ? body.run_id : undefined;
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
