// The browser's side of the error language (lib/errors.ts): every call to our API goes
// through `request`, which turns anything but a 2xx into an ApiError carrying the
// server's code and message. So a caller never looks at a status: it asks the error
// whether it is worth retrying (`retryable`) or whether the session is gone (`signedOut`).
import {
  errorTypeOf, errorTypeOfStatus, isRetryable, isSignedOut, QUOTA_WINDOWS,
  type ErrorBody, type ErrorCode, type ErrorType, type QuotaRefusal,
} from "@/lib/errors";

export const NETWORK_MESSAGE = "Couldn't reach Threadline. Check your connection and try again.";

/** Our codes, plus the two the browser makes up: no answer at all, and an answer that is not ours (a proxy's page). */
export type ApiErrorCode = ErrorCode | "network" | `http_${number}`;

export class ApiError extends Error {
  constructor(
    /** 0 when the server was never reached. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** The reply a busy conversation is working on (`conflict:message`). */
    readonly runId: string | null = null,
    /** The server's id for the failed request (x-request-id): shown as "(ref …)", so the user can quote it to whoever runs Threadline. */
    readonly requestId: string | null = null,
    /** A send refused over a usage budget (`quota:chat`): which one, and when sending works again. */
    readonly quota: QuotaRefusal | null = null,
  ) {
    super(withRef(message, requestId));
    this.name = "ApiError";
  }
  /** `requestId`: the request that was cut off, when one had been answered (a stream that broke mid-reply). */
  static network(message: string = NETWORK_MESSAGE, requestId: string | null = null): ApiError {
    return new ApiError(0, "network", message, null, requestId);
  }
  /** Anything thrown (an ApiError, or a fetch that failed some other way) as an ApiError. */
  static from(error: unknown): ApiError {
    return error instanceof ApiError ? error : ApiError.network();
  }
  get type(): ErrorType | null {
    return errorTypeOf(this.code) ?? errorTypeOfStatus(this.status);
  }
  /** Worth trying again as is: unreachable, busy, rate limited or down, not the request (nor a used-up budget). */
  get retryable(): boolean {
    return this.status === 0 || isRetryable(this.type);
  }
  /** The session is gone: the view sends the user to sign in instead of showing the message. */
  get signedOut(): boolean {
    return isSignedOut(this.type);
  }
}

/** A message a user may quote: "… (ref 3f9a1c2be4d0)" when the server named the request. */
export function withRef(message: string, requestId: string | null | undefined): string {
  return requestId ? `${message} (ref ${requestId})` : message;
}

/** Parses an error response; a body that is not ours (a proxy's HTML page) still gives a readable message. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const error = body?.error;
  const fallback = response.status >= 500 ? "Something went wrong on our side. Please try again." : `Request failed (${response.status}).`;
  const code: ApiErrorCode = error?.code && errorTypeOf(error.code) ? error.code : `http_${response.status}`;
  const requestId = error?.requestId ?? response.headers.get("x-request-id");
  return new ApiError(response.status, code, error?.message || fallback, error?.runId ?? null, requestId, quotaOf(error));
}

/** The usage budget a `quota:chat` refusal names, when its body says all of it. */
function quotaOf(error: Partial<ErrorBody["error"]> | undefined): QuotaRefusal | null {
  if (error?.code !== "quota:chat" || typeof error.resetAt !== "string" || Number.isNaN(Date.parse(error.resetAt))) return null;
  if (typeof error.limit !== "number" || !error.window || !QUOTA_WINDOWS.includes(error.window)) return null;
  return { window: error.window, limit: error.limit, resetAt: error.resetAt };
}

/**
 * fetch for our API: a 2xx response, or an ApiError (status 0 for a network failure).
 * Aborts are rethrown as they are, so a view that is going away hears nothing.
 */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: "no-store" });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw ApiError.network();
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

export const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
