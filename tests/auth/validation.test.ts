import { describe, expect, it } from "vitest";
import { safeCallbackUrl, signInErrorMessage } from "@/app/(auth)/messages";
import { en } from "@/lib/i18n/messages/en";
import { issueText, passwordWeakness, signUpSchema } from "@/lib/validation/auth";

const weakness = (password: string, email?: string) => {
  const code = passwordWeakness(password, email);
  return code && issueText(code, en.auth.issues);
};

describe("password policy", () => {
  it.each([
    ["short1!", /at least 10 characters/],
    ["password123", /too common/],
    ["aaaaaaaaaaaa", /more varied/],
    ["onlylowercase", /Mix letters/],
  ])("rejects %s", (password, message) => {
    expect(weakness(password)).toMatch(message);
  });

  it("rejects a password containing the email's name", () => {
    expect(weakness("adalovelace-2024", "adalovelace@example.com")).toMatch(/email address/);
  });

  it("accepts a reasonable password", () => {
    expect(passwordWeakness("correct-horse-9")).toBeNull();
    expect(passwordWeakness("a long passphrase without digits")).toBeNull();
  });

  it("refusals are codes, worded from the catalogue; zod's own messages read as a generic refusal", () => {
    const parsed = signUpSchema.safeParse({ email: "", password: "x", name: "a".repeat(101) });
    expect(parsed.success).toBe(false);
    const words = parsed.error!.issues.map((issue) => issueText(issue.message, en.auth.issues));
    expect(words).toEqual(expect.arrayContaining(["Use at most 100 characters for your name.", "Enter your email address.", "Use at least 10 characters."]));
    expect(issueText("Too big: expected string to have <=256 characters", en.auth.issues)).toBe("Check this field.");
    expect(issueText("toString", en.auth.issues)).toBe("Check this field.");
  });

  it("normalises the email on sign-up", () => {
    const parsed = signUpSchema.parse({ email: "  Ada@Example.COM ", password: "correct-horse-9" });
    expect(parsed.email).toBe("ada@example.com");
  });
});

describe("sign-in messages", () => {
  it("only follows same-origin callback paths", () => {
    expect(safeCallbackUrl("/admin")).toBe("/admin");
    expect(safeCallbackUrl("//evil.example.com")).toBe("/");
    expect(safeCallbackUrl("https://evil.example.com")).toBe("/");
    expect(safeCallbackUrl("/\\evil.example.com")).toBe("/");
    expect(safeCallbackUrl(null)).toBe("/");
  });

  it("explains each failure", () => {
    expect(signInErrorMessage("credentials")).toBe("Incorrect email or password.");
    expect(signInErrorMessage("account_disabled")).toMatch(/disabled/);
    expect(signInErrorMessage("rate_limited_15")).toBe("Too many sign-in attempts. Try again in 15 minutes.");
    expect(signInErrorMessage("rate_limited_1")).toBe("Too many sign-in attempts. Try again in 1 minute.");
  });
});
