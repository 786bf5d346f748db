// The admin console in Chromium against the production build, the local Letta
// server (with fault injection) and Postgres: finding a user, reading their
// thread (scroll-back, a reply streaming live), disabling them, the audit log.
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./helpers/a11y";
import { auditRows, createUser, database } from "./helpers/db";
import { openChat, sendMessage, signedInContext, waitForReplies, watchConsole } from "./helpers/chat-page";
import { lettaClient } from "./helpers/letta-control";
import { signInWithForm } from "./helpers/session";
import { holdReply, tag } from "./helpers/upstream";

// Deterministic: the reply the admin watches is held by letta-local, never raced against the clock.
test.describe.configure({ retries: 0 });

/** `count` exchanges stored straight through Letta (the chat API's per-user rate limit would take minutes). */
async function seedThread(userId: string, count: number, prefix: string) {
  const { rows } = await database().query(`SELECT "lettaConversationId" AS id FROM "Conversation" WHERE "userId" = $1`, [userId]);
  const letta = await lettaClient();
  for (let i = 1; i <= count; i++) {
    const stream = await letta.conversations.messages.create(rows[0].id, {
      messages: [{ role: "user", content: `${prefix} ${i}` }], stream_tokens: false,
    });
    for await (const _chunk of stream) {
      // Consumed to the end: the run is stored when the stream finishes.
    }
  }
}

const thread = (page: Page) => page.getByTestId("admin-thread");
const userMessages = (page: Page) => thread(page).getByTestId("message-user");

