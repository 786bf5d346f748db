// Losing the instance that streams a reply: the browser resumes through nginx on the other one.
// SIGKILL: the connection just breaks; SIGTERM: the instance stops accepting, sends `handoff` on its open
// streams and exits within its bound. Either way the user sees the whole reply once, and no error.
import { expect, test } from "@playwright/test";
import { lastStoredReply, openChat, replies, sendMessage, signInContext, waitForReplies } from "../helpers/chat-page";
import { cluster, recordApiResponses, servedBy, type Served } from "./helpers/cluster";
import { holdReply, normalize, waitForWordsOnScreen, wordCount } from "./helpers/upstream";

const HANDOFF = 'event: threadline\ndata: {"type":"handoff"}\n\n';

test.beforeEach(async () => {
  await cluster.heal();
});

/** The send's response as nginx served it, and the instance behind it. */
async function sendServedBy(served: Served[]) {
  await expect.poll(() => served.some((s) => s.method === "POST" && s.path === "/api/chat/messages")).toBe(true);
  const send = served.find((s) => s.method === "POST" && s.path === "/api/chat/messages")!;
  expect(send.status).toBe(200);
  const victim = servedBy(await cluster.state(), send.upstream);
  expect(victim, `nginx named an instance: ${send.upstream}`).not.toBeNull();
  return { send, victim: victim! };
}

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`${signal} to the instance streaming a reply: the browser resumes on the other one, every word once`, async ({ page, context, baseURL }) => {
    await signInContext(context, baseURL!);
    const served = recordApiResponses(page);
    await openChat(page);
    const reply = await holdReply({ name: signal.toLowerCase(), tokens: 200, delayMs: 30 });
    await sendMessage(page, `${reply.match} tell me a long story`);
    await waitForWordsOnScreen(page, 3);
    const { send, victim } = await sendServedBy(served);
    const before = served.length;

    const outcome = await cluster.signal(victim, signal);
    await reply.release();
    const survivor = (await cluster.state()).instances.find((i) => i.name !== victim)!;

    // The reply ends on screen, whole, with no error at any point.
    await waitForReplies(page, 1, { timeout: 30_000 });
    await expect(page.getByTestId("chat-error")).toHaveCount(0);
    const stored = await lastStoredReply(page);
    expect(wordCount(stored)).toBe(reply.tokens);
    expect(normalize(await replies(page).last().textContent())).toBe(normalize(stored));

    // It was resumed (the first stream did not end on its own), through nginx, on the surviving instance.
    const state = await cluster.state();
    const resumes = served.slice(before).filter((s) => s.method === "POST" && s.path === "/api/chat/stream" && s.status === 200);
    expect(resumes.length, "the browser resumed the reply").toBeGreaterThanOrEqual(1);
    expect(resumes.map((s) => servedBy(state, s.upstream))).toEqual(resumes.map(() => survivor.name));

    if (signal === "SIGTERM") {
      // The instance ended the stream with a handoff (not a cut), stopped accepting, and exited within its bound.
      const body = await send.response.text();
      expect(body.endsWith(HANDOFF), "the send's stream ends with the handoff event").toBe(true);
      expect(outcome.exitedAfterMs).toBeLessThan(10_000);
      expect(outcome.refusedAfterMs).toBeLessThanOrEqual(outcome.exitedAfterMs);
      const shutdown = (await cluster.log(victim)).map((l) => { try { return JSON.parse(l); } catch { return null; } }).find((l) => l?.msg === "shutdown");
      expect(shutdown).toMatchObject({ signal: "SIGTERM" });
      expect(shutdown.streams_handed_off + shutdown.streams_at_next_frame).toBeGreaterThanOrEqual(1);
      test.info().annotations.push({ type: "shutdown", description: `exited ${outcome.exitedAfterMs} ms after SIGTERM (code ${outcome.code}), refused connections after ${outcome.refusedAfterMs} ms` });
    }
  });
}
