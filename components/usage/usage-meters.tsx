import type { UsageSummary } from "@/lib/usage/summary";

const n = (value: number) => value.toLocaleString("en-US");
const resetLabel = (iso: string, monthly: boolean) => {
  const at = new Date(iso);
  return monthly ? `Resets ${at.getUTCDate()} ${at.toLocaleString("en-GB", { month: "short", timeZone: "UTC" })}, 00:00 UTC` : "Resets at 00:00 UTC";
};

function Meter({ label, used, limit, resets, unit, testId }: {
  label: string; used: number; limit: number | null; resets: string; unit: string; testId: string;
}) {
  const share = limit === null ? null : limit === 0 ? 1 : Math.min(1, used / limit);
  const tone = share === null ? "" : share >= 1 ? "red" : share >= 0.8 ? "amber" : "accent";
  return (
    <div data-testid={testId} className="py-3 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-zinc-600 tabular-nums dark:text-zinc-300" data-testid={`${testId}-value`}>
          {n(used)} {limit === null ? `${unit} · no limit` : `of ${n(limit)} ${unit}`}
        </span>
      </div>
      {share !== null ? (
        // A <progress>, not a bar sized by a style attribute: the page's CSP allows no inline styles.
        <progress
          value={Math.max(0.01, share)}
          max={1}
          aria-label={`${label}: ${Math.round(share * 100)}% used`}
          className={`mt-2 block h-2 w-full appearance-none overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 [&::-webkit-progress-bar]:bg-transparent [&::-webkit-progress-value]:rounded-full ${
            tone === "red"
              ? "[&::-moz-progress-bar]:bg-red-500 [&::-webkit-progress-value]:bg-red-500"
              : tone === "amber"
                ? "[&::-moz-progress-bar]:bg-amber-500 [&::-webkit-progress-value]:bg-amber-500"
                : "[&::-moz-progress-bar]:bg-accent-500 [&::-webkit-progress-value]:bg-accent-500"
          }`}
        />
      ) : null}
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{resetLabel(resets, unit === "tokens" && label.includes("month"))}</p>
    </div>
  );
}

/** Today's and this month's use against each limit (UTC windows). */
export function UsageMeters({ summary }: { summary: UsageSummary }) {
  return (
    <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
      <Meter testId="usage-messages-today" label="Messages today" used={summary.today.messages} limit={summary.limits.messagesPerDay} resets={summary.resets.day} unit="messages" />
      <Meter testId="usage-tokens-today" label="Tokens today" used={summary.today.tokens} limit={summary.limits.tokensPerDay} resets={summary.resets.day} unit="tokens" />
      <Meter testId="usage-tokens-month" label="Tokens this month" used={summary.month.tokens} limit={summary.limits.tokensPerMonth} resets={summary.resets.month} unit="tokens" />
    </div>
  );
}
