// Making a reply provably "in progress" at the moment a test breaks something, by controlling the upstream
// (letta-local) rather than racing the clock.
//
// Today: letta-local's `long_reply` fault makes the next matching reply `tokens` words long, `delayMs` apart.
// A test acts once the reply's first bytes have reached the browser (counted by Chromium's network layer, not
// by what the page has rendered yet: a busy machine renders seconds late), and the cluster's control API
// refuses to act unless Letta is still generating (cluster.signal / killLetta / stopPostgres, whileRunLive).
// So "mid-reply" holds whenever the test gets to act at all; afterwards each scenario also asserts a resume.
// When letta-local's hold/release control lands, `holdReply` becomes "hold the run's stream at chunk N" and
// `release` lets it go on: the action then happens while the stream is held, with no timing margin at all,
// and the replies can be short. Only this file changes: the specs already call holdReply → act → release.
import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { injectFault } from "../../helpers/letta-control";

export const tag = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

export type HeldReply = { match: string; tokens: number; release: () => Promise<void> };

/** The next send containing the returned `match` gets a reply of `tokens` words, one every `delayMs`. */
export async function holdReply({ name, tokens, delayMs }: { name: string; tokens: number; delayMs: number }): Promise<HeldReply> {
  const match = tag(name);
  await injectFault({ type: "long_reply", match, tokens, token_delay_ms: delayMs });
  return { match, tokens, release: async () => undefined };
}

/**
 * Counts the bytes Chromium receives on the page's sends (POST /api/chat/messages), as they arrive. Start it
 * before sending; `waitForBytes` then resolves once the reply is flowing into the browser.
 */
export async function watchSendBytes(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const sends = new Set<string>();
  let bytes = 0;
  cdp.on("Network.requestWillBeSent", (event) => {
    if (event.request.method === "POST" && new URL(event.request.url).pathname === "/api/chat/messages") sends.add(event.requestId);
  });
  cdp.on("Network.dataReceived", (event) => {
    if (sends.has(event.requestId)) bytes += event.dataLength;
  });
  return {
    /** Resolves once `min` bytes of replies arrived since the watch started (the run's ping is ~100 bytes, a token frame ~250). */
    waitForBytes: (min: number) => expect.poll(() => bytes, { intervals: [20], timeout: 15_000 }).toBeGreaterThanOrEqual(min),
    stop: () => cdp.detach().catch(() => undefined),
  };
}

export const normalize = (text: string | null | undefined) => (text ?? "").replace(/\s+/g, " ").trim();
export const wordCount = (text: string | null | undefined) => normalize(text).split(" ").filter(Boolean).length;
