// Threadline as a hostile user sees it, over real HTTP against the production build: every route and page, as
// anonymous, as another user, as a non-admin, and as an admin of a deployment with thread access switched off (a
// second instance of the same build). Hundreds of malformed requests; the promises checked on every answer:
//   - never a 5xx;
//   - an API error is our JSON shape with a readable message;
//   - no response carries another user's words, email or conversation;
// and afterwards a normal chat turn still works.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createUser, database, resetRateLimits } from "./helpers/db";
import { injectFault } from "./helpers/letta-control";
import { persona, type Persona } from "./helpers/session";
import { startInstance, type Instance } from "./helpers/server";
import { assistantText, openStream, parseSse, runIdOf } from "./helpers/sse";

type Who = { name: string; base: string; cookie: string; forbidden: string[] };
type Attempt = { method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH"; path: string; body?: string | null; headers?: Record<string, string> };
type Answer = { status: number; text: string; type: string };

let base: string;
let off: Instance;
let a: Persona;
let b: Persona;
let admin: Persona;
let adminOff: Persona; // an admin, using the instance that runs with ADMIN_THREAD_ACCESS=off
const secret = `quokka-${randomUUID().slice(0, 8)}`;
const aFacts = { conversationId: "", messageId: "", runId: "", otid: randomUUID() };
const stats = { requests: 0 };

async function call(who: Pick<Who, "base" | "cookie">, attempt: Attempt): Promise<Answer> {
  stats.requests += 1;
  const headers: Record<string, string> = { ...(who.cookie ? { cookie: who.cookie } : {}), ...attempt.headers };
  if (attempt.body !== undefined && attempt.body !== null && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  const response = await fetch(`${who.base}${attempt.path}`, {
    method: attempt.method, headers, body: attempt.body ?? undefined, redirect: "manual",
  });
  return { status: response.status, text: await response.text(), type: response.headers.get("content-type") ?? "" };
}

/** The promises every answer keeps; returns a description of each one broken. */
function problems(who: Who, attempt: Attempt, answer: Answer): string[] {
  const found: string[] = [];
  const label = `${who.name} ${attempt.method} ${attempt.path.slice(0, 120)}`;
  if (answer.status >= 500) found.push(`${label}: ${answer.status} ${answer.text.slice(0, 200)}`);
  for (const word of who.forbidden) if (word && answer.text.includes(word)) found.push(`${label}: leaked ${word}`);
  // Node's HTTP server refuses oversized URLs (431/414) and Next refuses a method a route does not have (405, with
  // an Allow header) before any code of ours runs: clear 4xx answers, though not in our shape.
  const beforeOurCode = answer.status === 431 || answer.status === 414 || answer.status === 405;
  if (attempt.path.startsWith("/api/") && answer.status >= 400 && !beforeOurCode && !attempt.path.startsWith("/api/auth/")) {
    let body: { error?: { code?: unknown; message?: unknown } } | null = null;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = null;
    }
    const ok = typeof body?.error?.code === "string" && typeof body.error.message === "string" && body.error.message.length > 3;
    if (!ok) found.push(`${label}: ${answer.status} is not our error shape: ${answer.text.slice(0, 120)}`);
  }
  return found;
}

async function attack(who: Who, attempts: Attempt[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  const broken: string[] = [];
  for (const attempt of attempts) {
    const answer = await call(who, attempt);
    answers.push(answer);
    broken.push(...problems(who, attempt, answer));
  }
  expect(broken, broken.slice(0, 20).join("\n")).toEqual([]);
  return answers;
}

/** Hostile tests must not stop at the per-minute limits: what is tested is validation, not the limiter. */
const resetLimits = (...users: Persona[]) => resetRateLimits(...users.map((u) => u.id));

const who = (name: string, p: Persona | null, forbidden: string[], at = base): Who => ({ name, base: at, cookie: p?.cookie ?? "", forbidden });
const aWords = () => [secret, a.email, aFacts.conversationId];

// Values for JSON fields and for query parameters.
const HOSTILE_STRINGS = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "x".repeat(20_000), "<script>alert(1)</script>", "' OR 1=1; --",
  "../../../etc/passwd", "%00", "\u202e", "null", "-1", "1e309", "9".repeat(40), "🙂".repeat(3), "message-00000000-0000-0000-0000-000000000000",
  "run-00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000",
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS, null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 64, [], {}, [1, 2], { $ne: null }, { toString: "x" },
];
/** Query values as they arrive on the wire: some already percent-encoded (bytes no browser would send). */
const HOSTILE_QUERY = [
  ...HOSTILE_STRINGS.filter((s) => !/[\ud800-\udfff]/.test(s) || /\p{Extended_Pictographic}/u.test(s)).map((s) => encodeURIComponent(s)),
  "%ED%A0%80", "%FF%FE", "%C0%80", "%", "%%", "a&{p}=b", "9223372036854775808", "-9223372036854775809", "0x10", "1e3", "NaN", "Infinity",
];

const json = (value: unknown) => JSON.stringify(value);
/** Bodies no route should accept, whatever its fields. */
const BAD_BODIES: Attempt["body"][] = [
  "{", "[]", "null", "123", '"text"', "[".repeat(100_000) + "]".repeat(100_000), json({ text: "x".repeat(1_000_000) }),
  "\ufeff{}", '{"__proto__":{"admin":true}}', '{"text":"a","text":"b"}', "{\"text\":\"\\ud800\"}",
];

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  base = baseURL!;
  [a, b, admin] = await Promise.all([
    persona(base, { name: "Ada Target" }), persona(base, { name: "Bob Hostile" }), persona(base, { role: "ADMIN", name: "Ann Admin" }),
  ]);
  off = await startInstance({ ADMIN_THREAD_ACCESS: "off" });
  adminOff = await persona(off.url, { role: "ADMIN", name: "Otto Off" });
  // A's thread: a secret, a finished run, known ids.
  const { runId, done } = await openStream(`${base}/api/chat/messages`, a.cookie, { text: `my code word is ${secret}`, otid: aFacts.otid });
  await done;
  aFacts.runId = runId!;
  const { rows } = await database().query(`SELECT "lettaConversationId" FROM "Conversation" WHERE "userId" = $1`, [a.id]);
  aFacts.conversationId = rows[0].lettaConversationId;
  const page = (await (await a.api.get("/api/chat/messages")).json()) as { items: Array<{ id: string; kind: string; otid: string | null }> };
  aFacts.messageId = page.items.find((item) => item.kind === "user")!.id;
  // The browser gets its own otid back in the history, though Letta stores it masked.
  expect(page.items.find((item) => item.kind === "user")!.otid).toBe(aFacts.otid);
});

