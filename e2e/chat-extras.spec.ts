// Issue 18 (part): math, copy buttons, find in conversation, keyboard shortcuts, in Chromium against the production
// build and the local Letta server. Replies with exact Markdown (math, code) are seeded into letta-local's tables:
// its offline model does not write LaTeX.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./helpers/a11y";
import { injectFault } from "./helpers/letta-control";
import { liveReply, openChat, questions, replies, sendMessage, signInContext, signedInContext, waitForReplies, watchConsole } from "./helpers/chat-page";
import { conversationIdOf, seedLongThread, seedMessages } from "./helpers/seed-thread";

const tag = (name: string) => `${name}${randomUUID().slice(0, 8)}`;

const MATH_REPLY = [
  "Euler's identity is $e^{i\\pi} + 1 = 0$, inline.",
  "",
  "$$",
  "\\int_0^1 x^2 \\, dx = \\frac{1}{3}",
  "$$",
  "",
  "This one is broken: $\\frac{1}{$ and stays readable. Prices like $5 and $10 stay text.",
].join("\n");

const CODE = 'function greet(name: string): string {\n  return `Hello, ${name}!`;\n}';
const CODE_REPLY = ["Here is the function:", "", "```ts", CODE, "```", "", "Call it with **your** name."].join("\n");

/** Signs a fresh user in, creates their conversation and seeds it; returns the user. */
async function seeded(page: Page, baseURL: string, messages: { role: "user" | "assistant"; text: string }[]) {
  const user = await signInContext(page.context(), baseURL);
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200); // creates the conversation
  await seedMessages(await conversationIdOf(user.id), messages);
  return user;
}

test("math: inline and display formulas are typeset by KaTeX, a malformed one shows as its source", async ({ page, baseURL }) => {
  const errors = watchConsole(page); // a CSP refusal of KaTeX's styles or fonts would show here
  await seeded(page, baseURL!, [{ role: "user", text: "Show me some math" }, { role: "assistant", text: MATH_REPLY }]);
  await openChat(page);
  const reply = replies(page).first();
  await expect(reply.locator(".katex-display .katex")).toHaveCount(1);
  await expect(reply.locator(".katex")).toHaveCount(2);
  // MathML for screen readers, with the TeX source as its annotation.
  await expect(reply.locator("math annotation").first()).toHaveText("e^{i\\pi} + 1 = 0");
  const broken = reply.locator(".katex-error");
  await expect(broken).toHaveText("\\frac{1}{");
  await expect(reply).toContainText("Prices like $5 and $10 stay text.");
  // KaTeX's stylesheet and fonts are in force (same origin, allowed by the CSP).
  const fontFamily = await reply.locator(".katex").first().evaluate((el) => getComputedStyle(el).fontFamily);
  expect(fontFamily).toContain("KaTeX_Main");
  await expect.poll(() => page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check("1em KaTeX_Main");
  })).toBe(true);
  expect(errors).toEqual([]);
});

/**
 * What the clipboard holds, pasted into the composer (the page may not read the clipboard: its Permissions-Policy
 * allows writing only). The composer is emptied again.
 */
async function pasted(page: Page): Promise<string> {
  const composer = page.getByTestId("composer-input");
  await composer.fill("");
  await composer.focus();
  await page.keyboard.press("Control+V");
  const text = await composer.inputValue();
  await composer.fill("");
  return text;
}

