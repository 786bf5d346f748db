type Tone = "error" | "warning" | "info" | "success";

const TONES: Record<Tone, string> = {
  error: "border-red-200 bg-red-50 text-red-800 dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-200",
  warning: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200",
  info: "border-accent-100 bg-accent-50 text-accent-700 dark:border-accent-700/40 dark:bg-accent-700/15 dark:text-accent-100",
  success: "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900/60 dark:bg-emerald-950/40 dark:text-emerald-200",
};

export function Alert({ tone = "error", children, testId }: { tone?: Tone; children: React.ReactNode; testId?: string }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={`rounded-lg border px-3.5 py-2.5 text-sm ${TONES[tone]}`}
    >
      {children}
    </div>
  );
}
