const BAR = "rounded bg-zinc-200 dark:bg-zinc-800";
const CARD = "rounded-xl border border-zinc-200 p-4 dark:border-zinc-800";

/** The user page's shape while it loads (same grid as the page: details left, thread right; stacked on phones). */
export default function AdminUserLoading() {
  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-5 sm:py-6" aria-busy="true" data-testid="admin-loading">
      <span className="sr-only">Loading…</span>
      <div className={`${BAR} h-4 w-20`} />
      <div className="mt-3 grid grid-cols-[minmax(0,1fr)] gap-4 motion-safe:animate-pulse lg:grid-cols-[20rem_minmax(0,1fr)] lg:grid-rows-[auto_auto_1fr] lg:gap-x-6">
        <div className={`${CARD} lg:col-start-1`}>
          <div className="flex items-center gap-3">
            <div className="size-12 rounded-full bg-zinc-200 dark:bg-zinc-800" />
            <div className="flex-1 space-y-2">
              <div className={`${BAR} h-4 w-2/3`} />
              <div className={`${BAR} h-3 w-1/2`} />
            </div>
          </div>
          <div className="mt-5 space-y-3">
            {[0, 1, 2].map((i) => <div key={i} className={`${BAR} h-3`} />)}
          </div>
        </div>
        <div className="h-[75dvh] min-h-[26rem] rounded-xl border border-zinc-200 lg:col-start-2 lg:row-span-3 lg:row-start-1 lg:h-[calc(100dvh-11.5rem)] dark:border-zinc-800" />
        <div className={`${CARD} h-44 lg:col-start-1`} />
        <div className={`${CARD} h-28 self-start lg:col-start-1`} />
      </div>
    </main>
  );
}
