// The chat page in Chromium against the production build, the local Letta server
// (with fault injection) and Postgres: streaming, reloads, second tabs, stop,
// scroll-back, errors, isolation between users, and accessibility.
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./helpers/a11y";
import { createUser, database } from "./helpers/db";
import {
  historyOf, lastStoredReply, liveReply, occurrencesOnScreen, openChat, orderWhileStreaming, questions, questionsDuringReply,
  replies, sendMessage, signInContext, signedInContext, waitForReplies, watchConsole,
} from "./helpers/chat-page";
import { injectFault, lettaClient } from "./helpers/letta-control";
import { holdReply, tag } from "./helpers/upstream";

// Deterministic: a reply "in progress" is held by letta-local, never raced against the clock; a failure is a bug.
test.describe.configure({ retries: 0 });

/** A reply of `tokens` filler words, `delayMs` apart, for the next send containing `match`. */
const slowReply = (match: string, tokens: number, delayMs: number) =>
  injectFault({ type: "long_reply", match, tokens, token_delay_ms: delayMs });

/** The newest reply's text once rendered as markdown (a row shows plain text until the markdown chunk has loaded). */
async function settledReplyText(page: Page): Promise<string> {
  await expect(replies(page).last().locator("li").first()).toBeVisible();
  return (await replies(page).last().textContent())!;
}

test("sign in, then a reply streams in step by step", async ({ page }) => {
  const errors = watchConsole(page);
  const user = await createUser({ name: "Stream Tester" });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByTestId("auth-submit").click();
  await expect(page).toHaveURL("/");
  await expect(page.getByTestId("chat-empty")).toBeVisible();

  const match = tag("steps");
  await slowReply(match, 30, 50);
  // Record every length the streaming reply goes through, as the page renders it.
  await page.evaluate(() => {
    const lengths: number[] = [];
    Object.assign(window, { replyLengths: lengths });
    const record = () => {
      const live = document.querySelector('[data-testid="message-assistant"][data-streaming="true"]');
      const length = live?.textContent?.length ?? 0;
      if (length > 0 && length !== lengths.at(-1)) lengths.push(length);
    };
    new MutationObserver(record).observe(document.querySelector('[data-testid="message-list"]')!, {
      subtree: true, childList: true, characterData: true, attributes: true,
    });
  });
  const question = `${match} please answer at length`;
  await sendMessage(page, question);
  await expect(questions(page)).toHaveText([question]);
  await waitForReplies(page, 1);

  const final = (await replies(page).textContent())!;
  expect(final.split(" ")).toHaveLength(30);
  await expect.poll(() => lastStoredReply(page)).toBe(final);
  const lengths = await page.evaluate(() => (window as unknown as { replyLengths: number[] }).replyLengths);
  const growing = lengths.every((length, i) => i === 0 || length > lengths[i - 1]!);
  expect(growing, `lengths ${lengths.join(",")} only grow`).toBe(true);
  expect(lengths.filter((length) => length < final.length).length, `lengths before the end: ${lengths.join(",")}`).toBeGreaterThanOrEqual(3);
  expect(lengths.at(-1)).toBeLessThanOrEqual(final.length);
  // The page asks to resume on every load; "nothing in progress" (204) must not show up as an error.
  expect(errors).toEqual([]);
});

test("a reload mid-reply shows the question and the whole reply exactly once", async ({ page, context, baseURL }) => {
  const errors = watchConsole(page);
  await signInContext(context, baseURL!);
  await openChat(page);
  const reply = await holdReply("reload");
  const question = `${reply.match} tell me everything`;
  await sendMessage(page, question);
  await reply.held();
  // Held after "You said: **<match>": the reply is provably in progress, and this much of it is on screen.
  await expect(liveReply(page)).toContainText(reply.match);

  await page.reload();
  // Still mid-reply after the reload, with what had arrived replayed once (the match: in the question and once in
  // the reply), its question above it.
  await expect(liveReply(page)).toContainText(reply.match);
  await expect.poll(() => occurrencesOnScreen(page, reply.match)).toBe(2);
  expect(await occurrencesOnScreen(page, "You said")).toBe(1);
  await expect(questionsDuringReply(page)).toHaveText([question]);
  expect(await orderWhileStreaming(page)).toEqual(["message-user", "live reply"]);

  await reply.release();
  await waitForReplies(page, 1);
  expect(await lastStoredReply(page)).toContain("Tell me more"); // the reply went on to its end
  const streamed = await settledReplyText(page);
  expect(await occurrencesOnScreen(page, "You said")).toBe(1);
  expect(await occurrencesOnScreen(page, "Here is what stands out")).toBe(1);
  await page.reload(); // the same reply, read from the history
  await expect(replies(page)).toHaveText([streamed!]);
  await expect(questions(page)).toHaveText([question]);
  expect(errors).toEqual([]);
});

