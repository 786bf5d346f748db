// The account's own settings in Chromium against the production build, the local Letta server and Postgres:
// exporting the conversation (a 1,000-message thread, both formats, through the real download), seeing which
// admin read it, deleting the account (wrong password first, then a Letta failure and a retry; then the same email
// signs up again), and an admin deleting an account from the user's page. Light, dark and 375 px, with axe.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./helpers/a11y";
import { openChat, signedInContext, watchConsole } from "./helpers/chat-page";
import { PASSWORD, auditRows, createUser, database } from "./helpers/db";
import { injectFaultRaw, lettaClient } from "./helpers/letta-control";
import { conversationIdOf, seedLongThread } from "./helpers/seed-thread";
import { startInstance } from "./helpers/server";
import { signInWithForm } from "./helpers/session";

async function lettaHas(conversationId: string): Promise<boolean> {
  try {
    await (await lettaClient()).conversations.retrieve(conversationId);
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}

async function rowsOf(userId: string): Promise<number> {
  const { rows } = await database().query(
    `SELECT (SELECT count(*) FROM "User" WHERE id = $1) + (SELECT count(*) FROM "Account" WHERE "userId" = $1)
       + (SELECT count(*) FROM "Session" WHERE "userId" = $1) + (SELECT count(*) FROM "Conversation" WHERE "userId" = $1)
       + (SELECT count(*) FROM "RateLimiterFlexible" WHERE key LIKE '%:' || $1) AS n`,
    [userId],
  );
  return Number(rows[0].n);
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: fs.readFileSync(path, "utf8") };
}

test("export: a 1,000-message thread downloads complete and in order, as Markdown and as JSON", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const { user, context } = await signedInContext(browser, baseURL!, { name: "Edda Export" });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await openChat(page); // creates the conversation
  await seedLongThread(await conversationIdOf(user.id), 1000);
  await page.goto("/settings");

  const json = await download(page, "export-json");
  expect(json.name).toMatch(/^threadline-conversation-\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(json.text) as { count: number; messages: Array<{ kind: string; text: string; date: string }> };
  const said = doc.messages.filter((m) => m.kind === "user" || m.kind === "assistant");
  expect(said).toHaveLength(1000);
  expect(said.map((m) => m.text.split(":")[0])).toEqual(Array.from({ length: 1000 }, (_, i) => `${i % 2 === 0 ? "Question" : "Answer"} ${i + 1}`));
  expect(doc.messages.filter((m) => m.kind === "reasoning")).toHaveLength(500);
  expect(doc.messages.every((m) => !Number.isNaN(Date.parse(m.date)))).toBe(true);

  const md = await download(page, "export-markdown");
  expect(md.name).toMatch(/^threadline-conversation-\d{4}-\d{2}-\d{2}\.md$/);
  const lines = [...md.text.matchAll(/^(Question|Answer) (\d+):/gm)].map((m) => `${m[1]} ${m[2]}`);
  expect(lines).toEqual(Array.from({ length: 1000 }, (_, i) => `${i % 2 === 0 ? "Question" : "Answer"} ${i + 1}`));
  expect(errors).toEqual([]);
  await context.close();
});

test("a user sees which admin read their conversation, by name, newest first, page by page", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const { user, context } = await signedInContext(browser, baseURL!, { name: "Rita Reader-Target" });
  const userPage = await context.newPage();
  await openChat(userPage);
  await userPage.goto("/settings");
  await expect(userPage.getByTestId("admin-reads-none")).toHaveText("No admin has read your conversation.");

  const admin = await createUser({ role: "ADMIN", name: "Ines Inspector" });
  await signInWithForm(page, admin.email, admin.password);
  await page.goto(`/admin/users/${user.id}`);
  await expect(page.getByTestId("admin-thread")).toBeVisible();
  await expect.poll(async () => (await auditRows(user.id)).filter((r) => r.action === "THREAD_READ").length).toBeGreaterThan(0);

  await userPage.reload();
  const reads = userPage.getByTestId("admin-read");
  await expect(reads.first().getByTestId("admin-read-name")).toHaveText("Ines Inspector");
  await expect(reads.first()).toContainText(admin.email);
  await expect(reads.first()).toContainText("read your conversation");
  await expect(userPage.getByTestId("admin-reads-none")).toHaveCount(0);

  // Older reads, a page at a time (10 first, then "Show older reads").
  const before = await reads.count();
  await database().query(
    `INSERT INTO "AuditLog" ("adminId", "adminEmail", "targetUserId", "targetEmail", action, "createdAt")
     SELECT $3, $4, $1, $2, 'THREAD_READ', now() - make_interval(days => g) FROM generate_series(1, 12) g`,
    [user.id, user.email, admin.id, admin.email],
  );
  await userPage.reload();
  await expect(reads).toHaveCount(10);
  await userPage.getByTestId("admin-reads-more").click();
  await expect(reads).toHaveCount(12 + before);
  await expect(userPage.getByTestId("admin-reads-more")).toHaveCount(0);

  // A deployment with admin access switched off says so, and still lists the reads from before.
  const off = await startInstance({ ADMIN_THREAD_ACCESS: "off" });
  try {
    await userPage.goto(`${off.url}/settings`);
    await expect(userPage.getByTestId("admin-reads-off")).toContainText("switched off");
    await expect(reads.first().getByTestId("admin-read-name")).toHaveText("Ines Inspector");
  } finally {
    await off.stop();
  }
  await context.close();
});

