// Driving the chat page in browser tests: signed-in pages, sending, waiting for a
// reply to finish, and the history API as the page's own session sees it.
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { persona, type Persona } from "./session";

export type ChatItem = { id: string; otid: string | null; kind: string; text?: string };

/** Cookies of a fresh user signed in over HTTP (the UI sign-in has its own test). */
async function signedInCookies(baseURL: string, options: Parameters<typeof persona>[1] = {}) {
  const user: Persona = await persona(baseURL, options);
  const { cookies } = await user.api.storageState();
  await user.api.dispose();
  return { user, cookies };
}

/** Signs a fresh user into an existing context (e.g. the test's own `context` fixture). */
export async function signInContext(context: BrowserContext, baseURL: string, options: Parameters<typeof persona>[1] = {}) {
  const { user, cookies } = await signedInCookies(baseURL, options);
  await context.addCookies(cookies);
  return user;
}

/** A new browser context (its own cookies and storage) with a fresh user signed in. */
export async function signedInContext(browser: Browser, baseURL: string, options: Parameters<typeof persona>[1] = {}) {
  const { user, cookies } = await signedInCookies(baseURL, options);
  const context = await browser.newContext({ baseURL });
  await context.addCookies(cookies);
  return { user, context };
}

/** Console errors and uncaught exceptions, to assert that a page stayed clean. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

export const replies = (page: Page) => page.getByTestId("message-assistant");
export const questions = (page: Page) => page.getByTestId("message-user");
/** The reply tokens are arriving in right now. */
export const liveReply = (page: Page) => page.locator('[data-testid="message-assistant"][data-streaming="true"]');

/** The user's messages, matched only while a reply is streaming (so "the question shows mid-reply" cannot pass late). */
export const questionsDuringReply = (page: Page) =>
  page.locator('[data-testid="message-list"]:has([data-testid="message-assistant"][data-streaming="true"]) [data-testid="message-user"]');

/** The transcript's messages in order, the streaming reply marked; "not streaming" when no reply is. */
export function orderWhileStreaming(page: Page): Promise<string[] | "not streaming"> {
  return page.getByTestId("message-list").evaluate((list) => {
    const live = list.querySelector('[data-testid="message-assistant"][data-streaming="true"]');
    if (!live) return "not streaming" as const;
    const messages = list.querySelectorAll('[data-testid="message-user"], [data-testid="message-assistant"]');
    return Array.from(messages).map((e) => (e === live ? "live reply" : e.getAttribute("data-testid") ?? "?"));
  });
}

/** Opens the chat and waits for the history to be on screen. */
/** Opens the chat and waits until it is live (the history comes with the HTML; the view then hydrates). */
export async function openChat(page: Page) {
  await page.goto("/");
  await expect(page.getByTestId("chat-skeleton")).toHaveCount(0);
  await expect(page.getByTestId("message-list")).toHaveAttribute("data-hydrated", "true");
}

export async function sendMessage(page: Page, text: string) {
  await page.getByTestId("composer-input").fill(text);
  await page.getByTestId("composer-input").press("Enter");
}

/** Waits until `count` replies are on screen, none of them streaming, and the composer can send again. */
export async function waitForReplies(page: Page, count: number, { timeout = 20_000 }: { timeout?: number } = {}) {
  await expect(replies(page)).toHaveCount(count, { timeout });
  await expect(page.locator("[data-streaming]")).toHaveCount(0, { timeout });
  await expect(page.getByTestId("send-button")).toHaveAttribute("aria-label", "Send message");
}

/** The newest history page, read with the page's own session. */
export async function historyOf(page: Page): Promise<ChatItem[]> {
  const response = await page.request.get("/api/chat/messages");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: ChatItem[] }).items;
}

export async function lastStoredReply(page: Page): Promise<string | undefined> {
  return (await historyOf(page)).filter((item) => item.kind === "assistant").at(-1)?.text;
}

/** How many times `needle` occurs in the transcript's text (textContent: rows off screen count too). */
export async function occurrencesOnScreen(page: Page, needle: string): Promise<number> {
  const text = (await page.getByTestId("message-list").textContent()) ?? "";
  return text.split(needle).length - 1;
}
