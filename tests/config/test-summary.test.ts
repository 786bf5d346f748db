import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { namedOutcomes } from "@/scripts/test-summary.mjs";

// CI shows only the end of a run's output: the failed and retried tests must be named there, from the reports.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "threadline-reports-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, name), JSON.stringify(value));

describe("test summary: named outcomes", () => {
  it("names failed Vitest tests, a file that did not load, failed and retried Playwright tests, and bench errors", () => {
    write("vitest.json", {
      testResults: [
        { name: path.join(process.cwd(), "tests/a.test.ts"), status: "failed", assertionResults: [
          { status: "passed", fullName: "a passes" },
          { status: "failed", fullName: "a breaks" },
        ] },
        { name: path.join(process.cwd(), "tests/b.test.ts"), status: "failed", assertionResults: [] },
      ],
    });
    write("playwright.json", {
      suites: [{ title: "chat.spec.ts", file: "chat.spec.ts", specs: [], suites: [{ title: "chat", file: "chat.spec.ts", specs: [
        { title: "streams a reply", file: "chat.spec.ts", line: 12, tests: [{ status: "unexpected", projectName: "chromium" }] },
        { title: "retries", file: "chat.spec.ts", line: 30, tests: [{ status: "flaky", projectName: "chromium" }] },
        { title: "passes", file: "chat.spec.ts", line: 40, tests: [{ status: "expected", projectName: "chromium" }] },
      ] }] }],
    });
    write("cluster.json", { suites: [{ title: "failover.spec.ts", file: "failover.spec.ts", specs: [
      { title: "a stream survives", file: "failover.spec.ts", line: 5, tests: [{ status: "unexpected" }] },
    ] }] });
    write("bench.json", { passed: 0, failed: 1, errors: ["ttft: every proxy stream failed (HTTP 500)"] });

    expect(namedOutcomes(dir)).toEqual({
      failed: [
        "vitest tests/a.test.ts › a breaks",
        "vitest tests/b.test.ts (did not load)",
        "playwright chat.spec.ts:12 chat › streams a reply",
        "cluster failover.spec.ts:5 a stream survives",
        "bench ttft: every proxy stream failed (HTTP 500)",
      ],
      flaky: ["playwright chat.spec.ts:30 chat › retries"],
    });
  });

  it("names nothing when a runner wrote no report", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "threadline-reports-"));
    expect(namedOutcomes(empty)).toEqual({ failed: [], flaky: [] });
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
