import "server-only";
import { ZodError } from "zod";
import { sessionIdentity } from "@/lib/auth/session-token";
import { clock } from "@/lib/clock";
import { loadRequestContext, type RequestContext } from "@/lib/db/request-context";
import { apiLimitWindow, assertWithinApiLimit, type ApiLimitName } from "@/lib/db/rate-limits";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { budgetParams, exhaustedWindow, quotaError } from "@/lib/usage/limits";
import { currentRequestId } from "@/lib/server/request-id";
import { traced } from "@/lib/server/tracing";
import { assertJsonBody, assertSameOrigin } from "./same-origin";

/** The signed-in user's conversation mapping as loaded with the user (null: none yet). */
export type KnownConversation = RequestContext["conversation"];
/** What the door admitted: the user, their conversation, and the usage facts the gate read with them. */
export type Admitted = {
  user: SessionUser;
  conversation: KnownConversation;
  /** Some of the user's runs wait to have their usage counted (lib/usage/reconcile.ts). */
  pendingUsage: boolean;
  /** The app clock's time the gate used (a charged message belongs to this UTC day). */
  now: Date;
};
type Handler = (ctx: { req: Request } & Admitted) => Promise<Response>;

/**
 * The door every API route goes through (withUser here, withAdmin beside it). It reads the user and session ids
 * from the session cookie (decrypting it, never re-issuing it: an API response sets no cookie), then, in one
 * database round trip, checks that the session was not signed out, loads the account fresh (so disabled
 * accounts stop at once, with a 403 that says why, and role changes apply at once), the user's conversation when
 * the route needs it, and consumes a point of the per-user rate limit. Then it checks the role and the limit.
 * Non-admins calling an admin route get the same 404 as for a route that does not exist.
 * `chargeMessage`: the request is a send, counted in the same statement against the user's daily message budget
 * (and refused with 429 quota:chat over any usage limit).
 */
export async function admit(
  req: Request,
  { rateLimit, admin = false, withConversation, chargeMessage = false }:
  { rateLimit?: ApiLimitName; admin?: boolean; withConversation: boolean; chargeMessage?: boolean },
): Promise<Admitted> {
  // Before anything else: a forged cross-site request learns nothing, not even whether it is signed in.
  assertSameOrigin(req);
  assertJsonBody(req);
  const session = await sessionIdentity(req.headers);
  if (!session) throw new AppError("unauthorized:auth", "Please sign in again.");
  const { userId, sessionId } = session;
  const now = clock.date();
  const { user, conversation, rate, budget, pendingUsage } = await traced("threadline.gate", () => loadRequestContext({
    userId,
    sessionId,
    rateLimit: rateLimit ? apiLimitWindow(rateLimit, userId) : undefined,
    adminOnly: admin,
    withConversation,
    budget: chargeMessage ? budgetParams(now) : undefined,
  }));
  // No account, or the session was signed out (here, or everywhere, or by a password change): signed out.
  if (!user) throw new AppError("unauthorized:auth", "Please sign in again.");
  // Still signed in, but an admin disabled the account: say so, instead of a bare "sign in again".
  if (user.disabled) throw new AppError("forbidden:auth", "This account has been disabled. Contact your administrator.");
  if (admin && user.role !== "ADMIN") throw new AppError("not_found:api", "Not found.");
  if (rateLimit) assertWithinApiLimit(rateLimit, rate);
  if (budget && !budget.charged) throw quotaError(exhaustedWindow(budget.used, budget.limits), budget.limits, now);
  return { user, conversation, pendingUsage, now };
}

/**
 * A signed-in user's chat route: the user and their conversation (read with the user, in the same round trip),
 * a per-user rate limit, the usage budget when it is a send (`chargeMessage`), and any error turned into
 * `{ error: { code, message } }`.
 */
export function withUser(
  handler: Handler,
  { rateLimit, chargeMessage = false }: { rateLimit?: ApiLimitName; chargeMessage?: boolean } = {},
) {
  return async (req: Request): Promise<Response> => {
    try {
      const admitted = await admit(req, { rateLimit, withConversation: true, chargeMessage });
      return await handler({ req, ...admitted });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Any error as our error body, carrying the request's id (lib/server/request-log.ts) for the user to quote. */
export function errorResponse(error: unknown): Response {
  const requestId = currentRequestId();
  if (error instanceof AppError) return error.toResponse(undefined, requestId);
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
    return new AppError("bad_request:api", message).toResponse(undefined, requestId);
  }
  return new AppError("internal:api", "Unhandled error", { cause: error }).toResponse(undefined, requestId);
}

/** Every JSON body our routes take is small (a message is at most 8,000 characters). */
const MAX_JSON_BYTES = 64 * 1024;

/**
 * Parses a JSON body (an empty body is `undefined`), answering 400, not 500, for a malformed one, and 413 for one
 * over `maxBytes`, counted as it arrives (a missing or lying Content-Length does not get past it).
 */
export async function readJson(req: Request, { maxBytes = MAX_JSON_BYTES }: { maxBytes?: number } = {}): Promise<unknown> {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / (1024 * 1024))} MB` : `${Math.round(maxBytes / 1024)} KB`;
  const tooLarge = () => new AppError("too_large:api", `The request body is too large (at most ${limit}).`);
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (cause) {
        // The client went away mid-body (a reload, a closed tab): nobody is waiting for an answer.
        throw new AppError("bad_request:api", "The request was cancelled before its body arrived.", { cause });
      }
      if (result.done) break;
      size += result.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(result.value);
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:api", "The request body must be valid JSON.");
  }
}
