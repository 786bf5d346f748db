import { expect, test } from "@playwright/test";
import { PASSWORD, createUser, setDisabled, uniqueEmail } from "./helpers/db";
import { submitSignIn } from "./helpers/session";

test.describe("accounts", () => {
  test("sign up, sign out and sign back in", async ({ page }) => {
    const email = uniqueEmail("signup");
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByTestId("auth-submit").click();
    await expect(page).toHaveURL("/");
    await expect(page.getByTestId("current-user")).toHaveText("Ada Lovelace");

    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);

    await submitSignIn(page, email, PASSWORD);
    await expect(page).toHaveURL("/");
    await expect(page.getByTestId("current-user")).toHaveText("Ada Lovelace");
  });

  test("a wrong password is refused with a clear message and the email is kept", async ({ page }) => {
    const user = await createUser();
    await submitSignIn(page, user.email, "not-the-password-1");
    await expect(page.getByTestId("auth-error")).toHaveText("Incorrect email or password.");
    await expect(page.getByLabel("Email")).toHaveValue(user.email);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("an email that is taken cannot sign up again", async ({ page }) => {
    const user = await createUser();
    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(user.email.toUpperCase());
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByTestId("auth-submit").click();
    await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-up/);
  });

  test("a weak password is explained", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(uniqueEmail("weak"));
    await page.getByLabel("Password").fill("password123");
    await page.getByTestId("auth-submit").click();
    await expect(page.getByText("That password is too common. Choose another.")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  });

  test("a disabled user cannot sign in", async ({ page }) => {
    const user = await createUser({ disabled: true });
    await submitSignIn(page, user.email, user.password);
    await expect(page.getByTestId("auth-error")).toContainText("This account has been disabled");
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("disabling a signed-in user ends their session at once", async ({ page }) => {
    const user = await createUser();
    await submitSignIn(page, user.email, user.password);
    await expect(page).toHaveURL("/");
    await setDisabled(user.id, true);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("repeated wrong passwords lock the account for a while", async ({ page }) => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) {
      await submitSignIn(page, user.email, `wrong-password-${i}`);
      await expect(page.getByTestId("auth-error")).toHaveText("Incorrect email or password.");
    }
    await submitSignIn(page, user.email, user.password);
    await expect(page.getByTestId("auth-error")).toHaveText(/Too many sign-in attempts\. Try again in 15 minutes\./);
  });
});

test.describe("roles", () => {
  test("a user who opens the admin page gets a not-found page", async ({ page }) => {
    const user = await createUser();
    await submitSignIn(page, user.email, user.password);
    await expect(page).toHaveURL("/");
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  });

  test("an admin reaches the admin page", async ({ page }) => {
    const admin = await createUser({ role: "ADMIN" });
    await submitSignIn(page, admin.email, admin.password);
    await page.getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL("/admin");
    await expect(page.getByTestId("admin-heading")).toBeVisible();
  });

  test("a signed-out visitor is sent to sign in and then back where they were going", async ({ page }) => {
    const admin = await createUser({ role: "ADMIN" });
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin/);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByTestId("auth-submit").click();
    await expect(page).toHaveURL("/admin");
  });

  test("an anonymous request for the admin page never shows admin content", async ({ request }) => {
    const response = await request.get("/admin", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toContain("/sign-in");
  });
});
