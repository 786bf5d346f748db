import "server-only";
import { withUser } from "@/lib/api/with-user";
import type { SessionUser } from "@/lib/db/users";

type Handler<P> = (ctx: { req: Request; user: SessionUser; params: P }) => Promise<Response>;

/**
 * Admin API routes: `withUser(…, { admin: true, rateLimit: "admin" })` (401 when
 * signed out, the same 404 as a missing route for non-admins, a per-admin rate
 * limit, one error shape), plus the route's params, which withUser does not pass on.
 */
export function withAdmin<P = unknown>(handler: Handler<P>) {
  return (req: Request, context: { params: Promise<P> }): Promise<Response> =>
    withUser(async ({ req, user }) => handler({ req, user, params: await context.params }), { admin: true, rateLimit: "admin" })(req);
}
