// Which sign-in methods are on. Email + password always; GitHub, Google and a
// generic OIDC provider when their variables are set. Pure, so it is unit-tested.
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Env } from "@/lib/env-schema";

export type OAuthProviderInfo = { id: string; name: string };

export function oauthProviders(env: Env): Provider[] {
  const providers: Provider[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  }
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
    });
  }
  return providers;
}

/** The buttons the sign-in page shows. */
export function oauthProviderInfo(env: Env): OAuthProviderInfo[] {
  return oauthProviders(env).map((p) => {
    const config = typeof p === "function" ? p() : p;
    return { id: config.id, name: config.name };
  });
}

export function isAdminEmail(env: Env, email: string | null | undefined): boolean {
  return !!email && env.ADMIN_EMAILS.includes(email.toLowerCase());
}
