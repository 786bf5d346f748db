#!/usr/bin/env node
// The one closing line CI reads: `N passed, N failed[, N skipped]`, summed over Vitest, Playwright and the bench
// smoke check (reports/bench.json, one check: `npm run bench -- --quick` ran without errors).
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
  return {
    vitest: v && {
      passed: v.numPassedTests ?? 0,
      // A test file that fails to load has no tests to fail; count each such file once.
      failed: (v.numFailedTests ?? 0) + (v.testResults ?? []).filter((f) => f.status === "failed" && !f.assertionResults?.length).length,
      skipped: (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0),
    },
    playwright: p?.stats && {
      passed: (p.stats.expected ?? 0) + (p.stats.flaky ?? 0), failed: p.stats.unexpected ?? 0, skipped: p.stats.skipped ?? 0,
    },
    bench: b && { passed: b.passed ?? 0, failed: b.failed ?? 0, skipped: 0 },
  };
}

/**
 * @param {Record<string, number | null>} exitCodes per step/runner name (null: not run)
 * @returns {{ line: string, failed: number }}
 */
export function summarize(exitCodes = {}) {
  const reports = readReports();
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
