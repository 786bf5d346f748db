// The thread comes with the page's first HTML (issue #16): the chat and the admin's thread view render the newest
// page of history on the server, so a reload shows the conversation at first paint, with no skeleton and no
// request from the browser before it; the empty state and the error states come the same way.
// Against the production build, the local Letta server and Postgres.
import { expect, test, type Page } from "@playwright/test";
import { auditRows, createUser, database, resetRateLimits } from "./helpers/db";
import { openChat, signedInContext, watchConsole } from "./helpers/chat-page";
import { conversationIdOf, seedLongThread } from "./helpers/seed-thread";
import { signInWithForm } from "./helpers/session";

/** Seeded by bench/lib/seed.mjs: 50 messages, "Question 1: …" / "Answer 1: …" up to 25. */
const NEWEST_QUESTION = "Question 25: how do I keep a long thread fast when it holds thousands of messages?";
const OLDEST_QUESTION = "Question 1: how do I keep a long thread fast when it holds thousands of messages?";

/** Records, from before the page's own scripts, whether a skeleton was ever in the document and any history read. */
async function watchFirstPaint(page: Page): Promise<{ historyReads: string[] }> {
  const historyReads: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.method() === "GET" && /\/messages$/.test(url.pathname)) historyReads.push(url.pathname + url.search);
  });
  await page.addInitScript(() => {
    const seen = { skeleton: false };
    Object.assign(window, { firstPaint: seen });
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="chat-skeleton"]')) seen.skeleton = true;
    }).observe(document, { subtree: true, childList: true });
  });
  return { historyReads };
}

const sawSkeleton = (page: Page) => page.evaluate(() => (window as unknown as { firstPaint: { skeleton: boolean } }).firstPaint.skeleton);

test("the newest page is in the chat's first HTML: no skeleton and no history request on reload", async ({ browser, baseURL }) => {
  const { user, context } = await signedInContext(browser, baseURL!);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await openChat(page); // the first visit creates the conversation, and shows the empty state
  await expect(page.getByTestId("chat-empty")).toBeVisible();
  await seedLongThread(await conversationIdOf(user.id), 50);

  // The HTML itself, as the server sends it with the session cookie.
  const html = await (await context.request.get("/")).text();
  expect(html).toContain(NEWEST_QUESTION);
  expect(html).toContain(OLDEST_QUESTION);
  expect(html).not.toContain('data-testid="chat-skeleton"');

  // Without any script at all, the conversation is on screen.
  const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false, storageState: await context.storageState() });
  const staticPage = await noScript.newPage();
  await staticPage.goto("/");
  await expect(staticPage.getByTestId("message-user").filter({ hasText: NEWEST_QUESTION })).toBeVisible();
  await noScript.close();

  // A reload in the browser: the skeleton never appears, and the browser does not read the history again
  // (it only asks whether a reply is in progress).
  const { historyReads } = await watchFirstPaint(page);
  await page.reload();
  await expect(page.getByTestId("message-user").filter({ hasText: NEWEST_QUESTION })).toBeVisible();
  await expect(page.getByTestId("message-list")).toHaveAttribute("data-hydrated", "true");
  expect(await sawSkeleton(page)).toBe(false);
  expect(historyReads).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test("a user with no conversation yet gets the empty state in the first HTML, and a conversation", async ({ browser, baseURL }) => {
  const { user, context } = await signedInContext(browser, baseURL!, { name: "Paula First" });
  const html = await (await context.request.get("/")).text();
  expect(html).toContain('data-testid="chat-empty"');
  expect(html).not.toContain('data-testid="chat-skeleton"');
  // Opening the chat is first use, as it was when the browser read the history.
  expect(await conversationIdOf(user.id)).toMatch(/^conv-/);
  await context.close();
});

test("a history that cannot be read renders its readable error on the server, and Retry loads it", async ({ browser, baseURL }) => {
  const { user, context } = await signedInContext(browser, baseURL!);
  const page = await context.newPage();
  await openChat(page);
  await seedLongThread(await conversationIdOf(user.id), 50);
  // The history route's per-user limit used up: the page says what the route would have said.
  await database().query(
    `INSERT INTO "RateLimiterFlexible" (key, points, expire) VALUES ($1, 100000, now() AT TIME ZONE 'UTC' + interval '1 hour')
     ON CONFLICT (key) DO UPDATE SET points = 100000, expire = EXCLUDED.expire`,
    [`api_history:${user.id}`],
  );
  const html = await (await context.request.get("/")).text();
  expect(html).toContain('data-testid="history-unavailable"');
  expect(html).toContain('data-testid="chat-error"');
  expect(html).toContain("going a bit fast");
  expect(html).not.toContain(NEWEST_QUESTION);

  await page.reload();
  await expect(page.getByTestId("message-list")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByTestId("history-unavailable")).toBeVisible();
  await expect(page.getByTestId("chat-error")).toContainText("going a bit fast");
  await resetRateLimits(user.id);
  await page.getByTestId("chat-error-retry").click();
  await expect(page.getByTestId("message-user").filter({ hasText: NEWEST_QUESTION })).toBeVisible();
  await expect(page.getByTestId("chat-error")).toHaveCount(0);
  await context.close();
});

test("the admin's thread view comes with its newest page in the HTML: one audited read, none from the browser", async ({ browser, baseURL, page }) => {
  const { user, context } = await signedInContext(browser, baseURL!, { name: "Tess Thread" });
  await openChat(await context.newPage());
  await seedLongThread(await conversationIdOf(user.id), 50);
  await context.close();

  const admin = await createUser({ role: "ADMIN", name: "Ada Firstpaint" });
  await signInWithForm(page, admin.email, admin.password);
  const html = await (await page.context().request.get(`/admin/users/${user.id}`)).text();
  expect(html).toContain(NEWEST_QUESTION);
  expect(html).not.toContain('data-testid="chat-skeleton"');
  expect((await auditRows(user.id)).filter((r) => r.action === "THREAD_READ")).toHaveLength(1);

  const errors = watchConsole(page);
  const { historyReads } = await watchFirstPaint(page);
  await page.goto(`/admin/users/${user.id}`);
  const thread = page.getByTestId("admin-thread");
  await expect(thread.getByTestId("message-user").filter({ hasText: NEWEST_QUESTION })).toBeVisible();
  await expect(thread.getByTestId("message-list")).toHaveAttribute("data-hydrated", "true");
  expect(await sawSkeleton(page)).toBe(false);
  expect(historyReads).toEqual([]);
  // One record per page load, as when the browser read the page.
  expect((await auditRows(user.id)).filter((r) => r.action === "THREAD_READ")).toHaveLength(2);
  expect(errors).toEqual([]);
});
