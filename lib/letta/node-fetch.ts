import "server-only";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";

// The Letta SDK's `fetch`, on Node's own HTTP client instead of the global fetch (undici).
// Why: a streamed reply crosses the proxy one SSE frame per chunk, and undici's fetch body costs a lot per chunk:
// a Node Readable, its async iterator, a byte ReadableStream that transfers every buffer, and several promises,
// each of which runs Node 20's AsyncLocalStorage hooks once per store Next keeps. Here each chunk is one `data`
// event and one `enqueue` into a plain ReadableStream that Next's pipe reads directly (bench/README.md, floor).
// The SDK still makes every call (headers, retries, timeouts, errors); only the transport differs. Anything this
// does not handle itself (a streamed or form request body, a redirect) goes to the global fetch, as before.

// Keep-alive, no per-origin limit (one connection per open stream, as with undici). Idle sockets close after 4 s,
// undici's default, so a socket the server already closed is not reused (Node also honours `Keep-Alive: timeout`).
const agentOptions = { keepAlive: true, maxSockets: Infinity, timeout: 4_000 };
const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };

const REDIRECT = new Set([301, 302, 303, 307, 308]);

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** The response's body as a web stream: one enqueue per chunk, paused while the reader is behind. */
function bodyOf(res: Readable, signal: AbortSignal | null | undefined, onDone: () => void): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      res.on("data", (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) res.pause(); // backpressure: resumed by pull()
      });
      res.once("end", () => {
        if (!open) return;
        open = false;
        onDone();
        controller.close();
      });
      // A reset mid-stream, or the abort in nodeFetch: the reader sees an error, as with undici.
      res.once("error", (error) => {
        if (!open) return;
        open = false;
        onDone();
        controller.error(signal?.aborted ? abortError(signal) : new TypeError("terminated", { cause: error }));
      });
    },
    pull() {
      res.resume();
    },
    cancel() {
      open = false;
      onDone();
      res.destroy(); // the socket is closed, not returned to the pool mid-response
    },
  }, { highWaterMark: 1 });
}

const DECODERS: Record<string, () => Readable & NodeJS.WritableStream> = {
  gzip: () => zlib.createGunzip(), "x-gzip": () => zlib.createGunzip(), deflate: () => zlib.createInflate(), br: () => zlib.createBrotliDecompress(),
};

/** We never send Accept-Encoding, so servers answer uncompressed; should one compress anyway, decode it. */
function decoded(res: IncomingMessage): Readable {
  const decoder = DECODERS[res.headers["content-encoding"] ?? ""];
  return decoder ? pipeline(res, decoder(), () => undefined) : res;
}

function toHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] ?? "", raw[i + 1] ?? "");
  return headers;
}

export const nodeFetch: typeof fetch = async (input, init) => {
  const body = init?.body;
  const simpleBody = body == null || typeof body === "string" || body instanceof Uint8Array;
  if (input instanceof Request || !simpleBody) return fetch(input, init);
  const url = new URL(input.toString());
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return fetch(input, init);
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);

  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
  if (body != null) headers["content-length"] = String(Buffer.byteLength(body as string | Uint8Array));
  const method = init?.method ?? "GET";
  const request = (url.protocol === "https:" ? https : http).request(url, { method, headers, agent });
  const answer = responseOf(request, method, signal);
  // Written here, outside every closure that outlives the call: the abort listener and the body's callbacks stay
  // alive as long as the stream, and a closure keeps its whole scope, which would keep the request body (the
  // user's message, its images, the tool definitions) in memory for the reply's whole life.
  request.end(body as string | Uint8Array | undefined);
  // A redirect (rare for an API): let the global fetch follow it, as it did before.
  return (await answer) ?? fetch(input, init);
};

/** The response to `request`, its body a web stream; null for a redirect (the caller lets the global fetch follow it). */
function responseOf(request: http.ClientRequest, method: string, signal: AbortSignal | undefined): Promise<Response | null> {
  return new Promise<Response | null>((resolve, reject) => {
    let res: IncomingMessage | undefined;
    const onAbort = () => {
      const reason = abortError(signal!);
      if (res) res.destroy(reason as Error);
      else request.destroy(reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);

    request.once("error", (error) => {
      done();
      reject(signal?.aborted ? abortError(signal) : new TypeError("fetch failed", { cause: error }));
    });
    request.once("response", (incoming) => {
      res = incoming;
      const status = incoming.statusCode ?? 502;
      if (REDIRECT.has(status) && incoming.headers.location) {
        done();
        incoming.resume();
        resolve(null);
        return;
      }
      const nullBody = method === "HEAD" || status === 204 || status === 304;
      if (nullBody) {
        done();
        incoming.resume();
      }
      resolve(new Response(nullBody ? null : bodyOf(decoded(incoming), signal, done), {
        status, statusText: incoming.statusMessage, headers: toHeaders(incoming.rawHeaders),
      }));
    });
  });
}
