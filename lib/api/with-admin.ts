import "server-only";
import type { SessionUser } from "@/lib/db/users";
import { admit, errorResponse } from "./with-user";

type Handler<P> = (ctx: { req: Request; user: SessionUser; params: P }) => Promise<Response>;

/**
 * Admin API routes: the same door as withUser (401 when signed out, one error shape), plus the same 404 as a
 * missing route for non-admins, a per-admin rate limit, and the route's params. The admin's own conversation is
 * not read: no admin route needs it.
 */
export function withAdmin<P = unknown>(handler: Handler<P>) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const { user } = await admit(req, { admin: true, rateLimit: "admin", withConversation: false });
      return await handler({ req, user, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
