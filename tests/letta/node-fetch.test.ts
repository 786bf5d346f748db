import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeFetch } from "@/lib/letta/node-fetch";

// The Letta SDK's transport (lib/letta/node-fetch.ts) against a real local HTTP server.
let server: http.Server;
let base: string;
/** Per test: resolves when the server sees the client's connection close, with whether the response had ended. */
const closed = new Map<string, (ended: boolean) => void>();
const whenClosed = (key: string) => new Promise<boolean>((resolve) => closed.set(key, resolve));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const key = url.searchParams.get("key") ?? "";
    res.on("close", () => closed.get(key)?.(res.writableEnded));
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      switch (url.pathname) {
        case "/json":
          res.writeHead(201, { "content-type": "application/json", "x-two": "a" }).end(JSON.stringify({ method: req.method, body, length: req.headers["content-length"] ?? null, auth: req.headers.authorization ?? null }));
          return;
        case "/gzip":
          res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(zlib.gzipSync(JSON.stringify({ ok: true })));
          return;
        case "/redirect":
          res.writeHead(307, { location: "/json" }).end();
          return;
        case "/no-content":
          res.writeHead(204).end();
          return;
        case "/sse": {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write("data: 1\n\n");
          // The rest only when asked (?n=3): the stream stays open otherwise, until the client goes away.
          const n = Number(url.searchParams.get("n") ?? 0);
          let i = 1;
          const timer = setInterval(() => {
            if (i >= n) return;
            res.write(`data: ${++i}\n\n`);
            if (i === n) {
              clearInterval(timer);
              res.end();
            }
          }, 5);
          res.on("close", () => clearInterval(timer));
          return;
        }
        case "/reset":
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write("data: 1\n\n", () => setTimeout(() => req.socket.destroy(), 20));
          return;
        case "/hang":
          return; // never answers: the caller must abort
        default:
          res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function readText(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value));
  }
}

describe("nodeFetch, the Letta SDK's transport", () => {
  it("sends the method, headers and body, and returns status, headers and body", async () => {
    const response = await nodeFetch(`${base}/json`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: '{"é":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-two")).toBe("a");
    // Content-Length counts bytes, not characters.
    expect(await response.json()).toEqual({ method: "POST", body: '{"é":1}', length: "8", auth: "Bearer k" });
  });

  it("decodes a compressed body, answers 204 with no body, and follows a redirect", async () => {
    expect(await (await nodeFetch(`${base}/gzip`)).json()).toEqual({ ok: true });
    const empty = await nodeFetch(`${base}/no-content`);
    expect([empty.status, empty.body]).toEqual([204, null]);
    const redirected = await nodeFetch(`${base}/redirect`);
    expect(redirected.status).toBe(201);
    expect((await redirected.json()).method).toBe("GET");
  });

  it("streams chunks as the server writes them, to the end", async () => {
    const response = await nodeFetch(`${base}/sse?n=3`);
    expect(await readText(response.body!)).toEqual(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
  });

  it("closes the connection when the reader cancels the body (the browser went away)", async () => {
    const serverSaw = whenClosed("cancel");
    const response = await nodeFetch(`${base}/sse?key=cancel`);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: 1\n\n");
    await reader.cancel();
    expect(await serverSaw).toBe(false); // closed before the response ended
  });

  it("aborts before the answer and during the stream, closing the connection each time", async () => {
    const early = new AbortController();
    const hung = nodeFetch(`${base}/hang`, { signal: early.signal });
    early.abort();
    await expect(hung).rejects.toMatchObject({ name: "AbortError" });
    await expect(nodeFetch(`${base}/json`, { signal: early.signal })).rejects.toMatchObject({ name: "AbortError" });

    const late = new AbortController();
    const serverSaw = whenClosed("abort");
    const response = await nodeFetch(`${base}/sse?key=abort`, { signal: late.signal });
    const reader = response.body!.getReader();
    await reader.read();
    late.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    expect(await serverSaw).toBe(false);
  });

  it("fails the body when the connection drops mid-stream, and the call when nothing listens", async () => {
    const response = await nodeFetch(`${base}/reset`);
    await expect(readText(response.body!)).rejects.toThrow(TypeError);
    await expect(nodeFetch("http://127.0.0.1:1/")).rejects.toThrow("fetch failed");
  });
});