test("copy: a code block and a whole reply go to the clipboard, with a visible and spoken confirmation", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await seeded(page, baseURL!, [{ role: "user", text: "Write a greeting function" }, { role: "assistant", text: CODE_REPLY }]);
  // The Markdown renderer's chunk (the one with the code block's own markup) is held back until the first click has
  // been made: the code block is then certainly still the server's markup, which React has not hydrated.
  let rendererAsked!: () => void;
  const asked = new Promise<void>((resolve) => (rendererAsked = resolve));
  let releaseRenderer!: () => void;
  const released = new Promise<void>((resolve) => (releaseRenderer = resolve));
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("md-code-header")) {
      rendererAsked();
      await released;
    }
    await route.fulfill({ response, body });
  });
  await page.goto("/", { waitUntil: "commit" });
  await asked; // the page's scripts run, and ask for the renderer
  const reply = replies(page).first();
  const copyCode = reply.getByTestId("copy-code");
  await copyCode.click();
  await expect(page.getByTestId("message-list")).toHaveAttribute("data-hydrated", "true");
  await expect.poll(() => pasted(page)).toBe(`${CODE}\n`);
  // Once the block is hydrated, it says what the click did.
  releaseRenderer();
  await expect(copyCode).toHaveText("Copied");
  await expect(reply.getByRole("status")).toHaveText("Copied");

  // And a click on the hydrated button.
  await expect(copyCode).toHaveAttribute("data-status", "idle", { timeout: 5_000 });
  await copyCode.click();
  await expect(copyCode).toHaveText("Copied");
  expect(await pasted(page)).toBe(`${CODE}\n`);

  // The reply's copy button, by keyboard: its Markdown source.
  const copyMessage = page.getByTestId("copy-message").first();
  await expect(copyMessage).toHaveAccessibleName("Copy message");
  await copyMessage.focus();
  await page.keyboard.press("Enter");
  await expect(copyMessage).toHaveText("Copied");
  expect(await pasted(page)).toBe(CODE_REPLY);
  // The confirmation goes away by itself.
  await expect(copyMessage).toHaveAttribute("data-status", "idle", { timeout: 5_000 });
});

test("find in conversation: an old message is found and jumped to, older pages loaded, and it stays put", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const word = tag("xylophone");
  const user = await signInContext(page.context(), baseURL!);
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200);
  const conversationId = await conversationIdOf(user.id);
  // The match is the thread's first message, under 450 others (nine older pages).
  await seedMessages(conversationId, [{ role: "user", text: `Long ago I told you about my ${word} lessons on Tuesdays.` }]);
  await seedLongThread(conversationId, 450);

  await openChat(page);
  await expect(replies(page).last()).toContainText("Answer 450:");
  const rowsBefore = Number(await page.getByTestId("message-rows").getAttribute("data-row-count"));

  await page.getByTestId("message-list").focus();
  await page.keyboard.press("/");
  const input = page.getByTestId("search-input");
  await expect(input).toBeFocused();
  await input.fill(`${word} tuesdays`);
  const result = page.getByTestId("search-result");
  await expect(result).toHaveCount(1);
  await expect(result).toContainText("You");
  await expect(result.locator("mark").first()).toHaveText(word);
  await expect(result.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await expect(page.getByTestId("search-status")).toHaveText("1 message found.");

  await result.click();
  const match = questions(page).filter({ hasText: word });
  await expect(match).toBeInViewport({ timeout: 30_000 });
  await expect(match).toBeFocused();
  await expect(page.getByTestId("thread-search")).toHaveCount(0);
  expect(Number(await page.getByTestId("message-rows").getAttribute("data-row-count"))).toBeGreaterThan(rowsBefore);
  await expect(page.getByTestId("conversation-start")).toHaveCount(1);

  // It stays where it landed: measured over 30 frames once every page is in.
  await expect(page.getByTestId("older-loading")).toHaveCount(0);
  const tops = await match.evaluate(async (el) => {
    const out: number[] = [];
    for (let i = 0; i < 30; i++) {
      out.push(el.getBoundingClientRect().top);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return out;
  });
  expect(Math.max(...tops) - Math.min(...tops), tops.join(", ")).toBeLessThan(2);
  await expect(match).toBeInViewport();
  expect(errors).toEqual([]);
});

test("find in conversation never finds another user's words", async ({ browser, baseURL }) => {
  const secret = tag("mango");
  const ada = await signedInContext(browser, baseURL!);
  const bob = await signedInContext(browser, baseURL!);
  const adaPage = await ada.context.newPage();
  const bobPage = await bob.context.newPage();
  expect((await adaPage.request.get("/api/chat/messages")).status()).toBe(200);
  expect((await bobPage.request.get("/api/chat/messages")).status()).toBe(200);
  await seedMessages(await conversationIdOf(ada.user.id), [
    { role: "user", text: `my private phrase is ${secret}` }, { role: "assistant", text: `Noted: ${secret}.` },
  ]);

  // Ada finds her own words; Bob, searching for them, finds nothing, in the API and in the page.
  const own = await (await adaPage.request.get(`/api/chat/search?q=${secret}`)).json();
  expect(own.hits.map((hit: { role: string }) => hit.role)).toEqual(["assistant", "user"]);
  const theirs = await bobPage.request.get(`/api/chat/search?q=${secret}`);
  expect(theirs.status()).toBe(200);
  const text = await theirs.text();
  expect(text).not.toContain(secret);
  expect(JSON.parse(text)).toEqual({ hits: [], scanned: 0, complete: true, nextCursor: null });

  await openChat(bobPage);
  await bobPage.getByTestId("search-open").click();
  await bobPage.getByTestId("search-input").fill(secret);
  await expect(bobPage.getByTestId("search-status")).toHaveText("No messages found.");
  await expect(bobPage.getByTestId("search-result")).toHaveCount(0);
  // Hostile parameters are a clear 400, never someone else's thread.
  const hostile = await bobPage.request.get(`/api/chat/search?q=${secret}&conversationId=x`);
  expect(hostile.status()).toBe(400);
  expect((await hostile.json()).error.message).toContain("Unknown parameter");
  await Promise.all([ada.context.close(), bob.context.close()]);
});

