// AUTH_ADMIN_GROUPS: the pure mapping from an OIDC profile's `groups` claim to a role change, with crafted profiles.
import { describe, expect, it } from "vitest";
import { envSchema } from "@/lib/env-schema";
import { groupsOf, idpRoleDecision } from "@/lib/auth/idp-roles";

const env = { AUTH_ADMIN_GROUPS: ["threadline-admins", "IT Ops"], ADMIN_EMAILS: ["boss@example.com"] };
const decide = (profile: unknown, role: "USER" | "ADMIN", email: string | null = "ada@example.com", e = env) =>
  idpRoleDecision({ profile, role, email, env: e });

describe("groupsOf", () => {
  it("reads an array, a single string and a comma-separated string; ignores anything else", () => {
    expect(groupsOf({ groups: ["a", " b ", 3, null, ""] })).toEqual(["a", "b"]);
    expect(groupsOf({ groups: "threadline-admins" })).toEqual(["threadline-admins"]);
    expect(groupsOf({ groups: "a, b" })).toEqual(["a", "b"]);
    expect(groupsOf({ groups: { a: true } })).toEqual([]);
    expect(groupsOf({})).toEqual([]);
    expect(groupsOf(null)).toEqual([]);
  });
});

describe("idpRoleDecision", () => {
  it("promotes a user in an admin group, naming the groups that matched", () => {
    expect(decide({ groups: ["staff", "threadline-admins"] }, "USER")).toEqual({ to: "ADMIN", matched: ["threadline-admins"] });
    expect(decide({ groups: ["IT Ops"] }, "USER")).toEqual({ to: "ADMIN", matched: ["IT Ops"] });
  });

  it("leaves an admin in an admin group, and a user in no admin group, as they are", () => {
    expect(decide({ groups: ["threadline-admins"] }, "ADMIN")).toBeNull();
    expect(decide({ groups: ["staff"] }, "USER")).toBeNull();
    expect(decide({ groups: [] }, "USER")).toBeNull();
  });

  it("demotes an admin whose groups no longer include an admin group", () => {
    expect(decide({ groups: ["staff"] }, "ADMIN")).toEqual({ to: "USER", matched: [] });
    expect(decide({ groups: [] }, "ADMIN")).toEqual({ to: "USER", matched: [] });
  });

  it("does not demote an admin listed in ADMIN_EMAILS (any case)", () => {
    expect(decide({ groups: ["staff"] }, "ADMIN", "Boss@Example.com")).toBeNull();
  });

  it("compares group names exactly: a different case or a prefix is another group", () => {
    expect(decide({ groups: ["Threadline-Admins", "threadline-admins-old", "it ops"] }, "USER")).toBeNull();
  });

  it("a profile without a groups claim changes nothing (an IdP that stopped sending it must not demote every admin)", () => {
    expect(decide({ email: "ada@example.com" }, "ADMIN")).toBeNull();
    expect(decide(undefined, "ADMIN")).toBeNull();
  });

  it("without AUTH_ADMIN_GROUPS the identity provider says nothing about roles", () => {
    const none = { AUTH_ADMIN_GROUPS: [], ADMIN_EMAILS: [] };
    expect(decide({ groups: ["threadline-admins"] }, "USER", "ada@example.com", none)).toBeNull();
    expect(decide({ groups: [] }, "ADMIN", "ada@example.com", none)).toBeNull();
  });
});

describe("AUTH_ADMIN_GROUPS in the environment", () => {
  const base = { DATABASE_URL: "postgresql://x@localhost/db", AUTH_SECRET: "0123456789abcdef0123", LETTA_BASE_URL: "http://localhost:8283" };
  const oidc = { AUTH_OIDC_ISSUER: "https://idp.example.com", AUTH_OIDC_ID: "id", AUTH_OIDC_SECRET: "secret" };

  it("is a comma-separated list, trimmed, empty by default", () => {
    expect(envSchema.parse(base).AUTH_ADMIN_GROUPS).toEqual([]);
    expect(envSchema.parse({ ...base, ...oidc, AUTH_ADMIN_GROUPS: " admins, IT Ops ,," }).AUTH_ADMIN_GROUPS).toEqual(["admins", "IT Ops"]);
  });

  it("needs an OIDC provider, and bounds each name", () => {
    const noOidc = envSchema.safeParse({ ...base, AUTH_ADMIN_GROUPS: "admins" });
    expect(noOidc.success).toBe(false);
    expect(noOidc.error?.issues.map((i) => i.path.join("."))).toContain("AUTH_ADMIN_GROUPS");
    expect(envSchema.safeParse({ ...base, ...oidc, AUTH_ADMIN_GROUPS: "x".repeat(257) }).success).toBe(false);
  });
});
