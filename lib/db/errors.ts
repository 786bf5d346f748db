import "server-only";
import { AppError } from "@/lib/errors";

// What a failed database call becomes. An outage (Postgres down, unreachable, restarting, out of connections)
// is a clear, retryable 503; anything else is our bug: a 500 with a generic message. The cause is logged either way.

/** Node socket errors and Postgres SQLSTATE classes 08 (connection), 53 (resources), 57P (shutdown). */
const OUTAGE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|08\w{3}|53\w{3}|57P\d\d)$/;

function isOutage(cause: unknown): boolean {
  for (let error = cause, depth = 0; error && typeof error === "object" && depth < 5; depth += 1) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === "string" && OUTAGE.test(code)) return true;
    // pg-pool and Prisma's adapter report a lost connection in the message only.
    if (typeof message === "string" && /connection terminated|timeout exceeded when trying to connect|can't reach database/i.test(message)) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * SQLSTATE class 22 (data exception: a NUL byte in text, a date or number out of range) and Prisma's codes for
 * the same: a value from the request the database cannot take. Inputs are validated before they get here; this
 * is the net under that, so a value we failed to check is a 400, never a 500.
 */
const DATA_ERROR = /^(22\w{3}|P2000|P2007|P2020|P2023)$/;

function isDataError(cause: unknown): boolean {
  for (let error = cause, depth = 0; error && typeof error === "object" && depth < 5; depth += 1) {
    const { code, originalCode } = error as { code?: unknown; originalCode?: unknown };
    if ((typeof code === "string" && DATA_ERROR.test(code)) || (typeof originalCode === "string" && DATA_ERROR.test(originalCode))) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}

export function databaseError(cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  if (isDataError(cause)) return new AppError("bad_request:database", "The request contains a value that can't be stored or searched for.", { cause });
  return isOutage(cause)
    ? new AppError("offline:database", "Threadline can't reach its database right now. Please try again in a moment.", { cause })
    : new AppError("internal:database", "Database request failed", { cause });
}
