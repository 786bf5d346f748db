"use client";

import dynamic from "next/dynamic";

/** The chart, loaded in the browser only (see UsageChart), with a placeholder of the same height meanwhile. */
export const LazyUsageChart = dynamic(() => import("./usage-chart").then((m) => m.UsageChart), {
  ssr: false,
  loading: () => <div className="h-64 w-full animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800/60" aria-hidden />,
});
