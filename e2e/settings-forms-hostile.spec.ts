// The /settings server-action forms as a hostile user drives them: the browser posts whatever is in the form, so
// these tests rewrite the form before submitting it (a forged hidden field, a missing field, an oversize one, a
// file where text belongs). Whatever arrives, the action answers with a readable message or does nothing, and it
// only ever acts on the account the session cookie names: never a 500, never another account's session or password.
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { createUser, database } from "./helpers/db";
import { signInWithForm } from "./helpers/session";

type Account = Awaited<ReturnType<typeof createUser>>;

async function signedIn(browser: Browser, user: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithForm(page, user.email, user.password);
  return { context, page };
}

/** The user's server-side sessions, oldest first, and whether each is still signed in. */
async function sessions(userId: string): Promise<{ id: string; live: boolean }[]> {
  const { rows } = await database().query(
    `SELECT id, "revokedAt" IS NULL AS live FROM "UserSession" WHERE "userId" = $1 ORDER BY "createdAt", id`, [userId],
  );
  return rows as { id: string; live: boolean }[];
}

const passwordHash = async (userId: string) =>
  ((await database().query(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [userId])).rows[0] as { passwordHash: string }).passwordHash;

async function expectSignedIn(context: BrowserContext) {
  expect((await context.request.get("/api/chat/messages")).status()).toBe(200);
}

/**
 * Waits until React has hydrated the form: hydration sets an input's value from its props, so a field forged
 * before it would be quietly put back (and the test would post the real value). React keeps its fiber on each
 * DOM node it has hydrated, under a `__reactFiber…` key.
 */
async function untilHydrated(form: Locator) {
  await expect.poll(() => form.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactFiber")))).toBe(true);
}

/** Adds (or overwrites) a hidden field of the form, as someone editing the page in devtools would. */
async function forgeHidden(form: Locator, name: string, value: string) {
  await untilHydrated(form);
  await form.evaluate((form, [name, value]) => {
    let input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name!;
      form.appendChild(input);
    }
    input.value = value!;
  }, [name, value]);
}

/**
 * Clicks a form's submit button and waits for the server action's answer: never a 5xx, whatever the form held.
 * `posted`: a forged value the request must carry (so the test knows the forgery, not the page's value, was sent).
 * `removesForm`: the action takes the form off the page (its row is gone), so there is no button to wait for.
 */
async function submitAction(page: Page, button: Locator, { posted, removesForm = false }: { posted?: string; removesForm?: boolean } = {}) {
  const answered = page.waitForResponse((response) => response.request().method() === "POST" && !!response.request().headers()["next-action"]);
  await button.click();
  const response = await answered;
  if (posted) expect(response.request().postData() ?? "", "the forged value was posted").toContain(posted);
  expect(response.status(), "the server action answered without a server error").toBeLessThan(500);
  // The button is disabled while its action runs, including the re-render it answers with: once it is enabled again
  // the page is settled (that re-render sets a hidden field back to its real value; a forgery must come after it).
  if (!removesForm) await expect(button).toBeEnabled();
}

test.describe("sign out one session (the sessions list's hidden sessionId)", () => {
  test("a forged sessionId naming another account's session, the current session, or nothing real changes nothing", async ({ browser }) => {
    const [owner, victim] = await Promise.all([createUser(), createUser()]);
    const mine = await signedIn(browser, owner);
    const second = await signedIn(browser, owner); // so the list has a row with a sign-out form to forge
    const theirs = await signedIn(browser, victim);
    const victimSessions = await sessions(victim.id);
    const ownerSessions = await sessions(owner.id);
    expect(victimSessions).toHaveLength(1);
    expect(ownerSessions).toHaveLength(2);

    const { page } = mine;
    await page.goto("/settings");
    const rows = page.getByTestId("session-row");
    await expect(rows).toHaveCount(2);
    const forms = rows.locator("form");
    const current = ownerSessions[0]!; // `mine` signed in first
    for (const forged of [victimSessions[0]!.id, current.id, "not-a-session-id", "x".repeat(5_000), ""]) {
      await forgeHidden(forms.first(), "sessionId", forged);
      await submitAction(page, forms.first().getByTestId("session-sign-out"), { posted: forged });
      // The action re-rendered /settings: still signed in, and the database says nothing was signed out.
      await expect(page).toHaveURL(/\/settings/);
      expect(await sessions(owner.id)).toEqual(ownerSessions);
      expect(await sessions(victim.id)).toEqual(victimSessions);
    }
    await expect(rows).toHaveCount(2);
    expect(await sessions(victim.id)).toEqual(victimSessions);
    expect(await sessions(owner.id)).toEqual(ownerSessions);
    await Promise.all([expectSignedIn(theirs.context), expectSignedIn(mine.context), expectSignedIn(second.context)]);

    // The form itself, untouched, still works: it signs out the owner's other browser, and only that.
    await page.reload();
    await untilHydrated(forms.first());
    await submitAction(page, forms.first().getByTestId("session-sign-out"), { posted: ownerSessions[1]!.id, removesForm: true });
    await expect(rows).toHaveCount(1);
    expect((await second.context.request.get("/api/chat/messages")).status()).toBe(401);
    await Promise.all([expectSignedIn(mine.context), expectSignedIn(theirs.context)]);
    await Promise.all([mine, second, theirs].map((s) => s.context.close()));
  });
});

