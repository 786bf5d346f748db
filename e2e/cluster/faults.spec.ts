// A part of the deployment fails while the app keeps running: the app's Postgres stops and comes back, Letta is
// killed mid-run and restarted, Letta takes 30 s to start answering. The user always sees where things stand:
// a reply that finishes, a readable error with Retry, or the typing state with Stop; never a stuck spinner.
import type { Page } from "@playwright/test";
import { lastStoredReply, replies, sendMessage, waitForReplies } from "../helpers/chat-page";
import { injectFault } from "../helpers/letta-control";
import { cluster } from "./helpers/cluster";
import { expect, test } from "./helpers/fixtures";
import { holdReply, normalize, tag, watchSends } from "./helpers/upstream";

const DATABASE_DOWN = "Threadline can't reach its database right now. Please try again in a moment.";

/** The composer is back to "Send" and nothing is streaming or waiting: no stuck spinner. */
async function expectIdle(page: Page) {
  await expect(page.getByTestId("send-button")).toHaveAttribute("aria-label", "Send message");
  await expect(page.locator("[data-streaming]")).toHaveCount(0);
  await expect(page.getByTestId("typing-indicator")).toHaveCount(0);
}

test("Postgres stops mid-reply: the reply finishes, new requests get a readable 503, and the app recovers on its own", async ({ chat: { page } }) => {
  const count = await replies(page).count();
  const before = await cluster.state();
  const reply = await holdReply("pg-down");
  const sends = await watchSends(page);
  await sendMessage(page, `${reply.match} tell me something long`);
  await reply.held(); // letta-local holds the run mid-reply until released below
  await sends.waitForBytes(1_000);
  await sends.stop();

  await cluster.stopPostgres();
  await reply.release();
  const shown = await test.step("the stream in progress needs no database: it ends normally, whole, without an error", async () => {
    await waitForReplies(page, count + 1);
    await expect(page.getByTestId("chat-error")).toHaveCount(0);
    const shown = normalize(await replies(page).last().textContent());
    expect(shown.startsWith("You said") && shown.endsWith("Tell me more and I'll keep track of it."), shown).toBe(true);
    return shown;
  });

  await test.step("new requests are told, readably, with a 503 (through nginx, from whichever instance)", async () => {
    const history = await page.request.get("/api/chat/messages");
    expect(history.status()).toBe(503);
    expect(await history.json()).toEqual({ error: { code: "offline:database", message: DATABASE_DOWN, requestId: expect.any(String) } });
    const ready = await page.request.get("/api/ready");
    expect(ready.status()).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, checks: { database: { ok: false }, letta: { ok: true } } });
  });

  await test.step("…and so is the user who sends now, with a Retry", async () => {
    await sendMessage(page, "sent while the database is down");
    await expect(page.getByTestId("chat-error")).toContainText(DATABASE_DOWN);
    await expect(page.getByTestId("chat-error-retry")).toBeEnabled();
    await expectIdle(page);
  });

  await test.step("Postgres comes back: every instance serves again within seconds, by itself (same processes)", async () => {
    await cluster.startPostgres();
    const backAt = Date.now();
    const recovery: Record<string, number> = {};
    await Promise.all(before.instances.map(async (instance) => {
      await expect.poll(async () => (await fetch(`${instance.url}/api/ready`)).status, { timeout: 10_000, intervals: [100] }).toBe(200);
      recovery[instance.name] = Date.now() - backAt;
    }));
    test.info().annotations.push({ type: "recovery after Postgres returned (ms)", description: JSON.stringify(recovery) });
    const after = await cluster.state();
    expect(after.instances.map((i) => [i.pid, i.restarts])).toEqual(before.instances.map((i) => [i.pid, i.restarts]));
  });

  await test.step("Retry sends the message again and the reply comes; the reply shown during the outage is what Letta stored", async () => {
    await page.getByTestId("chat-error-retry").click();
    await waitForReplies(page, count + 2);
    await expect(page.getByTestId("chat-error")).toHaveCount(0);
    const stored = (await (await page.request.get("/api/chat/messages")).json()) as { items: { kind: string; text?: string }[] };
    expect(stored.items.filter((i) => i.kind === "user").map((i) => i.text).slice(-2)).toEqual([`${reply.match} tell me something long`, "sent while the database is down"]);
    // The reply shown during the outage is what Letta stored, as a reload renders it from the history.
    await page.reload();
    await waitForReplies(page, count + 2);
    expect(normalize(await replies(page).nth(count).textContent())).toBe(shown);
  });
});

