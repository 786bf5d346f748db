// Losing the instance that streams a reply: the browser resumes through nginx on the other one.
// SIGKILL: the connection just breaks; SIGTERM: the instance stops accepting, sends `handoff` on its open
// streams and exits within its bound. Either way the user sees the whole reply once, and no error.
import { lastStoredReply, replies, sendMessage, waitForReplies } from "../helpers/chat-page";
import { cluster, servedBy } from "./helpers/cluster";
import { expect, test } from "./helpers/fixtures";
import { holdReply, normalize, watchSends } from "./helpers/upstream";

const HANDOFF = 'event: threadline\ndata: {"type":"handoff"}\n\n';

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`${signal} to the instance streaming a reply: the browser resumes on the other one, every word once`, async ({ chat: { page, served } }) => {
    const first = served.length;
    const count = await replies(page).count();
    const reply = await holdReply(signal.toLowerCase());
    const sends = await watchSends(page);

    const victim = await test.step("send, and find the instance streaming the reply (held by letta-local mid-reply)", async () => {
      await sendMessage(page, `${reply.match} tell me a long story`);
      await reply.held();
      // The held run's first chunks are in the browser: the reply is provably mid-stream there, and nothing moves on.
      await sends.waitForBytes(1_000);
      const send = served.slice(first).find((s) => s.method === "POST" && s.path === "/api/chat/messages")!;
      expect(send.status).toBe(200);
      const victim = servedBy(await cluster.state(), send.upstream);
      expect(victim, `nginx named an instance: ${send.upstream}`).not.toBeNull();
      return victim!;
    });

    const outcome = await test.step(`${signal} it while the reply is held, then let the reply go on`, async () => {
      const outcome = await cluster.signal(victim, signal);
      await reply.release();
      return outcome;
    });

    await test.step("the reply ends on screen, whole, with no error", async () => {
      await waitForReplies(page, count + 1, { timeout: 30_000 });
      await expect(page.getByTestId("chat-error")).toHaveCount(0);
      expect(await lastStoredReply(page), "Letta's run went on to its end").toContain("Tell me more");
      const shown = normalize(await replies(page).last().textContent());
      expect(shown.split("You said").length - 1, "the reply's start, once").toBe(1);
      expect(shown.endsWith("Tell me more and I'll keep track of it."), "the reply's end, once").toBe(true);
      // Every word once: what streamed (through both instances) is what Letta stored, as a reload renders it.
      await page.reload();
      await waitForReplies(page, count + 1);
      expect(normalize(await replies(page).last().textContent())).toBe(shown);
    });

    await test.step("it was resumed (the first stream did not end on its own) on the surviving instance", async () => {
      const state = await cluster.state();
      const survivor = state.instances.find((i) => i.name !== victim)!;
      const resumes = served.slice(first).filter((s) => s.method === "POST" && s.path === "/api/chat/stream" && s.status === 200);
      expect(resumes.length, "the browser resumed the reply").toBeGreaterThanOrEqual(1);
      expect(resumes.map((s) => servedBy(state, s.upstream))).toEqual(resumes.map(() => survivor.name));
    });

    if (signal === "SIGTERM") {
      await test.step("the instance handed the stream off, stopped accepting, and exited within its bound", async () => {
        const body = sends.body();
        expect(body.startsWith("data: "), "the send's stream was read from its start").toBe(true);
        expect(body.endsWith(HANDOFF), "the send's stream ends with the handoff event").toBe(true);
        expect(outcome.exitedAfterMs).toBeLessThan(10_000);
        expect(outcome.aliveWhenRefused, "it refused connections while still running").toBe(true);
        const lines = await cluster.log(victim);
        const shutdown = lines.map((l) => { try { return JSON.parse(l); } catch { return null; } }).find((l) => l?.msg === "shutdown");
        expect(shutdown).toMatchObject({ signal: "SIGTERM", streams_handed_off: 1, streams_at_next_frame: 0 });
        test.info().annotations.push({
          type: "shutdown",
          description: `refused connections ${outcome.refusedAfterMs} ms and exited ${outcome.exitedAfterMs} ms after SIGTERM (code ${outcome.code})`,
        });
      });
    }
    await sends.stop();
  });
}