test("a second tab follows a reply in progress", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const reply = await holdReply("tabs");
  const question = `${reply.match} a story for two tabs`;
  await sendMessage(page, question);
  await reply.held();
  await expect(liveReply(page)).toContainText(reply.match);

  const second = await context.newPage();
  const errors = watchConsole(second);
  await openChat(second);
  // The reply in progress, as far as it has come (Letta stores nothing of it yet: this is the live stream).
  await expect(liveReply(second)).toContainText(reply.match);
  await expect(questionsDuringReply(second)).toHaveText([question]);
  expect(await orderWhileStreaming(second)).toEqual(["message-user", "live reply"]);

  // Released, the rest arrives in both tabs: the second one follows it live to the end, without a reload.
  await reply.release();
  await waitForReplies(second, 1);
  await waitForReplies(page, 1);
  expect(await lastStoredReply(page)).toContain("Tell me more");
  await expect(replies(second)).toHaveText([await settledReplyText(page)]);
  expect(await occurrencesOnScreen(second, "You said")).toBe(1);
  expect(await occurrencesOnScreen(second, "Here is what stands out")).toBe(1);
  await expect(questions(second)).toHaveText([question]);
  expect(errors).toEqual([]);
});

test("a tab that comes back to the front shows what another tab sent meanwhile, and follows its reply", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const other = await context.newPage();
  await openChat(other);
  await sendMessage(other, "sent from the other tab");
  await waitForReplies(other, 1);
  const reply = await holdReply("catchup");
  await sendMessage(other, `${reply.match} and a long answer`);
  await reply.held();
  await expect(liveReply(other)).toContainText(reply.match);

  await expect(questions(page)).toHaveCount(0); // this tab has not looked yet
  await page.bringToFront();
  await page.evaluate(() => window.dispatchEvent(new Event("focus"))); // what switching back to the tab fires
  await expect(questions(page)).toHaveText(["sent from the other tab", `${reply.match} and a long answer`]);
  // The reply in progress is followed live, not read once: it is on screen while the run is held…
  await expect(liveReply(page)).toContainText(reply.match);
  // …and ends here when the run ends.
  await reply.release();
  await waitForReplies(page, 2);
  await expect(replies(page).last()).toContainText("Tell me more");
  await waitForReplies(other, 2);
  await expect(replies(page).last()).toHaveText(await settledReplyText(other));
});

test("stop keeps the partial reply, also after a reload", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const reply = await holdReply("stop");
  await sendMessage(page, `${reply.match} go on and on`);
  await reply.held();
  await expect(liveReply(page)).toContainText(reply.match);
  await page.getByTestId("stop-button").click();

  await waitForReplies(page, 1);
  await expect(page.getByTestId("chat-announcer")).toHaveText("Reply stopped.");
  const partial = (await replies(page).textContent())!;
  expect(partial).toContain(reply.match);
  expect(partial).not.toContain("Here is what stands out"); // stopped where the run was held: the rest never came
  // Letta stored the partial reply ("You said: **<match> go", its markdown not closed yet): what was shown, plus the
  // token letta-local had generated when the hold stopped it (generated, never sent), and none of the rest.
  const stored = (await lastStoredReply(page))!;
  expect(stored).toContain(reply.match);
  expect(stored).not.toContain("Here is what stands out");

  // After a reload the thread is what Letta stored: the words shown before Stop are all still there.
  await page.reload();
  await expect(replies(page)).toHaveCount(1);
  await expect(replies(page)).toContainText(partial.trim());
  await expect(replies(page)).not.toContainText("Here is what stands out");
  await expect(page.getByTestId("composer-input")).toBeEditable();
});

