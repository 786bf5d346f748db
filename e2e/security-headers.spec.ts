// Security headers on every kind of response (issue #11), against the production build: an HTML page (with
// its per-request nonce CSP), API JSON, an API error, an SSE stream, Auth.js's routes, a 404 page, a 404 under
// /api, static files and a redirect; HSTS only over https; and what the policy is for: a script injected into
// the HTML does not run, and no other site can frame the admin console.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIResponse } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { oauthFormTargets } from "../lib/security/headers";
import { signInContext } from "./helpers/chat-page";
import { createSessionRow } from "./helpers/db";
import { watchCsp } from "./helpers/csp";
import { injectFault } from "./helpers/letta-control";
import { anonymous, persona, type Persona } from "./helpers/session";
import { openStream } from "./helpers/sse";

type Headers = Record<string, string>;
const { AUTH_GITHUB_ID, AUTH_GOOGLE_ID, AUTH_OIDC_ID, AUTH_OIDC_ISSUER } = process.env;
const configured = { AUTH_GITHUB_ID, AUTH_GOOGLE_ID, AUTH_OIDC_ID, AUTH_OIDC_ISSUER };

const COMMON: Headers = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
  "x-frame-options": "DENY",
};

/** What every response carries, whatever produced it. */
function expectCommon(headers: Headers, what: string) {
  for (const [name, value] of Object.entries(COMMON)) expect(headers[name], `${name} on ${what}`).toBe(value);
  const permissions = headers["permissions-policy"] ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
    expect(permissions, `permissions-policy on ${what}`).toContain(`${feature}=()`);
  }
  // The copy buttons write to the clipboard; nothing reads it.
  expect(permissions, `permissions-policy on ${what}`).toContain("clipboard-write=(self)");
  expect(permissions, `permissions-policy on ${what}`).toContain("clipboard-read=()");
  expect(headers["strict-transport-security"], `no HSTS over http (${what})`).toBeUndefined();
  expect(headers["x-powered-by"], what).toBeUndefined();
}

function directives(csp: string | undefined): Map<string, string> {
  return new Map((csp ?? "").split(";").map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name!, sources.join(" ")] as const;
  }));
}

