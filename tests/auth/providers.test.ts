import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";
import { isAdminEmail, oauthProviderInfo } from "@/lib/auth/providers";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/app", AUTH_SECRET: "0123456789abcdef0123", LETTA_BASE_URL: "http://127.0.0.1:8283" };

describe("sign-in providers", () => {
  it("offers only email and password when no OAuth variables are set", () => {
    expect(oauthProviderInfo(parseEnv(base))).toEqual([]);
  });

  it("switches on GitHub, Google and OIDC from their variables", () => {
    const env = parseEnv({
      ...base,
      AUTH_GITHUB_ID: "gh", AUTH_GITHUB_SECRET: "ghs",
      AUTH_GOOGLE_ID: "g", AUTH_GOOGLE_SECRET: "gs",
      AUTH_OIDC_ISSUER: "https://sso.example.com", AUTH_OIDC_ID: "o", AUTH_OIDC_SECRET: "os", AUTH_OIDC_NAME: "Acme SSO",
    });
    expect(oauthProviderInfo(env)).toEqual([
      { id: "github", name: "GitHub" },
      { id: "google", name: "Google" },
      { id: "oidc", name: "Acme SSO" },
    ]);
  });

  it("recognises admin emails case-insensitively", () => {
    const env = parseEnv({ ...base, ADMIN_EMAILS: "boss@example.com" });
    expect(isAdminEmail(env, "BOSS@example.com")).toBe(true);
    expect(isAdminEmail(env, "intern@example.com")).toBe(false);
    expect(isAdminEmail(env, null)).toBe(false);
  });
});
