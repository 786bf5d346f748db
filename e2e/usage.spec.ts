// Usage budgets through the production build: a send over the budget answers 429 quota:chat and the chat says,
// readably, when the user can write again, keeps the draft and re-enables itself at the reset; the composer's
// notice from 80%; /settings shows the use; runs nobody watched to the end are counted at the next visit and by
// the cron sweep. Budgets are arranged per user (an admin's override row), so no other spec is affected.
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./helpers/a11y";
import { openChat, sendMessage, signInContext, waitForReplies } from "./helpers/chat-page";
import { database } from "./helpers/db";
import { controlUrl } from "./helpers/letta-control";

const SHOTS = "reports/screenshots";

async function setOverride(userId: string, limits: { messagesPerDay?: number; tokensPerDay?: number; tokensPerMonth?: number }) {
  await database().query(
    `INSERT INTO "UsageBudget" ("userId", "messagesPerDay", "tokensPerDay", "tokensPerMonth", "updatedAt") VALUES ($1, $2, $3, $4, now())
     ON CONFLICT ("userId") DO UPDATE SET "messagesPerDay" = $2, "tokensPerDay" = $3, "tokensPerMonth" = $4`,
    [userId, limits.messagesPerDay ?? null, limits.tokensPerDay ?? null, limits.tokensPerMonth ?? null],
  );
}

async function usageRecords(userId: string): Promise<{ runId: string; state: string; totalTokens: number }[]> {
  const { rows } = await database().query(`SELECT "runId", state::text, "totalTokens" FROM "UsageRecord" WHERE "userId" = $1 ORDER BY "startedAt"`, [userId]);
  return rows;
}

async function usedToday(userId: string): Promise<{ messages: number; tokens: number } | null> {
  const { rows } = await database().query(
    `SELECT messages, tokens::int AS tokens FROM "UsageDay" WHERE "userId" = $1 AND day = (now() AT TIME ZONE 'UTC')::date`, [userId]);
  return rows[0] ?? null;
}

test("over the daily budget: 429 quota:chat, a readable message with the time until reset, the draft kept, sending back at the reset", async ({ page, context, baseURL }) => {
  // The page's clock is Playwright's, so the test can move to the reset without waiting for it.
  await page.clock.install();
  const user = await signInContext(context, baseURL!);
  await setOverride(user.id, { messagesPerDay: 1 });
  await openChat(page);
  await sendMessage(page, "Hello, first message of the day");
  await waitForReplies(page, 1);

  const refused = page.waitForResponse((r) => r.url().endsWith("/api/chat/messages") && r.request().method() === "POST");
  await sendMessage(page, "A second message, over the budget");
  const response = await refused;
  expect(response.status()).toBe(429);
  const body = (await response.json()) as { error: { code: string; message: string; resetAt: string; limit: number } };
  const resetAt = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1));
  expect(body.error).toMatchObject({ code: "quota:chat", resetAt: resetAt.toISOString(), limit: 1 });
  expect(body.error.message).toMatch(/^You've used today's 1 message\. You can write again at 00:00 UTC, in (\d+ h )?\d+ min\.$/);

  const notice = page.getByTestId("quota-notice");
  await expect(notice).toContainText(/You've used today's 1 message\. You can write again at 00:00 UTC, in (\d+ h )?\d+ min\./);
  await expect(page.getByTestId("composer-input")).toHaveValue("A second message, over the budget");
  await expect(page.getByTestId("send-button")).toBeDisabled();
  await expect(page.getByTestId("chat-error")).toHaveCount(0); // not an error with a Retry that cannot help
  expect(await usedToday(user.id)).toMatchObject({ messages: 1 });
  await page.screenshot({ path: `${SHOTS}/usage-chat-quota-light.png` });

  // Midnight UTC: the server's day has turned (its window starts afresh: no row for the new day), and the page's
  // clock reaches the reset, so the composer comes back by itself with the draft still in it.
  await database().query(`DELETE FROM "UsageDay" WHERE "userId" = $1`, [user.id]);
  await page.clock.fastForward(resetAt.getTime() - Date.now() + 1_000);
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId("send-button")).toBeEnabled();
  await page.getByTestId("send-button").click();
  await waitForReplies(page, 2);
});

