import { describe, expect, it, vi } from "vitest";
import { toApiError } from "@/lib/api/client/request";
import { followRun, MAX_TOOL_CONTINUATIONS, SeqCursor, type FollowOptions } from "@/lib/chat/client/follow-run";
import { chatReducer, initialChatState, type ChatState } from "@/lib/chat/client/reducer";
import type { StreamEvent } from "@/lib/chat/client/sse";
import { toStreamChunk } from "@/lib/letta/wire";
import { DONE, RUN, assistant, lettaChunk, droppingBody, errorFrame, frame, ping, sseBody, sseResponse, stopReason, threadline, usage } from "./fixtures";

type ResumeCall = { runId: string | null; startingAfter: number; otid?: string };

/** Runs followRun against scripted resume responses, folding events through the real reducer. */
async function follow(first: Response | null, resumes: Array<Response | Error>, extra: Partial<FollowOptions> = {}) {
  const calls: ResumeCall[] = [];
  const events: StreamEvent[] = [];
  let replays = 0;
  let state: ChatState = chatReducer(initialChatState, { type: "history/loaded", mode: "initial", page: { items: [], nextCursor: null } });
  state = chatReducer(state, { type: "run/attached" });
  const outcome = await followRun({
    first,
    resume: async ({ runId, otid, startingAfter }) => {
      calls.push(otid ? { runId, otid, startingAfter } : { runId, startingAfter });
      const next = resumes.shift();
      if (!next) throw await toApiError(Response.json({ error: { code: "not_found:run", message: "No reply is in progress." } }, { status: 404 }));
      if (next instanceof Error) throw next;
      // As lib/api/client/request.ts does: anything but a 2xx is thrown as an ApiError.
      if (!next.ok) throw await toApiError(next);
      return next;
    },
    onEvent: (event) => {
      events.push(event);
      state = chatReducer(state, { type: "stream/event", event });
    },
    onReplay: () => {
      replays += 1;
      state = chatReducer(state, { type: "run/replay" });
    },
    signal: new AbortController().signal,
    sleep: async () => undefined,
    ...extra,
  });
  const reply = state.rows.filter((r) => r.kind === "assistant").map((r) => ("text" in r ? r.text : ""));
  return { outcome, calls, events, reply, replays };
}

const dropping = (text: string) => new Response(droppingBody(text), { status: 200 });

describe("SeqCursor", () => {
  it("drops chunks at or below the last seq_id of the run, and restarts the count for a new run", () => {
    const cursor = new SeqCursor();
    const c = (seq: number | null, run = RUN) => toStreamChunk({ ...assistant("x", seq), run_id: run })!;
    expect([c(1), c(2), c(2), c(1), c(3)].map((x) => cursor.accept(x))).toStrictEqual([true, true, false, false, true]);
    expect(cursor.lastSeq).toBe(3);
    expect(cursor.accept(c(null))).toBe(true); // foreground chunks carry no seq_id
    expect(cursor.accept(c(1, "run-other"))).toBe(true);
    expect(cursor).toMatchObject({ runId: "run-other", lastSeq: 1 });
  });
});

