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

function readJson(name, dir = REPORTS) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
  } catch {
    return null;
  }
}

/** A Vitest test file that failed with no tests run: it did not load. */
const didNotLoad = (file) => file.status === "failed" && !file.assertionResults?.length;

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
      failed: (v.numFailedTests ?? 0) + (v.testResults ?? []).filter(didNotLoad).length,
      skipped: (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0),
    },
    playwright: playwrightCounts(p),
    bench: b && { passed: b.passed ?? 0, failed: b.failed ?? 0, skipped: 0 },
    // npm run test:cluster (Playwright specs in e2e/cluster/ against the nginx-fronted cluster)
    cluster: playwrightCounts(c),
  };
}

/** Titles of Playwright tests in a report, walked through its nested suites, with each test's final status. */
function playwrightTests(report) {
  const out = [];
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const title = [...trail, spec.title].filter(Boolean).join(" › ");
        out.push({ title: `${spec.file ?? suite.file ?? ""}:${spec.line ?? ""} ${title}`, status: test.status });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title && child.title !== child.file ? child.title : ""]);
  };
  for (const suite of report?.suites ?? []) walk(suite, []);
  return out;
}

/**
 * The tests that failed, and those that passed only on a retry, by name: CI shows only the end of a run's output,
 * so these go right above the closing line.
 * @param {string} [dir] the reports folder
 * @returns {{ failed: string[], flaky: string[] }}
 */
export function namedOutcomes(dir = REPORTS) {
  const failed = [];
  const flaky = [];
  for (const file of readJson("vitest.json", dir)?.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name ?? "");
    if (didNotLoad(file)) failed.push(`vitest ${name} (did not load)`);
    for (const test of file.assertionResults ?? []) {
      if (test.status === "failed") failed.push(`vitest ${name} › ${test.fullName ?? test.title}`);
    }
  }
  for (const [runner, name] of [["playwright", "playwright.json"], ["cluster", "cluster.json"]]) {
    for (const test of playwrightTests(readJson(name, dir))) {
      if (test.status === "unexpected") failed.push(`${runner} ${test.title}`);
      else if (test.status === "flaky") flaky.push(`${runner} ${test.title}`);
    }
  }
  for (const error of readJson("bench.json", dir)?.errors ?? []) failed.push(`bench ${error}`);
  return { failed, flaky };
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
