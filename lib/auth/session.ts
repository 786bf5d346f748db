import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { loadRequestContext } from "@/lib/db/request-context";
import type { SessionUser } from "@/lib/db/users";
import { sessionIdentity } from "./session-token";

/**
 * The account the session names, disabled or not (to tell a disabled account why it was signed out), with the
 * server-side session id; null when signed out, including a cookie whose session was signed out (the request
 * gate's own statement, lib/db/request-context.ts). The cookie is only decrypted: `auth()` would also
 * re-encrypt it into a new cookie, which a page cannot set anyway.
 */
export const getSession = cache(async (): Promise<{ user: SessionUser; sessionId: string } | null> => {
  const session = await sessionIdentity(await headers());
  if (!session) return null;
  const { user } = await loadRequestContext({ userId: session.userId, sessionId: session.sessionId, withConversation: false });
  return user ? { user, sessionId: session.sessionId } : null;
});

/** The account the session names, disabled or not. */
export const getSessionAccount = cache(async (): Promise<SessionUser | null> => (await getSession())?.user ?? null);

/**
 * The signed-in user, read fresh from the database on every request, so that a role change, a disabled account
 * or a signed-out session takes effect at once (the JWT only names the user and the session).
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const user = await getSessionAccount();
  return user && !user.disabled ? user : null;
});

/** For pages: the user, or a redirect to sign-in (which says so when the account was disabled). */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect((await getSessionAccount())?.disabled ? "/sign-in?error=AccessDenied&code=account_disabled" : "/sign-in");
  return user;
}

/** For admin pages: non-admins see the same 404 as for a page that does not exist. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user || user.role !== "ADMIN") notFound();
  return user;
}
