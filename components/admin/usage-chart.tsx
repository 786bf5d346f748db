"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One day's totals (what lib/db/usage-admin.ts dailyTotals reads; the page passes them as they are). */
export type DayTotal = { day: string; messages: number; tokens: number; runs: number; users: number };

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const full = (n: number) => n.toLocaleString("en-US");
const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

function DayTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: DayTotal }[] }) {
  const day = active ? payload?.[0]?.payload : undefined;
  if (!day) return null;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-semibold text-zinc-900 dark:text-zinc-100">{dayLabel(day.day)}</p>
      <p className="mt-1 text-zinc-600 dark:text-zinc-300">{full(day.tokens)} tokens</p>
      <p className="text-zinc-600 dark:text-zinc-300">{full(day.messages)} messages · {full(day.runs)} runs</p>
      <p className="text-zinc-600 dark:text-zinc-300">{full(day.users)} active users</p>
    </div>
  );
}

/**
 * Tokens per day (Recharts, SVG). Colours come from `currentColor`, so it follows the page's light or dark theme;
 * Recharts' accessibility layer lets a keyboard user move across the bars (each shows its tooltip), and the
 * page also has the same numbers as a table. Rendered in the browser only (next/dynamic, ssr: false): the
 * sizes Recharts sets are then CSSOM styles, which the page's CSP allows, not inline style attributes.
 */
export function UsageChart({ days }: { days: DayTotal[] }) {
  return (
    <div className="h-64 w-full text-zinc-500 dark:text-zinc-400" data-testid="usage-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer title="Tokens per day, last 30 days">
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" strokeOpacity={0.3} minTickGap={16} />
          <YAxis tickFormatter={(n: number) => compact.format(n)} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" strokeOpacity={0.3} width={44} />
          <Tooltip content={<DayTooltip />} cursor={{ fill: "currentColor", fillOpacity: 0.08 }} />
          <Bar dataKey="tokens" name="Tokens" className="text-accent-600 dark:text-accent-500" fill="currentColor" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
