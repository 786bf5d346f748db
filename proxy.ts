// Next 16 proxy (formerly middleware): sends signed-out visitors to /sign-in.
// It only checks that a session cookie is valid; pages and route handlers then
// load the user from the database (lib/auth/session.ts), which is where roles
// and disabled accounts are enforced.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/auth.config";

const { auth } = NextAuth(authConfig);
const PUBLIC_PATHS = ["/sign-in", "/sign-up"];

export default auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return;
  if (!req.auth) {
    const url = new URL("/sign-in", req.nextUrl.origin);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
});

// API routes are left out: their handlers answer 401 JSON themselves, and the proxy re-issues the
// session cookie on every response it touches, so an API call still in flight at sign-out would
// otherwise sign the user back in.
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|webmanifest|txt)$).*)"],
};