test("scrolling up through three older pages keeps the message in view still", async ({ page, context, baseURL }) => {
  test.setTimeout(120_000); // 80 exchanges seeded through Letta: ~25 s with every core busy
  const user = await signInContext(context, baseURL!);
  // The first GET creates the user's conversation; then seed it straight through Letta.
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200);
  const { rows } = await database().query(`SELECT "lettaConversationId" AS id FROM "Conversation" WHERE "userId" = $1`, [user.id]);
  const letta = await lettaClient();
  // 80 exchanges = 160 stored messages: the newest page (50) and three older ones, the last reaching the start.
  const seedStart = Date.now();
  for (let i = 1; i <= 80; i++) {
    const stream = await letta.conversations.messages.create(rows[0].id, {
      messages: [{ role: "user", content: `seed note ${i}` }], stream_tokens: false,
    });
    for await (const _chunk of stream) {
      // Consumed to the end: the run is stored when the stream finishes.
    }
  }

  test.info().annotations.push({ type: "seeded", description: `80 exchanges in ${Date.now() - seedStart} ms` });
  await openChat(page);
  await expect(questions(page).last()).toHaveText("seed note 80");
  await expect(page.getByTestId("older-loading")).toHaveCount(0);

  const measurements: Array<{ before: number; after: number[]; added: number; visible: boolean }> = [];
  while (measurements.length < 4 && (await page.getByTestId("conversation-start").count()) === 0) {
    const result = await page.getByTestId("message-list").evaluate(async (scroller: HTMLElement) => {
      const rowsNow = () => scroller.querySelectorAll("[data-message-id]");
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const count = rowsNow().length;
      scroller.scrollTop = 0;
      const reference = rowsNow()[0]!; // the topmost message, in view now
      const before = reference.getBoundingClientRect().top;
      const deadline = performance.now() + 10_000;
      while (rowsNow().length === count) {
        if (performance.now() > deadline) throw new Error("no older page was prepended");
        await frame();
      }
      // Right after the prepend and over the next frames (late layout of the new rows).
      const after: number[] = [];
      for (let i = 0; i < 10; i++) {
        after.push(reference.getBoundingClientRect().top);
        await frame();
      }
      const view = scroller.getBoundingClientRect();
      const rect = reference.getBoundingClientRect();
      return { before, after, added: rowsNow().length - count, visible: rect.bottom > view.top && rect.top < view.bottom };
    });
    measurements.push(result);
  }
  test.info().annotations.push({
    type: "anchor",
    description: measurements.map((m) => `+${m.added} rows: max |Δ| ${Math.max(...m.after.map((a) => Math.abs(a - m.before))).toFixed(2)} px`).join("; "),
  });
  for (const [i, m] of measurements.entries()) {
    expect(m.added, `page ${i + 1} added rows`).toBeGreaterThan(0);
    for (const top of m.after) expect(Math.abs(top - m.before), `page ${i + 1}: the reference message moved`).toBeLessThanOrEqual(2);
    expect(m.visible, `page ${i + 1}: the reference message is still in view`).toBe(true);
  }
  expect(measurements, "one older page per scroll to the top, three in all").toHaveLength(3);
  await page.getByTestId("message-list").evaluate((scroller) => scroller.scrollTo({ top: 0 }));
  await expect(page.getByTestId("conversation-start")).toBeInViewport();
  await expect(questions(page).first()).toHaveText("seed note 1");
  await expect(questions(page)).toHaveCount(80);
});

test("an upstream failure shows a readable error, keeps the draft, and Retry sends it once", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const match = tag("fail");
  await injectFault({ type: "http_500", match });
  const text = `${match} please keep this draft`;
  await sendMessage(page, text);

  await expect(page.getByTestId("chat-error")).toContainText("The assistant had a problem. Please try again.");
  await expect(page.getByTestId("composer-input")).toHaveValue(text);
  await expect(questions(page)).toHaveCount(0); // not taken: back in the composer, not in the transcript
  const pendingKeys = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("threadline:pending-sends:")));
  expect(await pendingKeys()).toEqual([]);

  await page.getByTestId("chat-error-retry").click(); // the fault was used up by the first attempt
  await expect(page.getByTestId("chat-error")).toHaveCount(0);
  await waitForReplies(page, 1);
  await expect(questions(page)).toHaveText([text]);
  await expect(page.getByTestId("composer-input")).toHaveValue("");
  await expect(replies(page)).toContainText("You said");
  const stored = await historyOf(page);
  expect(stored.filter((item) => item.kind === "user").map((item) => item.text)).toEqual([text]);
  // Once the history has it, the send is no longer remembered as pending.
  await expect.poll(pendingKeys).toEqual([]);
});

