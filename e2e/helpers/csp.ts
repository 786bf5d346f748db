// Content-Security-Policy in browser tests: every `securitypolicyviolation` event, in every document a page
// loads (navigations included), reported to the test as it happens, plus the console lines Chromium prints
// for what CSP refused or for a security header it could not parse.
import type { Page } from "@playwright/test";

export type Violation = { directive: string; blocked: string; source: string; sample: string; page: string };

/**
 * Starts collecting before the first navigation. The listener is an init script and the report a binding,
 * both added over the DevTools protocol, so the page's own CSP does not stop them.
 */
export async function watchCsp(page: Page): Promise<Violation[]> {
  const violations: Violation[] = [];
  await page.exposeBinding("__threadlineCspViolation", (_source, violation: Violation) => {
    violations.push(violation);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __threadlineCspViolation(v: unknown): void }).__threadlineCspViolation;
      report({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
        page: location.pathname,
      });
    });
  });
  page.on("console", (message) => {
    // Also a security header Chromium could not parse (e.g. an unknown Permissions-Policy feature).
    if (/Content Security Policy|Permissions-Policy|Content-Security-Policy/i.test(message.text())) {
      violations.push({ directive: "console", blocked: "", source: message.location().url, sample: message.text(), page: page.url() });
    }
  });
  return violations;
}