test.afterAll(async () => {
  await off?.stop();
  console.log(`hostile suite: ${stats.requests} requests`);
});

test.describe("hostile input", () => {
  test("chat routes: every field and query parameter, with hostile values, as another user", async () => {
    const bob = who("B", b, aWords());
    const attempts: Attempt[] = [];
    for (const value of HOSTILE_QUERY) {
      attempts.push({ method: "GET", path: `/api/chat/messages?before=${value.replace("{p}", "before")}` });
      attempts.push({ method: "GET", path: `/api/chat/messages?limit=${value.replace("{p}", "limit")}` });
      attempts.push({ method: "GET", path: `/api/chat/search?q=${value.replace("{p}", "q")}` });
      attempts.push({ method: "GET", path: `/api/chat/search?q=hello&limit=${value.replace("{p}", "limit")}` });
      attempts.push({ method: "GET", path: `/api/chat/search?q=hello&before=${value.replace("{p}", "before")}` });
      // A's secret as B's query, mixed with hostile values: B's own thread has none of it.
      attempts.push({ method: "GET", path: `/api/chat/search?q=${secret}%20${value.replace("{p}", "x")}` });
    }
    for (const value of HOSTILE_VALUES) {
      attempts.push({ method: "POST", path: "/api/chat/stream", body: json({ runId: value }) });
      attempts.push({ method: "POST", path: "/api/chat/stream", body: json({ otid: value }) });
      attempts.push({ method: "POST", path: "/api/chat/stream", body: json({ startingAfter: value }) });
      attempts.push({ method: "POST", path: "/api/chat/messages", body: json({ text: "hello", otid: value }) });
    }
    for (const body of BAD_BODIES) {
      for (const path of ["/api/chat/messages", "/api/chat/stream", "/api/chat/cancel"]) attempts.push({ method: "POST", path, body });
    }
    for (const method of ["PUT", "DELETE", "PATCH"] as const) {
      for (const path of ["/api/chat/messages", "/api/chat/stream", "/api/chat/cancel", "/api/chat/usage", "/api/chat/search", "/api/cron/usage", "/api/health", "/api/ready"]) {
        attempts.push({ method, path, body: "{}" });
      }
    }
    await resetLimits(b);
    await attack(bob, attempts);
    // The message text itself, on its own limit window (a valid one starts a real run, whose reply is read to the end).
    for (const text of HOSTILE_VALUES) {
      await resetLimits(b);
      await attack(bob, [{ method: "POST", path: "/api/chat/messages", body: json({ text, otid: randomUUID() }) }]);
    }
    // Images: the list, an image's type and its data, hostile (with no text, so nothing valid starts a run).
    const images: Attempt[] = HOSTILE_VALUES.flatMap((value) => [
      { method: "POST" as const, path: "/api/chat/messages", body: json({ text: "", otid: randomUUID(), images: value }) },
      { method: "POST" as const, path: "/api/chat/messages", body: json({ text: "", otid: randomUUID(), images: [value] }) },
      { method: "POST" as const, path: "/api/chat/messages", body: json({ text: "", otid: randomUUID(), images: [{ mediaType: value, data: "iVBORw0KGgo=" }] }) },
      { method: "POST" as const, path: "/api/chat/messages", body: json({ text: "", otid: randomUUID(), images: [{ mediaType: "image/png", data: value }] }) },
    ]);
    await resetLimits(b);
    await attack(bob, images);
    expect(attempts.length + HOSTILE_VALUES.length).toBeGreaterThan(200);
  });

  test("wrong content types are 415, oversized bodies 413, malformed JSON 400", async () => {
    const bob = who("B", b, aWords());
    await resetLimits(b);
    const valid = json({ text: "hi", otid: randomUUID() });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "text/html"]) {
      const answer = await call(bob, { method: "POST", path: "/api/chat/messages", body: valid, headers: { "content-type": type } });
      expect(answer.status, type).toBe(415);
      expect(JSON.parse(answer.text).error.message).toContain("JSON");
    }
    expect((await call(bob, { method: "POST", path: "/api/chat/messages", body: json({ text: "x".repeat(30 * 1024 * 1024), otid: randomUUID() }) })).status).toBe(413);
    const invalid = await call(bob, { method: "POST", path: "/api/chat/messages", body: "{" });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text)).toEqual({ error: { code: "bad_request:api", message: "The request body must be valid JSON.", requestId: expect.any(String) } });
  });

  test("admin routes: every filter, cursor and id, with hostile values", async () => {
    const ann = who("admin", admin, [secret]);
    const attempts: Attempt[] = [];
    for (const value of HOSTILE_QUERY) {
      for (const param of ["q", "sort", "cursor", "limit"]) attempts.push({ method: "GET", path: `/api/admin/users?${param}=${value.replace("{p}", param)}` });
      for (const param of ["admin", "user", "cursor", "limit"]) attempts.push({ method: "GET", path: `/api/admin/audit?${param}=${value.replace("{p}", param)}` });
      attempts.push({ method: "GET", path: `/api/admin/users/${value.replace("{p}", "x")}` });
    }
    for (const value of HOSTILE_VALUES) {
      attempts.push({ method: "POST", path: `/api/admin/users/${b.id}/actions`, body: json({ action: value }) });
      attempts.push({ method: "POST", path: `/api/admin/users/${b.id}/stream`, body: json({ runId: value }) });
      attempts.push({ method: "POST", path: `/api/admin/users/${b.id}/stream`, body: json({ startingAfter: value }) });
    }
    for (const body of BAD_BODIES) attempts.push({ method: "POST", path: `/api/admin/users/${b.id}/actions`, body });
    // Usage budgets, on a throwaway user (a hostile value can be a valid limit, 0 say), and the CSV's month.
    const budgetTarget = await createUser();
    for (const value of HOSTILE_VALUES) {
      attempts.push({ method: "PUT", path: `/api/admin/users/${budgetTarget.id}/budget`, body: json({ messagesPerDay: value, tokensPerDay: value, tokensPerMonth: "default" }) });
    }
    for (const body of BAD_BODIES) attempts.push({ method: "PUT", path: `/api/admin/users/${budgetTarget.id}/budget`, body });
    for (const value of HOSTILE_QUERY) {
      attempts.push({ method: "GET", path: `/api/admin/usage/export?month=${value.replace("{p}", "month")}` });
      attempts.push({ method: "PUT", path: `/api/admin/users/${value.replace("{p}", "x")}/budget`, body: json({ messagesPerDay: 1, tokensPerDay: 1, tokensPerMonth: 1 }) });
    }
    // Hand-made cursors: a year-0000 date, a number beyond bigint, an id with a NUL.
    const cursor = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const c of [
      cursor({ s: "joined", t: "0000-01-01T00:00:00.000Z", i: "x" }), cursor({ s: "activity", p: "active", t: "275760-09-13T00:00:00.000Z", i: "x" }),
      cursor({ s: "joined", t: "2026-01-01T00:00:00.000Z", i: "a\u0000b" }), cursor({ s: "joined", t: "2026-01-01T00:00:00.000Z", i: "x".repeat(5000) }),
    ]) attempts.push({ method: "GET", path: `/api/admin/users?sort=joined&cursor=${c}` });
    // Only what a real admin may see is allowed through; thread content must come only from the thread routes.
    for (let i = 0; i < attempts.length; i += 250) {
      await resetLimits(admin);
      await attack(ann, attempts.slice(i, i + 250));
    }
    expect(attempts.length).toBeGreaterThan(150);
  });

  test("each reported case answers a clear 400 (ids, cursors, NUL bytes, broken text)", async () => {
    await resetLimits(b, admin);
    const cases: Array<[Persona, Attempt, RegExp]> = [
      [b, { method: "GET", path: "/api/chat/messages?before=message-00000000-0000-0000-0000-000000000000" }, /before/],
      [b, { method: "GET", path: "/api/chat/search" }, /q is required/],
      [b, { method: "GET", path: "/api/chat/search?q=%20" }, /q is required/],
      [b, { method: "GET", path: `/api/chat/search?q=${"x".repeat(201)}` }, /at most 200/],
      [b, { method: "GET", path: "/api/chat/search?q=a%00b" }, /can't be stored/],
      [b, { method: "GET", path: "/api/chat/search?q=a&q=b" }, /given once/],
      [b, { method: "GET", path: "/api/chat/search?q=a&conversationId=conv-1" }, /Unknown parameter: conversationId/],
      [b, { method: "GET", path: "/api/chat/search?q=a&limit=500" }, /limit/],
      // A cursor of the right shape that this server never signed (A's message id, a made-up signature).
      [b, { method: "GET", path: `/api/chat/search?q=a&before=${aFacts.messageId}.AAAAAAAAAAAAAAAAAAAAAA` }, /nextCursor of an earlier search/],
      [b, { method: "POST", path: "/api/chat/stream", body: json({ runId: "run-00000000-0000-0000-0000-000000000000" }) }, /runId/],
      [b, { method: "POST", path: "/api/chat/messages", body: json({ text: "a\u0000b", otid: randomUUID() }) }, /can't be stored/],
      [b, { method: "POST", path: "/api/chat/messages", body: json({ text: "broken \ud83d emoji", otid: randomUUID() }) }, /can't be stored/],
      [admin, { method: "GET", path: "/api/admin/users?q=a%00b" }, /can't be stored/],
      [admin, { method: "GET", path: "/api/admin/audit?user=a%00b" }, /can't be stored/],
      [admin, { method: "GET", path: "/api/admin/audit?cursor=9999999999999999999" }, /cursor/],
      [b, { method: "GET", path: "/api/account/reads?cursor=9223372036854775808" }, /cursor/],
      [admin, { method: "GET", path: `/api/admin/users?sort=joined&cursor=${Buffer.from(JSON.stringify({ s: "joined", t: "0000-01-01T00:00:00.000Z", i: "x" })).toString("base64url")}` }, /cursor|valid/i],
    ];
    for (const [p, attempt, message] of cases) {
      const answer = await call({ base, cookie: p.cookie }, attempt);
      expect(answer.status, `${attempt.method} ${attempt.path}`).toBe(400);
      expect(JSON.parse(answer.text).error.message, attempt.path).toMatch(message);
    }
  });

  test("forged, truncated and foreign session cookies read as signed out, on pages and APIs", async () => {
    const good = a.cookie.split("; ").find((c) => c.startsWith("authjs.session-token="))!.slice("authjs.session-token=".length);
    const b64 = (value: string) => Buffer.from(value).toString("base64url");
    const rest = good.split(".").slice(1).join(".");
    const forged = [
      "", "x", "null", `${b64("null")}.${rest}`, `${b64("[]")}.${rest}`, `${b64("1")}.${rest}`, `${b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}")}.${rest}`,
      good.slice(0, good.length >> 1), good.slice(0, -2), `${good}x`, "....", "a.b.c.d.e", "%00", "é".repeat(10),
    ];
    const attempts: Array<[string, Attempt]> = [];
    for (const value of forged) {
      for (const name of ["authjs.session-token", "authjs.session-token.0", "__Secure-authjs.session-token"]) {
        const cookie = `${name}=${value}`;
        attempts.push([cookie, { method: "GET", path: "/api/chat/messages" }]);
        attempts.push([cookie, { method: "POST", path: "/api/chat/messages", body: json({ text: "hi", otid: randomUUID() }) }]);
        attempts.push([cookie, { method: "GET", path: "/api/admin/users" }]);
        attempts.push([cookie, { method: "GET", path: "/" }]);
        attempts.push([cookie, { method: "GET", path: "/settings" }]);
        attempts.push([cookie, { method: "GET", path: "/admin" }]);
      }
    }
    const broken: string[] = [];
    for (const [cookie, attempt] of attempts) {
      const target = { name: `cookie ${cookie.slice(0, 40)}`, base, cookie, forbidden: aWords() };
      const answer = await call(target, attempt);
      broken.push(...problems(target, attempt, answer));
      const expected = attempt.path.startsWith("/api/") ? [401] : [302, 303, 307];
      if (!expected.includes(answer.status)) broken.push(`${target.name} ${attempt.path}: ${answer.status}`);
    }
    expect(broken, broken.slice(0, 20).join("\n")).toEqual([]);
    expect(attempts.length).toBeGreaterThan(200);
  });

  test("pages and unknown paths: hostile query strings and paths never 5xx, never leak", async () => {
    const attempts: Attempt[] = [];
    for (const value of HOSTILE_QUERY.slice(0, 16)) {
      for (const path of ["/", "/settings", "/admin", "/admin/audit", "/sign-in", "/sign-up", "/forgot-password", "/reset-password", "/no-such-page"]) {
        attempts.push({ method: "GET", path: `${path}?callbackUrl=${value}&q=${value}&cursor=${value}&error=${value}&code=${value}&token=${value}&reset=${value}` });
      }
    }
    for (const path of [
      "/admin/users/%00", "/admin/users/..%2F..%2Fetc", `/admin/users/${"x".repeat(3000)}`, "/admin/users/%ED%A0%80", "/%C0%AE%C0%AE/",
      "/api/admin/%ED%A0%80", "/api/admin/users/%FF/messages", "/api/chat/%00", "/api/no/such/route", "/_next/static/..%2F..%2Fpackage.json",
    ]) {
      attempts.push({ method: "GET", path });
    }
    await resetLimits(b);
    await attack(who("B", b, aWords()), attempts);
    await attack(who("anonymous", null, aWords()), attempts.slice(0, 60));
  });
});

test.describe("who may see what", () => {
  test("another user never reaches A's reply by A's otid, run id or message id: live or finished", async () => {
    await resetLimits(b);
    // Resuming A's run, by A's run id or otid: nothing to follow.
    for (const data of [{ runId: aFacts.runId }, { otid: aFacts.otid }, { runId: aFacts.runId, otid: aFacts.otid }]) {
      const response = await b.api.post("/api/chat/stream", { data });
      expect(response.status(), JSON.stringify(data)).toBe(204);
    }
    // Finished: B sends with A's otid and gets B's own reply, as a new run of B's own conversation.
    const finished = parseSse(await (await b.api.post("/api/chat/messages", { data: { text: "what did I say?", otid: aFacts.otid } })).text());
    expect(runIdOf(finished)).toBeTruthy();
    expect(runIdOf(finished)).not.toBe(aFacts.runId);
    expect(JSON.stringify(finished)).not.toContain(secret);
    // From now on that otid is also B's: resuming by it follows B's own run, never A's.
    const own = parseSse(await (await b.api.post("/api/chat/stream", { data: { otid: aFacts.otid } })).text());
    expect(runIdOf(own)).toBe(runIdOf(finished));
    expect(JSON.stringify(own)).not.toContain(secret);
    // A's message id as B's cursor: nothing of A's.
    const page = await b.api.get(`/api/chat/messages?before=${aFacts.messageId}`);
    expect(await page.text()).not.toContain(secret);

    // Live: while A's reply streams, B (and an admin on a deployment with thread access off) send with A's otid.
    const otid = randomUUID();
    const tag = `live-${randomUUID().slice(0, 8)}`;
    await injectFault({ type: "long_reply", match: tag, tokens: 400, token_delay_ms: 10 });
    const live = await openStream(`${base}/api/chat/messages`, a.cookie, { text: `${tag} ${secret} again`, otid });
    const auditBefore = await database().query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "targetUserId" = $1`, [a.id]);
    const fromB = await b.api.post("/api/chat/messages", { data: { text: "hello", otid } });
    const fromAdminOff = await fetch(`${off.url}/api/chat/messages`, {
      method: "POST", headers: { cookie: adminOff.cookie, "content-type": "application/json" }, body: JSON.stringify({ text: "hello", otid }),
    });
    const bText = await fromB.text();
    const offText = await fromAdminOff.text();
    expect(fromB.status()).toBe(200);
    expect(fromAdminOff.status).toBe(200);
    for (const text of [bText, offText]) {
      expect(text).not.toContain(secret);
      expect(runIdOf(parseSse(text))).not.toBe(live.runId);
    }
    const aFrames = await live.done;
    expect(assistantText(aFrames).length).toBeGreaterThan(0);
    const auditAfter = await database().query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "targetUserId" = $1`, [a.id]);
    expect(auditAfter.rows[0].n).toBe(auditBefore.rows[0].n);
  });

  test("account routes (export, reads, delete): hostile values, and nobody else's data", async () => {
    const bob = who("B", b, aWords());
    const attempts: Attempt[] = [];
    for (const value of HOSTILE_QUERY) {
      attempts.push({ method: "GET", path: `/api/account/export?format=${value.replace("{p}", "format")}` });
      attempts.push({ method: "GET", path: `/api/account/reads?cursor=${value.replace("{p}", "cursor")}` });
      attempts.push({ method: "GET", path: `/api/account/reads?limit=${value.replace("{p}", "limit")}` });
    }
    for (const value of HOSTILE_VALUES) {
      attempts.push({ method: "POST", path: "/api/account/delete", body: json({ password: value }) });
      attempts.push({ method: "POST", path: "/api/account/delete", body: json({ email: value }) });
    }
    for (const body of BAD_BODIES) attempts.push({ method: "POST", path: "/api/account/delete", body });
    for (let i = 0; i < attempts.length; i += 8) {
      await resetLimits(b);
      await attack(bob, attempts.slice(i, i + 8));
    }
    // None of it deleted B's account.
    expect((await database().query(`SELECT 1 FROM "User" WHERE id = $1`, [b.id])).rowCount).toBe(1);
  });

  test("every API route as anonymous, another user, a non-admin, and an admin with thread access off", async () => {
    await resetLimits(b, adminOff);
    const routes: Array<{ attempt: Attempt; anonymous: number; user: number; adminOff: number }> = [
      { attempt: { method: "GET", path: "/api/chat/messages" }, anonymous: 401, user: 200, adminOff: 200 },
      { attempt: { method: "POST", path: "/api/chat/stream", body: "{}" }, anonymous: 401, user: 204, adminOff: 204 },
      { attempt: { method: "POST", path: "/api/chat/cancel", body: "{}" }, anonymous: 401, user: 200, adminOff: 200 },
      { attempt: { method: "GET", path: `/api/chat/search?q=${secret}` }, anonymous: 401, user: 200, adminOff: 200 },
      { attempt: { method: "GET", path: "/api/admin/users" }, anonymous: 401, user: 404, adminOff: 200 },
      { attempt: { method: "GET", path: `/api/admin/users/${a.id}` }, anonymous: 401, user: 404, adminOff: 200 },
      { attempt: { method: "GET", path: `/api/admin/users/${a.id}/messages` }, anonymous: 401, user: 404, adminOff: 403 },
      { attempt: { method: "POST", path: `/api/admin/users/${a.id}/stream`, body: "{}" }, anonymous: 401, user: 404, adminOff: 403 },
      { attempt: { method: "POST", path: `/api/admin/users/${a.id}/compact`, body: "{}" }, anonymous: 401, user: 404, adminOff: 403 },
      { attempt: { method: "POST", path: `/api/admin/users/${a.id}/actions`, body: json({ action: "enable" }) }, anonymous: 401, user: 404, adminOff: 409 }, // already enabled: managing accounts still works
      { attempt: { method: "GET", path: `/api/admin/audit?user=${a.id}` }, anonymous: 401, user: 404, adminOff: 200 },
      { attempt: { method: "GET", path: "/api/admin/memory" }, anonymous: 401, user: 404, adminOff: 200 },
      { attempt: { method: "GET", path: "/api/admin/no-such-route" }, anonymous: 401, user: 404, adminOff: 404 },
      { attempt: { method: "DELETE", path: "/api/admin/users/cnosuchuser000000000000000" }, anonymous: 401, user: 404, adminOff: 404 },
      { attempt: { method: "GET", path: "/api/account/export?format=json" }, anonymous: 401, user: 200, adminOff: 200 },
      { attempt: { method: "GET", path: "/api/account/export" }, anonymous: 401, user: 200, adminOff: 200 },
      { attempt: { method: "GET", path: "/api/account/reads" }, anonymous: 401, user: 200, adminOff: 200 },
      { attempt: { method: "POST", path: "/api/account/delete", body: json({ password: "not-the-password" }) }, anonymous: 401, user: 400, adminOff: 400 },
    ];
    const broken: string[] = [];
    for (const route of routes) {
      for (const [target, expected] of [
        [who("anonymous", null, aWords()), route.anonymous], [who("B", b, aWords()), route.user],
        [who("admin-off", adminOff, [secret], off.url), route.adminOff],
      ] as const) {
        const answer = await call(target, route.attempt);
        broken.push(...problems(target, route.attempt, answer));
        if (answer.status !== expected) broken.push(`${target.name} ${route.attempt.method} ${route.attempt.path}: ${answer.status}, expected ${expected}`);
      }
    }
    expect(broken, broken.join("\n")).toEqual([]);
  });

  test("pages: signed out goes to sign-in, a non-admin sees the 404 page on admin pages, admin-off sees no thread", async () => {
    const pages = ["/", "/settings", "/admin", `/admin/users/${a.id}`, "/admin/audit", "/admin/memory"];
    for (const path of pages) {
      const anonymous = await call({ base, cookie: "" }, { method: "GET", path });
      expect(anonymous.status, path).toBe(307);
      const asB = await call(who("B", b, aWords()), { method: "GET", path });
      expect(asB.status, path).toBe(path.startsWith("/admin") ? 404 : 200);
      expect(asB.text).not.toContain(secret);
      const asOff = await call(who("admin-off", adminOff, [secret], off.url), { method: "GET", path });
      expect(asOff.status, path).toBe(200);
      expect(asOff.text).not.toContain(secret);
    }
  });
});

test.describe("cross-site requests and the session cookie", () => {
  test("a state-changing request from another site is refused with 403 before anything happens", async () => {
    await resetLimits(a);
    const body = json({ text: "from evil", otid: randomUUID() });
    const cases: Array<Record<string, string>> = [
      { origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" },
      { origin: base.replace("127.0.0.1", "localhost") }, { "sec-fetch-site": "cross-site", origin: base },
    ];
    for (const headers of cases) {
      for (const path of ["/api/chat/messages", "/api/chat/cancel", `/api/admin/users/${b.id}/actions`]) {
        const answer = await call({ base, cookie: path.includes("admin") ? admin.cookie : a.cookie }, { method: "POST", path, body, headers });
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(JSON.parse(answer.text)).toEqual({ error: { code: "forbidden:api", message: "Requests from other sites are not allowed.", requestId: expect.any(String) } });
      }
    }
    // Our own origin, as a browser sends it, works.
    const same = await call({ base, cookie: a.cookie }, { method: "POST", path: "/api/chat/cancel", body: "{}", headers: { origin: base, "sec-fetch-site": "same-origin" } });
    expect(same.status).toBe(200);
    // Reads are not state-changing: a cross-site GET is answered (the browser's CORS rules keep its body from the other site).
    expect((await call({ base, cookie: a.cookie }, { method: "GET", path: "/api/chat/messages", headers: { "sec-fetch-site": "cross-site" } })).status).toBe(200);
  });

  test("the session cookie is HttpOnly and SameSite=Lax, and Secure (with the __Secure- name) over https", async () => {
    const signIn = async (headers: Record<string, string>) => {
      const csrf = await fetch(`${base}/api/auth/csrf`, { headers });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const response = await fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST", redirect: "manual",
        headers: { ...headers, cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, email: a.email, password: a.password, callbackUrl: "/" }),
      });
      return response.headers.getSetCookie().find((c) => /session-token=/.test(c)) ?? "";
    };
    const plain = await signIn({});
    expect(plain).toMatch(/^authjs\.session-token=/);
    expect(plain).toMatch(/;\s*HttpOnly/i);
    expect(plain).toMatch(/;\s*SameSite=Lax/i);
    const secure = await signIn({ "x-forwarded-proto": "https" });
    expect(secure).toMatch(/^__Secure-authjs\.session-token=/);
    expect(secure).toMatch(/;\s*Secure/i);
    expect(secure).toMatch(/;\s*HttpOnly/i);
    expect(secure).toMatch(/;\s*SameSite=Lax/i);
  });
});

test("after all of it, a normal chat turn still works for everyone", async () => {
  await resetLimits(a, b);
  for (const p of [a, b]) {
    const frames = parseSse(await (await p.api.post("/api/chat/messages", { data: { text: "Are you still there?", otid: randomUUID() } })).text());
    expect(assistantText(frames).length).toBeGreaterThan(0);
    expect(frames.at(-1)?.data).toBe("[DONE]");
  }
});
