// Sessions that end when they are ended: every sign-in is a server-side session (its id travels in the cookie),
// and sign-out, "Sign out everywhere" and a password change revoke sessions, so a cookie stops working the moment
// it is signed out, wherever it was copied to. API calls then answer 401, pages go to sign-in.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createUser } from "./helpers/db";
import { signInWithForm, submitSignIn } from "./helpers/session";

const SIGNED_OUT = { error: { code: "unauthorized:auth", message: "Please sign in again." } }; // (plus the request id)

async function signedInContext(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithForm(page, email, password);
  return { context, page };
}

/** A separate browser holding an exact copy of `context`'s cookies: what someone who copied them would have. */
async function copyOf(browser: Browser, context: BrowserContext): Promise<BrowserContext> {
  const copy = await browser.newContext();
  await copy.addCookies(await context.cookies());
  return copy;
}

async function expectSignedOut(context: BrowserContext) {
  const response = await context.request.get("/api/chat/messages");
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject(SIGNED_OUT);
  const page = await context.newPage();
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.close();
}

async function expectSignedIn(context: BrowserContext) {
  expect((await context.request.get("/api/chat/messages")).status()).toBe(200);
}

test("a cookie copied before sign-out stops working at once, on the API and on pages", async ({ browser }) => {
  const user = await createUser();
  const { context, page } = await signedInContext(browser, user.email, user.password);
  const copy = await copyOf(browser, context);
  await expectSignedIn(copy);

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expectSignedOut(copy);
  await Promise.all([context.close(), copy.close()]);
});

test("changing the password signs out a second browser but not the first", async ({ browser }) => {
  const user = await createUser();
  const first = await signedInContext(browser, user.email, user.password);
  const second = await signedInContext(browser, user.email, user.password);
  const { page } = first;
  await page.goto("/settings");
  const form = page.getByTestId("password-form");
  const current = form.getByLabel("Current password", { exact: true });
  const next = form.getByLabel("New password", { exact: true });
  const confirm = form.getByLabel("Confirm new password", { exact: true });

  // Bad input: a clear message on the page, and nothing changes.
  await current.fill("not-my-password-1");
  await next.fill("a-Better-password-7");
  await confirm.fill("a-Better-password-7");
  await page.getByTestId("password-submit").click();
  await expect(page.getByText("That isn't your current password.")).toBeVisible();
  await current.fill(user.password);
  await next.fill("short1");
  await confirm.fill("short1");
  await page.getByTestId("password-submit").click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await current.fill(user.password);
  await next.fill("a-Better-password-7");
  await confirm.fill("a-Better-password-8");
  await page.getByTestId("password-submit").click();
  await expect(page.getByText("The two new passwords don't match.")).toBeVisible();
  await expectSignedIn(second.context);

  await current.fill(user.password);
  await next.fill("a-Better-password-7");
  await confirm.fill("a-Better-password-7");
  await page.getByTestId("password-submit").click();
  await expect(page.getByTestId("password-changed")).toBeVisible();

  await expectSignedOut(second.context);
  await expectSignedIn(first.context);
  await page.reload();
  await expect(page).toHaveURL(/\/settings/);
  await expect(page.getByTestId("session-row")).toHaveCount(1);

  // The old password is gone, the new one works.
  const again = await second.context.newPage();
  await submitSignIn(again, user.email, user.password);
  await expect(again.getByTestId("auth-error")).toHaveText("Incorrect email or password.");
  await signInWithForm(again, user.email, "a-Better-password-7");
  await Promise.all([first.context.close(), second.context.close()]);
});

test("the sessions list signs out one other browser; sign out everywhere ends them all, this one included", async ({ browser }) => {
  const user = await createUser();
  const first = await signedInContext(browser, user.email, user.password);
  const second = await signedInContext(browser, user.email, user.password);
  const third = await signedInContext(browser, user.email, user.password);
  const { page } = first;
  await page.goto("/settings");
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toHaveAttribute("data-current", "true");
  await expect(rows.first()).toContainText("This browser");
  await expect(rows.first().getByTestId("session-sign-out")).toHaveCount(0);

  await rows.nth(1).getByTestId("session-sign-out").click();
  await expect(rows).toHaveCount(2);
  const signedOutOne = (await second.context.request.get("/api/chat/messages")).status() === 401 ? second : third;
  const stillIn = signedOutOne === second ? third : second;
  await expectSignedOut(signedOutOne.context);
  await expectSignedIn(stillIn.context);
  await expectSignedIn(first.context);

  const copy = await copyOf(browser, first.context);
  await page.getByTestId("sign-out-everywhere").click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=everywhere/);
  await expect(page.getByTestId("sign-in-notice")).toHaveText("You have been signed out on every browser and device.");
  await expectSignedOut(copy);
  await expectSignedOut(stillIn.context);
  await Promise.all([first, second, third].map((c) => c.context.close()).concat(copy.close()));
});
