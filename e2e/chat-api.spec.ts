// The chat route handlers over real HTTP, against the production build, the
// local Letta server and Postgres: ownership, concurrency, validation, paging.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { database } from "./helpers/db";
import { injectFault, lettaClient } from "./helpers/letta-control";
import { persona, type Persona } from "./helpers/session";
import { assistantText, ofType, openStream, parseSse, runIdOf } from "./helpers/sse";

type ChatItem = { id: string; otid: string | null; kind: string; text?: string };
type Page = { items: ChatItem[]; nextCursor: string | null };

const send = (api: APIRequestContext, text: string, otid: string = randomUUID()) =>
  api.post("/api/chat/messages", { data: { text, otid } });

async function history(api: APIRequestContext, query = ""): Promise<Page> {
  const response = await api.get(`/api/chat/messages${query}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Page;
}

let a: Persona;
let b: Persona;
let base: string;
test.beforeAll(async ({ baseURL }) => {
  base = baseURL!;
  [a, b] = await Promise.all([persona(base, { name: "Alice" }), persona(base, { name: "Bob" })]);
});

/** Starts a slow reply (the local Letta server's long_reply fault) and waits until it is running. */
async function startSlowReply(who: Persona, tokens: number) {
  const tag = `slow-${randomUUID()}`;
  await injectFault({ type: "long_reply", match: tag, tokens, token_delay_ms: 20 });
  return openStream(`${base}/api/chat/messages`, who.cookie, { text: `${tag} tell me a long story`, otid: randomUUID() });
}

test("the liveness check answers without a session, depends on nothing, and is never cached", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("the readiness check answers without a session: Postgres and Letta reachable, never cached", async ({ request }) => {
  const response = await request.get("/api/ready");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ready: true, draining: false, checks: { database: { ok: true }, letta: { ok: true } } });
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("a signed-out request is refused with 401 JSON", async ({ request }) => {
  const response = await request.post("/api/chat/messages", { data: { text: "hi", otid: randomUUID() } });
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: { code: "unauthorized:auth", message: "Please sign in again.", requestId: expect.any(String) } });
});

test("fifty concurrent first requests create exactly one conversation", async ({ baseURL }) => {
  const fresh = await persona(baseURL!);
  const responses = await Promise.all(Array.from({ length: 50 }, () => fresh.api.get("/api/chat/messages")));
  expect(responses.map((r) => r.status())).toEqual(Array(50).fill(200));
  const rows = await database().query(`SELECT "lettaConversationId" FROM "Conversation" WHERE "userId" = $1`, [fresh.id]);
  expect(rows.rowCount).toBe(1);
  expect(rows.rows[0].lettaConversationId).toMatch(/^conv-/);
});

test("a send streams the reply token by token and ends cleanly", async () => {
  const response = await send(a.api, "Tell me about tide pools please");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/event-stream");
  const frames = parseSse(await response.text());
  expect(runIdOf(frames)).toMatch(/^run-/);
  const deltas = ofType(frames, "assistant_message");
  expect(deltas.length).toBeGreaterThan(3);
  expect(new Set(deltas.map((f) => f.json!.id)).size).toBe(1); // one message, many tokens
  expect(assistantText(frames).toLowerCase()).toContain("tide pools");
  expect(ofType(frames, "stop_reason")[0]?.json?.stop_reason).toBe("end_turn");
  expect(frames.at(-1)?.data).toBe("[DONE]");
  expect(frames.some((f) => f.json?.message_type === "system_message")).toBe(false);
});

test("the history shows the user's message with its otid and the reply once", async () => {
  const otid = randomUUID();
  const reply = assistantText(parseSse(await (await send(a.api, "Remind me what a gannet is", otid)).text()));
  const { items } = await history(a.api);
  const mine = items.filter((i) => i.otid === otid);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ kind: "user", text: "Remind me what a gannet is" });
  const after = items.slice(items.indexOf(mine[0]!) + 1);
  expect(after.filter((i) => i.kind === "assistant" && i.text === reply)).toHaveLength(1);
  expect(items.some((i) => i.kind === "system" as string)).toBe(false);
});

test.describe("validation", () => {
  for (const [name, body, message] of [
    ["an empty message", { text: "   ", otid: randomUUID() }, "text: Write a message first."],
    ["a message over the limit", { text: "x".repeat(8001), otid: randomUUID() }, "text: Messages can be at most 8,000 characters."],
    ["a bad otid", { text: "hello", otid: "nope" }, "otid: otid must be a UUID."],
  ] as const) {
    test(`rejects ${name} with a clear 400`, async () => {
      const response = await a.api.post("/api/chat/messages", { data: body });
      expect(response.status()).toBe(400);
      expect(await response.json()).toEqual({ error: { code: "bad_request:api", message, requestId: expect.any(String) } });
    });
  }

  test("rejects malformed JSON with a 400, not a 500", async () => {
    const response = await a.api.post("/api/chat/messages", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(response.status()).toBe(400);
    expect((await response.json()).error.message).toBe("The request body must be valid JSON.");
  });

  test("rejects a malformed history cursor", async () => {
    const response = await a.api.get("/api/chat/messages?before=conv-123");
    expect(response.status()).toBe(400);
  });
});

test("a send while a reply is running is refused with the run to attach to", async ({ baseURL }) => {
  const user = await persona(baseURL!);
  const first = await startSlowReply(user, 60);
  const busy = await send(user.api, "still there?");
  expect(busy.status()).toBe(409);
  const body = (await busy.json()) as { error: { code: string; message: string; runId: string } };
  expect(body.error.code).toBe("conflict:message");
  expect(body.error.message).toMatch(/Still answering/);
  expect(body.error.runId).toMatch(/^run-/);

  const resumed = parseSse(await (await user.api.post("/api/chat/stream", { data: { runId: body.error.runId, startingAfter: 0 } })).text());
  const original = await first.done;
  expect(first.runId).toBe(body.error.runId);
  expect(assistantText(resumed)).toBe(assistantText(original));
  expect(resumed.at(-1)?.data).toBe("[DONE]");
});

test.describe("isolation between users", () => {
  test("B can never read, resume, stop or post into A's conversation", async () => {
    const secret = `pelican-${randomUUID().slice(0, 6)}`;
    const tag = `iso-${randomUUID()}`;
    await injectFault({ type: "long_reply", match: tag, tokens: 40, token_delay_ms: 25 });
    const aRun = await openStream(`${base}/api/chat/messages`, a.cookie, { text: `${tag} my code word is ${secret}`, otid: randomUUID() });
    const aRunId = aRun.runId!;

    // Read: B's history never shows A's words.
    expect(JSON.stringify(await history(b.api))).not.toContain(secret);
    // Resume: A's run id means nothing to B.
    const resume = await b.api.post("/api/chat/stream", { data: { runId: aRunId } });
    expect(resume.status()).toBe(204);
    expect(await resume.text()).toBe("");
    // Stop: B's cancel does not touch A's run.
    expect(await (await b.api.post("/api/chat/cancel")).json()).toEqual({ cancelled: false });
    // Post: B's message lands in B's conversation only.
    const bText = `bob-only-${randomUUID().slice(0, 6)}`;
    expect((await send(b.api, bText)).status()).toBe(200);

    const aFrames = await aRun.done;
    expect(ofType(aFrames, "stop_reason")[0]?.json?.stop_reason).toBe("end_turn");
    const aHistory = JSON.stringify(await history(a.api));
    expect(aHistory).toContain(secret);
    expect(aHistory).not.toContain(bText);
    expect(JSON.stringify(await history(b.api))).toContain(bText);
  });
});

test("history pages cover every message exactly once, in order", async ({ baseURL }) => {
  const reader = await persona(baseURL!);
  for (let i = 1; i <= 6; i++) expect((await send(reader.api, `message number ${i}`)).status()).toBe(200);
  const all = (await history(reader.api, "?limit=100")).items;
  expect(all.filter((i) => i.kind === "user").map((i) => i.text)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `message number ${i}`));

  const pages: ChatItem[][] = [];
  let cursor: string | null | undefined;
  do {
    const page = await history(reader.api, `?limit=3${cursor ? `&before=${cursor}` : ""}`);
    pages.unshift(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 50);
  const paged = pages.flat();
  expect(paged.map((i) => `${i.id}/${i.kind}`)).toEqual(all.map((i) => `${i.id}/${i.kind}`));
  expect(pages.length).toBeGreaterThan(2);
});

test("stop cancels the reply and keeps what was generated", async ({ baseURL }) => {
  const user = await persona(baseURL!);
  const running = await startSlowReply(user, 200);
  await new Promise((r) => setTimeout(r, 500));
  expect(await (await user.api.post("/api/chat/cancel")).json()).toEqual({ cancelled: true });
  const frames = await running.done;
  expect(ofType(frames, "stop_reason")[0]?.json?.stop_reason).toBe("cancelled");
  const partial = assistantText(frames);
  expect(partial.length).toBeGreaterThan(0);
  const { items } = await history(user.api);
  expect(items.filter((i) => i.kind === "assistant").at(-1)?.text).toBe(partial);
});

test("an upstream failure reaches the user as a readable error", async () => {
  const tag = `fail-${randomUUID()}`;
  await injectFault({ type: "http_500", match: tag });
  const response = await send(a.api, `${tag} hello`);
  expect(response.status()).toBe(503);
  expect(await response.json()).toEqual({ error: { code: "offline:backend", message: "The assistant had a problem. Please try again.", requestId: expect.any(String) } });
});

test("a conversation Letta no longer knows is replaced, and the user is told", async ({ baseURL }) => {
  const user = await persona(baseURL!);
  await history(user.api); // creates the conversation
  const before = (await database().query(`SELECT "lettaConversationId" AS id FROM "Conversation" WHERE "userId" = $1`, [user.id])).rows[0].id;
  await (await lettaClient()).conversations.delete(before);

  expect(await history(user.api)).toEqual({ items: [], nextCursor: null });
  const frames = parseSse(await (await send(user.api, "hello again")).text());
  const notice = frames.find((f) => f.event === "threadline");
  expect(JSON.parse(notice!.data)).toEqual({ type: "notice", message: "Your earlier conversation could not be found, so a new one was started." });
  expect(ofType(frames, "stop_reason")[0]?.json?.stop_reason).toBe("end_turn");
  const after = (await database().query(`SELECT "lettaConversationId" AS id FROM "Conversation" WHERE "userId" = $1`, [user.id])).rows[0].id;
  expect(after).not.toBe(before);
  expect((await history(user.api)).items.map((i) => i.kind)).toContain("assistant");
});
