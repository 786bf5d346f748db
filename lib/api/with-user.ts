import "server-only";
import { ZodError } from "zod";
import { sessionUserId } from "@/lib/auth/session-token";
import { loadRequestContext, type RequestContext } from "@/lib/db/request-context";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { assertWithinRateLimit, rateLimitWindow, type RateLimitName } from "./rate-limit";

/** The signed-in user's conversation mapping as loaded with the user (null: none yet). */
export type KnownConversation = RequestContext["conversation"];
type Handler = (ctx: { req: Request; user: SessionUser; conversation: KnownConversation }) => Promise<Response>;
type Options = { rateLimit?: RateLimitName; admin?: boolean };

/**
 * Every API route goes through this. It reads the user id from the session cookie (decrypting it, never
 * re-issuing it: an API response sets no cookie), then, in one database round trip, loads the account fresh
 * (so disabled accounts stop at once, with a 403 that says why, and role changes apply at once), the user's
 * conversation, and consumes a point of the per-user rate limit. Then it checks the role and the limit, and
 * turns any error into `{ error: { code, message } }`.
 * Non-admins calling an admin route get the same 404 as for a route that does not exist.
 */
export function withUser(handler: Handler, options: Options = {}) {
  return async (req: Request): Promise<Response> => {
    try {
      const userId = await sessionUserId(req.headers);
      if (!userId) throw new AppError("unauthorized:auth", "Please sign in again.");
      const { user, conversation, rate } = await loadRequestContext({
        userId,
        rateLimit: options.rateLimit ? rateLimitWindow(options.rateLimit, userId) : undefined,
        adminOnly: options.admin,
      });
      if (!user) throw new AppError("unauthorized:auth", "Please sign in again.");
      // Still signed in, but an admin disabled the account: say so, instead of a bare "sign in again".
      if (user.disabled) throw new AppError("forbidden:auth", "This account has been disabled. Contact your administrator.");
      if (options.admin && user.role !== "ADMIN") throw new AppError("not_found:api", "Not found.");
      if (options.rateLimit) assertWithinRateLimit(options.rateLimit, rate);
      return await handler({ req, user, conversation });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
    return new AppError("bad_request:api", message).toResponse();
  }
  return new AppError("internal:api", "Unhandled error", { cause: error }).toResponse();
}

/** Parses a JSON body (an empty body is `undefined`), answering 400, not 500, for a malformed one. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:api", "The request body must be valid JSON.");
  }
}
