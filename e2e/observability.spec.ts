// Operations, on the production build: every request gets an id (its x-request-id header, error.requestId in an
// error body, "(ref …)" in the UI) and one JSON log line; with OTEL_* set, a chat turn is traced. The traced
// instance is a second `next start` of the same build, exporting to a tiny OTLP/HTTP receiver in this process:
// the app's real exporter, posting to a real socket.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { openChat, sendMessage, signInContext } from "./helpers/chat-page";
import { injectFault } from "./helpers/letta-control";
import { startInstance, type Instance } from "./helpers/server";
import { persona } from "./helpers/session";
import { tag } from "./helpers/upstream";

type Attribute = { key: string; value: { stringValue?: string; intValue?: string | number } };
type OtlpSpan = {
  traceId: string; spanId: string; parentSpanId?: string; name: string;
  startTimeUnixNano: string; endTimeUnixNano: string; attributes?: Attribute[];
};
type LogLine = { level: string; msg: string; request_id: string; method: string; path: string; status: number; duration_ms: number; trace_id?: string };

const spans: OtlpSpan[] = [];
let receiver: http.Server;
let traced: Instance;

test.beforeAll(async () => {
  // OTLP/HTTP with JSON bodies (OTEL_EXPORTER_OTLP_PROTOCOL=http/json): POST /v1/traces.
  receiver = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") {
        const payload = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
        for (const resource of payload.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  traced = await startInstance({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "200", // export batches every 200 ms (default 5 s)
    OTEL_SERVICE_NAME: "threadline-e2e",
  }, { captureStdout: true });
});

test.afterAll(async () => {
  await traced?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** The instance's one log line for this request id (lines are written when the response has closed). */
async function logLineOf(requestId: string): Promise<LogLine> {
  const linesFor = () => traced.stdout().filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.msg === "request" && line.request_id === requestId);
  await expect.poll(() => linesFor().length, { message: `a log line for request ${requestId}` }).toBeGreaterThan(0);
  expect(linesFor(), "exactly one line per request").toHaveLength(1);
  return linesFor()[0]!;
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

test("an error's request id is the same in its body, its x-request-id header and its log line", async ({ request }) => {
  const response = await request.post(`${traced.url}/api/chat/messages?search=private-words`, { data: { text: "hi", otid: randomUUID() } });
  expect(response.status()).toBe(401);
  const requestId = response.headers()["x-request-id"]!;
  expect(requestId).toMatch(/^[0-9a-f]{12}$/);
  expect(await response.json()).toEqual({ error: { code: "unauthorized:auth", message: "Please sign in again.", requestId } });
  const line = await logLineOf(requestId);
  expect(line).toMatchObject({ level: "info", method: "POST", path: "/api/chat/messages", status: 401 });
  expect(JSON.stringify(line)).not.toContain("private-words");

  // The error the proxy answers itself (a path that is not UTF-8) carries the id too.
  const malformed = await request.get(`${traced.url}/api/admin/%ED%A0%80`);
  expect(malformed.status()).toBe(400);
  expect(((await malformed.json()) as { error: { requestId: string } }).error.requestId).toBe(malformed.headers()["x-request-id"]);

  // A load balancer's id is kept; a page gets an id and a line too.
  const fromProxy = "lb-4bf92f3577b34da6a3ce929d0e0e4736";
  const page = await request.get(`${traced.url}/sign-in`, { headers: { "x-request-id": fromProxy } });
  expect(page.status()).toBe(200);
  expect(page.headers()["x-request-id"]).toBe(fromProxy);
  expect(await logLineOf(fromProxy)).toMatchObject({ method: "GET", path: "/sign-in", status: 200 });
  // Something that is not a plain token is never echoed back.
  const hostile = await request.get(`${traced.url}/api/health`, { headers: { "x-request-id": "<img src=x onerror=alert(1)>" } });
  expect(hostile.headers()["x-request-id"]).toMatch(/^[0-9a-f]{12}$/);
});

test("a chat turn is traced: the request gate, each Letta call and the stream, in one trace with the request's id", async () => {
  const user = await persona(traced.url);
  const response = await user.api.post(`${traced.url}/api/chat/messages`, { data: { text: `${tag("traced")} hello there`, otid: randomUUID() } });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("[DONE]"); // the whole stream, passed through
  const requestId = response.headers()["x-request-id"]!;

  const ofRequest = () => spans.filter((span) => attribute(span, "threadline.request_id") === requestId);
  const named = (name: string | RegExp) => ofRequest().filter((span) => (typeof name === "string" ? span.name === name : name.test(span.name)));
  await expect.poll(() => ofRequest().map((span) => span.name).sort(), { timeout: 20_000 }).toEqual(expect.arrayContaining([
    "letta POST /v1/conversations/{id}/messages", "threadline.gate", "threadline.stream",
  ]));
  const [gate, send, stream] = [named("threadline.gate")[0]!, named("letta POST /v1/conversations/{id}/messages")[0]!, named("threadline.stream")[0]!];
  expect(new Set(ofRequest().map((span) => span.traceId)).size, "one trace").toBe(1);
  expect(attribute(send, "http.response.status_code")).toBe(200);
  // In order: the gate, then the send to Letta, then the stream, which ends last (when the response closed).
  expect(BigInt(gate.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(send.startTimeUnixNano));
  expect(BigInt(send.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(stream.startTimeUnixNano));
  expect(BigInt(stream.endTimeUnixNano)).toBeGreaterThan(BigInt(stream.startTimeUnixNano));
  // Next's own span for the request is the root of the same trace.
  expect(spans.some((span) => span.traceId === gate.traceId && !span.parentSpanId), "a root span in the trace").toBe(true);
  // And the request's log line names the trace.
  expect((await logLineOf(requestId)).trace_id).toBe(gate.traceId);
  await user.api.dispose();
});

test("a browser leaving mid-reply is an aborted request at info level, while a reply Letta cuts is still logged as an error", async () => {
  const user = await persona(traced.url);
  const pipeErrors = () => traced.stderr().filter((line) => line.includes("failed to pipe response")).length;
  const before = pipeErrors();
  // The browser goes away (a closed tab, a reload) once the reply has started: normal, nothing failed.
  const slow = tag("leaves");
  await injectFault({ type: "long_reply", match: slow, tokens: 200, token_delay_ms: 20 });
  const leaving = new AbortController();
  const response = await fetch(`${traced.url}/api/chat/messages`, {
    method: "POST", signal: leaving.signal, headers: { "content-type": "application/json", cookie: user.cookie },
    body: JSON.stringify({ text: `${slow} a long story please`, otid: randomUUID() }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let text = "";
  while (!text.includes('"message_type":"assistant_message"')) {
    const { done, value } = await reader.read();
    expect(done, "the reply had started before the browser left").toBe(false);
    text += new TextDecoder().decode(value);
  }
  leaving.abort();
  const left = await logLineOf(response.headers.get("x-request-id")!);
  expect(left).toMatchObject({ level: "info", path: "/api/chat/messages", status: 200, aborted: true });

  // Letta's side breaking mid-reply is a real error: Next still logs it (a reference point that the check sees it).
  // Another user: the first one's reply goes on in Letta (background mode), so a second send of theirs is a 409.
  const other = await persona(traced.url);
  const cut = tag("cut-log");
  await injectFault({ type: "cut_stream", match: cut, after_chunks: 2 });
  const cutResponse = await fetch(`${traced.url}/api/chat/messages`, {
    method: "POST", headers: { "content-type": "application/json", cookie: other.cookie }, body: JSON.stringify({ text: `${cut} hello`, otid: randomUUID() }),
  });
  expect(cutResponse.status).toBe(200);
  await cutResponse.text().catch(() => ""); // the connection is reset mid-body
  await expect.poll(pipeErrors, { message: "the cut stream's error is logged" }).toBe(before + 1);
  // The one error logged is the cut's: the browser that left (whose request had closed before the cut was sent) logged none.
  await Promise.all([user.api.dispose(), other.api.dispose()]);
});

test("the chat's error text quotes the failed request's id", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const match = tag("ref");
  await injectFault({ type: "http_500", match });
  const failed = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/chat/messages");
  await sendMessage(page, `${match} this one fails`);
  const requestId = (await failed).headers()["x-request-id"];
  expect(requestId).toMatch(/^[0-9a-f]{12}$/);
  await expect(page.getByTestId("chat-error")).toContainText(`(ref ${requestId})`);
});

test("a reply that fails mid-stream, or is cut and ends in an error, quotes the id of the stream it failed in", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  // Every chat stream's id as the browser got it: the send's, and any resume's.
  const streamIds: string[] = [];
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (response.request().method() === "POST" && (path === "/api/chat/messages" || path === "/api/chat/stream") && response.status() === 200) {
      const id = response.headers()["x-request-id"];
      if (id) streamIds.push(id);
    }
  });
  const banner = page.getByTestId("chat-error");

  // An `error` event inside the stream, after the run's first chunks.
  const failing = tag("mid-error");
  await injectFault({ type: "model_error", match: failing, after_chunks: 3 });
  await sendMessage(page, `${failing} this one fails halfway`);
  await expect(banner).toContainText("Retry to ask again. (ref ");
  const failedRef = /\(ref ([^)]+)\)/.exec((await banner.textContent()) ?? "")?.[1];
  expect(streamIds, "the ref is a stream's x-request-id").toContain(failedRef);
  await page.getByTestId("chat-error-dismiss").click();

  // A stream cut by the upstream: it ends in an error too, quotable the same way.
  const before = streamIds.length;
  const cut = tag("mid-cut");
  await injectFault({ type: "cut_stream", match: cut, after_chunks: 2 });
  await sendMessage(page, `${cut} this one is cut`);
  await expect(banner).toContainText("The reply was cut off before it finished. Retry to ask again. (ref ");
  const cutRef = /\(ref ([^)]+)\)/.exec((await banner.textContent()) ?? "")?.[1];
  expect(streamIds.slice(before), "the ref is one of this turn's streams").toContain(cutRef);
});
