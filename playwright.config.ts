// Browser tests (e2e/*.spec.ts) against a production build: `next build` first, then Playwright starts
// `next start`. `npm test` does both and provides DATABASE_URL / LETTA_BASE_URL / E2E_PORT; to run alone:
//   npm run build && DATABASE_URL=… LETTA_BASE_URL=… npm run test:e2e
import { chromium, defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findPlaywrightChromium } from "./scripts/lib/chromium.mjs";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${PORT}`;

// Never skip silently: without a browser the run fails here with instructions.
const browser = findPlaywrightChromium(chromium);
if ("error" in browser) throw new Error(browser.error);
if (!process.env.DATABASE_URL) {
  throw new Error("DATABASE_URL is not set: run the browser tests with `npm test -- --only=e2e`, which starts a database and Letta.");
}

/** What the app under test needs; Playwright adds this to the inherited environment. */
function serverEnv(): Record<string, string> {
  const env: Record<string, string | undefined> = {
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: "true",
    AUTH_SECRET: process.env.AUTH_SECRET || "e2e-secret-0123456789abcdef0123456789",
    DATABASE_URL: process.env.DATABASE_URL,
    LETTA_BASE_URL: process.env.LETTA_BASE_URL,
    LETTA_API_KEY: process.env.LETTA_API_KEY,
    LETTA_LOCAL_CONTROL_URL: process.env.LETTA_LOCAL_CONTROL_URL,
    REDIS_URL: process.env.REDIS_URL,
    // Mail: e2e/password-reset.spec.ts starts its own SMTP server and an instance pointed at it; these pass a
    // caller's settings through (SMTP_URL in production also needs AUTH_URL).
    SMTP_URL: process.env.SMTP_URL,
    EMAIL_FROM: process.env.EMAIL_FROM,
    AUTH_URL: process.env.AUTH_URL,
    // The usage sweep's route (GET /api/cron/usage) exists only with a secret.
    CRON_SECRET: process.env.CRON_SECRET || "e2e-cron-secret-0123456789abcdef",
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  testIgnore: "cluster/**", // e2e/cluster/: its own config and runner (npm run test:cluster)
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  // A hang detector, not a speed test: a test that signs in two users and opens a few pages takes ~10 s on a quiet
  // 2-core machine and up to ~30 s with two CPU hogs beside the suite (scripts/cpu-hog.mjs). Heavier tests set their own.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // reports/ survives: Playwright empties test-results/ (outputDir) at start.
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  outputDir: "test-results",
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: browser.path,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    command: `node_modules/.bin/next start -p ${PORT} -H 127.0.0.1`,
    url: `${baseURL}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stderr: "pipe", // app errors show up in the test output; stdout (request logs) is dropped
    env: serverEnv(),
  },
});
