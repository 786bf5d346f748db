// The browser's half of the error language: one ApiError for every call, read from the
// server's own body (lib/errors.ts), so views ask `retryable` / `signedOut` instead of statuses.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, request, toApiError } from "@/lib/api/client/request";
import { AppError } from "@/lib/errors";
import { apiErrorText } from "@/lib/i18n/api-errors";
import { en } from "@/lib/i18n/messages/en";

afterEach(() => vi.unstubAllGlobals());

describe("ApiError", () => {
  it("reads the server's AppError body: same code, message, retryable and signedOut", async () => {
    for (const code of ["unauthorized:auth", "rate_limit:api", "conflict:message", "bad_request:message", "offline:database"] as const) {
      const server = new AppError(code, "Something to read.");
      const client = await toApiError(server.toResponse());
      expect(client).toMatchObject({ status: server.status, code, message: server.publicMessage });
      expect([client.retryable, client.signedOut]).toEqual([server.retryable, server.signedOut]);
    }
  });

  it("signed out is exactly the unauthorized type; retryable is busy, limited, down or unreachable", async () => {
    expect((await toApiError(new AppError("unauthorized:auth").toResponse())).signedOut).toBe(true);
    expect((await toApiError(new AppError("forbidden:auth").toResponse())).signedOut).toBe(false);
    expect(ApiError.network().retryable).toBe(true);
    expect(ApiError.network().signedOut).toBe(false);
    expect((await toApiError(new AppError("too_large:message").toResponse())).retryable).toBe(false);
  });

  it("reads a usage-budget refusal (quota:chat): 429, not worth retrying, with its window, limit and reset time", async () => {
    const resetAt = "2026-12-04T00:00:00.000Z";
    const server = new AppError("quota:chat", "You've used today's 2 messages.", { details: { resetAt, limit: 2, window: "messages_day" } });
    expect(server.status).toBe(429);
    const client = await toApiError(server.toResponse());
    expect(client).toMatchObject({ status: 429, code: "quota:chat", message: "You've used today's 2 messages." });
    expect(client.quota).toEqual({ window: "messages_day", limit: 2, resetAt });
    expect([client.type, client.retryable, client.signedOut]).toEqual(["quota", false, false]);
    // Half a refusal (no reset time, an unknown window) is still an error, but names no budget.
    for (const details of [{ limit: 2, window: "messages_day" }, { resetAt, limit: 2, window: "per_hour" }, { resetAt: "soon", limit: 2, window: "tokens_day" }]) {
      expect((await toApiError(new AppError("quota:chat", "x", { details }).toResponse())).quota).toBeNull();
    }
    // A plain rate limit is not a budget.
    expect((await toApiError(new AppError("rate_limit:message", "Slow down.").toResponse())).quota).toBeNull();
  });

  it("keeps the run id a busy conversation names", async () => {
    const busy = new AppError("conflict:message", "Busy.", { details: { runId: "run-1" } });
    expect((await toApiError(busy.toResponse())).runId).toBe("run-1");
  });

  it("carries the request id (the body's, else the x-request-id header's) and shows it as (ref …)", async () => {
    const fromBody = await toApiError(new AppError("rate_limit:api", "Slow down.").toResponse(undefined, "3f9a1c2be4d0"));
    expect(fromBody).toMatchObject({ requestId: "3f9a1c2be4d0", message: "Slow down. (ref 3f9a1c2be4d0)" });
    const fromHeader = await toApiError(new Response("<html>Bad gateway</html>", { status: 502, headers: { "x-request-id": "lb-0123456789" } }));
    expect(fromHeader.message).toBe("Something went wrong on our side. Please try again. (ref lb-0123456789)");
    expect((await toApiError(new AppError("rate_limit:api", "Slow down.").toResponse())).message).toBe("Slow down.");
  });

  it("a body that is not ours (a proxy's page) still gives a readable message, typed by its status", async () => {
    const gateway = await toApiError(new Response("<html>Bad gateway</html>", { status: 502 }));
    expect(gateway).toMatchObject({ code: "http_502", message: "Something went wrong on our side. Please try again." });
    expect(gateway.retryable).toBe(true);
    const expired = await toApiError(new Response("no", { status: 401 }));
    expect(expired.signedOut).toBe(true);
    // A code that merely looks like ours is not taken as one.
    const odd = await toApiError(Response.json({ error: { code: "toString:api", message: "?" } }, { status: 400 }));
    expect([odd.code, odd.type]).toEqual(["http_400", "bad_request"]);
  });
});

describe("request", () => {
  it("returns 2xx responses and throws every other one as an ApiError", async () => {
    vi.stubGlobal("fetch", vi.fn(async (url: string) =>
      url === "/ok" ? new Response(null, { status: 204 }) : new AppError("unauthorized:auth", "Please sign in again.").toResponse()));
    expect((await request("/ok")).status).toBe(204);
    await expect(request("/gone")).rejects.toMatchObject({ name: "ApiError", signedOut: true, message: "Please sign in again." });
  });

  it("a network failure is a retryable status-0 error; an abort is rethrown as it is", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => { throw new TypeError("Failed to fetch"); }));
    await expect(request("/x")).rejects.toMatchObject({ status: 0, code: "network", retryable: true });
    const aborted = new AbortController();
    aborted.abort();
    await expect(request("/x", { signal: aborted.signal })).rejects.toBeInstanceOf(TypeError);
  });
});

describe("apiErrorText: failed calls worded from the catalogue by code", () => {
  const m = en.common.errors;
  it("words the kinds one can only wait out, keeping the request's ref; a refusal keeps the server's message", () => {
    expect(apiErrorText(ApiError.network(), m)).toBe(m.network);
    expect(apiErrorText(new ApiError(429, "rate_limit:api", "Too many searches.", null, "abc123"), m)).toBe(`${m.rateLimit} (ref abc123)`);
    expect(apiErrorText(new ApiError(503, "offline:conversation", "Letta is down.", null, null), m)).toBe(m.offline);
    expect(apiErrorText(new ApiError(500, "internal:api", "boom"), m)).toBe(m.internal);
    expect(apiErrorText(new ApiError(502, "http_502", "Bad gateway"), m)).toBe(m.internal);
    expect(apiErrorText(new ApiError(400, "bad_request:conversation", "before must be the nextCursor of an earlier search.", null, "r1"), m))
      .toBe("before must be the nextCursor of an earlier search. (ref r1)");
  });
});
