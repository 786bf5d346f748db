// The request log (lib/server/request-log.ts) on a real Node HTTP server in front of a real route gate
// (lib/api/with-user.ts): one JSON line per request, an id per request (a sane incoming one kept), the id as the
// response's x-request-id header, and the same id in the JSON error body (lib/errors.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser } from "@/lib/api/with-user";
import { AppError } from "@/lib/errors";
import { acceptRequestId, installRequestLog, type RequestLogLine } from "@/lib/server/request-log";

const lines: string[] = [];
let server: http.Server;
let base: string;

/** The route, as Next would run it: a web Request in, a web Response out, over the Node server. */
const gated = withUser(async () => Response.json({ ok: true }));

beforeAll(async () => {
  installRequestLog({ write: (line) => lines.push(line) });
  server = http.createServer(async (req, res) => {
    const response = await gated(new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The log line of the request with this id, once written (the line follows the response's close). */
async function logLineOf(requestId: string): Promise<RequestLogLine> {
  await expect.poll(() => lines.some((line) => line.includes(requestId))).toBe(true);
  const matching = lines.filter((line) => (JSON.parse(line) as RequestLogLine).request_id === requestId);
  expect(matching, "exactly one line per request").toHaveLength(1);
  return JSON.parse(matching[0]!) as RequestLogLine;
}

describe("request log", () => {
  it("gives an error response one id: its x-request-id header, error.requestId in the body and the log line", async () => {
    const response = await fetch(`${base}/api/chat/messages?q=secret-search-terms`);
    expect(response.status).toBe(401);
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f]{12}$/);
    expect(await response.json()).toEqual({ error: { code: "unauthorized:auth", message: "Please sign in again.", requestId } });

    const line = await logLineOf(requestId);
    expect(line).toMatchObject({ level: "info", msg: "request", request_id: requestId, method: "GET", path: "/api/chat/messages", status: 401 });
    expect(line.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(line.time)).not.toBeNaN();
    expect(JSON.stringify(line), "the query string (search terms) stays out of the log").not.toContain("secret-search-terms");
  });

  it("keeps a sane incoming x-request-id (a load balancer's), and replaces anything else", async () => {
    const sane = "4bf92f3577b34da6a3ce929d0e0e4736";
    const kept = await fetch(`${base}/api/x`, { headers: { "x-request-id": sane } });
    expect(kept.headers.get("x-request-id")).toBe(sane);
    expect(((await kept.json()) as { error: { requestId: string } }).error.requestId).toBe(sane);
    expect((await logLineOf(sane)).status).toBe(401);

    for (const hostile of ["short", "has spaces in it", "<script>alert(1)</script>", "x".repeat(129), "-leading-dash", "a,b,c,d,e,f,g"]) {
      const response = await fetch(`${base}/api/x`, { headers: { "x-request-id": hostile } });
      const id = response.headers.get("x-request-id")!;
      expect(id, hostile).toMatch(/^[0-9a-f]{12}$/);
      expect(((await response.json()) as { error: { requestId: string } }).error.requestId).toBe(id);
    }
    expect(acceptRequestId(["a-sane-request-id", "another-sane-one"]), "two headers: neither is trusted").toMatch(/^[0-9a-f]{12}$/);
    expect(acceptRequestId("01JDQ7ZK3Y8W5T2R9M4N6P0B1C")).toBe("01JDQ7ZK3Y8W5T2R9M4N6P0B1C");
  });

  it("gives every request its own id and line", async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/api/y`)));
    const ids = responses.map((response) => response.headers.get("x-request-id")!);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect((await logLineOf(id)).path).toBe("/api/y");
  });

  it("has no request id outside a request (a script, a test): the body is as before", () => {
    expect(new AppError("bad_request:api", "Nope.").toJSON()).toEqual({ error: { code: "bad_request:api", message: "Nope." } });
  });
});
