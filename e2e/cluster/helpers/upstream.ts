// Making a reply provably "in progress" at the moment a test breaks something, by controlling the upstream
// (letta-local) rather than racing the clock.
//
// Today: letta-local's `long_reply` fault makes the next matching reply `tokens` words long, `delayMs` apart,
// and a test acts once the first words are on screen (or on the wire): the reply cannot have ended by then,
// and every scenario also asserts afterwards that a resume happened (the first stream did not finish).
// When letta-local's hold/release control lands, `holdReply` becomes "hold the run's stream at chunk N" and
// `release` lets it go on: the action then happens while the stream is held, with no timing margin at all.
// Only this file changes: the specs call holdReply → (wait for words) → act → release.
import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { liveReply } from "../../helpers/chat-page";
import { injectFault } from "../../helpers/letta-control";

export const tag = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

export type HeldReply = { match: string; tokens: number; release: () => Promise<void> };

/** The next send containing the returned `match` gets a reply of `tokens` words, one every `delayMs`. */
export async function holdReply({ name, tokens, delayMs }: { name: string; tokens: number; delayMs: number }): Promise<HeldReply> {
  const match = tag(name);
  await injectFault({ type: "long_reply", match, tokens, token_delay_ms: delayMs });
  return { match, tokens, release: async () => undefined };
}

/** Waits until the page shows at least `words` words of a reply that is still streaming. */
export async function waitForWordsOnScreen(page: Page, words: number): Promise<void> {
  await expect
    .poll(async () => ((await liveReply(page).textContent({ timeout: 1000 }).catch(() => "")) ?? "").split(/\s+/).filter(Boolean).length)
    .toBeGreaterThanOrEqual(words);
}

export const normalize = (text: string | null | undefined) => (text ?? "").replace(/\s+/g, " ").trim();
export const wordCount = (text: string | null | undefined) => normalize(text).split(" ").filter(Boolean).length;
