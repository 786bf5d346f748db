// Making a reply provably "in progress" at the moment a test breaks something, by controlling the upstream
// (letta-local) rather than racing the clock.
//
// Today: letta-local's `long_reply` fault makes the next matching reply `tokens` words long, `delayMs` apart.
// A test acts once the reply's first bytes have reached the browser (counted by Chromium's network layer, not
// by what the page has rendered yet: a busy machine renders seconds late), and the cluster's control API
// refuses to act unless Letta is still generating (cluster.signal / killLetta / stopPostgres, whileRunLive).
// So "mid-reply" holds whenever the test gets to act at all; afterwards each scenario also asserts a resume.
// letta-local's hold/release control (e2e/helpers/upstream.ts, used by the single-instance browser suite) could make
// `holdReply` "hold the run's stream at chunk N" here too, with no timing margin at all. Not done yet: the
// scenarios assert the stored reply's word count against `tokens`. The specs already call holdReply → act → release.
import { expect, type Page } from "@playwright/test";
import { injectFault } from "../../helpers/letta-control";
import { tag } from "../../helpers/upstream";

export { tag };

export type HeldReply = { match: string; tokens: number; release: () => Promise<void> };

/** The next send containing the returned `match` gets a reply of `tokens` words, one every `delayMs`. */
export async function holdReply({ name, tokens, delayMs }: { name: string; tokens: number; delayMs: number }): Promise<HeldReply> {
  const match = tag(name);
  await injectFault({ type: "long_reply", match, tokens, token_delay_ms: delayMs });
  return { match, tokens, release: async () => undefined };
}

/**
 * Reads the page's sends (POST /api/chat/messages) as Chromium's network layer receives them, whatever the page
 * has rendered yet. Start it before sending; `waitForBytes` resolves once the reply is flowing into the browser,
 * and `body()` is everything received on the latest send so far (for a stream that ended: its whole body).
 */
export async function watchSends(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const sends = new Map<string, string[]>(); // requestId → base64 chunks, in order
  let latest: string | null = null;
  let bytes = 0;
  cdp.on("Network.requestWillBeSent", (event) => {
    if (event.request.method !== "POST" || new URL(event.request.url).pathname !== "/api/chat/messages") return;
    sends.set(event.requestId, []);
    latest = event.requestId;
  });
  cdp.on("Network.responseReceived", (event) => {
    const chunks = sends.get(event.requestId);
    if (!chunks) return;
    // From here on each dataReceived event carries its bytes (and what arrived before comes back now).
    void cdp.send("Network.streamResourceContent", { requestId: event.requestId })
      .then(({ bufferedData }) => { if (bufferedData) chunks.unshift(bufferedData); })
      .catch(() => undefined);
  });
  cdp.on("Network.dataReceived", (event) => {
    const chunks = sends.get(event.requestId);
    if (!chunks) return;
    bytes += event.dataLength;
    if (event.data) chunks.push(event.data);
  });
  return {
    /** Resolves once `min` bytes of replies arrived since the watch started (the run's ping is ~100 bytes, a token frame ~250). */
    waitForBytes: (min: number) => expect.poll(() => bytes, { intervals: [20], timeout: 15_000 }).toBeGreaterThanOrEqual(min),
    body: () => (latest ? (sends.get(latest) ?? []).map((b) => Buffer.from(b, "base64").toString("utf8")).join("") : ""),
    stop: () => cdp.detach().catch(() => undefined),
  };
}

export const normalize = (text: string | null | undefined) => (text ?? "").replace(/\s+/g, " ").trim();
export const wordCount = (text: string | null | undefined) => normalize(text).split(" ").filter(Boolean).length;
