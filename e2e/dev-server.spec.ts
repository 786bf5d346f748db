// `npm run dev` opened through 127.0.0.1 (issue #11): Next's dev server refuses its own resources (`/_next/*`,
// the HMR socket) to origins it does not know, so the chat never left its loading skeleton there. This spec
// runs the real `npm run dev` (scripts/dev.mjs, on a free port, reusing the test run's database and local
// Letta server), opens it through http://127.0.0.1:<port>, signs in through the form and completes a chat
// turn, with the development CSP in force and not one violation. It also asks the dev server, as a browser
// on each of this machine's LAN addresses would, for a dev resource.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import os from "node:os";
import readline from "node:readline";
import { expect, test } from "@playwright/test";
import { watchConsole } from "./helpers/chat-page";
import { watchCsp } from "./helpers/csp";
import { createUser } from "./helpers/db";

// Compiling on first request makes every step slower than under `next start`.
const COMPILE = { timeout: 90_000 };
test.describe.configure({ timeout: 240_000 });

let dev: { child: ChildProcess; port: number; output: string[] } | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npm run dev` in its own process group; resolves once its banner says it is running. */
async function startDev(): Promise<NonNullable<typeof dev>> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/dev.mjs"], {
    env: { ...process.env, PORT: String(port), NODE_ENV: "development" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        if (line.includes("Threadline is running at")) resolve();
      });
    }
    child.once("exit", (code) => reject(new Error(`npm run dev exited (${code}):\n${output.join("\n")}`)));
  });
  await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error(`npm run dev not ready:\n${output.join("\n")}`)), 90_000))]);
  return { child, port, output };
}

async function stopDev() {
  if (!dev || dev.child.exitCode !== null) return;
  const exited = new Promise((resolve) => dev!.child.once("exit", resolve));
  process.kill(-dev.child.pid!, "SIGTERM"); // dev.mjs stops next dev (its own process group) before it exits
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  try { process.kill(-dev.child.pid!, "SIGKILL"); } catch { /* gone */ }
}

/** This machine's non-loopback addresses, as a URL host (what `next dev` prints as "Network"). */
function lanHosts(): string[] {
  return Object.values(os.networkInterfaces()).flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal)
    .map((a) => (a.family === "IPv6" ? `[${a.address.split("%")[0]}]` : a.address));
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dev = await startDev();
});
test.afterAll(stopDev);
// What `npm run dev` printed, next to a failure.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && dev) await testInfo.attach("npm run dev output", { body: dev.output.join("\n") });
});

test("npm run dev opened through 127.0.0.1 answers a chat turn, within its CSP", async ({ browser }) => {
  const origin = `http://127.0.0.1:${dev!.port}`;
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const violations = await watchCsp(page);
  const errors = watchConsole(page);
  const user = await createUser();

  const signIn = await page.goto("/sign-in", COMPILE);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByTestId("auth-submit").click();
  await expect(page).toHaveURL(`${origin}/`, COMPILE);

  // The bug: the page never hydrated (its dev resources were refused), so the history never replaced the skeleton.
  await expect(page.getByTestId("chat-empty")).toBeVisible(COMPILE);
  await page.getByTestId("composer-input").fill("Hello from 127.0.0.1");
  await page.getByTestId("composer-input").press("Enter");
  await expect(page.getByTestId("message-assistant")).toHaveCount(1, COMPILE);
  await expect(page.locator("[data-streaming]")).toHaveCount(0, COMPILE);
  await expect(page.getByTestId("message-assistant")).not.toBeEmpty();

  expect(signIn?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic' 'unsafe-eval'/);
  expect(violations, "no CSP violations in development").toEqual([]);
  expect(errors.filter((e) => !e.includes("Download the React DevTools")), "no console errors").toEqual([]);
  await context.close();
});

test("the dev server serves its resources to pages opened through the LAN addresses it prints", async ({ request }) => {
  const hosts = ["127.0.0.1", "localhost", ...lanHosts()];
  for (const host of hosts) {
    // A cross-origin request it refuses gets 403 "Unauthorized"; one it serves, a plain 404 for this missing file.
    const response = await request.get(`http://127.0.0.1:${dev!.port}/_next/static/threadline-probe.js`, {
      headers: { origin: `http://${host}:${dev!.port}`, "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin" },
    });
    expect(response.status(), `a dev resource requested from http://${host}:${dev!.port}`).toBe(404);
  }
});