test("the composer's quiet notice from 80% of a limit", async ({ page, context, baseURL }) => {
  const user = await signInContext(context, baseURL!);
  await setOverride(user.id, { messagesPerDay: 5 });
  await database().query(`INSERT INTO "UsageDay" ("userId", day, messages) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 3)`, [user.id]);
  await openChat(page);
  await expect(page.getByTestId("usage-notice")).toHaveCount(0); // 60%: nothing
  await sendMessage(page, "Fourth message today");
  await waitForReplies(page, 1);
  await expect(page.getByTestId("usage-notice")).toHaveText("You've used 80% of today's messages (4 of 5).");
  await page.setViewportSize({ width: 375, height: 740 });
  await expect(page.getByTestId("usage-notice")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/usage-chat-notice-375.png` });
});

test("/settings shows today's and this month's use against each limit, light, dark and at 375 px", async ({ page, context, baseURL }) => {
  const user = await signInContext(context, baseURL!);
  await setOverride(user.id, { messagesPerDay: 50, tokensPerMonth: 2_000_000 });
  await openChat(page);
  await sendMessage(page, "Count my tokens, please");
  await waitForReplies(page, 1);
  // Counted by the server once the stream ended (Next's after()).
  await expect.poll(async () => (await usageRecords(user.id)).map((r) => r.state)).toEqual(["COUNTED"]);
  const [record] = await usageRecords(user.id);
  expect(record!.totalTokens).toBeGreaterThan(0);

  await page.goto("/settings");
  const tokens = record!.totalTokens.toLocaleString("en-US");
  await expect(page.getByTestId("usage-messages-today-value")).toHaveText("1 of 50 messages");
  await expect(page.getByTestId("usage-tokens-today-value")).toHaveText(`${tokens} tokens · no limit`);
  await expect(page.getByTestId("usage-tokens-month-value")).toHaveText(`${tokens} of 2,000,000 tokens`);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), scheme).toEqual([]);
    await page.getByTestId("usage-section").screenshot({ path: `${SHOTS}/usage-settings-${scheme}.png` });
  }
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByTestId("usage-section").screenshot({ path: `${SHOTS}/usage-settings-375-dark.png` });
});

test("a reply whose tab closed mid-stream is counted at the user's next visit, once", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const user = await signInContext(context, baseURL!);
  const page = await context.newPage();
  await openChat(page);
  const word = `lighthouse-${Date.now()}`;
  const fault = await (await fetch(`${controlUrl()}/_control/faults`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "hold", match: word, hold_at_chunk: 2 }),
  })).json() as { id: string };
  await sendMessage(page, `Tell me about the ${word}`);
  await expect(page.getByTestId("stop-button")).toBeVisible(); // the reply has started
  await expect.poll(async () => (await usageRecords(user.id)).map((r) => r.state)).toEqual(["PENDING"]);
  await page.close(); // the tab closes while Letta is still writing
  await fetch(`${controlUrl()}/_control/holds/release`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ fault_id: fault.id }) });
  expect((await usageRecords(user.id)).map((r) => r.state)).toEqual(["PENDING"]);

  const again = await context.newPage();
  await openChat(again); // the next visit reads the history, and the gate sees a pending run
  await expect.poll(async () => (await usageRecords(user.id)).map((r) => r.state)).toEqual(["COUNTED"]);
  const [record] = await usageRecords(user.id);
  expect(await usedToday(user.id)).toEqual({ messages: 1, tokens: record!.totalTokens });
  await context.close();
});

test("the cron sweep: only with the secret, and it answers what it counted", async ({ request }) => {
  expect((await request.get("/api/cron/usage")).status()).toBe(401);
  const wrong = await request.get("/api/cron/usage", { headers: { authorization: "Bearer not-the-secret-at-all-0000" } });
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).error.code).toBe("unauthorized:auth");
  const ok = await request.get("/api/cron/usage", { headers: { authorization: `Bearer ${process.env.CRON_SECRET || "e2e-cron-secret-0123456789abcdef"}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ checked: expect.any(Number), counted: expect.any(Number) });
});

