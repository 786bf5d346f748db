// The cluster specs' fixtures. `healed` (automatic): the cluster healed before each scenario.
// `chat`: one signed-in chat page shared by the browser scenarios of a worker (a page load costs seconds on a
// busy machine). Worker-scoped, so it is not a chain: after a failure Playwright starts a new worker, and with it
// a new user and page. Scenarios therefore count replies from what is on screen when they start.
import { test as base, type Page } from "@playwright/test";
import { openChat, signedInContext } from "../../helpers/chat-page";
import { cluster, recordApiResponses, type Served } from "./cluster";

export type Chat = { page: Page; served: Served[] };

export const test = base.extend<{ healed: void }, { chat: Chat }>({
  // Before every scenario: every part of the cluster up again, whatever the scenario before it broke.
  healed: [async ({}, use) => {
    await cluster.heal();
    await use();
  }, { auto: true }],
  chat: [async ({ browser }, use) => {
    await cluster.heal();
    const { context } = await signedInContext(browser, process.env.CLUSTER_URL!);
    const page = await context.newPage();
    const served = recordApiResponses(page);
    await openChat(page);
    await use({ page, served });
    await context.close();
  }, { scope: "worker" }],
});

export { expect } from "@playwright/test";
