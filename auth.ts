import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { authConfig } from "@/auth.config";
import { db } from "@/lib/db/client";
import { getUserForSignIn, setUserRole } from "@/lib/db/users";
import { env } from "@/lib/env";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { startUserSession } from "@/lib/auth/sessions";
import { isUserSessionLive } from "@/lib/db/user-sessions";
import { syncRoleFromIdp } from "@/lib/auth/idp-role-sync";
import { isAdminEmail, oauthProviders } from "@/lib/auth/providers";
import {
  TooManySignInAttempts, assertSignInAllowed, clientIp, recordFailedSignIn, recordSuccessfulSignIn,
} from "@/lib/auth/sign-in-limits";
import { signInSchema } from "@/lib/validation/auth";

/** Error codes travel to the sign-in page as `?code=`; they say nothing about which emails exist. */
class AccountDisabled extends CredentialsSignin { code = "account_disabled"; }
class RateLimited extends CredentialsSignin {
  constructor(readonly retryAfterSeconds: number) { super(); this.code = `rate_limited_${Math.ceil(retryAfterSeconds / 60)}`; }
}

async function authorizePassword(raw: Partial<Record<string, unknown>>, request: Request) {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = clientIp(request.headers);
  try {
    await assertSignInAllowed({ email, ip });
  } catch (error) {
    if (error instanceof TooManySignInAttempts) throw new RateLimited(error.retryAfterSeconds);
    throw error;
  }
  const user = await getUserForSignIn({ email });
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await burnPasswordCheck(password);
  if (!user || !valid) {
    await recordFailedSignIn({ email, ip });
    return null;
  }
  if (user.disabled) throw new AccountDisabled();
  await recordSuccessfulSignIn({ email });
  if (user.role !== "ADMIN" && isAdminEmail(env(), user.email)) await setUserRole({ id: user.id, role: "ADMIN" });
  return { id: user.id, email: user.email, name: user.name, image: user.image };
}

// A function config: read the environment per request, not at import (so `next build` needs no secrets).
export const { handlers, auth, signIn, signOut } = NextAuth((request) => ({
  ...authConfig,
  adapter: PrismaAdapter(db),
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      authorize: authorizePassword,
    }),
    ...oauthProviders(env()),
  ],
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ user, account }) {
      if (account?.provider === "credentials") return true; // authorize() already checked
      // OAuth/OIDC: existing accounts carry `disabled` from the adapter's user row.
      return !(user as { disabled?: boolean }).disabled;
    },
    /**
     * Every sign-in starts a server-side session whose id (`sid`) the JWT carries; sign-out revokes it
     * (lib/auth/sign-out.ts), and the request gate refuses a cookie whose session was revoked. Auth.js's own
     * session endpoint checks it here too: a signed-out cookie is cleared rather than answered.
     */
    async jwt({ token, user }) {
      if (user?.id) return { ...token, sid: await startUserSession({ userId: user.id, request }) };
      if (typeof token.sid !== "string" || !token.sub) return null;
      return (await isUserSessionLive({ id: token.sid, userId: token.sub })) ? token : null;
    },
  },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  events: {
    async signIn({ user, account, profile }) {
      if (user.id && isAdminEmail(env(), user.email)) await setUserRole({ id: user.id, role: "ADMIN" });
      // Roles from the identity provider's groups (AUTH_ADMIN_GROUPS), on every sign-in through OIDC.
      if (user.id && account?.provider === "oidc") await syncRoleFromIdp({ userId: user.id, profile, env: env() });
    },
  },
}));
