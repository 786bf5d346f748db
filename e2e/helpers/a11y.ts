// Accessibility checks: axe-core on the page as it is, the way every spec that checks a page asks for it.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** Serious and critical axe violations (of the part of the page `include` selects), as readable lines: expect []. */
export async function seriousViolations(page: Page, { include }: { include?: string } = {}): Promise<string[]> {
  // Colours settle first: right after a switch to dark (emulateMedia), buttons with a colour transition are still
  // half-way between the two schemes, and axe would measure a contrast no reader ever sees for long (seen on a busy
  // machine). Only transitions and animations that end are awaited; a spinner's endless one is not.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime))).map((a) => a.finished.catch(() => undefined))),
  );
  const builder = new AxeBuilder({ page });
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
