// A part of the deployment fails while the app keeps running: the app's Postgres stops and comes back, Letta is
// killed mid-run and restarted, Letta takes 30 s to start answering. The user always sees where things stand:
// a reply that finishes, a readable error with Retry, or the typing state with Stop; never a stuck spinner.
import { expect, test, type Page } from "@playwright/test";
import {
  lastStoredReply, openChat, replies, sendMessage, signedInContext, signInContext, waitForReplies,
} from "../helpers/chat-page";
import { injectFault } from "../helpers/letta-control";
import { cluster } from "./helpers/cluster";
import { holdReply, normalize, tag, watchSendBytes, wordCount } from "./helpers/upstream";

const DATABASE_DOWN = "Threadline can't reach its database right now. Please try again in a moment.";

test.beforeEach(async () => {
  await cluster.heal();
});

/** The composer is back to "Send" and nothing is streaming or waiting: no stuck spinner. */
async function expectIdle(page: Page) {
  await expect(page.getByTestId("send-button")).toHaveAttribute("aria-label", "Send message");
  await expect(page.locator("[data-streaming]")).toHaveCount(0);
  await expect(page.getByTestId("typing-indicator")).toHaveCount(0);
}

test("Postgres stops mid-reply: the reply finishes, new requests get a readable 503, and the app recovers on its own", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const before = await cluster.state();
  const reply = await holdReply({ name: "pg-down", tokens: 150, delayMs: 30 });
  const bytes = await watchSendBytes(page);
  await sendMessage(page, `${reply.match} tell me something long`);
  await bytes.waitForBytes(2_000);
  await bytes.stop();

  await cluster.stopPostgres();
  await reply.release();
  const shown = await test.step("the stream in progress needs no database: it ends normally, whole, without an error", async () => {
    await waitForReplies(page, 1);
    await expect(page.getByTestId("chat-error")).toHaveCount(0);
    const shown = normalize(await replies(page).last().textContent());
    expect(wordCount(shown)).toBe(reply.tokens);
    return shown;
  });

  await test.step("new requests are told, readably, with a 503 (through nginx, from whichever instance)", async () => {
    const history = await page.request.get("/api/chat/messages");
    expect(history.status()).toBe(503);
    expect(await history.json()).toEqual({ error: { code: "offline:database", message: DATABASE_DOWN } });
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
    await waitForReplies(page, 2);
    await expect(page.getByTestId("chat-error")).toHaveCount(0);
    const stored = (await (await page.request.get("/api/chat/messages")).json()) as { items: { kind: string; text?: string }[] };
    const assistant = stored.items.filter((i) => i.kind === "assistant").map((i) => normalize(i.text));
    expect(assistant[0]).toBe(shown);
    expect(stored.items.filter((i) => i.kind === "user").map((i) => i.text)).toEqual([`${reply.match} tell me something long`, "sent while the database is down"]);
  });
});

test("Letta is killed mid-reply and restarted: the reply ends in a readable error with Retry, and the next send works", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const reply = await holdReply({ name: "letta-down", tokens: 150, delayMs: 30 });
  const bytes = await watchSendBytes(page);
  await sendMessage(page, `${reply.match} tell me something long`);
  await bytes.waitForBytes(2_000);
  await bytes.stop();

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

test("Letta takes 30 s before the first token: the typing state shows throughout, Stop works, and the late reply arrives", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const [waiting, stopping] = await Promise.all([signedInContext(browser, baseURL!), signedInContext(browser, baseURL!)]);
  const [waiter, stopper] = await Promise.all([waiting.context.newPage(), stopping.context.newPage()]);
  await Promise.all([openChat(waiter), openChat(stopper)]);
  const [slow, stopped] = [tag("slow"), tag("stopped")];
  await injectFault({ type: "slow_first_token", match: slow, delay_ms: 30_000 });
  await injectFault({ type: "slow_first_token", match: stopped, delay_ms: 30_000 });

  const sentAt = Date.now();
  await sendMessage(waiter, `${slow} are you there?`);
  await sendMessage(stopper, `${stopped} are you there?`);
  for (const page of [waiter, stopper]) {
    await expect(page.getByTestId("typing-indicator")).toBeVisible();
    await expect(page.getByTestId("stop-button")).toBeEnabled();
  }

  // One user stops the wait: the page is idle at once, with no error and nothing half-shown.
  await stopper.getByTestId("stop-button").click();
  await expectIdle(stopper);
  await expect(stopper.getByTestId("chat-error")).toHaveCount(0);

  // The other waits: the typing state stays (no timeout, no error) until the first token comes, after 30 s.
  const seen: string[] = [];
  for (let state = ""; state !== "reply";) {
    if (Date.now() - sentAt > 45_000) throw new Error(`no reply 45 s after sending; seen: ${seen.join(",")}`);
    // One look at the DOM per sample. The first token may be the model's reasoning (a streaming row that is not the
    // reply yet): that is the reply coming too.
    state = await waiter.evaluate(() => {
      const has = (selector: string) => document.querySelector(selector) !== null;
      if (has('[data-testid="message-assistant"]') || has("[data-streaming]")) return "reply";
      if (has('[data-testid="chat-error"]')) return "error";
      return has('[data-testid="typing-indicator"]') ? "typing" : "nothing";
    });
    if (seen.at(-1) !== state) seen.push(state);
    if (state !== "reply") await waiter.waitForTimeout(250);
  }
  expect(seen, "typing until the reply, nothing else").toEqual(["typing", "reply"]);
  const firstTokenAfterMs = Date.now() - sentAt;
  expect(firstTokenAfterMs).toBeGreaterThanOrEqual(29_000);
  await waitForReplies(waiter, 1);
  await expect(waiter.getByTestId("chat-error")).toHaveCount(0);
  await expect(replies(waiter).last()).toContainText("You said");
  test.info().annotations.push({ type: "first token after (ms)", description: String(firstTokenAfterMs) });

  // The stopped conversation takes the next message normally.
  await sendMessage(stopper, "and now?");
  await waitForReplies(stopper, 1);
  await expect(stopper.getByTestId("chat-error")).toHaveCount(0);
  await Promise.all([waiting.context.close(), stopping.context.close()]);
});
