// The app's one error language: `type:surface` codes, one wire shape
// `{ error: { code, message, requestId? } }`, and internals never reach the client.
// Isomorphic on purpose (no server-only import): the browser's ApiError
// (lib/api/client/request.ts) reads the same codes and the same rules for
// "worth retrying" and "signed out".
export type ErrorType =
  | "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "unsupported" | "too_large" | "rate_limit" | "quota" | "offline" | "internal";
export type Surface = "api" | "auth" | "conversation" | "message" | "admin" | "chat" | "database" | "backend";
export type ErrorCode = `${ErrorType}:${Surface}`;

export const ERROR_STATUS: Readonly<Record<ErrorType, number>> = {
  bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404,
  conflict: 409, unsupported: 415, too_large: 413, rate_limit: 429, quota: 429, offline: 503, internal: 500,
};
/** Worth trying again as is: the server was busy, rate limited or down, not the request. (Not `quota`: a usage
 * budget that is used up stays so until its window resets, at the error's `resetAt`.) */
const RETRYABLE = new Set<ErrorType>(["conflict", "rate_limit", "offline", "internal"]);

/** The type of a code (`rate_limit:api` → `rate_limit`); null for anything not ours. */
export function errorTypeOf(code: string): ErrorType | null {
  const type = code.split(":")[0] as ErrorType;
  return code.includes(":") && Object.hasOwn(ERROR_STATUS, type) ? type : null;
}

/** For a response whose body is not ours (a proxy's page): the type its status stands for. */
export function errorTypeOfStatus(status: number): ErrorType | null {
  const known = (Object.keys(ERROR_STATUS) as ErrorType[]).find((type) => ERROR_STATUS[type] === status);
  return known ?? (status >= 500 ? "internal" : null);
}

export const isRetryable = (type: ErrorType | null): boolean => type !== null && RETRYABLE.has(type);
/** The session is gone (expired, signed out elsewhere, account deleted): the user must sign in again. */
export const isSignedOut = (type: ErrorType | null): boolean => type === "unauthorized";

/** The usage budgets' windows (lib/usage/windows.ts): messages per UTC day, tokens per UTC day and per month. */
export type QuotaWindow = "messages_day" | "tokens_day" | "tokens_month";
export const QUOTA_WINDOWS: readonly QuotaWindow[] = ["messages_day", "tokens_day", "tokens_month"];
/** A send refused over a usage budget (`quota:chat`, 429): which budget, its limit, and when it resets (ISO time). */
export type QuotaRefusal = { window: QuotaWindow; limit: number; resetAt: string };

/**
 * The error body of every route. `runId`: the reply a busy conversation is working on; `resetAt`, `limit` and
 * `window`: a send refused over a usage budget (QuotaRefusal); `requestId`: the request's id (its x-request-id
 * response header, lib/server/request-log.ts), so a user can quote the failure.
 */
export type ErrorBody = { error: { code: ErrorCode; message: string; runId?: string; requestId?: string } & Partial<QuotaRefusal> };

/** Surfaces whose causes are logged on the server. */
const LOGGED = new Set<Surface>(["database", "backend"]);
const GENERIC_MESSAGE = "Something went wrong on our side. Please try again.";

export class AppError extends Error {
  /** Extra public fields for the error body, e.g. the `runId` a busy conversation is working on. */
  readonly details: Record<string, unknown>;

  constructor(readonly code: ErrorCode, message?: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message ?? code, { cause: options?.cause });
    this.name = "AppError";
    this.details = options?.details ?? {};
  }
  get type(): ErrorType { return this.code.split(":")[0] as ErrorType; }
  get surface(): Surface { return this.code.split(":")[1] as Surface; }
  get status(): number { return ERROR_STATUS[this.type]; }
  get retryable(): boolean { return isRetryable(this.type); }
  get signedOut(): boolean { return isSignedOut(this.type); }
  /** The message a user may see: internal errors never show their details. */
  get publicMessage(): string { return this.type === "internal" ? GENERIC_MESSAGE : this.message; }
  /**
   * The wire shape, with the request's id when the caller knows it. (Named apart from toJSON, which
   * JSON.stringify calls with a property name as its argument.)
   */
  toBody(requestId?: string | null): ErrorBody {
    return { error: { ...this.details, code: this.code, message: this.publicMessage, ...(requestId ? { requestId } : {}) } };
  }
  toJSON(): ErrorBody { return this.toBody(); }
  /** The error as a response; `requestId` goes into the body and into the logged line, to find one by the other. */
  toResponse(init?: ResponseInit, requestId?: string | null): Response {
    if (LOGGED.has(this.surface) || this.type === "internal") {
      console.error(`[${this.code}]${requestId ? ` request ${requestId}:` : ""}`, this.message, this.cause ?? "");
    }
    return Response.json(this.toBody(requestId), { ...init, status: this.status });
  }
}