test("an admin finds a user, scrolls back through their thread, watches a reply live, then disables them", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000); // 40 seeded exchanges, two users, a live reply: ~50 s with every core busy
  const errors = watchConsole(page);
  const name = `Wanda ${tag("writer")}`;
  const { user, context: userContext } = await signedInContext(browser, baseURL!, { name });
  const userPage = await userContext.newPage();
  await openChat(userPage); // creates the user's conversation
  const prefix = tag("seed");
  // 40 exchanges = 80 stored messages: the newest page (50) and one older page reaching the start.
  await seedThread(user.id, 40, prefix);

  const admin = await createUser({ role: "ADMIN", name: "Ines Admin" });
  await signInWithForm(page, admin.email, admin.password);
  await page.getByRole("link", { name: "Admin", exact: true }).click();
  await expect(page.getByTestId("admin-heading")).toHaveText("Users");

  // Find by search: the start of the name, typed in lower case (long enough to tell this run's user from an earlier
  // run's in the same database: "wanda writer-" and most of the random tag).
  await page.getByTestId("user-search").fill(name.toLowerCase().slice(0, -2));
  await expect(page).toHaveURL(/\?q=wanda/);
  const row = page.getByTestId("user-row").filter({ hasText: user.email });
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await expect(row.getByTestId("role-badge")).toHaveText("User");
  await expect(row.getByTestId("status-badge")).toHaveText("Active");
  await row.getByTestId("user-link").click();

  // The thread, newest page first, rendered with the chat's own rows; no composer, no stop.
  await expect(page.getByTestId("user-name")).toHaveText(name);
  await expect(page.getByTestId("fact-letta-id")).toHaveText(/^conv-/);
  await expect(page.getByTestId("fact-in-context")).toHaveText(/^\d+ messages$/);
  await expect(userMessages(page).last()).toHaveText(`${prefix} 40`);
  await expect(thread(page).getByTestId("message-assistant").first()).toBeVisible();
  await expect(page.getByTestId("composer-input")).toHaveCount(0);
  await expect(page.getByTestId("stop-button")).toHaveCount(0);
  await expect(page.getByTestId("conversation-start")).toHaveCount(0);
  expect((await auditRows(user.id)).filter((r) => r.action === "THREAD_READ")).toHaveLength(1);

  // Scroll back: the older page is prepended while the message in view stays where it was.
  const anchor = await thread(page).getByTestId("message-list").evaluate(async (scroller: HTMLElement) => {
    const rows = () => scroller.querySelectorAll("[data-message-id]");
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const count = rows().length;
    scroller.scrollTop = 0;
    const reference = rows()[0]!;
    const before = reference.getBoundingClientRect().top;
    const deadline = performance.now() + 10_000;
    while (rows().length === count) {
      if (performance.now() > deadline) throw new Error("no older page was prepended");
      await frame();
    }
    await frame();
    return { added: rows().length - count, moved: Math.abs(reference.getBoundingClientRect().top - before) };
  });
  expect(anchor.added).toBeGreaterThan(0);
  expect(anchor.moved).toBeLessThanOrEqual(2);
  await thread(page).getByTestId("message-list").evaluate((scroller) => scroller.scrollTo({ top: 0 }));
  await expect(page.getByTestId("conversation-start")).toContainText(`Start of ${name}’s conversation`);
  await expect(userMessages(page).first()).toHaveText(`${prefix} 1`);
  await expect(userMessages(page)).toHaveCount(40);
  expect((await auditRows(user.id)).filter((r) => r.action === "THREAD_READ")).toHaveLength(2);

  // Live: the user asks something in their own browser; the admin sees the reply grow as it streams.
  await thread(page).getByTestId("jump-to-latest").click();
  const reply = await holdReply("live");
  const question = `${reply.match} tell me a long story`;
  await sendMessage(userPage, question);
  await reply.held();
  // The run is held mid-reply: the admin finds it (polling every few seconds) while it is provably in progress.
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "true", { timeout: 15_000 });
  const streaming = thread(page).locator('[data-testid="message-assistant"][data-streaming="true"]');
  await expect(streaming).toContainText(reply.match);
  await expect(userPage.locator('[data-testid="message-assistant"][data-streaming="true"]')).toContainText(reply.match);
  // Released, the rest of the reply reaches the admin live, to the end.
  await reply.release();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "false", { timeout: 15_000 });
  // Letta stores the question together with the reply's step, so the question joins the thread when the reply is stored.
  await expect(userMessages(page).last()).toHaveText(question);
  await expect(userPage.locator("[data-streaming]")).toHaveCount(0);
  const userFinal = userPage.getByTestId("message-assistant").last();
  await expect(userFinal.locator("li").first()).toBeVisible(); // rendered as markdown
  await expect(userFinal).toContainText("Tell me more");
  await expect(thread(page).getByTestId("message-assistant").last()).toHaveText((await userFinal.textContent())!);
  expect((await auditRows(user.id)).filter((r) => r.action === "THREAD_FOLLOW").length).toBeGreaterThanOrEqual(1);

  // Disable, with a confirmation step; the user's next send fails with a clear message.
  await page.getByTestId("action-disable").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Disable ${user.email}?`);
  await dialog.getByTestId("confirm-cancel").click();
  await expect(dialog).toBeHidden();
  expect((await auditRows(user.id)).filter((r) => r.action === "USER_DISABLE")).toHaveLength(0);
  await page.getByTestId("action-disable").click();
  await dialog.getByTestId("confirm-submit").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("status-badge")).toHaveText("Disabled");
  await expect(page.getByTestId("action-enable")).toBeVisible();
  expect((await auditRows(user.id)).filter((r) => r.action === "USER_DISABLE")).toHaveLength(1);

  await sendMessage(userPage, "are you still there?");
  await expect(userPage.getByTestId("chat-error")).toContainText("This account has been disabled. Contact your administrator.");
  await userPage.reload();
  await expect(userPage).toHaveURL(/\/sign-in/);
  await expect(userPage.getByTestId("auth-error")).toContainText("This account has been disabled");
  await userContext.close();
  expect(errors).toEqual([]);
});

test("the audit log lists reads and actions, filters by user, and the user page links to it", async ({ page, baseURL }) => {
  const admin = await createUser({ role: "ADMIN", name: "Otto Auditor" });
  const { user, context } = await signedInContext(page.context().browser()!, baseURL!, { name: "Audited Person" });
  await context.close();
  await signInWithForm(page, admin.email, admin.password);
  await page.goto(`/admin/users/${user.id}`);
  await expect(page.getByTestId("thread-empty")).toBeVisible(); // never chatted: an empty, audited read
  await page.getByTestId("action-promote").click();
  await page.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("role-badge")).toHaveText("Admin");
  await expect(page.getByTestId("action-status")).toHaveText("Now an admin.");

  await page.getByTestId("user-audit-link").click();
  await expect(page).toHaveURL(new RegExp(`/admin/audit\\?user=${user.id}`));
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-action", "USER_PROMOTE");
  await expect(rows.nth(0)).toContainText(admin.email);
  await expect(rows.nth(0)).toContainText(user.email);
  await expect(rows.nth(1)).toHaveAttribute("data-action", "THREAD_READ");

  // Filter by the admin's email: only this admin's records.
  await page.getByTestId("audit-user-input").fill("");
  await page.getByTestId("audit-admin-input").fill(admin.email.toUpperCase());
  await page.getByTestId("audit-apply").click();
  await expect(rows).toHaveCount(2);
  await page.getByTestId("audit-admin-input").fill("nobody-at-all@example.com");
  await page.getByTestId("audit-apply").click();
  await expect(page.getByTestId("audit-unknown")).toContainText("nobody-at-all@example.com");
});

test("a user sees on the settings page whether admins can read threads", async ({ browser, baseURL }) => {
  const { context } = await signedInContext(browser, baseURL!, { name: "Sam Settings" });
  const page = await context.newPage();
  await openChat(page);
  await page.getByTestId("settings-link").click();
  await expect(page).toHaveURL("/settings");
  await expect(page.getByTestId("privacy-notice")).toHaveAttribute("data-thread-access", "on");
  await expect(page.getByTestId("thread-access-status")).toContainText("Admins of this deployment can read your conversation.");
  await expect(page.getByTestId("thread-access-status")).toContainText("recorded in an audit log");
  await context.close();
});

test("every admin page answers a user with the same not-found page as a missing page", async ({ page }) => {
  const user = await createUser();
  await signInWithForm(page, user.email, user.password);
  const missing = await page.goto("/admin/no-such-page");
  const missingText = await page.getByTestId("not-found").textContent();
  expect(missing?.status()).toBe(404);
  for (const path of ["/admin", `/admin/users/${user.id}`, "/admin/audit", "/admin/memory"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    expect(await page.getByTestId("not-found").textContent(), path).toBe(missingText);
    await expect(page.getByTestId("admin-heading")).toHaveCount(0);
  }
});

test("the memory page shows the shared agent's blocks, read-only", async ({ page }) => {
  const admin = await createUser({ role: "ADMIN" });
  await signInWithForm(page, admin.email, admin.password);
  await page.goto("/admin/memory");
  const persona = page.locator('[data-testid="memory-block"][data-label="persona"]');
  await expect(persona).toBeVisible();
  await expect(persona.getByTestId("memory-value")).toContainText("Threadline's assistant");
  await expect(persona.getByTestId("memory-usage")).toHaveText(/^\d+ \/ 5,000 characters$/);
  await expect(page.locator("main textarea, main input, main [contenteditable]")).toHaveCount(0);
});

test("an admin summarises a user's conversation from the thread view; the divider appears and the audit log says so", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000); // two users signed in, a reply, five seeded exchanges: ~30 s with every core busy
  const admin = await createUser({ role: "ADMIN" });
  const { user, context } = await signedInContext(browser, baseURL!, { name: "Sam Summary" });
  const userPage = await context.newPage();
  await openChat(userPage);
  await sendMessage(userPage, "first note about kingfishers");
  await waitForReplies(userPage, 1); // ended, not just begun: Letta refuses to store or compact beside a run in progress
  await seedThread(user.id, 5, "kingfisher note");
  await context.close();

  await signInWithForm(page, admin.email, admin.password);
  await page.goto(`/admin/users/${user.id}`);
  await expect(userMessages(page)).toHaveCount(6);
  await page.getByTestId("compact-thread").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Summarise Sam Summary’s conversation?");
  await dialog.getByRole("button", { name: "Summarise now" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("compact-status")).toHaveText(/^Summarised: \d+ → \d+ messages$/);
  await expect(thread(page).getByTestId("message-summary")).toHaveCount(1);
  await expect(userMessages(page)).toHaveCount(6); // the messages stay in the history
  expect((await auditRows(user.id)).map((row) => row.action)).toContain("THREAD_COMPACT");
});

test.describe("accessibility", () => {
  for (const scheme of ["light", "dark"] as const) {
    test(`the users list and a user's page have no serious or critical violations (${scheme})`, async ({ page }) => {
      // Four pages, each rendered on the server and analysed by axe: ~25 s on a quiet 2-core machine, ~80 s with
      // two CPU hogs beside the suite (scripts/cpu-hog.mjs).
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: scheme });
      const admin = await createUser({ role: "ADMIN" });
      await signInWithForm(page, admin.email, admin.password);
      for (const path of ["/admin", `/admin/users/${admin.id}`, "/admin/audit", "/admin/memory"]) {
        await page.goto(path);
        await expect(page.getByTestId("admin-loading")).toHaveCount(0);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });
  }
});
