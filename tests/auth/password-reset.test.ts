// Password reset links and password changes against real Postgres: only the token's SHA-256 is stored, a link
// works once and for 30 minutes, a tampered one never, and using one (or changing the password) signs sessions out.
// Mail goes to the console here (no SMTP_URL outside production); e2e/password-reset.spec.ts runs a real SMTP server.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";

// `after()` needs Next's request scope: here its callbacks are collected and awaited by the test.
const scheduled = vi.hoisted(() => [] as Promise<unknown>[]);
vi.mock("next/server", () => ({ after: (task: () => Promise<unknown>) => { scheduled.push(task()); } }));

const { db } = await import("@/lib/db/client");
const { hashPassword, verifyPassword } = await import("@/lib/auth/password");
const { checkResetToken, hashResetToken, requestPasswordReset, resetPassword } = await import("@/lib/auth/password-reset");
const { RESET_LINK_MINUTES } = await import("@/lib/auth/reset-link");
const { TooManySignInAttempts } = await import("@/lib/auth/sign-in-limits");
const { changePassword } = await import("@/lib/db/passwords");
const { createTestUser, testSessionId } = await import("../helpers/users");

const OLD = "old-Password-1";
const NEW = "brand-new-Password-2";
const origin = "http://threadline.test";
const ip = () => `203.0.113.${randomUUID()}`;

let log: MockInstance<typeof console.log>;
beforeEach(() => {
  scheduled.length = 0;
  log = vi.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => log.mockRestore());
afterAll(() => db.$disconnect());

async function passwordUser() {
  const user = await createTestUser();
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(OLD) } });
  await db.userSession.create({ data: { id: `other-${user.id}`, userId: user.id } });
  return user as typeof user & { email: string };
}

/** Asks for a link and reads it from the mail (printed to the console without SMTP_URL). */
async function requestLink(email: string): Promise<string | null> {
  await requestPasswordReset({ email, ip: ip(), origin });
  await Promise.all(scheduled);
  const printed = log.mock.calls.map((call) => String(call[0])).join("\n");
  const match = printed.match(/http:\/\/threadline\.test\/reset-password\?token=([A-Za-z0-9_-]+)/);
  return match?.[1] ?? null;
}

const liveSessions = (userId: string) => db.userSession.count({ where: { userId, revokedAt: null } });
const storedHash = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash!;

describe("password reset links", () => {
  it("mails a link whose token is stored only as its SHA-256, valid for 30 minutes", async () => {
    const user = await passwordUser();
    const before = Date.now();
    const token = await requestLink(user.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash("sha256").update(token!).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token!);
    const ttl = rows[0]!.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan((RESET_LINK_MINUTES - 1) * 60_000);
    expect(ttl).toBeLessThanOrEqual(RESET_LINK_MINUTES * 60_000 + 5_000);
    expect(await checkResetToken(token)).toEqual({ userId: user.id, email: user.email });
  });

  it("sets the new password once, signs every session out, and refuses the link the second time", async () => {
    const user = await passwordUser();
    const token = (await requestLink(user.email))!;
    expect(await liveSessions(user.id)).toBe(2);
    expect(await resetPassword({ token, password: NEW })).toBe(true);
    expect(await verifyPassword(await storedHash(user.id), NEW)).toBe(true);
    expect(await verifyPassword(await storedHash(user.id), OLD)).toBe(false);
    expect(await liveSessions(user.id)).toBe(0);
    const after = await storedHash(user.id);
    expect(await checkResetToken(token)).toBeNull();
    expect(await resetPassword({ token, password: "yet-another-Password-3" })).toBe(false);
    expect(await storedHash(user.id)).toBe(after);
  });

  it("lets only one of two simultaneous uses of a link win", async () => {
    const user = await passwordUser();
    const token = (await requestLink(user.email))!;
    const results = await Promise.all([resetPassword({ token, password: NEW }), resetPassword({ token, password: "other-Password-4" })]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("refuses an expired link and changes nothing", async () => {
    const user = await passwordUser();
    const token = (await requestLink(user.email))!;
    await db.passwordResetToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const hash = await storedHash(user.id);
    expect(await checkResetToken(token)).toBeNull();
    expect(await resetPassword({ token, password: NEW })).toBe(false);
    expect(await storedHash(user.id)).toBe(hash);
    expect(await liveSessions(user.id)).toBe(2);
  });

  it("refuses tampered, truncated and malformed tokens, and the stored hash itself", async () => {
    const user = await passwordUser();
    const token = (await requestLink(user.email))!;
    const flipped = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    const row = await db.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    for (const bad of [flipped, token.slice(0, 42), `${token}x`, "", "../../etc", hashResetToken(token), row.tokenHash, null, 42]) {
      expect(await checkResetToken(bad), String(bad)).toBeNull();
      if (typeof bad === "string") expect(await resetPassword({ token: bad, password: NEW }), bad).toBe(false);
    }
    expect(await verifyPassword(await storedHash(user.id), OLD)).toBe(true);
    expect(await checkResetToken(token)).not.toBeNull(); // the real link still works
  });

  it("sends nothing for an unknown email or a disabled account, and no link to an account without a password", async () => {
    expect(await requestLink(`nobody-${randomUUID()}@example.com`)).toBeNull();
    expect(scheduled).toHaveLength(0);
    const disabled = await passwordUser();
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    expect(await requestLink(disabled.email)).toBeNull();
    expect(scheduled).toHaveLength(0);

    const oauth = await createTestUser();
    await db.account.create({ data: { userId: oauth.id, type: "oauth", provider: "github", providerAccountId: randomUUID() } });
    expect(await requestLink(oauth.email!)).toBeNull();
    expect(scheduled).toHaveLength(1);
    const mail = String(log.mock.calls.at(-1)?.[0]);
    expect(mail).toContain(oauth.email!);
    expect(mail).toContain("Your account has no password: you sign in with GitHub");
    expect(await db.passwordResetToken.count({ where: { userId: oauth.id } })).toBe(0);
  });

  it("limits requests per email (3 an hour), whether or not it has an account, and per client address (20)", async () => {
    for (const email of [(await passwordUser()).email, `nobody-${randomUUID()}@example.com`]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset({ email, ip: ip(), origin });
      await expect(requestPasswordReset({ email, ip: ip(), origin })).rejects.toBeInstanceOf(TooManySignInAttempts);
    }
    const address = ip();
    for (let i = 0; i < 20; i++) await requestPasswordReset({ email: `n${i}-${randomUUID()}@example.com`, ip: address, origin });
    await expect(requestPasswordReset({ email: `n-${randomUUID()}@example.com`, ip: address, origin })).rejects.toBeInstanceOf(TooManySignInAttempts);
  });
});

describe("changing the password", () => {
  it("signs out every other session, keeps this one, and spends outstanding reset links", async () => {
    const user = await passwordUser();
    const token = (await requestLink(user.email))!;
    await changePassword({ userId: user.id, passwordHash: await hashPassword(NEW), keepSessionId: testSessionId(user.id) });
    const live = async (id: string) => (await db.userSession.findUniqueOrThrow({ where: { id } })).revokedAt === null;
    expect(await live(testSessionId(user.id))).toBe(true);
    expect(await live(`other-${user.id}`)).toBe(false);
    expect(await checkResetToken(token)).toBeNull();
    expect(await verifyPassword(await storedHash(user.id), NEW)).toBe(true);
  });
});
