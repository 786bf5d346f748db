// The security headers of every response. Pure and free of `server-only`: next.config.ts, proxy.ts and the
// unit tests import it (next.config.ts through a relative path, without the `@/` alias).
//   next.config.ts  every path: nosniff, referrer and permissions policies, COOP, no framing, a CSP that allows
//                   nothing (what API, static and error responses keep); HSTS over https; no-store under /api
//   proxy.ts        HTML pages: the CSP below with a fresh nonce, replacing that default

export type Header = { key: string; value: string };

/** What a page may load and run. `dev` adds what `next dev` needs (React's debugging uses eval). */
export function pageCsp({ nonce, dev = false, formTargets = [] }: { nonce: string; dev?: boolean; formTargets?: string[] }): string {
  return [
    "default-src 'none'",
    // Next's own scripts carry the nonce (it reads it from this header on the request), the theme script in the
    // root layout too; chunks they load are trusted through 'strict-dynamic'. 'self' only for CSP2 browsers.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Stylesheets from our origin; no inline <style> without the nonce and no style="" attributes in the HTML
    // (styles React sets from the browser go through the CSSOM, which CSP does not govern). In development,
    // Next's dev overlay injects <style> elements and attributes without the nonce: 'unsafe-inline' there only
    // (a nonce in the list would make browsers ignore it).
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // data: for the images of messages (base64 from the history, checked to be one of four image types).
    "img-src 'self' data:",
    "font-src 'self'",
    // fetch/EventSource to our own API; in development also Next's HMR WebSocket (same host: 'self' covers ws:).
    "connect-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    ["form-action 'self'", ...formTargets].join(" "),
  ].join("; ");
}

/** For everything that is not an HTML page (API JSON and SSE, static files, errors): nothing may run or embed it. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Features Threadline never uses, refused to the app and to anything it could embed. Only names Chromium knows:
 * it reports an unknown one on the console (e2e/csp.spec.ts fails on that).
 */
const DENIED_FEATURES = [
  "accelerometer", "autoplay", "browsing-topics", "camera", "clipboard-read", "display-capture",
  "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope", "hid", "identity-credentials-get",
  "idle-detection", "local-fonts", "magnetometer", "microphone", "midi", "otp-credentials", "payment",
  "picture-in-picture", "publickey-credentials-create", "publickey-credentials-get", "screen-wake-lock", "serial",
  "storage-access", "usb", "window-management", "xr-spatial-tracking",
];

export const SECURITY_HEADERS: Header[] = [
  { key: "Content-Security-Policy", value: NON_PAGE_CSP },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Copy buttons (messages, code blocks) write to the clipboard: allowed to the app itself, nothing it embeds.
  { key: "Permissions-Policy", value: [...DENIED_FEATURES.map((f) => `${f}=()`), "clipboard-write=(self)"].join(", ") },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // frame-ancestors 'none' says the same to every current browser; this is for the ones before CSP 2.
  { key: "X-Frame-Options", value: "DENY" },
];

/** Only over https (browsers ignore it over http, and `localhost` must stay reachable over http in development). */
export const HSTS_HEADER: Header = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };

/**
 * API responses carry one user's data: no browser or proxy cache may keep them. These win over what a route
 * handler sets itself (Next adds a handler's header only when the config has not set it).
 */
export const API_CACHE_CONTROL = "no-store";

/**
 * The paths that answer with SSE (the chat send and resume, an admin following a reply) also keep
 * `no-transform`: compression (Next's own, or a proxy's) must not buffer a stream. Config headers cannot tell
 * GET from POST, so the history pages on /api/chat/messages go uncompressed too.
 */
export const STREAM_PATHS = ["/api/chat/messages", "/api/chat/stream", "/api/admin/users/:id/stream"];
export const STREAM_CACHE_CONTROL = "no-store, no-transform";

/** A 128-bit nonce, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

type OAuthEnv = { AUTH_GITHUB_ID?: string; AUTH_GOOGLE_ID?: string; AUTH_OIDC_ID?: string; AUTH_OIDC_ISSUER?: string };

/**
 * Where the sign-in page's OAuth forms end up: the server action answers with a redirect to the provider, and
 * Chromium applies form-action to the redirects that follow a form submission (when the form posts without JS).
 */
export function oauthFormTargets(env: OAuthEnv): string[] {
  const targets: string[] = [];
  if (env.AUTH_GITHUB_ID) targets.push("https://github.com");
  if (env.AUTH_GOOGLE_ID) targets.push("https://accounts.google.com");
  if (env.AUTH_OIDC_ID && env.AUTH_OIDC_ISSUER) targets.push(new URL(env.AUTH_OIDC_ISSUER).origin);
  return targets;
}