/** An HTML page's policy; returns its nonce. */
function expectPageCsp(headers: Headers, what: string): string {
  expectCommon(headers, what);
  const csp = headers["content-security-policy"];
  const d = directives(csp);
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(d.get("script-src") ?? "")?.[1];
  expect(nonce, `a nonce in ${what}'s script-src: ${csp}`).toBeTruthy();
  expect(d.get("script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`); // production: no 'unsafe-eval'
  expect(d.get("style-src")).toBe(`'self' 'nonce-${nonce}'`);
  // Spelled out here and in tests/security/headers.test.ts on purpose: that one pins the policy function, this one
  // what the production server sends; an expectation shared between them could not catch either one drifting.
  expect(Object.fromEntries([...d].filter(([name]) => name !== "script-src" && name !== "style-src"))).toEqual({
    "default-src": "'none'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    // npm test configures GitHub sign-in (with dummy credentials): its no-JS form post ends at github.com.
    "form-action": ["'self'", ...oauthFormTargets({ ...configured })].join(" "),
  });
  expect(csp, what).not.toContain("unsafe-");
  return nonce!;
}

/** Anything that is not an HTML page of ours: nothing may run in it or frame it. */
function expectLockedDown(headers: Headers, what: string) {
  expectCommon(headers, what);
  const d = directives(headers["content-security-policy"]);
  expect(d.get("default-src"), `default-src on ${what}`).toBe("'none'");
  expect(d.get("frame-ancestors"), `frame-ancestors on ${what}`).toBe("'none'");
}

function expectNoStore(response: APIResponse | Response, what: string) {
  const value = response instanceof Response ? response.headers.get("cache-control") : response.headers()["cache-control"];
  expect(value?.split(",").map((s) => s.trim()), `cache-control on ${what}`).toContain("no-store");
}

let ada: Persona;
test.beforeAll(async ({ baseURL }) => {
  ada = await persona(baseURL!);
});
test.afterAll(() => ada.api.dispose());

test("a page: the CSP with a fresh nonce on every request, on Next's scripts and the theme script, never cached", async ({ baseURL }) => {
  const first = await ada.api.get("/");
  expect(first.status()).toBe(200);
  const nonce = expectPageCsp(first.headers(), "the chat page");
  expectNoStore(first, "the chat page");
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(3);
  for (const tag of scripts) expect(tag, "every script carries the nonce").toContain(`nonce="${nonce}"`);
  expect(html).not.toMatch(/<[a-z][^>]*\sstyle="/i); // no style attributes in the HTML (style-src has no 'unsafe-inline')

  const second = await ada.api.get("/");
  expect(expectPageCsp(second.headers(), "the chat page, again")).not.toBe(nonce);

  const anon = await anonymous(baseURL!);
  for (const path of ["/sign-in", "/sign-up"]) expectPageCsp((await anon.get(path)).headers(), path);
  const redirect = await anon.get("/settings", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectLockedDown(redirect.headers(), "the redirect to sign in");
  await anon.dispose();
});

test("a page whose day-old session proxy.ts hands to Auth.js to re-issue keeps its nonce CSP", async ({ baseURL }) => {
  // A session cookie issued two days ago: jose stamps `iat` from `new Date()`, so the clock is set back meanwhile.
  const sid = await createSessionRow(ada.id); // a session that was never signed out
  const RealDate = Date;
  const twoDaysAgo = RealDate.now() - 2 * 24 * 60 * 60 * 1000;
  globalThis.Date = class extends RealDate {
    constructor(...args: []) {
      super(...(args.length ? args : ([twoDaysAgo] as unknown as [])));
    }
    static now() {
      return twoDaysAgo;
    }
  } as DateConstructor;
  const token = await encode({ token: { sub: ada.id, sid }, secret: process.env.AUTH_SECRET!, salt: "authjs.session-token" }).finally(() => {
    globalThis.Date = RealDate;
  });
  const anon = await anonymous(baseURL!);
  const response = await anon.get("/settings", { headers: { cookie: `authjs.session-token=${token}` }, maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["set-cookie"], "re-issued").toMatch(/(^|\n)authjs\.session-token=/);
  const nonce = expectPageCsp(response.headers(), "a page with a re-issued session");
  for (const tag of (await response.text()).match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  await anon.dispose();
});

test("API responses: locked-down CSP and no-store, on JSON, errors, Auth.js and the health check", async ({ baseURL }) => {
  const history = await ada.api.get("/api/chat/messages");
  expect(history.status()).toBe(200);
  expectLockedDown(history.headers(), "GET /api/chat/messages");
  expectNoStore(history, "GET /api/chat/messages");

  const anon = await anonymous(baseURL!);
  const responses: Array<[string, APIResponse]> = [
    ["401 /api/chat/messages", await anon.get("/api/chat/messages")],
    ["400 /api/chat/messages", await ada.api.post("/api/chat/messages", { data: { text: "" } })],
    ["404 /api/admin/users (not an admin)", await ada.api.get("/api/admin/users")],
    ["/api/auth/session", await ada.api.get("/api/auth/session")],
    ["/api/auth/csrf", await anon.get("/api/auth/csrf")],
    ["/api/health", await anon.get("/api/health")],
  ];
  for (const [what, response] of responses) {
    expectLockedDown(response.headers(), what);
    expectNoStore(response, what);
  }
  expect(responses.map(([, r]) => r.status())).toEqual([401, 400, 404, 200, 200, 200]);
  await anon.dispose();

  // An upstream failure, answered as an error by the send route.
  const match = `fail-${randomUUID().slice(0, 8)}`;
  await injectFault({ type: "http_500", match });
  const failed = await ada.api.post("/api/chat/messages", { data: { text: `please ${match}`, otid: randomUUID() } });
  expect(failed.status()).toBeGreaterThanOrEqual(500);
  expectLockedDown(failed.headers(), "a failed send");
  expectNoStore(failed, "a failed send");
});

test("the chat's SSE stream: locked-down CSP, no-store and still no-transform", async ({ baseURL }) => {
  const { response, done } = await openStream(`${baseURL}/api/chat/messages`, ada.cookie, { text: "Hello, headers", otid: randomUUID() });
  await done;
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  expectLockedDown(Object.fromEntries(response.headers), "the chat stream");
  expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
  expect(response.headers.get("content-encoding")).toBeNull();
});

test("404s, a 500, static files and HSTS over https", async ({ baseURL }) => {
  const missingPage = await ada.api.get("/no-such-page");
  expect(missingPage.status()).toBe(404);
  expectPageCsp(missingPage.headers(), "the 404 page");
  expect(await missingPage.text()).toContain("Page not found");

  const anon = await anonymous(baseURL!);
  const html = await (await anon.get("/sign-in")).text();
  const chunk = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  const stylesheet = /<link rel="stylesheet" href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
  expect(chunk && stylesheet).toBeTruthy();
  for (const [path, status] of [[chunk!, 200], [stylesheet!, 200], ["/favicon.svg", 200], ["/_next/static/chunks/missing.js", 404], ["/api/no-such-route", 404]] as const) {
    const response = await anon.get(path);
    expect(response.status(), path).toBe(status);
    expectLockedDown(response.headers(), path);
  }

  // An error Next answers itself: a form post it cannot parse.
  const broken = await anon.post("/sign-in", { headers: { "content-type": "multipart/form-data; boundary=x" }, data: "garbage" });
  expect(broken.status()).toBe(500);
  expectCommon(broken.headers(), "a 500 from Next");
  expect(broken.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  const https = { "x-forwarded-proto": "https" };
  for (const path of ["/sign-in", "/api/health", chunk!, "/no-such-page"]) {
    const response = await anon.get(path, { headers: https, maxRedirects: 0 });
    expect(response.headers()["strict-transport-security"], `HSTS on ${path} over https`).toBe("max-age=63072000; includeSubDomains");
  }
  await anon.dispose();
});

test("a script injected into a page's HTML does not run, nor one carrying another response's nonce, nor an inline handler", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  const violations = await watchCsp(page);
  const stale = expectPageCsp((await page.request.get("/settings")).headers(), "settings");
  // What a stored XSS would look like: markup the server sends inside an otherwise genuine response.
  await page.route("**/settings", async (route) => {
    const response = await route.fetch();
    const injected = [
      `<script>window.__injected = "inline"</script>`,
      `<script nonce="${stale}">window.__injected = "stale nonce"</script>`,
      `<img src="/favicon.svg" onload="window.__injected = 'handler'">`,
    ].join("");
    await route.fulfill({ response, body: (await response.text()).replace("</body>", `${injected}</body>`) });
  });
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // A script the page's own code would add is fine ('strict-dynamic'); markup-injected ones are not.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", `<img src="/favicon.svg?x" onload="window.__injected = 'handler via innerHTML'">`);
  });
  await expect.poll(() => violations.filter((v) => v.directive !== "console").length).toBeGreaterThanOrEqual(4);
  expect(await page.evaluate(() => (window as { __injected?: string }).__injected)).toBeUndefined();
  expect(violations.filter((v) => v.directive !== "console").map((v) => v.directive).sort()).toEqual(
    ["script-src-attr", "script-src-attr", "script-src-elem", "script-src-elem"],
  );
});

test("another site cannot frame the admin console", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!, { role: "ADMIN" });
  // A page on another origin puts the console in a frame (a clickjacking set-up), next to a page of its own that
  // allows framing: that one shows, so the browser does frame pages here.
  const attacker = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    const { port } = attacker.address() as AddressInfo;
    res.end(req.url === "/frameable" ? "<p id=frameable>framed</p>"
      : `<iframe src="${baseURL}/admin"></iframe><iframe src="http://localhost:${port}/frameable"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  try {
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    const [adminFrame, ownFrame] = page.mainFrame().childFrames();
    await expect(ownFrame!.locator("#frameable")).toHaveText("framed");
    // Chromium replaces a refused frame with its error page: nothing of the console is there to click.
    await expect.poll(() => adminFrame!.url()).toMatch(/^chrome-error:/);
    expect(await adminFrame!.locator("[data-testid=admin-heading]").count()).toBe(0);
  } finally {
    attacker.close();
  }
});
