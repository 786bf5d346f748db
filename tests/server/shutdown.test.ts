// Graceful shutdown (lib/server/shutdown.ts): on SIGTERM every open SSE response gets Threadline's `handoff`
// event at a frame boundary and ends; other responses finish as they would; the process exits within the bound.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { installGracefulShutdown, isDraining, openStreamCount } from "@/lib/server/shutdown";

const HANDOFF = 'event: threadline\ndata: {"type":"handoff"}\n\n';
const frame = (n: number) => `data: {"seq_id":${n}}\n\n`;

const exit = vi.fn();
let server: http.Server;
let base: string;
/** Per request path, the server-side response, so a test can write to it when it likes. */
const open = new Map<string, http.ServerResponse>();

beforeAll(async () => {
  installGracefulShutdown({ timeoutMs: 300, exit });
  server = http.createServer((req, res) => {
    if (req.url === "/json") {
      res.setHeader("content-type", "application/json");
      open.set(req.url, res);
      res.write('{"partial":');
      return;
    }
    res.setHeader("content-type", "text/event-stream; charset=utf-8");
    open.set(req.url!, res);
    res.write(frame(1));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** GETs `path` and resolves with the whole body once the response ends. */
function read(path: string): { body: Promise<string>; started: Promise<void> } {
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const body = new Promise<string>((resolve, reject) => {
    http.get(`${base}${path}`, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        started();
      });
      res.on("end", () => resolve(text));
      res.on("error", reject);
    }).on("error", reject);
  });
  return { body, started: startedPromise };
}

describe("graceful shutdown", () => {
  it("hands every open stream off at a frame boundary, leaves other responses alone, and exits within the bound", async () => {
    const between = read("/between-frames");
    const midFrame = read("/mid-frame");
    const json = read("/json");
    await Promise.all([between.started, midFrame.started, json.started]);
    open.get("/mid-frame")!.write('data: {"seq_id":2,'); // half a frame
    await new Promise((r) => setTimeout(r, 20));
    expect(openStreamCount()).toBe(2);
    expect(isDraining()).toBe(false);

    process.emit("SIGTERM", "SIGTERM");
    expect(isDraining()).toBe(true);
    // Between frames: handed off at once.
    expect(await between.body).toBe(frame(1) + HANDOFF);
    // Mid-frame: the frame is finished first, then the handoff; what the route writes after that is dropped.
    const midFrameResponse = open.get("/mid-frame")!;
    midFrameResponse.write('"x":1}\n\n');
    midFrameResponse.write(frame(3));
    expect(await midFrame.body).toBe(`${frame(1)}data: {"seq_id":2,"x":1}\n\n${HANDOFF}`);
    // A response that is not a stream finishes as the route writes it.
    open.get("/json")!.end("1}");
    expect(await json.body).toBe('{"partial":1}');

    expect(exit).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(143), { timeout: 2000 });
  });
});
