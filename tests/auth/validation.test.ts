import { describe, expect, it } from "vitest";
import { safeCallbackUrl, signInErrorMessage } from "@/app/(auth)/messages";
import { passwordWeakness, signUpSchema } from "@/lib/validation/auth";

describe("password policy", () => {
  it.each([
    ["short1!", /at least 10 characters/],
    ["password123", /too common/],
    ["aaaaaaaaaaaa", /more varied/],
    ["onlylowercase", /Mix letters/],
  ])("rejects %s", (password, message) => {
    expect(passwordWeakness(password)).toMatch(message);
  });

  it("rejects a password containing the email's name", () => {
    expect(passwordWeakness("adalovelace-2024", "adalovelace@example.com")).toMatch(/email address/);
  });

  it("accepts a reasonable password", () => {
    expect(passwordWeakness("correct-horse-9")).toBeNull();
    expect(passwordWeakness("a long passphrase without digits")).toBeNull();
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
