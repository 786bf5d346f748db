// The page's language and formats follow the browser's locale (Accept-Language): <html lang> carries the browser's
// tag when its language is one we have strings for (only English now), and dates are written the reader's way.
import { expect, test, type Browser } from "@playwright/test";
import { createUser } from "./helpers/db";
import { signInWithForm } from "./helpers/session";

async function pageIn(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

for (const [locale, lang] of [["en-GB", "en-GB"], ["en-US", "en-US"], ["fr-FR", "en"]] as const) {
  test(`a ${locale} browser gets <html lang="${lang}">`, async ({ browser }) => {
    const { context, page } = await pageIn(browser, locale);
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    // Same wording whatever the region (there is one language).
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await context.close();
  });
}

test("dates follow the browser's locale: day first in en-GB, month first in en-US, server and browser alike", async ({ browser }) => {
  const user = await createUser();
  const errors: string[] = [];
  for (const [locale, pattern] of [["en-GB", /^\d{1,2} [A-Z][a-z]{2,3} \d{4}$/], ["en-US", /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/]] as const) {
    const { context, page } = await pageIn(browser, locale);
    page.on("console", (message) => {
      if (message.type() === "error" && /hydrat/i.test(message.text())) errors.push(message.text());
    });
    await signInWithForm(page, user.email, user.password);
    // The server's HTML (UTC) already uses the reader's locale.
    const html = await (await context.request.get("/settings", { headers: { "accept-language": locale } })).text();
    expect(html).toContain(`<html lang="${locale}"`);
    await page.goto("/settings");
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    const signedIn = page.getByTestId("session-row").first().locator("time").first();
    await expect(signedIn).toHaveText(pattern);
    // The usage meters too: the month's reset is "1 Jan" in en-GB, "Jan 1" in en-US.
    await expect(page.getByTestId("usage-tokens-month")).toContainText(
      locale === "en-GB" ? /Resets \d{1,2} [A-Z][a-z]{2,3}, 00:00 UTC/ : /Resets [A-Z][a-z]{2,3} \d{1,2}, 00:00 UTC/,
    );
    await context.close();
  }
  expect(errors).toEqual([]);
});