test("asking the agent to search your history finds your own earlier message, and says where it looked", async ({ page, context, baseURL }) => {
  await signInContext(context, baseURL!);
  await openChat(page);
  const word = tag("heron");
  await sendMessage(page, `The heron I saw today was called ${word}.`);
  await waitForReplies(page, 1);
  await sendMessage(page, `search my history for ${word}`);
  // The run pauses on the scoped search, the server answers it, and the same reply goes on.
  await waitForReplies(page, 2);
  const tool = page.getByTestId("message-tool").last();
  await expect(tool).toContainText(`Searched this conversation for “${word}”`);
  await expect(replies(page).last()).toContainText(`The heron I saw today was called ${word}`);
  await expect(page.getByTestId("chat-error")).toHaveCount(0);
  // After a reload the history tells the same story, the search's result included.
  await page.reload();
  await expect(page.getByTestId("message-tool").last()).toContainText(`Searched this conversation for “${word}”`);
  await expect(replies(page)).toHaveCount(2);
});

test("two users chatting at once each see only their own thread", async ({ browser, baseURL }) => {
  test.setTimeout(90_000); // two users, two browsers, two reloads: ~30 s with every core busy
  const [ada, bob] = await Promise.all([signedInContext(browser, baseURL!), signedInContext(browser, baseURL!)]);
  const [adaPage, bobPage] = await Promise.all([ada.context.newPage(), bob.context.newPage()]);
  await Promise.all([openChat(adaPage), openChat(bobPage)]);
  const [adaReply, bobReply] = await Promise.all([holdReply("ada"), holdReply("bob")]);
  const [adaTag, bobTag] = [adaReply.match, bobReply.match];
  await Promise.all([sendMessage(adaPage, `${adaTag} my secret is marmalade`), sendMessage(bobPage, `${bobTag} my secret is anchovies`)]);
  // Both replies are held mid-way: provably being written at the same moment.
  await Promise.all([adaReply.held(), bobReply.held()]);
  await expect(liveReply(adaPage)).toContainText(adaTag);
  await expect(liveReply(bobPage)).toContainText(bobTag);

  const pairs = [[adaPage, adaTag, bobTag], [bobPage, bobTag, adaTag]] as const;
  for (const [page, mine, theirs] of pairs) {
    await expect(questions(page)).toHaveText([`${mine} my secret is ${mine === adaTag ? "marmalade" : "anchovies"}`]);
    expect(await occurrencesOnScreen(page, theirs)).toBe(0);
  }
  await Promise.all([adaPage.getByTestId("stop-button").click(), bobPage.getByTestId("stop-button").click()]);
  await Promise.all([waitForReplies(adaPage, 1), waitForReplies(bobPage, 1)]);

  // And from the history, after a reload.
  await Promise.all(pairs.map(async ([page, mine, theirs]) => {
    await page.reload();
    await expect(questions(page)).toHaveCount(1);
    await expect(questions(page)).toContainText(mine);
    await expect(replies(page)).toHaveCount(1);
    await expect(replies(page)).toContainText(mine);
    expect(await occurrencesOnScreen(page, theirs)).toBe(0);
    expect(JSON.stringify(await historyOf(page))).not.toContain(theirs);
  }));
  await Promise.all([ada.context.close(), bob.context.close()]);
});

test.describe("accessibility", () => {
  async function inBothSchemes(page: Page, check: () => Promise<string[]>): Promise<Record<string, string[]>> {
    await page.emulateMedia({ colorScheme: "light" });
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    const light = await check();
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    const dark = await check();
    return { light, dark };
  }

  test("the sign-in page has no serious or critical violations, light and dark", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByTestId("sign-in-form")).toBeVisible();
    expect(await inBothSchemes(page, () => seriousViolations(page))).toEqual({ light: [], dark: [] });
  });

  test("the chat page with an exchange has no serious or critical violations, light and dark", async ({ page, context, baseURL }) => {
    await signInContext(context, baseURL!);
    await openChat(page);
    await sendMessage(page, "Show me a code snippet and a table of the key terms in this sentence");
    await waitForReplies(page, 1);
    await expect(replies(page).locator("table")).toBeVisible();
    await expect(replies(page).locator("pre code")).toBeVisible();
    await page.getByTestId("reasoning-toggle").click(); // the disclosure, open
    await expect(page.getByTestId("message-reasoning")).toHaveAttribute("open", "");
    // axe only judges colours it can see: a viewport tall enough for the whole transcript.
    await page.setViewportSize({ width: 1280, height: 1800 });
    await expect(page.getByTestId("conversation-start")).toBeInViewport();
    await expect(replies(page).locator("p").last()).toBeInViewport();
    expect(await inBothSchemes(page, () => seriousViolations(page))).toEqual({ light: [], dark: [] });
  });
});
