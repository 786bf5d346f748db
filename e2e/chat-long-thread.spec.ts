// Long threads and compacted ones in the chat view (issues #6 and #7): the transcript mounts only the
// rows near the viewport, keeps the message under the reader's eyes still while rows come and go above
// it, and shows where Letta summarised earlier messages.
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./helpers/a11y";
import { createUser } from "./helpers/db";
import { openChat, questions, replies, signInContext, watchConsole } from "./helpers/chat-page";
import { lettaClient } from "./helpers/letta-control";
import { conversationIdOf, seedLongThread } from "./helpers/seed-thread";
import { signInOverHttp } from "./helpers/session";

// A failure here is a bug, not bad luck: no retries (the suite passes with every core busy, scripts/cpu-hog.mjs).
test.describe.configure({ retries: 0 });

const MESSAGES = 450; // 225 questions and 225 replies (reasoning + text): 675 rows, nine older pages

type ScrollBack = { maxMounted: number; maxElements: number; rowCount: number; pages: number; maxShift: number; shifts: string[] };

/**
 * Scrolls up like a reader (a step, then two frames), to the start of the conversation. Before each step it
 * picks the first row in view; after the step and the frames (rows mounted above it, maybe a page prepended)
 * that row must be exactly as far above where it was as the step scrolled, within 2 px.
 */
async function scrollBackToStart(page: Page): Promise<ScrollBack> {
  return page.getByTestId("message-list").evaluate(async (scroller: HTMLElement) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const list = scroller.querySelector<HTMLElement>("[data-row-count]")!;
    const rowCount = () => Number(list.dataset.rowCount);
    const firstInView = () => {
      const top = scroller.getBoundingClientRect().top;
      return Array.from(scroller.querySelectorAll<HTMLElement>("[data-row-key]")).find((row) => row.getBoundingClientRect().bottom > top + 1);
    };
    const result = { maxMounted: 0, maxElements: 0, rowCount: 0, pages: 0, maxShift: 0, shifts: [] as string[] };
    const deadline = performance.now() + 90_000;
    while (!scroller.querySelector('[data-testid="conversation-start"]') || scroller.scrollTop > 0) {
      if (performance.now() > deadline) throw new Error(`never reached the start (${rowCount()} rows)`);
      const reference = firstInView();
      const before = reference?.getBoundingClientRect().top ?? 0;
      const rows = rowCount();
      const step = Math.min(scroller.scrollTop, 700);
      scroller.scrollTop -= step;
      await frame();
      await frame();
      if (rowCount() > rows) result.pages += 1;
      if (reference?.isConnected) {
        const shift = Math.abs(reference.getBoundingClientRect().top - (before + step));
        if (shift > result.maxShift) result.maxShift = shift;
        if (shift > 2) result.shifts.push(`${reference.dataset.rowKey}: ${shift.toFixed(1)} px (rows ${rows} → ${rowCount()})`);
      }
      result.maxMounted = Math.max(result.maxMounted, scroller.querySelectorAll("[data-row-key]").length);
      result.maxElements = Math.max(result.maxElements, document.getElementsByTagName("*").length);
      if (step === 0) await frame(); // at the top, waiting for the next page
    }
    result.rowCount = rowCount();
    return result;
  });
}

