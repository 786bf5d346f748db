// No secret reaches a browser (issue #11). `npm test` builds and starts the app with recognisable dummy secrets
// (scripts/test.mjs, dummySecrets: the session secret, a GitHub client secret, a Letta API key and a database
// password, all in real use); this spec looks for each of them, as is, base64- and URL-encoded, in every file
// of .next/static, in every page's HTML and RSC payload (signed out, as a user, as an admin), and in the
// headers and bodies of the API's answers, streams and errors included.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse } from "@playwright/test";
import { injectFault } from "./helpers/letta-control";
import { anonymous, persona, type Persona } from "./helpers/session";
import { openStream } from "./helpers/sse";

const REQUIRED = ["AUTH_SECRET", "AUTH_GITHUB_SECRET", "LETTA_API_KEY", "database password"] as const;

/** The secrets the build and the server under test were given, by name. */
function secrets(): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of ["AUTH_SECRET", "AUTH_GITHUB_SECRET", "AUTH_GOOGLE_SECRET", "AUTH_OIDC_SECRET", "LETTA_API_KEY"]) {
    const value = process.env[name];
    if (value) found.set(name, value);
  }
  const password = process.env.DATABASE_URL ? decodeURIComponent(new URL(process.env.DATABASE_URL).password) : "";
  if (password) found.set("database password", password);
  return found;
}

/** Each secret in the forms it could take in a bundle, a page or a header. */
function needles(): Array<[string, string]> {
  return [...secrets()].flatMap(([name, value]) => [
    [name, value],
    [`${name} (base64)`, Buffer.from(value).toString("base64").replace(/=+$/, "")],
    [`${name} (base64url)`, Buffer.from(value).toString("base64url")],
    [`${name} (URL-encoded)`, encodeURIComponent(value)],
  ] as Array<[string, string]>).filter(([, needle]) => needle.length >= 12);
}

function leaks(text: string): string[] {
  return needles().filter(([, needle]) => text.includes(needle)).map(([name]) => name);
}

async function leaksIn(response: APIResponse, what: string): Promise<string[]> {
  const headers = response.headersArray().map((h) => `${h.name}: ${h.value}`).join("\n");
  return leaks(`${headers}\n${await response.text()}`).map((name) => `${name} in ${what}`);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

test.beforeAll(() => {
  const missing = REQUIRED.filter((name) => !secrets().has(name));
  if (missing.length) throw new Error(`${missing.join(", ")} not set: run this through \`npm test\`, which builds with dummy secrets.`);
});

test("no secret is in any file of .next/static", () => {
  const files = filesUnder(path.join(process.cwd(), ".next/static"));
  expect(files.length).toBeGreaterThan(10);
  const found = files.flatMap((file) => leaks(fs.readFileSync(file, "latin1")).map((name) => `${name} in ${path.relative(process.cwd(), file)}`));
  expect(found).toEqual([]);
});

test.describe("pages and API responses", () => {
  let user: Persona;
  let admin: Persona;
  test.beforeAll(async ({ baseURL }) => {
    [user, admin] = await Promise.all([persona(baseURL!), persona(baseURL!, { role: "ADMIN" })]);
  });
  test.afterAll(async () => {
    await Promise.all([user.api.dispose(), admin.api.dispose()]);
  });

  test("no secret is in any page's HTML or RSC payload", async ({ baseURL }) => {
    const anon = await anonymous(baseURL!);
    const signInPage = await anon.get("/sign-in");
    expect(await signInPage.text(), "the GitHub secret is in use: its button shows").toMatch(/Continue with (<!-- -->)?GitHub/);
    const found: string[] = await leaksIn(signInPage, "/sign-in");
    for (const path of ["/sign-up", "/no-such-page", "/settings"]) found.push(...(await leaksIn(await anon.get(path), `${path} (signed out)`)));
    for (const path of ["/", "/settings", "/no-such-page"]) {
      found.push(...(await leaksIn(await user.api.get(path), path)));
      found.push(...(await leaksIn(await user.api.get(path, { headers: { RSC: "1" } }), `${path} (RSC)`)));
    }
    for (const path of ["/admin", `/admin/users/${user.id}`, "/admin/audit", "/admin/memory"]) {
      found.push(...(await leaksIn(await admin.api.get(path), path)));
      found.push(...(await leaksIn(await admin.api.get(path, { headers: { RSC: "1" } }), `${path} (RSC)`)));
    }
    expect(found).toEqual([]);
    await anon.dispose();
  });

  test("no secret is in any API response: JSON, streams, errors and Auth.js", async ({ baseURL }) => {
    const anon = await anonymous(baseURL!);
    const found: string[] = [];
    const check = async (what: string, response: Promise<APIResponse>) => found.push(...(await leaksIn(await response, what)));

    // A turn (the SSE body as it streamed), then the history it left.
    const { response, done } = await openStream(`${baseURL}/api/chat/messages`, user.cookie, { text: "Hello, secrets", otid: randomUUID() });
    const streamed = (await done).map((f) => f.data).join("\n");
    found.push(...leaks(`${[...response.headers].join("\n")}\n${streamed}`).map((name) => `${name} in the chat stream`));
    await check("GET /api/chat/messages", user.api.get("/api/chat/messages"));
    await check("POST /api/chat/stream", user.api.post("/api/chat/stream", { data: { startingAfter: 0 } }));
    await check("POST /api/chat/cancel", user.api.post("/api/chat/cancel", { data: {} }));
    // Errors: upstream failure, validation, signed out, not an admin, unknown route.
    const match = `fail-${randomUUID().slice(0, 8)}`;
    await injectFault({ type: "http_500", match });
    await check("a send Letta failed", user.api.post("/api/chat/messages", { data: { text: `please ${match}`, otid: randomUUID() } }));
    await check("a 400", user.api.post("/api/chat/messages", { data: { text: "" } }));
    await check("a 401", anon.get("/api/chat/messages"));
    await check("a 404 for a non-admin", user.api.get("/api/admin/users"));
    await check("an unknown API route", user.api.get("/api/no-such-route"));
    // The admin API.
    for (const path of ["/api/admin/users", `/api/admin/users/${user.id}`, `/api/admin/users/${user.id}/messages`, "/api/admin/audit", "/api/admin/memory"]) {
      await check(path, admin.api.get(path));
    }
    // Auth.js: session, CSRF, providers, and a sign-in's redirect (which sets the session cookie).
    for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers"]) await check(path, user.api.get(path));
    await check("/api/health", anon.get("/api/health"));
    const { csrfToken } = (await (await anon.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await check("a sign-in", anon.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: user.email, password: user.password, callbackUrl: "/" }, maxRedirects: 0,
    }));
    expect(found).toEqual([]);
    await anon.dispose();
  });
});