describe("followRun", () => {
  it("ends at [DONE]", async () => {
    const text = [ping(1), assistant("Hi", 2), stopReason(), usage()].map(frame).join("") + DONE;
    const { outcome, calls, reply } = await follow(sseResponse(text), []);
    expect(outcome).toStrictEqual({ type: "done" });
    expect(calls).toHaveLength(0);
    expect(reply).toStrictEqual(["Hi"]);
  });

  it("resumes a dropped stream from the last seq_id, and the text appears once", async () => {
    const first = dropping([ping(1), assistant("Hel", 2), assistant("lo", 3)].map(frame).join(""));
    // The server replays one chunk too many; the cursor drops it.
    const resumed = sseResponse([assistant("lo", 3), assistant(" world", 4), stopReason()].map(frame).join("") + DONE);
    const { outcome, calls, reply, replays } = await follow(first, [resumed]);
    expect(outcome.type).toBe("done");
    expect(calls).toStrictEqual([{ runId: RUN, startingAfter: 3 }]);
    expect(reply).toStrictEqual(["Hello world"]);
    expect(replays).toBe(0);
  });

  it("treats a stream that simply ends without [DONE] as a drop", async () => {
    const first = sseResponse([ping(1), assistant("Hel", 2)].map(frame).join(""));
    const resumed = sseResponse(frame(assistant("lo", 3)) + DONE);
    const { calls, reply } = await follow(first, [resumed]);
    expect(calls).toStrictEqual([{ runId: RUN, startingAfter: 2 }]);
    expect(reply).toStrictEqual(["Hello"]);
  });

  it("resumes at once after a handoff", async () => {
    const first = sseResponse([ping(1), assistant("a", 2)].map(frame).join("") + threadline({ type: "handoff" }) + frame(assistant("never read", 3)));
    const resumed = sseResponse(frame(assistant("b", 3)) + DONE);
    const sleep = vi.fn(async () => undefined);
    const { calls, reply } = await follow(first, [resumed], { sleep });
    expect(calls).toStrictEqual([{ runId: RUN, startingAfter: 2 }]);
    expect(reply).toStrictEqual(["ab"]);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("replays from the start when no seq_id was seen (and rebuilds instead of doubling)", async () => {
    const first = dropping([ping(null), assistant("Hel", null)].map(frame).join(""));
    const resumed = sseResponse([ping(1), assistant("Hel", 2), assistant("lo", 3)].map(frame).join("") + DONE);
    const { calls, reply, replays } = await follow(first, [resumed]);
    expect(calls).toStrictEqual([{ runId: RUN, startingAfter: 0 }]);
    expect(replays).toBe(1);
    expect(reply).toStrictEqual(["Hello"]);
  });

  it("reports no-run when the reply finished while we were away", async () => {
    const { outcome } = await follow(dropping(frame(ping(1))), []);
    expect(outcome).toStrictEqual({ type: "no-run" });
  });

  it("retries network failures with backoff, then gives up as lost", async () => {
    const failures = Array.from({ length: 10 }, () => new TypeError("offline"));
    const sleep = vi.fn(async () => undefined);
    const { outcome, calls } = await follow(dropping(frame(ping(1))), failures, { sleep });
    expect(outcome.type).toBe("lost");
    expect(calls.length).toBe(6);
    // The first resume after a drop is immediate; then about 15 s of growing pauses before telling the user.
    expect(sleep.mock.calls.map((c) => (c as unknown[])[0])).toStrictEqual([0, 300, 1000, 2000, 4000, 8000]);
  });

  it("stops at a refusal the user must act on (401)", async () => {
    const unauthorized = Response.json({ error: { code: "unauthorized:auth", message: "Sign in again." } }, { status: 401 });
    const { outcome } = await follow(dropping(frame(ping(1))), [unauthorized]);
    expect(outcome).toMatchObject({ type: "lost", error: { status: 401, message: "Sign in again." } });
  });

  it("does not resume a run that ended with an error frame but no [DONE]", async () => {
    const text = [ping(1), assistant("Half", 2), stopReason("error")].map(frame).join("") + errorFrame("The model failed.");
    const { outcome, calls, events } = await follow(sseResponse(text), []);
    expect(outcome.type).toBe("done");
    expect(calls).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: "error", message: "The model had a problem answering." });
  });

  it("gives a mid-stream error the stream's request id, for the banner's (ref …)", async () => {
    const text = [ping(1), assistant("Half", 2)].map(frame).join("") + errorFrame("The model failed.");
    const first = new Response(sseBody(text), { status: 200, headers: { "x-request-id": "req-stream-1" } });
    const { outcome, events } = await follow(first, []);
    expect(outcome.type).toBe("done");
    expect(events.at(-1)).toMatchObject({ type: "error", requestId: "req-stream-1" });
  });

  it("names the stream that was cut when it gives up as lost", async () => {
    const first = new Response(droppingBody(frame(ping(1))), { status: 200, headers: { "x-request-id": "req-cut-1" } });
    const failures = Array.from({ length: 10 }, () => new TypeError("offline"));
    const { outcome } = await follow(first, failures);
    expect(outcome).toMatchObject({ type: "lost", error: { requestId: "req-cut-1" } });
    expect(outcome.type === "lost" && outcome.error.message).toBe("Lost the connection while the reply was coming in. (ref req-cut-1)");
  });

  it("returns aborted when the view goes away", async () => {
    const controller = new AbortController();
    controller.abort();
    const { outcome } = await follow(sseResponse(frame(ping(1))), [], { signal: controller.signal });
    expect(outcome.type).toBe("aborted");
  });
});

