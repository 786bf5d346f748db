"use server";

// The header's "Sign out" button and the settings page's "Sign out everywhere" (server actions): here rather
// than in app/(auth)/actions.ts, because components/ import nothing from app/.
// Each revokes the server-side session first (lib/db/user-sessions.ts), so the cookie stops working everywhere
// it was copied to, then clears it in this browser.
import { headers } from "next/headers";
import { signOut } from "@/auth";
import { getSession } from "@/lib/auth/session";
import { sessionIdentity } from "@/lib/auth/session-token";
import { revokeUserSession, revokeUserSessions } from "@/lib/db/user-sessions";

export async function signOutAction(): Promise<void> {
  const session = await sessionIdentity(await headers());
  if (session) await revokeUserSession({ id: session.sessionId, userId: session.userId });
  await signOut({ redirectTo: "/sign-in" });
}

/**
 * Signs out every browser and device of the account, this one included. Only a live session may do it: a cookie
 * that was itself signed out cannot sign its owner out of everything else.
 */
export async function signOutEverywhereAction(): Promise<void> {
  const session = await getSession();
  if (session) await revokeUserSessions({ userId: session.user.id });
  await signOut({ redirectTo: "/sign-in?signedOut=everywhere" });
}
