// The session cookie as API routes read it (lib/auth/session-token.ts): the same answer as Auth.js for the
// tokens Auth.js issues, nothing for anything else, and never a cookie in return.
import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { readCookie, sessionUserId } from "@/lib/auth/session-token";
import { env } from "@/lib/env";

const NAME = "authjs.session-token";
const token = (claims: Record<string, unknown>, options: { maxAge?: number; salt?: string; secret?: string } = {}) =>
  encode({ token: claims, secret: options.secret ?? env().AUTH_SECRET, salt: options.salt ?? NAME, maxAge: options.maxAge });
const headers = (cookie: string, proto = "http") => new Headers({ cookie, "x-forwarded-proto": proto });

describe("readCookie", () => {
  it("finds a cookie among others, and joins Auth.js's chunks in order", () => {
    expect(readCookie(`a=1; ${NAME}=xyz; b=2`, NAME)).toBe("xyz");
    expect(readCookie(`${NAME}.1=def; x=0; ${NAME}.0=abc`, NAME)).toBe("abcdef");
    expect(readCookie(`${NAME}-other=1; ${NAME}x=2`, NAME)).toBeNull();
    expect(readCookie("", NAME)).toBeNull();
  });
});

describe("sessionUserId", () => {
  it("reads the user id from a cookie Auth.js issued", async () => {
    const jwt = await token({ sub: "user-1", email: "a@example.com" });
    expect(await sessionUserId(headers(`${NAME}=${jwt}`))).toBe("user-1");
  });

  it("reads a chunked cookie", async () => {
    const jwt = await token({ sub: "user-2", name: "x".repeat(5000) });
    const half = Math.floor(jwt.length / 2);
    expect(await sessionUserId(headers(`${NAME}.0=${jwt.slice(0, half)}; ${NAME}.1=${jwt.slice(half)}`))).toBe("user-2");
  });

  it("uses the __Secure- cookie over https, as Auth.js does", async () => {
    const secureName = `__Secure-${NAME}`;
    const jwt = await token({ sub: "user-3" }, { salt: secureName });
    expect(await sessionUserId(headers(`${secureName}=${jwt}`, "https"))).toBe("user-3");
    // The plain name over https is not the session cookie (and a token salted for one name fails under the other).
    expect(await sessionUserId(headers(`${NAME}=${jwt}`, "https"))).toBeNull();
    expect(await sessionUserId(headers(`${NAME}=${jwt}`, "http"))).toBeNull();
  });

  it("refuses expired, tampered, foreign and missing tokens", async () => {
    expect(await sessionUserId(headers(`${NAME}=${await token({ sub: "u" }, { maxAge: -60 })}`))).toBeNull();
    const jwt = await token({ sub: "user-4" });
    const parts = jwt.split(".");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    for (const i of [0, 2, 3, 4]) {
      const tampered = parts.map((p, j) => (j === i ? flip(p) : p)).join(".");
      expect(await sessionUserId(headers(`${NAME}=${tampered}`)), `part ${i}`).toBeNull();
    }
    expect(await sessionUserId(headers(`${NAME}=${await token({ sub: "u" }, { secret: "another-secret-0123456789" })}`))).toBeNull();
    expect(await sessionUserId(headers(`${NAME}=not-a-jwt`))).toBeNull();
    expect(await sessionUserId(headers(`${NAME}=${await token({ name: "no subject" })}`))).toBeNull();
    expect(await sessionUserId(headers(""))).toBeNull();
  });

  it("reads any forged cookie as signed out, never as an error", async () => {
    const b64 = (value: string) => Buffer.from(value).toString("base64url");
    const jwt = await token({ sub: "user-5" });
    const [, ...rest] = jwt.split(".");
    const forged = [
      ...["null", "1", "\"x\"", "[]", "true", "{", "{\"alg\":null}", "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}", "{\"alg\":\"none\"}"]
        .map((header) => [b64(header), ...rest].join(".")),
      `${b64("null")}....`, "....", ".", "a.b.c.d.e.f", `${b64("{}")}.x.y.z.w`, "%00", "é".repeat(50), "x".repeat(10_000),
      jwt.slice(0, 40), jwt.slice(0, -1),
    ];
    for (const value of forged) {
      await expect(sessionUserId(headers(`${NAME}=${value}`)), value.slice(0, 40)).resolves.toBeNull();
    }
    // A chunked cookie whose chunk numbers are nonsense is also just "no session".
    await expect(sessionUserId(headers(`${NAME}.x=1; ${NAME}.-1=2; ${NAME}.99999999999999999999=3`))).resolves.toBeNull();
  });
});
