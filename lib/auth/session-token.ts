import "server-only";
import { createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";

// The Auth.js session cookie, read without Auth.js's session endpoint: API routes need only the user id,
// and `auth()` decrypts, re-encrypts and re-signs the whole cookie to hand out a fresh one on every call.
// Nothing here writes a cookie, so an API call that finishes after sign-out cannot set the session back.

const COOKIE = "authjs.session-token";
const CLOCK_TOLERANCE_S = 15; // as Auth.js's own decode

/** Auth.js uses the __Secure- name when its public URL is https (AUTH_URL, else the forwarded protocol). */
function cookieName(headers: Headers): string {
  const authUrl = env().AUTH_URL;
  const protocol = authUrl ? new URL(authUrl).protocol.replace(":", "") : (headers.get("x-forwarded-proto") ?? "https");
  return protocol === "https" ? `__Secure-${COOKIE}` : COOKIE;
}

/** The cookie's value; Auth.js splits a large one into `name.0`, `name.1`, …. */
export function readCookie(cookieHeader: string, name: string): string | null {
  const chunks: Array<[number, string]> = [];
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (key !== name && !key.startsWith(`${name}.`)) continue;
    const index = key === name ? -1 : Number(key.slice(name.length + 1));
    if (Number.isInteger(index)) chunks.push([index, part.slice(eq + 1).trim()]);
  }
  if (!chunks.length) return null;
  return chunks.sort((x, y) => x[0] - y[0]).map(([, value]) => value).join("");
}

const keys = new Map<string, Buffer>();

/** Auth.js's key: HKDF-SHA256 of the secret, salted with the cookie name; derived once per name. */
function derivedKey(secret: string, salt: string): Buffer {
  const id = `${salt}\0${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    keys.set(id, key);
  }
  return key;
}

/**
 * Decrypts a compact JWE with `alg: dir, enc: A256CBC-HS512` (what Auth.js issues; RFC 7518 §5.2.2) with
 * node:crypto, synchronously: about a tenth of the cost of the WebCrypto path. Null if the tag does not verify.
 * Anything else (another `enc`) is left to Auth.js's decode.
 */
function decryptCbcHs512(token: string, key: Buffer): Record<string, unknown> | null | undefined {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const header = jsonObject(Buffer.from(protectedHeader, "base64url").toString("utf8"));
  // A forged cookie is anyone's to send: whatever its header decodes to (null, a number, an array), it reads as signed out.
  if (!header) return null;
  if (header.alg !== "dir" || header.enc !== "A256CBC-HS512" || header.zip !== undefined || encryptedKey !== "") return undefined;
  const ivBytes = Buffer.from(iv, "base64url");
  const cipherBytes = Buffer.from(ciphertext, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== 16 || tagBytes.length !== 32) return null;
  const aad = Buffer.from(protectedHeader, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  const expected = createHmac("sha512", key.subarray(0, 32)).update(aad).update(ivBytes).update(cipherBytes).update(aadBits).digest().subarray(0, 32);
  if (!timingSafeEqual(expected, tagBytes)) return null;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key.subarray(32), ivBytes);
    const plain = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
    return jsonObject(plain.toString("utf8"));
  } catch {
    return null;
  }
}

/** A JSON object, or null for anything else (bad JSON, null, arrays, numbers, strings). */
function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function jsonObjectOrNull(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function currentClaims(payload: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!payload) return null;
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp === "number" && payload.exp < now - CLOCK_TOLERANCE_S) return null;
  if (typeof payload.nbf === "number" && payload.nbf > now + CLOCK_TOLERANCE_S) return null;
  return payload;
}

/**
 * The claims of a valid, unexpired session cookie that names a user (`sub`), or null. Sets no cookie. `sid` is
 * the server-side session (lib/db/user-sessions.ts) the cookie belongs to; whether it is still live is the
 * database's to say (the request gate).
 */
export async function sessionClaims(headers: Headers): Promise<{ sub: string; iat?: number; sid?: string } | null> {
  const name = cookieName(headers);
  const token = readCookie(headers.get("cookie") ?? "", name);
  if (!token) return null;
  const secret = env().AUTH_SECRET;
  let payload: Record<string, unknown> | null | undefined;
  try {
    payload = decryptCbcHs512(token, derivedKey(secret, name));
    if (payload === undefined) payload = jsonObjectOrNull(await decode({ token, secret, salt: name }));
  } catch {
    payload = null; // a malformed cookie of any kind is "signed out", never an error
  }
  const claims = currentClaims(payload ?? null);
  if (typeof claims?.sub !== "string" || !claims.sub) return null;
  return {
    sub: claims.sub,
    iat: typeof claims.iat === "number" ? claims.iat : undefined,
    sid: typeof claims.sid === "string" && claims.sid ? claims.sid : undefined,
  };
}

/**
 * The user and the server-side session a cookie names, or null. A cookie without a session id (issued before
 * sessions had one) names no session that could be signed out, so it reads as signed out too.
 */
export async function sessionIdentity(headers: Headers): Promise<{ userId: string; sessionId: string } | null> {
  const claims = await sessionClaims(headers);
  return claims?.sid ? { userId: claims.sub, sessionId: claims.sid } : null;
}

/** The id of the user the session cookie names, or null. Sets no cookie. */
export async function sessionUserId(headers: Headers): Promise<string | null> {
  return (await sessionClaims(headers))?.sub ?? null;
}
