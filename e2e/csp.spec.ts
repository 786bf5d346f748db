// Zero Content-Security-Policy violations on every page of the production build, in light and in dark mode
// (issue #11): sign-in and sign-up, the chat while a reply streams and once it shows code and a table,
// settings, the not-found page, and the admin console (users, a user's thread with a reply arriving live,
// audit log, shared memory). The nonce'd theme script must have run (the `dark` class follows the scheme).
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { liveReply, openChat, replies, sendMessage, signInContext, signedInContext, waitForReplies } from "./helpers/chat-page";
import { watchCsp } from "./helpers/csp";
import { injectFault } from "./helpers/letta-control";

const tag = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    /** The theme script ran (so it carried the nonce) and set the class the scheme asks for. */
    const themed = (page: Page) =>
      scheme === "dark" ? expect(page.locator("html")).toHaveClass(/\bdark\b/) : expect(page.locator("html")).not.toHaveClass(/\bdark\b/);

    test("sign-in and sign-up", async ({ page }) => {
      const violations = await watchCsp(page);
      await page.goto("/sign-in");
      await expect(page.getByTestId("sign-in-form")).toBeVisible();
      await themed(page);
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByTestId("auth-submit").click(); // a server action round trip and its error state
      await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
      await page.goto("/sign-up");
      await expect(page.getByTestId("sign-up-form")).toBeVisible();
      await themed(page);
      await page.goto("/forgot-password");
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByTestId("forgot-submit").click();
      await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
      await page.goto("/reset-password?token=not-a-token");
      await expect(page.getByTestId("reset-link-unusable")).toBeVisible();
      await themed(page);
      expect(violations).toEqual([]);
    });

    test("the chat while a reply streams, then with code and a table; settings; not found", async ({ page, context, baseURL }) => {
      test.setTimeout(60_000);
      await signInContext(context, baseURL!);
      const violations = await watchCsp(page);
      await openChat(page);
      await themed(page);
      const match = tag("csp");
      await injectFault({ type: "long_reply", match, tokens: 150, token_delay_ms: 50 });
      await sendMessage(page, `A long answer please ${match}`);
      await expect(liveReply(page)).toBeVisible();
      await expect(page.getByTestId("stop-button")).toBeVisible(); // mid-stream: typing, streaming, the stop button
      await waitForReplies(page, 1, { timeout: 30_000 });
      await sendMessage(page, "Show me a code snippet and a table of the key terms in this sentence");
      await waitForReplies(page, 2);
      await expect(replies(page).locator("pre code")).toBeVisible();
      await expect(replies(page).locator("table")).toBeVisible();
      await page.reload(); // the same thread rendered from history
      await expect(replies(page)).toHaveCount(2);

      await page.goto("/settings");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings and privacy");
      await themed(page);
      await page.goto("/no-such-page");
      await expect(page.getByTestId("not-found")).toBeVisible();
      await themed(page);
      expect(violations).toEqual([]);
    });

    test("the admin console: users, a thread with a reply arriving live, audit log, shared memory", async ({ page, context, browser, baseURL }) => {
      test.setTimeout(90_000);
      const { user, context: userContext } = await signedInContext(browser, baseURL!, { name: `Csp ${tag("user")}` });
      const userPage = await userContext.newPage();
      await openChat(userPage);
      await sendMessage(userPage, "Show me a code snippet and a table of the key terms in this sentence");
      await waitForReplies(userPage, 1);

      await signInContext(context, baseURL!, { role: "ADMIN" });
      const violations = await watchCsp(page);
      await page.goto("/admin");
      await expect(page.getByTestId("admin-heading")).toHaveText("Users");
      await themed(page);

      await page.goto(`/admin/users/${user.id}`);
      const thread = page.getByTestId("admin-thread");
      await expect(thread.getByTestId("message-assistant")).toHaveCount(1);
      await expect(thread.locator("pre code")).toBeVisible();
      const match = tag("live");
      // Long enough (7 s) for the console to notice the run and follow it, as e2e/admin.spec.ts does.
      await injectFault({ type: "long_reply", match, tokens: 120, token_delay_ms: 60 });
      await sendMessage(userPage, `Another long answer ${match}`);
      await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "true", { timeout: 10_000 });
      await expect(thread.locator('[data-testid="message-assistant"][data-streaming="true"]')).toBeVisible();
      await waitForReplies(userPage, 2, { timeout: 30_000 });
      await expect(thread.getByTestId("message-assistant")).toHaveCount(2);

      await page.goto("/admin/audit");
      await expect(page.getByTestId("admin-heading")).toHaveText("Audit log");
      // The usage chart (Recharts, rendered in the browser) and the override form.
      await page.goto("/admin/usage");
      await expect(page.getByTestId("usage-chart").locator("svg.recharts-surface")).toBeVisible();
      await page.goto("/admin/memory");
      await expect(page.getByTestId("admin-heading")).toHaveText("Shared memory");
      await expect(page.getByTestId("memory-block").first()).toBeVisible();
      await themed(page);
      expect(violations).toEqual([]);
      await userContext.close();
    });
  });
}
