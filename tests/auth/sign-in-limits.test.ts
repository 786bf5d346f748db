import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  TooManySignInAttempts, assertSignInAllowed, clientIp, recordFailedSignIn, recordSuccessfulSignIn,
} from "@/lib/auth/sign-in-limits";

const fresh = () => ({ email: `limits-${randomUUID()}@example.com`, ip: `10.${Math.floor(Math.random() * 250)}.0.${Math.floor(Math.random() * 250)}` });

describe("sign-in brute-force limits (stored in Postgres)", () => {
  afterAll(() => db.$disconnect());

  it("locks an account after five failures, with the wait in seconds", async () => {
    const who = fresh();
    for (let i = 0; i < 5; i++) {
      await assertSignInAllowed(who);
      await recordFailedSignIn(who);
    }
    const error = await assertSignInAllowed(who).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManySignInAttempts);
    expect((error as TooManySignInAttempts).retryAfterSeconds).toBeGreaterThan(60);
  });

  it("counts failures per account, not across accounts", async () => {
    const a = fresh();
    for (let i = 0; i < 5; i++) await recordFailedSignIn(a);
    await expect(assertSignInAllowed({ ...fresh(), ip: a.ip })).resolves.toBeUndefined();
  });

  it("locks an address that tries many accounts", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let i = 0; i < 30; i++) await recordFailedSignIn({ email: `spray-${i}-${randomUUID()}@example.com`, ip });
    await expect(assertSignInAllowed({ email: `new-${randomUUID()}@example.com`, ip })).rejects.toBeInstanceOf(TooManySignInAttempts);
  });

  it("clears an account's failures after a successful sign-in", async () => {
    const who = fresh();
    for (let i = 0; i < 4; i++) await recordFailedSignIn(who);
    await recordSuccessfulSignIn(who);
    await recordFailedSignIn(who);
    await expect(assertSignInAllowed(who)).resolves.toBeUndefined();
  });

  it("reads the client address from the forwarding headers", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.8" }))).toBe("203.0.113.8");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});

describe("sign-up limit per address", () => {
  afterAll(() => db.$disconnect());

  it("allows twenty sign-ups an hour from one address, then refuses", async () => {
    const { consumeSignUp } = await import("@/lib/auth/sign-in-limits");
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let i = 0; i < 20; i++) await consumeSignUp({ ip });
    const error = await consumeSignUp({ ip }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManySignInAttempts);
    await expect(consumeSignUp({ ip: `other-${randomUUID()}` })).resolves.toBeUndefined();
  });
});
