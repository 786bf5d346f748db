// The cluster test's browser and API specs (e2e/cluster/*.spec.ts), run by `npm run test:cluster`
// (scripts/test-cluster.mjs), which starts the cluster and sets CLUSTER_URL (nginx) and CLUSTER_CONTROL_URL.
// One worker, no retries: each spec changes the shared cluster (kills instances, stops Postgres), and a
// scenario that only passes on a second try is a failure here.
import { fileURLToPath } from "node:url";
import { chromium, defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findPlaywrightChromium } from "../../scripts/lib/chromium.mjs";

const abs = (p: string) => fileURLToPath(new URL(p, import.meta.url));
if (!process.env.CLUSTER_URL || !process.env.CLUSTER_CONTROL_URL) {
  throw new Error("CLUSTER_URL is not set: run these specs with `npm run test:cluster`, which starts the cluster.");
}
const browser = findPlaywrightChromium(chromium);
if ("error" in browser) throw new Error(browser.error);

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: abs("../../reports/cluster.json") }]],
  outputDir: abs("../../test-results/cluster"),
  use: {
    ...devices["Desktop Chrome"],
    baseURL: process.env.CLUSTER_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: browser.path,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "cluster" }],
});
