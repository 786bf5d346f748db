#!/usr/bin/env node
// The one closing line CI reads: `N passed, N failed[, N skipped]`, summed over Vitest, Playwright, the cluster
// test (reports/cluster.json) and the bench smoke check (reports/bench.json, one check: `npm run bench -- --quick`
// ran without errors).
// A runner or step that exited non-zero without a failed test (a file that failed to load, a webServer that
// never came up, lint, typecheck, build) counts as one failure, so a broken run can never read as green.
//   node scripts/test-summary.mjs   (reads reports/*.json only; scripts/test.mjs also passes exit codes)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPORTS = fileURLToPath(new URL("../reports", import.meta.url));

function readJson(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(REPORTS, name), "utf8"));
  } catch {
    return null;
  }
}

/** Counts from each runner's JSON report, or null when that runner wrote none. */
export function readReports() {
  const v = readJson("vitest.json");
  const p = readJson("playwright.json");
  const b = readJson("bench.json");
  const c = readJson("cluster.json");
  const playwrightCounts = (report) => report?.stats && {
    passed: (report.stats.expected ?? 0) + (report.stats.flaky ?? 0), failed: report.stats.unexpected ?? 0, skipped: report.stats.skipped ?? 0,
  };
  return {
    vitest: v && {
      passed: v.numPassedTests ?? 0,
      // A test file that fails to load has no tests to fail; count each such file once.
      failed: (v.numFailedTests ?? 0) + (v.testResults ?? []).filter((f) => f.status === "failed" && !f.assertionResults?.length).length,
      skipped: (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0),
    },
    playwright: playwrightCounts(p),
    bench: b && { passed: b.passed ?? 0, failed: b.failed ?? 0, skipped: 0 },
    // npm run test:cluster (Playwright specs in e2e/cluster/ against the nginx-fronted cluster)
    cluster: playwrightCounts(c),
  };
}

/**
 * @param {Record<string, number | null>} exitCodes per step/runner name (null: not run)
 * @param {{ only?: string[] }} [options] count only these reports (`npm run test:cluster` on its own)
 * @returns {{ line: string, failed: number }}
 */
export function summarize(exitCodes = {}, { only } = {}) {
  const reports = Object.fromEntries(Object.entries(readReports()).filter(([name]) => !only || only.includes(name)));
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const counts of Object.values(reports)) {
    if (!counts) continue;
    for (const key of Object.keys(total)) total[key] += counts[key];
  }
  for (const [name, code] of Object.entries(exitCodes)) {
    if (code === null || code === 0) continue;
    if (reports[name]?.failed > 0) continue; // its failed tests are already counted
    total.failed += 1;
  }
  const line = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`;
  return { line, failed: total.failed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { line, failed } = summarize();
  console.log(line);
  process.exit(failed ? 1 : 0);
}
