// Where Playwright finds a browser offline: Playwright's CDN is unreachable here, so we use Debian's
// chromium (`apt-get install -y chromium`), or any Chrome/Chromium named by CHROMIUM_PATH.
import fs from "node:fs";

export const CHROMIUM_HELP =
  "No Chromium found for the browser tests. Install one with `apt-get install -y chromium` (gives /usr/bin/chromium), " +
  "or set CHROMIUM_PATH to a Chrome/Chromium executable. (`npx playwright install` needs Playwright's CDN, unreachable here.)";

/**
 * The first existing executable among CHROMIUM_PATH, /usr/bin/chromium and Playwright's own install.
 * @param {string | undefined} playwrightPath what `chromium.executablePath()` reports, if known
 * @returns {{ path: string } | { error: string }}
 */
export function findChromium(playwrightPath) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? { path: fromEnv } : { error: `CHROMIUM_PATH=${fromEnv} does not exist. ${CHROMIUM_HELP}` };
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", playwrightPath]) {
    if (candidate && fs.existsSync(candidate)) return { path: candidate };
  }
  return { error: CHROMIUM_HELP };
}

/**
 * Like findChromium, asking Playwright where its own install would be (which throws when it has none).
 * @param {{ executablePath(): string }} chromium Playwright's `chromium` browser type
 */
export function findPlaywrightChromium(chromium) {
  let playwrightPath;
  try {
    playwrightPath = chromium.executablePath();
  } catch {
    playwrightPath = undefined;
  }
  return findChromium(playwrightPath);
}

/**
 * Chromium's flags for every browser run here (the browser tests, the cluster test, the benchmarks): no sandbox
 * (containers run as root), no GPU, no QUIC, and none of Chromium's own background traffic, so the only network
 * it uses is the app under test's.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