test("find in conversation says when it stopped before the start of the thread, and searches older messages on request", async ({ page, baseURL }) => {
  const word = tag("zebra");
  const user = await signInContext(page.context(), baseURL!);
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200);
  const conversationId = await conversationIdOf(user.id);
  await seedMessages(conversationId, [{ role: "user", text: `the first thing I said: ${word}` }]);
  await seedLongThread(conversationId, 1_200); // more than one search reads
  await openChat(page);
  await page.getByTestId("search-open").click();
  await page.getByTestId("search-input").fill(word);
  const status = page.getByTestId("search-status");
  await expect(status).toHaveText("No messages found in your latest 1,050 messages. Older messages have not been searched yet.");
  const older = page.getByTestId("search-older");
  await older.click();
  await expect(page.getByTestId("search-result")).toHaveCount(1);
  await expect(page.getByTestId("search-result")).toContainText(`the first thing I said: ${word}`);
  await expect(status).toHaveText("1 message found.");
  await expect(older).toHaveCount(0);
  // A forged cursor is refused by the server, not followed.
  const forged = await page.request.get(`/api/chat/search?q=${word}&before=message-00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAA`);
  expect(forged.status()).toBe(400);
});

test("keyboard: shortcuts for search, composer, latest and stop, listed in a help dialog opened with ?", async ({ page, baseURL }) => {
  const user = await signInContext(page.context(), baseURL!);
  expect((await page.request.get("/api/chat/messages")).status()).toBe(200);
  await seedLongThread(await conversationIdOf(user.id), 12);
  await openChat(page);
  const composer = page.getByTestId("composer-input");

  // `?` while typing is just a character.
  await composer.fill("");
  await composer.press("?");
  await expect(composer).toHaveValue("?");
  await expect(page.getByTestId("shortcuts-dialog")).not.toBeVisible();
  await composer.fill("");

  // Away from the composer: `?` opens the list, Escape closes it.
  await page.getByTestId("message-list").focus();
  await page.keyboard.press("?");
  const dialog = page.getByTestId("shortcuts-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
  for (const label of ["Find in your conversation", "Write a message", "Stop the reply", "Jump to the latest message"]) {
    await expect(dialog).toContainText(label);
  }
  expect(await seriousViolations(page)).toEqual([]);

  // Single-key shortcuts can be turned off there (WCAG 2.1.4); the choice outlives a reload, and Ctrl+K still works.
  const toggle = dialog.getByRole("checkbox", { name: /Single-key shortcuts/ });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(dialog).toContainText("Single-key shortcuts are off");
  await page.keyboard.press("Escape");
  await expect(dialog).not.toBeVisible();
  await page.reload();
  await expect(composer).toBeVisible();
  await page.getByTestId("message-list").focus();
  for (const k of ["?", "/", "c"]) await page.keyboard.press(k);
  await expect(dialog).not.toBeVisible();
  await expect(page.getByTestId("thread-search")).toHaveCount(0);
  await expect(page.getByTestId("message-list")).toBeFocused();
  await page.keyboard.press("Control+k");
  await expect(page.getByTestId("search-input")).toBeFocused();
  await page.keyboard.press("Escape");
  // Turned back on from the header's button.
  await page.getByTestId("shortcuts-open").click();
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await page.keyboard.press("Escape");
  await page.getByTestId("message-list").focus();
  await page.keyboard.press("?");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).not.toBeVisible();

  // Ctrl+K from the composer opens the search; Escape closes it and gives focus back to its button.
  await composer.focus();
  await page.keyboard.press("Control+k");
  await expect(page.getByTestId("search-input")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("thread-search")).toHaveCount(0);
  await expect(page.getByTestId("search-open")).toBeFocused();

  // `c` goes to the composer.
  await page.keyboard.press("c");
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue("");

  // Escape stops a reply being written, even from the composer.
  const match = tag("stop");
  await injectFault({ type: "long_reply", match, tokens: 300, token_delay_ms: 30 });
  await sendMessage(page, `${match} go on and on`);
  await expect.poll(async () => ((await liveReply(page).textContent()) ?? "").length).toBeGreaterThan(40);
  await composer.focus();
  await page.keyboard.press("Escape");
  await waitForReplies(page, 7);
  await expect(page.getByTestId("chat-announcer")).toHaveText("Reply stopped.");

  // End jumps to the latest message after scrolling up.
  await page.setViewportSize({ width: 1280, height: 400 });
  const list = page.getByTestId("message-list");
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(page.getByTestId("jump-to-latest")).toBeVisible();
  await list.focus();
  await page.keyboard.press("End");
  await expect(page.getByTestId("jump-to-latest")).toHaveCount(0);
  await expect(page.getByTestId("copy-message").last()).toBeInViewport();
});

