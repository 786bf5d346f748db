import { getLocale, getMessages } from "@/lib/i18n/server";
import type { Messages } from "@/lib/i18n";
import type { UsageSummary } from "@/lib/usage/summary";
import { utcDate, utcTime } from "@/lib/usage/windows";

type Wording = { m: Messages["shell"]; locale: string };

const resetLabel = (iso: string, monthly: boolean, { m, locale }: Wording) => {
  const at = new Date(iso);
  const time = m.quota.time(utcTime(at, locale));
  return monthly ? m.usage.resetsOn(utcDate(at, locale), time) : m.usage.resetsDaily(time);
};

function Meter({ label, used, limit, resets, unit, monthly = false, testId, wording }: {
  label: string; used: number; limit: number | null; resets: string; unit: string; monthly?: boolean; testId: string; wording: Wording;
}) {
  const { m, locale } = wording;
  const share = limit === null ? null : limit === 0 ? 1 : Math.min(1, used / limit);
  const tone = share === null ? "" : share >= 1 ? "red" : share >= 0.8 ? "amber" : "accent";
  return (
    <div data-testid={testId} className="py-3 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-zinc-600 tabular-nums dark:text-zinc-300" data-testid={`${testId}-value`}>
          {limit === null ? m.usage.noLimit(used, unit, locale) : m.usage.ofLimit(used, limit, unit, locale)}
        </span>
      </div>
      {share !== null ? (
        // A <progress>, not a bar sized by a style attribute: the page's CSP allows no inline styles.
        <progress
          value={Math.max(0.01, share)}
          max={1}
          aria-label={m.usage.percentUsed(label, Math.round(share * 100))}
          className={`mt-2 block h-2 w-full appearance-none overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 [&::-webkit-progress-bar]:bg-transparent [&::-webkit-progress-value]:rounded-full ${
            tone === "red"
              ? "[&::-moz-progress-bar]:bg-red-500 [&::-webkit-progress-value]:bg-red-500"
              : tone === "amber"
                ? "[&::-moz-progress-bar]:bg-amber-500 [&::-webkit-progress-value]:bg-amber-500"
                : "[&::-moz-progress-bar]:bg-accent-500 [&::-webkit-progress-value]:bg-accent-500"
          }`}
        />
      ) : null}
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{resetLabel(resets, monthly, wording)}</p>
    </div>
  );
}

/** Today's and this month's use against each limit (UTC windows), in the reader's language and number format. */
export async function UsageMeters({ summary }: { summary: UsageSummary }) {
  const wording = { m: (await getMessages()).shell, locale: (await getLocale()).tag };
  const u = wording.m.usage;
  return (
    <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
      <Meter testId="usage-messages-today" label={u.messagesToday} used={summary.today.messages} limit={summary.limits.messagesPerDay} resets={summary.resets.day} unit={u.messages} wording={wording} />
      <Meter testId="usage-tokens-today" label={u.tokensToday} used={summary.today.tokens} limit={summary.limits.tokensPerDay} resets={summary.resets.day} unit={u.tokens} wording={wording} />
      <Meter testId="usage-tokens-month" label={u.tokensMonth} used={summary.month.tokens} limit={summary.limits.tokensPerMonth} resets={summary.resets.month} unit={u.tokens} monthly wording={wording} />
    </div>
  );
}
