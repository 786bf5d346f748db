// Every turn ends in a reply or in a readable error with Retry, never in silence: the upstream cuts the stream at
// every early point (before the run's id reached the browser, and after), twenty times in a row.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { resetRateLimits } from "./helpers/db";
import { openChat, questions, replies, sendMessage, signInContext, waitForReplies } from "./helpers/chat-page";
import { injectFault } from "./helpers/letta-control";

// A failure here is a bug, not bad luck: no retries (the suite passes with every core busy, scripts/cpu-hog.mjs).
test.describe.configure({ retries: 0 });

test("a stream cut early ends in a readable error with Retry, 20 times out of 20, and Retry then answers", async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const user = await signInContext(context, baseURL!);
  await openChat(page);
  const outcomes: string[] = [];
  for (let i = 0; i < 20; i++) {
    await resetRateLimits(user.id); // 21 sends in a minute on purpose
    const match = `cut-${i}-${randomUUID().slice(0, 8)}`;
    // 0: the cut lands right after the run's first frame, often before it reaches the browser; 1-3: a little later.
    await injectFault({ type: "cut_stream", match, after_chunks: i % 4 });
    await sendMessage(page, `${match} hello`);
    const banner = page.getByTestId("chat-error");
    await expect(banner, `turn ${i}`).toContainText("The reply was cut off before it finished. Retry to ask again.");
    await expect(page.getByTestId("chat-error-retry")).toBeEnabled();
    await expect(page.getByTestId("send-button")).toHaveAttribute("aria-label", "Send message"); // not stuck "answering"
    outcomes.push("error with Retry");
    if (i < 19) await page.getByTestId("chat-error-dismiss").click();
  }
  expect(outcomes).toEqual(Array(20).fill("error with Retry"));
  // Retry asks the last question again, as a new message, and this time the reply comes.
  const before = await replies(page).count();
  await page.getByTestId("chat-error-retry").click();
  await expect(page.getByTestId("chat-error")).toHaveCount(0);
  await waitForReplies(page, before + 1);
  await expect(questions(page).last()).toContainText("cut-19-");
  await expect(replies(page).last()).toContainText("You said");
});
