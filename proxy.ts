// Next 16 proxy (formerly middleware), for HTML pages:
// - sends signed-out visitors to /sign-in. It only checks that a session cookie is valid; pages and route
//   handlers then load the user from the database (lib/auth/session.ts), which is where roles and disabled
//   accounts are enforced;
// - gives every page its Content-Security-Policy with a fresh nonce (lib/security/headers.ts). Next reads the
//   nonce from the policy on the request and puts it on its own scripts; the root layout reads `x-nonce`.
import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextMiddleware, type NextRequest } from "next/server";
import { authConfig } from "@/auth.config";
import { sessionClaims } from "@/lib/auth/session-token";
import { env } from "@/lib/env";
import { currentRequestId } from "@/lib/server/request-id";
import { newNonce, oauthFormTargets, pageCsp } from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);
const PUBLIC_PATHS = ["/sign-in", "/sign-up", "/forgot-password", "/reset-password"];
/** Auth.js's `updateAge`: slide the session's expiry at most once a day. */
const REISSUE_AFTER_S = 24 * 60 * 60;

function toSignIn(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const url = new URL("/sign-in", req.nextUrl.origin);
  if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(url);
}

let formTargets: string[] | undefined;

/** Renders the page with a policy of its own: the nonce goes to Next (request) and to the browser (response). */
function withPageCsp(req: NextRequest): NextResponse {
  const nonce = newNonce();
  const { NODE_ENV } = env();
  const csp = pageCsp({ nonce, dev: NODE_ENV === "development", formTargets: (formTargets ??= oauthFormTargets(env())) });
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

// Auth.js's wrapper re-encrypts the session and sets it as a cookie on the response.
// (The event parameter picks Auth.js's middleware overload, whose type is NextMiddleware.)
const reissuing: NextMiddleware = auth((req, _event: NextFetchEvent) => (req.auth ? withPageCsp(req) : toSignIn(req)));

/**
 * Most page requests only decrypt the cookie and set none: a response that sets the session cookie and
 * arrives after sign-out (a prefetch or a refresh in flight while the user signs out) would sign the user
 * back in. Once a day the request goes through Auth.js, which re-issues the cookie and so keeps an active
 * user's session from expiring (30 days after the last re-issue).
 */
export default async function proxy(req: NextRequest, event: NextFetchEvent) {
  const { pathname } = req.nextUrl;
  // A path whose percent-escapes are not UTF-8 (`/api/admin/%ED%A0%80`) makes Next's router throw a 500 while
  // decoding it, before any route runs: answer the client's mistake as one.
  if (pathname.includes("%") && !decodesAsUtf8(pathname)) return malformedPath(pathname);
  if (pathname.startsWith("/api/")) return; // API routes answer for themselves
  if (PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return withPageCsp(req);
  const claims = await sessionClaims(req.headers);
  if (!claims) return toSignIn(req);
  if (claims.iat === undefined || Date.now() / 1000 - claims.iat > REISSUE_AFTER_S) return reissuing(req, event);
  return withPageCsp(req);
}

function decodesAsUtf8(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function malformedPath(pathname: string) {
  const message = "The address is not valid: it contains a malformed escape sequence.";
  if (pathname.startsWith("/api/")) {
    const requestId = currentRequestId(); // as in every error body (lib/errors.ts)
    return NextResponse.json(
      { error: { code: "bad_request:api", message, ...(requestId ? { requestId } : {}) } },
      { status: 400, headers: { "cache-control": "no-store" } },
    );
  }
  return new NextResponse(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

// API routes are left out (but for paths with percent-escapes, checked above): their handlers answer 401 JSON
// themselves and set no cookie either (lib/auth/session-token.ts), so an API call still in flight at sign-out cannot
// sign the user back in (e2e/session.spec.ts). No API route of ours has a `%` in a well-formed path, so the send
// route's path to the first byte does not pass through here. API and static headers come from next.config.ts.
export const config = {
  matcher: [
    "/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|webmanifest|txt)$).*)",
    "/api/(.*%.*)",
  ],
};