test.describe("admins", () => {
  async function seedUsage(userId: string, { tokens, messages }: { tokens: number; messages: number }) {
    await database().query(
      `INSERT INTO "UsageDay" ("userId", day, messages, tokens, runs) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2, $3, $2)
       ON CONFLICT ("userId", day) DO UPDATE SET messages = $2, tokens = $3, runs = $2`, [userId, messages, tokens]);
    await database().query(
      `INSERT INTO "UsageMonth" ("userId", month, tokens, runs) VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, $2, $3)
       ON CONFLICT ("userId", month) DO UPDATE SET tokens = $2, runs = $3`, [userId, tokens, messages]);
  }

  test("/admin/usage: the chart, top users this month and the CSV, light, dark and at 375 px", async ({ page, context, baseURL }) => {
    const admin = await signInContext(context, baseURL!, { role: "ADMIN" });
    const heavy = await signInContext(await page.context().browser()!.newContext(), baseURL!, { name: "=HYPERLINK(\"x\")" });
    // More than anyone before them in this (shared, reused) database: the top user.
    const tokens = Date.now() * 1000;
    await seedUsage(heavy.id, { tokens, messages: 42 });
    await page.goto("/admin/usage");
    await expect(page.getByTestId("admin-heading")).toHaveText("Usage");
    await expect(page.getByTestId("admin-nav-usage")).toHaveAttribute("aria-current", "page");
    const chart = page.getByTestId("usage-chart");
    // Today's bar, the heavy user's (days with a few hundred tokens beside it are too small to see).
    await expect(chart.locator(".recharts-bar-rectangle").last()).toBeVisible();
    await expect(page.getByTestId("usage-days-table").locator("tbody tr")).toHaveCount(30);
    const top = page.getByTestId("usage-top-users").locator("tbody tr").first();
    await expect(top).toContainText(heavy.email);
    await expect(top).toContainText(tokens.toLocaleString("en-US"));
    await expect(top.getByRole("link")).toHaveAttribute("href", `/admin/users/${heavy.id}`);
    // The chart is reachable by keyboard: focus it and step to a bar, its tooltip shows the day's numbers.
    await chart.locator(".recharts-surface").focus();
    await page.keyboard.press("ArrowLeft");
    await expect(chart.getByText(/tokens$/).first()).toBeVisible();

    const download = await page.request.get(`/api/admin/usage/export?month=${new Date().toISOString().slice(0, 7)}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const csv = await download.text();
    expect(csv.split("\r\n")[0]).toBe("user_id,email,name,role,messages,runs,tokens");
    // Most tokens first; a name that looks like a formula is defused.
    expect(csv.split("\r\n")[1]).toBe(`${heavy.id},${heavy.email},"'=HYPERLINK(""x"")",USER,42,42,${tokens}`);
    expect((await page.request.get("/api/admin/usage/export?month=2026-13")).status()).toBe(400);

    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), scheme).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/usage-admin-${scheme}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${SHOTS}/usage-admin-375-dark.png`, fullPage: true });
    expect(admin.id).toBeTruthy();
  });

  test("a user's override: set on their admin page, audited with before and after, enforced at once; bad values are clear 400s", async ({ page, context, browser, baseURL }) => {
    await signInContext(context, baseURL!, { role: "ADMIN" });
    const userContext = await browser.newContext({ baseURL });
    const user = await signInContext(userContext, baseURL!);
    await seedUsage(user.id, { tokens: 1234, messages: 2 });
    await page.goto(`/admin/users/${user.id}`);
    const section = page.getByTestId("admin-user-usage");
    await expect(section.getByTestId("usage-messages-today-value")).toHaveText("2 messages · no limit");

    await section.getByTestId("budget-messagesPerDay-mode").selectOption("custom");
    await section.getByTestId("budget-messagesPerDay-value").fill("-5");
    await section.getByTestId("budget-save").click();
    await expect(section.getByTestId("budget-status")).toHaveText(/^messagesPerDay: must be "default", "unlimited" or a whole number from 0 \(ref [0-9a-f]+\)$/);

    await section.getByTestId("budget-messagesPerDay-value").fill("2");
    await section.getByTestId("budget-tokensPerMonth-mode").selectOption("unlimited");
    await section.getByTestId("budget-save").click();
    await expect(section.getByTestId("budget-status")).toHaveText("Saved. It applies from their next message.");
    await expect(section.getByTestId("usage-messages-today-value")).toHaveText("2 of 2 messages");
    const { rows } = await database().query(`SELECT details FROM "AuditLog" WHERE "targetUserId" = $1 AND action = 'USER_BUDGET'`, [user.id]);
    expect(rows.map((r) => r.details)).toEqual([{
      before: { messagesPerDay: "default", tokensPerDay: "default", tokensPerMonth: "default" },
      after: { messagesPerDay: 2, tokensPerDay: "default", tokensPerMonth: "unlimited" },
    }]);
    await page.screenshot({ path: `${SHOTS}/usage-admin-user-light.png`, fullPage: true });

    // The user is at the new limit: their next send is refused.
    const refused = await userContext.request.post("/api/chat/messages", { data: { text: "hello", otid: crypto.randomUUID() } });
    expect(refused.status()).toBe(429);
    expect((await refused.json()).error).toMatchObject({ code: "quota:chat", limit: 2 });

    for (const [body, message] of [
      [{ messagesPerDay: -1, tokensPerDay: "default", tokensPerMonth: "default" }, /^messagesPerDay: must be 0 or more \(or "unlimited"\)$/],
      [{ messagesPerDay: 1.5, tokensPerDay: "default", tokensPerMonth: "default" }, /^messagesPerDay: must be a whole number$/],
      [{ messagesPerDay: "lots", tokensPerDay: "default", tokensPerMonth: "default" }, /^messagesPerDay: must be "default", "unlimited" or a whole number from 0$/],
      [{ messagesPerDay: 1 }, /tokensPerDay/],
      [{ messagesPerDay: 1, tokensPerDay: 1, tokensPerMonth: 1, extra: true }, /^The body must be \{ messagesPerDay, tokensPerDay, tokensPerMonth \}/],
      [{ messagesPerDay: 3_000_000_000, tokensPerDay: 1, tokensPerMonth: 1 }, /^messagesPerDay: must be at most 2,147,483,647$/],
    ] as const) {
      const response = await page.request.put(`/api/admin/users/${user.id}/budget`, { data: body });
      expect(response.status(), JSON.stringify(body)).toBe(400);
      expect((await response.json()).error.message).toMatch(message);
    }
    // A non-admin gets the same 404 as for a route that does not exist.
    expect((await userContext.request.put(`/api/admin/users/${user.id}/budget`, { data: {} })).status()).toBe(404);
    await userContext.close();
  });
});