test("Letta is killed mid-reply and restarted: the reply ends in a readable error with Retry, and the next send works", async ({ chat: { page } }) => {
  const reply = await holdReply("letta-down");
  const sends = await watchSends(page);
  await sendMessage(page, `${reply.match} tell me something long`);
  await reply.held();
  await sends.waitForBytes(1_000);
  await sends.stop();

  // Killed while the run is held: the hold dies with the process, so there is nothing to release.
  await cluster.killLetta();
  await cluster.startLetta();
  await test.step("the reply ends in a readable error with Retry, and nothing keeps spinning", async () => {
    await expect(page.getByTestId("chat-error")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("chat-error")).toContainText(/\w+ \w+ \w+/);
    await expect(page.getByTestId("chat-error-retry")).toBeEnabled();
    await expectIdle(page);
    test.info().annotations.push({ type: "error shown", description: normalize(await page.getByTestId("chat-error").textContent()) });
  });

  await test.step("Retry: the next send works", async () => {
    await page.getByTestId("chat-error-retry").click();
    await expect(page.getByTestId("chat-error")).toHaveCount(0, { timeout: 20_000 });
    await expect(replies(page).last()).toContainText("You said", { timeout: 20_000 });
    await expectIdle(page);
    expect(await lastStoredReply(page)).toContain("You said");
  });
});

test("Letta takes 30 s before the first token: the typing state shows, Stop works, and a reply that waits 30 s arrives", async ({ chat: { page } }) => {
  test.setTimeout(120_000);
  const [stopped, slow] = [tag("stopped"), tag("slow")];
  await injectFault({ type: "slow_first_token", match: stopped, delay_ms: 30_000 });
  await injectFault({ type: "slow_first_token", match: slow, delay_ms: 30_000 });

  await test.step("while Letta is silent, the user sees the typing state and can Stop: the page is idle at once, no error", async () => {
    const count = await replies(page).count();
    await sendMessage(page, `${stopped} are you there?`);
    await expect(page.getByTestId("typing-indicator")).toBeVisible();
    await page.getByTestId("stop-button").click();
    await expectIdle(page);
    await expect(page.getByTestId("chat-error")).toHaveCount(0);
    await expect(replies(page)).toHaveCount(count);
  });

  await test.step("the next send waits 30 s for its first token: typing the whole time (no timeout, no error), then the reply", async () => {
    const count = await replies(page).count();
    const sentAt = Date.now();
    await sendMessage(page, `${slow} are you there?`);
    const seen: string[] = [];
    for (let state = ""; state !== "reply";) {
      if (Date.now() - sentAt > 45_000) throw new Error(`no reply 45 s after sending; seen: ${seen.join(",")}`);
      // One look at the DOM per sample. The first token may be the model's reasoning (a streaming row that is not
      // the reply yet): that is the reply coming too.
      state = await page.evaluate((before) => {
        const has = (selector: string) => document.querySelector(selector) !== null;
        if (document.querySelectorAll('[data-testid="message-assistant"]').length > before || has("[data-streaming]")) return "reply";
        if (has('[data-testid="chat-error"]')) return "error";
        return has('[data-testid="typing-indicator"]') ? "typing" : "nothing";
      }, count);
      if (seen.at(-1) !== state) seen.push(state);
      if (state !== "reply") await page.waitForTimeout(250);
    }
    const firstTokenAfterMs = Date.now() - sentAt;
    expect(seen, "typing until the reply, nothing else").toEqual(["typing", "reply"]);
    expect(firstTokenAfterMs).toBeGreaterThanOrEqual(29_000);
    await waitForReplies(page, count + 1);
    await expect(page.getByTestId("chat-error")).toHaveCount(0);
    await expect(replies(page).last()).toContainText("You said");
    test.info().annotations.push({ type: "first token after (ms)", description: String(firstTokenAfterMs) });
  });
});
