// "Forgot password?" end to end, with a real SMTP server in the test process (e2e/helpers/smtp.ts) and an instance
// of the production build sending to it (SMTP_URL): request, receive, follow the link, set a new password; the old
// one no longer works, the new one does, the link fails the second time, and an unknown email gets the same answer
// and no mail.
import { expect, test } from "@playwright/test";
import { createUser, uniqueEmail } from "./helpers/db";
import { startInstance, type Instance } from "./helpers/server";
import { startMailServer, type MailServer } from "./helpers/smtp";
import { signInWithForm } from "./helpers/session";

let mail: MailServer;
let app: Instance;

test.beforeAll(async () => {
  mail = await startMailServer();
  app = await startInstance((url) => ({ SMTP_URL: mail.url, EMAIL_FROM: "Threadline <no-reply@threadline.test>", AUTH_URL: url }));
});
test.afterAll(async () => {
  await app?.stop();
  await mail?.stop();
});

// Each test asks from an address of its own: the per-address limit counts the whole run otherwise.
test.use({ extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}` } });

test("the full mail round trip", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const user = await createUser();
  const NEW = "a-Fresh-password-42";
  // A browser already signed in elsewhere: using the link signs it out.
  const elsewhere = await browser.newContext({ baseURL: app.url });
  await signInWithForm(await elsewhere.newPage(), user.email, user.password);

  await page.goto(`${app.url}/sign-in`);
  await page.getByTestId("forgot-password-link").click();
  await expect(page).toHaveURL(`${app.url}/forgot-password`);
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();

  // Not an email: a clear message, nothing sent.
  await page.getByLabel("Email").fill("not an email");
  await page.getByTestId("forgot-submit").click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();

  // An unknown email first, then the user's: the same answer, and only the user gets a mail.
  const unknown = uniqueEmail("nobody");
  await page.getByLabel("Email").fill(unknown);
  await page.getByTestId("forgot-submit").click();
  const answer = page.getByTestId("reset-requested");
  await expect(answer).toBeVisible();
  await expect(page.getByTestId("dev-mail-note")).toHaveCount(0); // production build: no development hint
  const unknownAnswer = (await answer.innerText()).replace(unknown, "EMAIL");

  await page.getByTestId("reset-try-again").click();
  await page.getByLabel("Email").fill(user.email.toUpperCase());
  await page.getByTestId("forgot-submit").click();
  await expect(answer).toBeVisible();
  expect((await answer.innerText()).replace(user.email, "EMAIL")).toBe(unknownAnswer);

  const received = await mail.waitForMail(user.email);
  expect(mail.received.filter((m) => m.to.includes(unknown))).toEqual([]);
  expect(mail.received.map((m) => m.to)).toEqual([[user.email]]);
  expect(received.from).toBe("no-reply@threadline.test");
  expect(received.subject).toBe("Reset your Threadline password");
  const link = received.text.match(/http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(link, "the mail carries a link to this instance").toBeTruthy();
  expect(link!.startsWith(`${app.url}/reset-password?token=`)).toBe(true);

  // A tampered link is refused.
  await page.goto(`${link!.slice(0, -1)}${link!.endsWith("A") ? "B" : "A"}`);
  await expect(page.getByTestId("reset-link-unusable")).toBeVisible();

  await page.goto(link!);
  await expect(page.getByTestId("reset-email")).toHaveText(user.email);
  const password = page.getByLabel("New password", { exact: true });
  const confirm = page.getByLabel("Confirm new password", { exact: true });
  await password.fill("password123");
  await confirm.fill("password123");
  await page.getByTestId("reset-submit").click();
  await expect(page.getByText("That password is too common. Choose another.")).toBeVisible();
  await password.fill(NEW);
  await confirm.fill(`${NEW}x`);
  await page.getByTestId("reset-submit").click();
  await expect(page.getByText("The two passwords don't match.")).toBeVisible();
  await password.fill(NEW);
  await confirm.fill(NEW);
  await page.getByTestId("reset-submit").click();
  await expect(page).toHaveURL(`${app.url}/sign-in?reset=done`);
  await expect(page.getByTestId("sign-in-notice")).toContainText("Your password has been changed");

  // Every session was signed out.
  expect((await elsewhere.request.get("/api/chat/messages")).status()).toBe(401);

  // The old password no longer works; the new one does.
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByTestId("auth-submit").click();
  await expect(page.getByTestId("auth-error")).toHaveText("Incorrect email or password.");
  await page.getByLabel("Password").fill(NEW);
  await page.getByTestId("auth-submit").click();
  await expect(page).toHaveURL(`${app.url}/`);

  // The link works once.
  await page.goto(link!);
  await expect(page.getByTestId("reset-link-unusable")).toBeVisible();
  await expect(page.getByTestId("reset-password-form")).toHaveCount(0);
  await elsewhere.close();
});

test("a link is refused when it was used in another tab meanwhile (the form says so, nothing changes)", async ({ page, browser }) => {
  const user = await createUser();
  await page.goto(`${app.url}/forgot-password`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByTestId("forgot-submit").click();
  const link = (await mail.waitForMail(user.email)).text.match(/http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]+/)![0];

  await page.goto(link);
  const other = await browser.newPage();
  await other.goto(link);
  for (const tab of [other, page]) {
    await tab.getByLabel("New password", { exact: true }).fill("Another-password-77");
    await tab.getByLabel("Confirm new password", { exact: true }).fill("Another-password-77");
    await tab.getByTestId("reset-submit").click();
  }
  await expect(other).toHaveURL(/\/sign-in\?reset=done/);
  await expect(page.getByTestId("reset-link-unusable")).toBeVisible();
  await other.close();
});
