// proxy.ts: signed-out visitors go to /sign-in; the session cookie is re-issued at most once a day, so that a page
// response still in flight at sign-out almost never carries one.
import { afterEach, describe, expect, it, vi } from "vitest";
import { NextRequest, type NextFetchEvent } from "next/server";
import { encode } from "next-auth/jwt";
import proxy from "@/proxy";
import { env } from "@/lib/env";

// Auth.js's own middleware (which re-issues the cookie) stands in as a stub that says so: next-auth's ESM build
// does not load under Vitest, and what is tested here is when the proxy hands a request to it.
const reissued = vi.hoisted(() => vi.fn(() => new Response(null, { headers: { "set-cookie": "authjs.session-token=fresh; Path=/" } })));
vi.mock("next-auth", () => ({ default: () => ({ auth: () => reissued }) }));

const COOKIE = "authjs.session-token";
const event = {} as NextFetchEvent;

async function pageRequest(path: string, issuedSecondsAgo: number | null): Promise<NextRequest> {
  const headers = new Headers({ "x-forwarded-proto": "http", host: "127.0.0.1:3000" });
  if (issuedSecondsAgo !== null) {
    vi.useFakeTimers({ now: Date.now() - issuedSecondsAgo * 1000 });
    headers.set("cookie", `${COOKIE}=${await encode({ token: { sub: "user-1" }, secret: env().AUTH_SECRET, salt: COOKIE })}`);
    vi.useRealTimers();
  }
  return new NextRequest(`http://127.0.0.1:3000${path}`, { headers });
}

const sessionCookies = (response: Response | void | null | undefined) =>
  (response?.headers.getSetCookie() ?? []).filter((c) => c.startsWith(`${COOKIE}=`));

describe("proxy", () => {
  afterEach(() => {
    vi.useRealTimers();
    reissued.mockClear();
  });

  it("sends a signed-out visitor to sign in, and back afterwards", async () => {
    const response = await proxy(await pageRequest("/settings?tab=1", null), event);
    expect(response?.status).toBe(307);
    const location = new URL(response!.headers.get("location")!);
    expect(`${location.pathname}${location.search}`).toBe("/sign-in?callbackUrl=%2Fsettings%3Ftab%3D1");
  });

  it("lets the sign-in page through, with its content security policy", async () => {
    const response = await proxy(await pageRequest("/sign-in", null), event);
    expect(response?.headers.get("x-middleware-next")).toBe("1");
    expect(response?.headers.get("content-security-policy")).toMatch(/^default-src 'none'; script-src 'self' 'nonce-/);
  });

  it("sets no cookie for a session issued less than a day ago", async () => {
    const response = await proxy(await pageRequest("/", 3600), event);
    expect(response?.headers.get("x-middleware-next")).toBe("1");
    expect(sessionCookies(response)).toEqual([]);
    expect(reissued).not.toHaveBeenCalled();
  });

  it("gives each page a fresh nonce, in the policy it sends and in the request headers Next and the layout read", async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const response = await proxy(await pageRequest("/settings", 3600), event);
      const policy = response!.headers.get("content-security-policy")!;
      const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      // NextResponse.next({ request: { headers } }) passes the request headers on as x-middleware-request-*.
      expect(response!.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
      expect(response!.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("hands a session older than a day to Auth.js to re-issue, so an active user's session keeps sliding", async () => {
    const response = await proxy(await pageRequest("/", 2 * 24 * 3600), event);
    expect(reissued).toHaveBeenCalledTimes(1);
    expect(sessionCookies(response)).toHaveLength(1);
  });

  it("sends a visitor with an expired or forged cookie to sign in", async () => {
    const expired = await pageRequest("/", 31 * 24 * 3600);
    expect((await proxy(expired, event))?.status).toBe(307);
    const forged = new NextRequest("http://127.0.0.1:3000/", { headers: { "x-forwarded-proto": "http", cookie: `${COOKIE}=a.b.c.d.e` } });
    expect((await proxy(forged, event))?.status).toBe(307);
    expect(reissued).not.toHaveBeenCalled();
  });
});
