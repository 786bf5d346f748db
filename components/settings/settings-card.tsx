import type { ReactNode } from "react";

/** A section of the settings page: the same card as the page's own sections. */
export function SettingsCard(
  { id, title, children, testId, tone = "default" }: { id: string; title: string; children: ReactNode; testId?: string; tone?: "default" | "danger" },
) {
  const border = tone === "danger" ? "border-red-200 dark:border-red-900/60" : "border-zinc-200 dark:border-zinc-800";
  return (
    <section aria-labelledby={id} data-testid={testId} className={`mt-4 rounded-xl border bg-white p-5 shadow-xs dark:bg-zinc-900/40 ${border}`}>
      <h2 id={id} className="text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}
