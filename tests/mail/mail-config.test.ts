// Mail settings (SMTP_URL, EMAIL_FROM), how mail is delivered without them, the mails' text, and the session list's
// device names. Pure: no database, no SMTP server (e2e/password-reset.spec.ts runs a real one).
import { describe, expect, it } from "vitest";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { parseEnv } from "@/lib/env-schema";
import { mailDelivery } from "@/lib/mail/mailer";
import { noPasswordMail, passwordResetMail } from "@/lib/mail/templates";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/app", AUTH_SECRET: "0123456789abcdef0123", LETTA_BASE_URL: "http://127.0.0.1:8283" };

describe("SMTP_URL and EMAIL_FROM", () => {
  it("accepts smtp:// and smtps:// with a sender, named or bare", () => {
    const env = parseEnv({ ...base, SMTP_URL: "smtps://user:pass@mail.example.com:465", EMAIL_FROM: "Threadline <no-reply@example.com>" });
    expect(env.SMTP_URL).toBe("smtps://user:pass@mail.example.com:465");
    expect(parseEnv({ ...base, SMTP_URL: "smtp://127.0.0.1:2525", EMAIL_FROM: "no-reply@example.com" }).EMAIL_FROM).toBe("no-reply@example.com");
  });

  it("names every mistake: another scheme, no sender, a sender that is not an address, no AUTH_URL in production", () => {
    expect(() => parseEnv({ ...base, SMTP_URL: "http://mail.example.com", EMAIL_FROM: "a@b.c" })).toThrowError(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => parseEnv({ ...base, SMTP_URL: "smtp://127.0.0.1:2525" })).toThrowError(/EMAIL_FROM is required when SMTP_URL is set/);
    expect(() => parseEnv({ ...base, EMAIL_FROM: "Threadline" })).toThrowError(/EMAIL_FROM must be an email address/);
    expect(() => parseEnv({ ...base, NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:2525", EMAIL_FROM: "a@b.c" }))
      .toThrowError(/AUTH_URL is required when SMTP_URL is set/);
    expect(parseEnv({ ...base, NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:2525", EMAIL_FROM: "a@b.c", AUTH_URL: "https://chat.example.com" }).SMTP_URL)
      .toBe("smtp://127.0.0.1:2525");
  });

  it("sends over SMTP when configured, prints in development and tests, and is off in production without it", () => {
    expect(mailDelivery({ SMTP_URL: "smtp://127.0.0.1:2525", NODE_ENV: "production" })).toBe("smtp");
    expect(mailDelivery({ SMTP_URL: undefined, NODE_ENV: "development" })).toBe("console");
    expect(mailDelivery({ SMTP_URL: undefined, NODE_ENV: "test" })).toBe("console");
    expect(mailDelivery({ SMTP_URL: undefined, NODE_ENV: "production" })).toBe("off");
  });
});

describe("mail templates", () => {
  it("puts the link in both parts and escapes it in HTML", () => {
    const link = `https://chat.example.com/reset-password?token=abc&x="<b>"`;
    const mail = passwordResetMail({ to: "ada@example.com", link, minutes: 30 });
    expect(mail.text).toContain(link);
    expect(mail.text).toContain("within 30 minutes");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("token=abc&amp;x=&quot;&lt;b&gt;&quot;");
  });

  it("tells an account without a password how it signs in", () => {
    expect(noPasswordMail({ to: "a@b.c", signInUrl: "https://x/sign-in", providers: ["GitHub", "Google"] }).text).toContain("you sign in with GitHub or Google");
    expect(noPasswordMail({ to: "a@b.c", signInUrl: "https://x/sign-in", providers: [] }).text).toContain("through your identity provider");
  });
});

describe("describeUserAgent", () => {
  it("names the browser and the system", () => {
    const chromeMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const safariIphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
    const edgeWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    const firefoxLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    expect([chromeMac, safariIphone, edgeWindows, firefoxLinux].map((ua) => describeUserAgent(ua)))
      .toEqual(["Chrome on macOS", "Safari on iPhone", "Edge on Windows", "Firefox on Linux"]);
    expect(describeUserAgent(null)).toBe("Unknown browser");
    expect(describeUserAgent("curl/8.0")).toBe("Unknown browser");
  });
});