describe("followRun: a send whose stream breaks before its run is known", () => {
  const OTID = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";
  const failed = [ping(1), assistant("Hal", 2), stopReason("error")].map(frame).join("")
    + `event: error\ndata: ${JSON.stringify({ message_type: "error_message", run_id: RUN, error_type: "stream_incomplete", message: "The stream was cut (injected fault)." })}\n\n`
    + DONE;

  it("looks the run up by the message's otid and shows how it ended, never silence", async () => {
    const { outcome, calls, events } = await follow(dropping(""), [sseResponse(failed)], { otid: OTID });
    expect(calls).toStrictEqual([{ runId: null, otid: OTID, startingAfter: 0 }]);
    expect(outcome).toStrictEqual({ type: "done" });
    expect(events.at(-1)).toMatchObject({ type: "error", message: "The reply was cut off before it finished." });
  });

  it("says the message went unanswered when Letta has no run for its otid", async () => {
    const { outcome, calls } = await follow(dropping(""), [new Response(null, { status: 204 })], { otid: OTID });
    expect(calls).toStrictEqual([{ runId: null, otid: OTID, startingAfter: 0 }]);
    expect(outcome).toStrictEqual({ type: "unanswered" });
  });

  it("uses the run id once the stream has shown it, and never the otid for a continuation", async () => {
    const { calls } = await follow(dropping(frame(ping(1))), [sseResponse(frame(assistant("x", 2)) + DONE)], { otid: OTID });
    expect(calls).toStrictEqual([{ runId: RUN, startingAfter: 1 }]);
    const paused = [ping(1), stopReason("requires_approval")].map(frame).join("") + DONE;
    const { calls: after } = await follow(sseResponse(paused), [new Response(null, { status: 204 })], { otid: OTID });
    expect(after).toStrictEqual([{ runId: null, startingAfter: 0 }]);
  });
});

describe("followRun: client tool calls", () => {
  const RUN_2 = "run-2b3a4c5d-6e7f-4c1d-9e7f-8d1f0c3e6a2b";
  const approval = (seq: number) =>
    lettaChunk("approval_request_message", {
      id: "message-approval", otid: "approval-otid-00",
      tool_call: { name: "search_my_history", arguments: '{"query":"pelican"}', tool_call_id: "call_9" },
    }, seq);
  const paused = [ping(1), approval(2), stopReason("requires_approval")].map(frame).join("") + DONE;
  const continued = [{ ...ping(1), run_id: RUN_2 }, { ...assistant("Found it", 2), run_id: RUN_2 }, stopReason(), usage()].map(frame).join("") + DONE;

  it("follows the run that continues after the tool call, keeping the call on screen", async () => {
    const { outcome, calls, reply, replays } = await follow(sseResponse(paused), [sseResponse(continued)]);
    expect(outcome).toStrictEqual({ type: "done" });
    // No run id: the server picks what continues this reply; nothing of the new run was seen yet.
    expect(calls).toStrictEqual([{ runId: null, startingAfter: 0 }]);
    expect(replays).toBe(0);
    expect(reply).toStrictEqual(["Found it"]);
  });

  it("ends quietly when nothing continues (another tab answered and finished first)", async () => {
    const { outcome, calls } = await follow(sseResponse(paused), [new Response(null, { status: 204 })]);
    expect(outcome).toStrictEqual({ type: "no-run" });
    expect(calls).toHaveLength(1);
  });

  it("stops following after a bounded number of tool calls", async () => {
    const resumes = Array.from({ length: 20 }, () => sseResponse(paused));
    const { outcome, calls } = await follow(sseResponse(paused), resumes);
    expect(outcome).toStrictEqual({ type: "done" });
    expect(calls).toHaveLength(MAX_TOOL_CONTINUATIONS);
  });
});

describe("followRun: aborting", () => {
  it("ends a read that is waiting for the next chunk", async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(frame(ping(1))));
        // …and then nothing: a stalled connection.
      },
    });
    const pending = followRun({
      first: new Response(body), resume: async () => { throw new Error("not expected"); },
      onEvent: () => controller.abort(), onReplay: () => undefined, signal: controller.signal,
    });
    await expect(pending).resolves.toStrictEqual({ type: "aborted" });
  });
});