test("a long thread keeps the DOM bounded and the reader's place still, back to its first message", async ({ page, context, baseURL }) => {
  test.setTimeout(150_000);
  const errors = watchConsole(page);
  const user = await signInContext(context, baseURL!);
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200); // creates the conversation
  await seedLongThread(await conversationIdOf(user.id), MESSAGES);

  await openChat(page);
  await expect(questions(page).last()).toContainText(`Question ${MESSAGES - 1}:`);
  await expect(replies(page).last()).toContainText(`Answer ${MESSAGES}:`);

  const result = await scrollBackToStart(page);
  test.info().annotations.push({
    type: "scroll-back",
    description: `${result.rowCount} rows, ${result.pages} pages; at most ${result.maxMounted} rows mounted, ${result.maxElements} elements; max shift ${result.maxShift.toFixed(2)} px`,
  });
  expect(result.rowCount, "every message is in the transcript").toBe(MESSAGES * 1.5);
  expect(result.shifts, "the row in view never jumps").toEqual([]);
  // Up to 300 rows everything is mounted (lib/chat/client/row-window.ts); past that, only rows near the viewport.
  expect(result.maxMounted, "mounted rows stay bounded").toBeLessThanOrEqual(300);
  await page.getByTestId("message-list").evaluate((scroller) => scroller.scrollTo({ top: 0 }));
  await expect(page.getByTestId("conversation-start")).toBeInViewport();
  await expect(questions(page).first()).toContainText("Question 1:");
  const mounted = await page.locator("[data-row-key]").count();
  expect(mounted, `${mounted} of ${result.rowCount} rows mounted at the top`).toBeLessThan(100);
  expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(2_000);

  // Back to the newest message in one click.
  await page.getByTestId("jump-to-latest").click();
  await expect(replies(page).last()).toContainText(`Answer ${MESSAGES}:`);
  await expect(replies(page).last()).toBeInViewport();
  await expect(page.getByTestId("jump-to-latest")).toHaveCount(0);

  // A message sent from the top: on screen at the bottom in the first frame painted after the click (the window
  // jumps there in the click's own render, the rest of it grows after), then its reply streams in below it, followed.
  await page.getByTestId("message-list").evaluate((scroller) => scroller.scrollTo({ top: 0 }));
  await expect(page.getByTestId("conversation-start")).toBeInViewport();
  await page.getByTestId("composer-input").fill("Sent from the top of the thread");
  const firstFrame = await page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    document.querySelector<HTMLElement>('[data-testid="send-button"]')!.click();
    // The view follows the bottom in the first frame's resize observers, after its animation-frame callbacks: what
    // that frame painted is what the second frame starts from.
    await frame();
    await frame();
    const sent = Array.from(scroller.querySelectorAll<HTMLElement>('[data-testid="message-user"]')).at(-1);
    const box = sent?.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    return { text: sent?.textContent, inView: !!box && box.top >= view.top && box.bottom <= view.bottom, where: `${box?.top}–${box?.bottom} in ${view.top}–${view.bottom}` };
  });
  expect(firstFrame.text).toBe("Sent from the top of the thread");
  expect(firstFrame.inView, `the sent message is in view at once (${firstFrame.where})`).toBe(true);
  await expect(replies(page).last()).not.toContainText(`Answer ${MESSAGES}:`, { timeout: 30_000 }); // the reply has begun
  await expect(page.locator("[data-streaming]")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId("send-button")).toHaveAttribute("aria-label", "Send message");
  await expect(questions(page).last()).toHaveText("Sent from the top of the thread");
  await expect(replies(page).last()).toBeInViewport();
  await expect(page.getByTestId("jump-to-latest")).toHaveCount(0);
  expect(await page.locator("[data-row-key]").count()).toBeLessThan(100);
  expect(errors).toEqual([]);
});

test("an older page that lands in the frame the reader scrolls up from the bottom keeps their place", async ({ page, context, baseURL }) => {
  // Reading at the bottom (the view follows it), the reader presses Home (or drags the scrollbar) just as an
  // older page arrives: the scroll position has changed, but its scroll event, which lets go of the bottom,
  // comes with the next frame, after the page's commit. What is on screen must not move. The race is made
  // certain here, not left to timing: the older page's response is held, and the scroll to the top happens
  // inside the commit that prepends the page (before its first row is inserted).
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const user = await signInContext(context, baseURL!);
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200);
  await seedLongThread(await conversationIdOf(user.id), 200); // 300 rows in four pages: all mounted, no window
  await page.addInitScript(() => {
    // Every older page is held until the test lets it through (one at a time, so none loads unasked).
    const held = window as unknown as { releaseOlder?: () => void };
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (url.includes("before=")) await new Promise<void>((resolve) => { held.releaseOlder = resolve; });
      return response;
    };
  });
  await openChat(page);
  await expect(replies(page).last()).toContainText("Answer 200:");
  const list = page.getByTestId("message-list");

  for (const attempt of [1, 2]) {
    // Ask for the older page (scrolled to the top; it is held) and go back to the bottom: the view follows it again.
    await list.evaluate((scroller) => scroller.scrollTo({ top: 0 }));
    await page.waitForFunction(() => typeof (window as unknown as { releaseOlder?: unknown }).releaseOlder === "function");
    await page.getByTestId("jump-to-latest").click();
    await expect(page.getByTestId("jump-to-latest")).toHaveCount(0);
    await expect(replies(page).last()).toBeInViewport();

    const result = await list.evaluate(async (scroller: HTMLElement) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      await frame();
      await frame(); // the scroll events of the jump to the bottom are in
      const rowList = scroller.querySelector<HTMLElement>("[data-row-count]")!;
      const rowsBefore = Number(rowList.dataset.rowCount);
      // The row at the top of the transcript: where it will sit on screen once the reader is at the top.
      const reference = rowList.querySelector<HTMLElement>("[data-row-key]")!;
      const viewTop = scroller.getBoundingClientRect().top;
      const expected = reference.getBoundingClientRect().top - viewTop + scroller.scrollTop;
      let scrolledInCommit = false;
      let rowsAtScrollEvent = -1;
      scroller.addEventListener("scroll", () => { rowsAtScrollEvent = Number(rowList.dataset.rowCount); }, { once: true });
      const insertBefore = Node.prototype.insertBefore;
      Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
        if (this === rowList && !scrolledInCommit) {
          Node.prototype.insertBefore = insertBefore;
          scrolledInCommit = true;
          scroller.scrollTop = 0;
        }
        return insertBefore.call(this, node, child) as T;
      };
      const held = window as unknown as { releaseOlder?: () => void };
      const release = held.releaseOlder!;
      held.releaseOlder = undefined;
      release();
      const deadline = performance.now() + 15_000;
      while (Number(rowList.dataset.rowCount) === rowsBefore && performance.now() < deadline) await frame();
      Node.prototype.insertBefore = insertBefore;
      const shifts: number[] = [];
      for (let i = 0; i < 5; i++) {
        shifts.push(Math.abs(reference.getBoundingClientRect().top - scroller.getBoundingClientRect().top - expected));
        await frame();
      }
      return { rowsBefore, rowsAfter: Number(rowList.dataset.rowCount), rowsAtScrollEvent, scrolledInCommit, connected: reference.isConnected, shifts };
    });
    test.info().annotations.push({ type: `attempt ${attempt}`, description: JSON.stringify(result) });
    expect(result.rowsAfter, "the older page was prepended").toBeGreaterThan(result.rowsBefore);
    expect(result.scrolledInCommit, "the scroll to the top happened inside the page's commit").toBe(true);
    expect(result.rowsAtScrollEvent, "its scroll event came after the page's rows were in").toBe(result.rowsAfter);
    expect(result.connected).toBe(true);
    expect(Math.max(...result.shifts), `the row at the top stays where the reader saw it (${result.shifts.join(", ")} px)`).toBeLessThanOrEqual(2);
    // The view let go of the bottom: the reader stays up there, with the way back offered.
    await expect(page.getByTestId("jump-to-latest")).toBeVisible();
    expect(await list.evaluate((scroller) => scroller.scrollTop)).toBeGreaterThan(0);
  }
  expect(errors).toEqual([]);
});