test.describe("change password (the password form)", () => {
  test("wrong current password, missing, oversize and file fields: a readable message each time, nothing changed", async ({ browser }) => {
    const user = await createUser();
    const other = await signedIn(browser, user);
    const { context, page } = await signedIn(browser, user);
    const before = await passwordHash(user.id);
    const sessionsBefore = await sessions(user.id);
    await page.goto("/settings");
    const form = page.getByTestId("password-form");
    await untilHydrated(form);
    const fill = async (current: string, next: string, confirm = next) => {
      await form.getByLabel("Current password", { exact: true }).fill(current);
      await form.getByLabel("New password", { exact: true }).fill(next);
      await form.getByLabel("Confirm new password", { exact: true }).fill(confirm);
    };
    const submit = async (message: string) => {
      await submitAction(page, page.getByTestId("password-submit"));
      await expect(form.getByText(message)).toBeVisible();
    };

    await fill("not-my-password-1", "a-Better-password-7");
    await submit("That isn't your current password.");

    // A new password far past any limit (the action reads at most 1 KiB of a field; sign-up's rules cap it at 256).
    await fill(user.password, `a-B-7${"x".repeat(20_000)}`);
    await submit("Use at most 256 characters.");

    // The fields removed from the form: nothing arrives at all.
    await fill(user.password, "a-Better-password-7");
    await form.evaluate((element) => {
      for (const name of ["currentPassword", "newPassword", "confirmPassword"]) element.querySelector(`input[name="${name}"]`)?.removeAttribute("name");
    });
    await submit("Enter your current password.");
    await expect(form.getByText("Choose a new password.")).toBeVisible();

    // A file where the new password belongs (FormData then holds a File, not a string).
    await page.reload();
    await untilHydrated(form);
    await fill(user.password, "a-Better-password-7");
    await form.getByLabel("New password", { exact: true }).evaluate((input: HTMLInputElement) => {
      input.removeAttribute("name");
      const file = document.createElement("input");
      file.type = "file";
      file.name = "newPassword";
      file.setAttribute("data-testid", "forged-file");
      input.form!.appendChild(file);
    });
    await page.getByTestId("forged-file").setInputFiles({ name: "pw.txt", mimeType: "text/plain", buffer: Buffer.from("a-Better-password-7") });
    // (Chromium does not show a request body that holds a file, so here the message alone says it arrived.)
    await submit("Choose a new password.");

    expect(await passwordHash(user.id), "the password is unchanged").toBe(before);
    expect(await sessions(user.id), "no session was signed out").toEqual(sessionsBefore);
    await Promise.all([expectSignedIn(context), expectSignedIn(other.context)]);
    await Promise.all([context.close(), other.context.close()]);
  });

  test("a forged sessionId field naming another account's session: only the signed-in account's password and sessions change", async ({ browser }) => {
    const [owner, victim] = await Promise.all([createUser(), createUser()]);
    const theirs = await signedIn(browser, victim);
    const { context, page } = await signedIn(browser, owner);
    const [victimSession] = await sessions(victim.id);
    const victimHash = await passwordHash(victim.id);
    const ownerHash = await passwordHash(owner.id);
    await page.goto("/settings");
    const form = page.getByTestId("password-form");

    // The action keeps the session the cookie names, whatever the form says: were it to trust a sessionId (or a
    // userId) from the form, this would sign the owner out, or change the victim's password.
    await forgeHidden(form, "sessionId", victimSession!.id);
    await forgeHidden(form, "userId", victim.id);
    await form.getByLabel("Current password", { exact: true }).fill("not-my-password-1");
    await form.getByLabel("New password", { exact: true }).fill("a-Better-password-7");
    await form.getByLabel("Confirm new password", { exact: true }).fill("a-Better-password-7");
    await submitAction(page, page.getByTestId("password-submit"), { posted: victimSession!.id });
    await expect(form.getByText("That isn't your current password.")).toBeVisible();
    expect(await passwordHash(owner.id)).toBe(ownerHash);

    // React empties the form's fields after each submission (not the forged hidden ones): all three again.
    await form.getByLabel("Current password", { exact: true }).fill(owner.password);
    await form.getByLabel("New password", { exact: true }).fill("a-Better-password-7");
    await form.getByLabel("Confirm new password", { exact: true }).fill("a-Better-password-7");
    await submitAction(page, page.getByTestId("password-submit"), { posted: victimSession!.id });
    await expect(page.getByTestId("password-changed")).toBeVisible();
    expect(await passwordHash(owner.id), "the owner's password changed").not.toBe(ownerHash);
    expect(await passwordHash(victim.id), "the victim's password did not").toBe(victimHash);
    expect(await sessions(victim.id)).toEqual([{ id: victimSession!.id, live: true }]);
    await Promise.all([expectSignedIn(context), expectSignedIn(theirs.context)]);
    await Promise.all([context.close(), theirs.context.close()]);
  });
});
