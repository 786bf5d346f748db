import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/lib/db/users";
import { sessionUserId } from "./session-token";

/**
 * The signed-in user, read fresh from the database on every request, so that a
 * role change or a disabled account takes effect at once (the JWT only names the user).
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const user = await getSessionAccount();
  return user && !user.disabled ? user : null;
});

/**
 * The account the session names, disabled or not (to tell a disabled account why it was signed out). The cookie
 * is only decrypted: `auth()` would also re-encrypt it into a new cookie, which a page cannot set anyway.
 */
export const getSessionAccount = cache(async (): Promise<SessionUser | null> => {
  const id = await sessionUserId(await headers());
  if (!id) return null;
  return getSessionUser({ id });
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