test("screenshots (light, dark, 375 px) of math, code and the search panel; axe stays clean", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await seeded(page, baseURL!, [
    { role: "user", text: "Show me some math and code" },
    { role: "assistant", text: `${MATH_REPLY}\n\n${CODE_REPLY}` },
    { role: "user", text: "Thanks, what was the integral again?" },
    { role: "assistant", text: "The integral was $\\int_0^1 x^2\\,dx = \\tfrac{1}{3}$." },
  ]);
  const shots = test.info().outputPath();
  for (const [name, scheme, width] of [["light", "light", 1280], ["dark", "dark", 1280], ["375", "light", 375], ["375-dark", "dark", 375]] as const) {
    await page.setViewportSize({ width, height: 1100 });
    await page.emulateMedia({ colorScheme: scheme });
    await openChat(page);
    await expect(replies(page).last().locator(".katex")).toHaveCount(1);
    await expect(page.getByTestId("conversation-start")).toBeInViewport();
    expect(await seriousViolations(page), `${name}: transcript`).toEqual([]);
    await page.screenshot({ path: `${shots}/chat-${name}.png` });
    await page.getByTestId("search-open").click();
    await page.getByTestId("search-input").fill("integral");
    await expect(page.getByTestId("search-result")).toHaveCount(2);
    expect(await seriousViolations(page), `${name}: search`).toEqual([]);
    await page.screenshot({ path: `${shots}/search-${name}.png` });
    test.info().annotations.push({ type: "screenshots", description: shots });
  }
});

test("screenshots (light, dark, 375 px) of the shortcuts dialog with its toggle, and of /settings; axe stays clean", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await seeded(page, baseURL!, [{ role: "user", text: "Hello" }, { role: "assistant", text: "Hi, how can I help?" }]);
  const shots = test.info().outputPath();
  for (const [name, scheme, width] of [["light", "light", 1280], ["dark", "dark", 1280], ["375", "light", 375], ["375-dark", "dark", 375]] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await openChat(page);
    await page.getByTestId("message-list").focus();
    await page.keyboard.press("?"); // the header's button is there from 640 px up; the key works at any width
    const dialog = page.getByTestId("shortcuts-dialog");
    await expect(dialog.getByTestId("single-key-toggle")).toBeChecked();
    expect(await seriousViolations(page), `${name}: shortcuts`).toEqual([]);
    await page.screenshot({ path: `${shots}/shortcuts-${name}.png` });
    await dialog.getByTestId("single-key-toggle").uncheck();
    await expect(dialog).toContainText("(off)");
    expect(await seriousViolations(page), `${name}: shortcuts off`).toEqual([]);
    await page.screenshot({ path: `${shots}/shortcuts-off-${name}.png` });
    await dialog.getByTestId("single-key-toggle").check();
    await page.keyboard.press("Escape");

    await page.goto("/settings");
    await expect(page.getByTestId("usage-section")).toBeVisible();
    expect(await seriousViolations(page), `${name}: settings`).toEqual([]);
    await page.screenshot({ path: `${shots}/settings-${name}.png`, fullPage: true });
  }
  test.info().annotations.push({ type: "screenshots", description: shots });
});
