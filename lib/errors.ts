// One error class for the whole app: `type:surface` codes, one wire shape
// `{ error: { code, message } }`, and internals never reach the client.
export type ErrorType =
  | "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "unsupported" | "too_large" | "rate_limit" | "offline" | "internal";
export type Surface = "api" | "auth" | "conversation" | "message" | "admin" | "database" | "backend";
export type ErrorCode = `${ErrorType}:${Surface}`;

const STATUS: Record<ErrorType, number> = {
  bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404,
  conflict: 409, unsupported: 415, too_large: 413, rate_limit: 429, offline: 503, internal: 500,
};
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
  get status(): number { return STATUS[this.type]; }
  /** The message a user may see: internal errors never show their details. */
  get publicMessage(): string { return this.type === "internal" ? GENERIC_MESSAGE : this.message; }
  toJSON() { return { error: { ...this.details, code: this.code, message: this.publicMessage } }; }
  toResponse(init?: ResponseInit): Response {
    if (LOGGED.has(this.surface) || this.type === "internal") console.error(`[${this.code}]`, this.message, this.cause ?? "");
    return Response.json(this.toJSON(), { ...init, status: this.status });
  }
}
