// Roles from the identity provider (AUTH_ADMIN_GROUPS): pure, so it is unit-tested with crafted profiles. The
// part that applies a decision to the database (the last-admin rule, the audit record) is lib/auth/idp-role-sync.ts.
import type { Env } from "@/lib/env-schema";

export type Role = "USER" | "ADMIN";
export type IdpRoleDecision = { to: Role; matched: string[] } | null;

/**
 * The `groups` claim as a list of names. IdPs send an array of strings (Okta, Keycloak, Authentik, Entra ID's
 * object ids), some a single string or a comma-separated string; anything else counts as no groups.
 */
export function groupsOf(profile: unknown): string[] {
  if (!profile || typeof profile !== "object") return [];
  const claim = (profile as { groups?: unknown }).groups;
  if (typeof claim === "string") return claim.split(",").map((g) => g.trim()).filter(Boolean);
  if (!Array.isArray(claim)) return [];
  return claim.filter((g): g is string => typeof g === "string").map((g) => g.trim()).filter(Boolean);
}

/**
 * What a sign-in through OIDC does to the user's role: promote when their groups include one of `adminGroups`,
 * demote an admin whose groups no longer do unless their email is in ADMIN_EMAILS, otherwise nothing. With no
 * AUTH_ADMIN_GROUPS the provider says nothing about roles. Group names are compared exactly (IdPs treat them
 * case-sensitively). A profile without a `groups` claim at all is not taken as "in no group": an IdP that stopped
 * sending the claim (a changed scope) must not demote every admin at their next sign-in.
 */
export function idpRoleDecision(
  { profile, role, email, env }: { profile: unknown; role: Role; email: string | null | undefined; env: Pick<Env, "AUTH_ADMIN_GROUPS" | "ADMIN_EMAILS"> },
): IdpRoleDecision {
  if (env.AUTH_ADMIN_GROUPS.length === 0) return null;
  if (!profile || typeof profile !== "object" || !("groups" in profile)) return null;
  const groups = new Set(groupsOf(profile));
  const matched = env.AUTH_ADMIN_GROUPS.filter((g) => groups.has(g));
  if (matched.length > 0) return role === "ADMIN" ? null : { to: "ADMIN", matched };
  if (role !== "ADMIN") return null;
  if (email && env.ADMIN_EMAILS.includes(email.toLowerCase())) return null;
  return { to: "USER", matched: [] };
}
