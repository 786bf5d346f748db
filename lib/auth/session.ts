import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/auth";
import { getSessionUser, type SessionUser } from "@/lib/db/users";

/**
 * The signed-in user, read fresh from the database on every request, so that a
 * role change or a disabled account takes effect at once (the JWT only names the user).
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const user = await getSessionAccount();
  return user && !user.disabled ? user : null;
});

/** The account the session names, disabled or not (to tell a disabled account why it was signed out). */
export const getSessionAccount = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
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
