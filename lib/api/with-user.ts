import "server-only";
import { ZodError } from "zod";
import { getCurrentUser, getSessionAccount } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { enforceRateLimit, type RateLimitName } from "./rate-limit";

type Handler = (ctx: { req: Request; user: SessionUser }) => Promise<Response>;
type Options = { rateLimit?: RateLimitName; admin?: boolean };

/**
 * Every API route goes through this: it resolves the signed-in user (fresh from
 * the database, so disabled accounts stop at once, with a 403 that says why), checks the role, applies the
 * per-user rate limit, and turns any error into `{ error: { code, message } }`.
 * Non-admins calling an admin route get the same 404 as for a route that does not exist.
 */
export function withUser(handler: Handler, options: Options = {}) {
  return async (req: Request): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user && (await getSessionAccount())?.disabled) {
        // Still signed in, but an admin disabled the account: say so, instead of a bare "sign in again".
        throw new AppError("forbidden:auth", "This account has been disabled. Contact your administrator.");
      }
      if (!user) throw new AppError("unauthorized:auth", "Please sign in again.");
      if (options.admin && user.role !== "ADMIN") throw new AppError("not_found:api", "Not found.");
      if (options.rateLimit) await enforceRateLimit(options.rateLimit, user.id);
      return await handler({ req, user });
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