test("a compacted conversation shows where earlier messages were summarised, the summary behind a disclosure", async ({ page, context, browser, baseURL }) => {
  test.setTimeout(120_000); // seeding, two axe runs and an admin's page: ~30 s with every core busy
  const user = await signInContext(context, baseURL!);
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200);
  const conversationId = await conversationIdOf(user.id);
  const letta = await lettaClient();
  const say = async (text: string) => {
    const stream = await letta.conversations.messages.create(conversationId, { messages: [{ role: "user", content: text }], stream_tokens: false });
    for await (const _chunk of stream) {
      // Consumed to the end: the run is stored when the stream finishes.
    }
  };
  for (const n of [1, 2, 3]) await say(`before the summary ${n}`);
  // Letta's compaction (POST /v1/conversations/{id}/compact), all in-context messages summarised.
  const compacted = await fetch(`${process.env.LETTA_BASE_URL}/v1/conversations/${conversationId}/compact`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(process.env.LETTA_API_KEY ? { authorization: `Bearer ${process.env.LETTA_API_KEY}` } : {}) },
    body: JSON.stringify({ compaction_settings: { mode: "all" } }),
  });
  expect(compacted.status, await compacted.clone().text()).toBe(200);
  await say("after the summary");

  await openChat(page);
  const divider = page.getByTestId("message-summary");
  await expect(divider).toHaveCount(1);
  await expect(page.getByTestId("summary-toggle")).toHaveText("Earlier messages summarised");
  // In place: below the summarised messages, above the ones after it.
  const order = await page.getByTestId("message-list").evaluate((list) =>
    Array.from(list.querySelectorAll('[data-testid="message-user"], [data-testid="message-summary"]'))
      .map((e) => (e.getAttribute("data-testid") === "message-summary" ? "summary" : e.textContent)));
  expect(order).toEqual(["before the summary 1", "before the summary 2", "before the summary 3", "summary", "after the summary"]);

  // Collapsed by default; a disclosure the keyboard can open.
  await expect(page.getByTestId("summary-text")).toHaveCount(0);
  await page.getByTestId("summary-toggle").focus();
  await page.keyboard.press("Enter");
  await expect(divider).toHaveAttribute("open", "");
  await expect(page.getByTestId("summary-text")).toContainText("Summary of");
  await expect(page.getByTestId("summary-text")).toContainText("before the summary 2");

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page, { include: '[data-testid="message-list"]' }), scheme).toEqual([]);
  }
  await page.getByTestId("summary-toggle").click();
  await expect(page.getByTestId("summary-text")).toHaveCount(0);

  // An admin reading the thread sees the same divider.
  const admin = await createUser({ role: "ADMIN" });
  const adminApi = await signInOverHttp(baseURL!, admin.email, admin.password);
  const adminPage = await browser.newContext({ baseURL, storageState: await adminApi.storageState() });
  const adminTab = await adminPage.newPage();
  await adminTab.goto(`/admin/users/${user.id}`);
  await expect(adminTab.getByTestId("admin-thread").getByTestId("summary-toggle")).toHaveText("Earlier messages summarised");
  await adminTab.getByTestId("admin-thread").getByTestId("summary-toggle").click();
  await expect(adminTab.getByTestId("admin-thread").getByTestId("summary-text")).toContainText("Summary of");
  await adminPage.close();
  await adminApi.dispose();
});
