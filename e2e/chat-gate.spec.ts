// What every send pays before Letta sees it (lib/api/with-user.ts): the per-user rate limit, and the activity
// counter, which counts only the sends Letta accepted. Over real HTTP, against the production build.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { database } from "./helpers/db";
import { injectFault } from "./helpers/letta-control";
import { persona } from "./helpers/session";
import { openStream } from "./helpers/sse";

const messageCount = async (userId: string): Promise<number> =>
  (await database().query(`SELECT "messageCount" FROM "Conversation" WHERE "userId" = $1`, [userId])).rows[0]?.messageCount ?? 0;

test("the counter counts accepted sends only, and the 21st send in a minute is refused", async ({ baseURL }) => {
  test.setTimeout(60_000);
  const user = await persona(baseURL!);
  const send = (text: string) => user.api.post("/api/chat/messages", { data: { text, otid: randomUUID() } });
  expect((await user.api.get("/api/chat/messages")).status()).toBe(200); // creates the conversation

  // 1: accepted (a slow reply, still running)
  const tag = `slow-${randomUUID()}`;
  await injectFault({ type: "long_reply", match: tag, tokens: 30, token_delay_ms: 20 });
  const slow = await openStream(`${baseURL}/api/chat/messages`, user.cookie, { text: `${tag} go`, otid: randomUUID() });
  // 2: refused by Letta while the reply runs (409)
  expect((await send("are you there?")).status()).toBe(409);
  await slow.done;
  // 3: refused by Letta (500 upstream → 503)
  const failing = `fail-${randomUUID()}`;
  await injectFault({ type: "http_500", match: failing });
  expect((await send(`${failing} hello`)).status()).toBe(503);
  await expect.poll(() => messageCount(user.id)).toBe(1);

  // 4…20: accepted
  for (let i = 4; i <= 20; i++) {
    const response = await send(`message ${i}`);
    expect(response.status(), `send ${i}`).toBe(200);
    await response.text(); // the reply ends before the next send
  }
  const refused = await send("one too many");
  expect(refused.status()).toBe(429);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limit:message");
  await expect.poll(() => messageCount(user.id)).toBe(18);
});