test("deleting one's account: a wrong password changes nothing; a Letta failure deletes nothing; the retry deletes everything; the email signs up again", async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const { user, context } = await signedInContext(browser, baseURL!, { name: "Dora Delete" });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await openChat(page);
  const conversationId = await conversationIdOf(user.id);
  await page.goto("/settings");
  const dialog = page.getByTestId("confirm-dialog");

  await page.getByTestId("delete-account-open").click();
  await dialog.getByLabel("Your password").fill("not-my-password-1");
  await dialog.getByTestId("confirm-submit").click();
  await expect(dialog.getByTestId("confirm-error")).toHaveText(/^That password is not right\. Your account was not deleted\. \(ref [0-9a-f]+\)$/);
  expect(await lettaHas(conversationId)).toBe(true);
  expect(await rowsOf(user.id)).toBeGreaterThanOrEqual(2);

  await injectFaultRaw({ type: "http_500", on: "delete_conversation", conversation_id: conversationId, count: 2 });
  await dialog.getByLabel("Your password").fill(PASSWORD);
  await dialog.getByTestId("confirm-submit").click();
  await expect(dialog.getByTestId("confirm-error")).toContainText("nothing was deleted. Please try again");
  expect(await lettaHas(conversationId)).toBe(true);
  expect((await auditRows(user.id)).map((r) => r.action)).not.toContain("ACCOUNT_DELETED");

  await dialog.getByLabel("Your password").fill(PASSWORD);
  await dialog.getByTestId("confirm-submit").click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await rowsOf(user.id)).toBe(0);
  expect(await lettaHas(conversationId)).toBe(false);
  const records = await auditRows(user.id);
  expect(records.map((r) => [r.action, r.adminId, r.details])).toEqual([["ACCOUNT_DELETED", user.id, { by: "self", role: "USER", hadConversation: true }]]);
  // The old session names an account that no longer exists.
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);

  // The same email signs up again: a new account, a fresh, empty conversation.
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Dora Again");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByTestId("auth-submit").click();
  await expect(page).toHaveURL("/");
  await expect(page.getByTestId("chat-skeleton")).toHaveCount(0);
  await expect(page.getByTestId("message-user")).toHaveCount(0);
  const { rows } = await database().query(`SELECT id FROM "User" WHERE email = $1`, [user.email]);
  expect(rows[0].id).not.toBe(user.id);
  expect(await conversationIdOf(rows[0].id)).not.toBe(conversationId);
  expect(errors.filter((e) => !/status of (400|503)/.test(e))).toEqual([]);
  await context.close();
});

test("an admin deletes an account from the user's page; the audit log shows it deleted", async ({ page, browser, baseURL }) => {
  const { user, context } = await signedInContext(browser, baseURL!, { name: "Gus Gone" });
  const userPage = await context.newPage();
  await openChat(userPage);
  const conversationId = await conversationIdOf(user.id);
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  await signInWithForm(page, admin.email, admin.password);
  await page.goto(`/admin/users/${admin.id}`);
  await expect(page.getByTestId("action-delete")).toHaveCount(0); // not for one's own account
  await page.goto(`/admin/users/${user.id}`);
  await page.getByTestId("action-delete").click();
  const dialog = page.getByTestId("delete-user-dialog");
  await expect(dialog).toContainText(`Delete ${user.email}?`);
  await expect(dialog).toHaveAccessibleName(`Delete ${user.email}?`);
  await dialog.getByTestId("confirm-submit").click();
  await expect(page).toHaveURL(/\/admin$/);
  expect(await rowsOf(user.id)).toBe(0);
  expect(await lettaHas(conversationId)).toBe(false);
  await page.goto(`/admin/audit?user=${user.id}`);
  const row = page.locator('[data-testid="audit-row"][data-action="ACCOUNT_DELETED"]');
  await expect(row.first()).toContainText("Deleted account");
  await expect(row.first().getByTestId("audit-user-deleted")).toContainText("deleted");
  // The signed-out user's next request is refused.
  await userPage.goto("/settings");
  await expect(userPage).toHaveURL(/\/sign-in/);
  await context.close();
});

test.describe("settings sections: accessibility and looks", () => {
  for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 375], ["dark", 375]] as const) {
    test(`no serious or critical axe violations (${scheme}, ${width} px)`, async ({ browser, baseURL }) => {
      const { user, context } = await signedInContext(browser, baseURL!, { name: "Sally Settings" });
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await database().query(
        `INSERT INTO "AuditLog" ("adminId", "adminEmail", "targetUserId", "targetEmail", action) VALUES ('gone-admin', 'former.admin@example.com', $1, $2, 'THREAD_READ')`,
        [user.id, user.email],
      );
      const reader = await createUser({ role: "ADMIN", name: "Ines Inspector" });
      await database().query(
        `INSERT INTO "AuditLog" ("adminId", "adminEmail", "targetUserId", "targetEmail", action) VALUES ($3, $4, $1, $2, 'THREAD_FOLLOW'), ($3, $4, $1, $2, 'THREAD_READ')`,
        [user.id, user.email, reader.id, reader.email],
      );
      await page.goto("/settings");
      await expect(page.getByTestId("admin-read")).toHaveCount(3);
      expect(await seriousViolations(page)).toEqual([]);
      if (process.env.SCREENSHOT_DIR) {
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/settings-${scheme}-${width}.png`, fullPage: true });
        await page.getByTestId("delete-account-open").click();
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/settings-delete-${scheme}-${width}.png` });
      }
      await context.close();
    });
  }
});
