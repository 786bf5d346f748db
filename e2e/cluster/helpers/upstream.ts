// Making a reply provably "in progress" at the moment a test breaks something, by controlling the upstream
// (letta-local) rather than racing the clock: the same hold/release as the single-instance browser suite
// (e2e/helpers/upstream.ts). letta-local stops the run's stream at a chunk and keeps it there (running, keepalive
// pings flowing) until the test releases it, so a test does
//   const reply = await holdReply("sigkill");  →  send `${reply.match} …`  →  await reply.held()
//   →  kill / SIGTERM / stop Postgres, however slowly the machine runs  →  await reply.release()
// and the cluster's control API still refuses to act unless Letta has a run in progress (whileRunLive): a held
// run is one. Afterwards each scenario asserts that the reply shown is the one Letta stored, whole and once.
import { expect, type Page } from "@playwright/test";
import { holdReply, tag } from "../../helpers/upstream";

export { holdReply, tag };

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
