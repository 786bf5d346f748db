import { describe, expect, it, vi } from "vitest";
import { proxySse } from "@/lib/chat/proxy-stream";
import { endsAtFrameBoundary } from "@/lib/chat/sse";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An upstream that emits `frames` with `gapMs` between them, then stays open unless `end`. */
function upstream(frames: string[], { gapMs = 0, end = true } = {}) {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const frame of frames) {
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
        if (cancelled) return;
        controller.enqueue(encoder.encode(frame));
      }
      if (end) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(body), wasCancelled: () => cancelled };
}

/** An upstream whose frames the test sends one by one; it stays open until cancelled. */
function controlledUpstream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(body), send: (frame: string) => controller.enqueue(encoder.encode(frame)), wasCancelled: () => cancelled };
}

async function readAll(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value));
  }
}

describe("the SSE proxy", () => {
  it("passes Letta's bytes through unchanged, chunk for chunk", async () => {
    const frames = ['data: {"message_type":"ping","run_id":"run-1"}\n\n', 'data: {"message_type":"assistant_message","content":"Hi"}\n\n', "data: [DONE]\n\n"];
    const response = proxySse({ upstream: upstream(frames).response, deadline: Date.now() + 10_000 });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(await readAll(response)).toEqual(frames);
  });

  it("sends our notices before Letta's first byte", async () => {
    const response = proxySse({
      upstream: upstream(["data: [DONE]\n\n"]).response,
      deadline: Date.now() + 10_000,
      prelude: [{ type: "notice", message: "New conversation" }],
    });
    expect((await readAll(response)).join("")).toBe(
      'event: threadline\ndata: {"type":"notice","message":"New conversation"}\n\ndata: [DONE]\n\n',
    );
  });

  it("hands off at the deadline, between frames, and stops reading upstream", async () => {
    // The clock is the test's: three frames arrive, then the deadline passes while Letta is between frames.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const source = controlledUpstream();
      const response = proxySse({ upstream: source.response, deadline: Date.now() + 1_000 });
      const reader = response.body!.getReader();
      for (let i = 1; i <= 3; i++) {
        source.send(`data: {"seq_id":${i}}\n\n`);
        expect(decoder.decode((await reader.read()).value)).toBe(`data: {"seq_id":${i}}\n\n`);
      }
      const next = reader.read(); // waiting on Letta when the time is up
      vi.advanceTimersByTime(1_000);
      expect(decoder.decode((await next).value)).toBe('event: threadline\ndata: {"type":"handoff"}\n\n');
      expect((await reader.read()).done).toBe(true);
      expect(source.wasCancelled()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("never cuts a frame in half at the deadline", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const source = controlledUpstream();
      const response = proxySse({ upstream: source.response, deadline: Date.now() + 1_000 });
      const reader = response.body!.getReader();
      source.send('data: {"seq_id":1}\n\n');
      await reader.read();
      source.send('data: {"seq_id":2,"content":"a');
      await reader.read();
      vi.advanceTimersByTime(1_000); // the time is up in the middle of a frame: the proxy waits for its end
      source.send('bc"}\n\n');
      source.send('data: {"seq_id":3}\n\n');
      const rest: string[] = [];
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest.push(decoder.decode(chunk.value));
      expect(rest.join("")).toBe('bc"}\n\nevent: threadline\ndata: {"type":"handoff"}\n\n');
      expect(source.wasCancelled()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("cancels the upstream read when the browser goes away", async () => {
    const source = upstream(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"], { gapMs: 30, end: false });
    const response = proxySse({ upstream: source.response, deadline: Date.now() + 10_000 });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel("tab closed");
    expect(source.wasCancelled()).toBe(true);
  });

  it("without a time limit, hands Letta's body over as it is, and the browser going away still cancels it", async () => {
    const frames = ['data: {"seq_id":1}\n\n', 'data: {"seq_id":2}\n\n', "data: [DONE]\n\n"];
    const source = upstream(frames);
    const response = proxySse({ upstream: source.response, deadline: Infinity });
    expect(response.body).toBe(source.response.body); // no wrapping stream: no per-chunk cost of ours
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(await readAll(response)).toEqual(frames);

    const open = upstream(["data: 1\n\n", "data: 2\n\n"], { gapMs: 30, end: false });
    const reader = proxySse({ upstream: open.response, deadline: Infinity }).body!.getReader();
    await reader.read();
    await reader.cancel("tab closed");
    expect(open.wasCancelled()).toBe(true);
  });

  it("without a time limit, still sends notices first and never hands off", async () => {
    const frames = Array.from({ length: 5 }, (_, i) => `data: {"seq_id":${i + 1}}\n\n`);
    const response = proxySse({ upstream: upstream(frames, { gapMs: 10 }).response, deadline: Infinity, prelude: [{ type: "notice", message: "New conversation" }] });
    const text = (await readAll(response)).join("");
    expect(text).toBe(`event: threadline\ndata: {"type":"notice","message":"New conversation"}\n\n${frames.join("")}`);
  });

  it("recognises frame boundaries", () => {
    expect(endsAtFrameBoundary(encoder.encode("data: x\n\n"))).toBe(true);
    expect(endsAtFrameBoundary(encoder.encode("data: x\r\n\r\n"))).toBe(true);
    expect(endsAtFrameBoundary(encoder.encode("data: x\n"))).toBe(false);
    expect(endsAtFrameBoundary(encoder.encode("data: x"))).toBe(false);
  });
});
