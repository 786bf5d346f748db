const BAR = "rounded bg-zinc-200 dark:bg-zinc-800";

/** Shown inside the admin layout (header and tabs stay put) while a page loads. */
export default function AdminLoading() {
  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-8" aria-busy="true" data-testid="admin-loading">
      <span className="sr-only">Loading…</span>
      <div className="motion-safe:animate-pulse">
        <div className={`${BAR} h-7 w-32`} />
        <div className={`${BAR} mt-2 h-4 w-72 max-w-full`} />
        <div className={`${BAR} mt-6 h-9 w-full rounded-lg sm:w-96`} />
        <div className="mt-4 overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="flex items-center gap-3 border-b border-zinc-100 px-4 py-3.5 last:border-0 dark:border-zinc-800">
              <div className="size-8 shrink-0 rounded-full bg-zinc-200 dark:bg-zinc-800" />
              <div className="flex-1 space-y-2">
                <div className={`${BAR} h-3.5 w-1/3`} />
                <div className={`${BAR} h-3 w-1/2`} />
              </div>
              <div className={`${BAR} hidden h-3.5 w-20 sm:block`} />
            </div>
          ))}
        </div>
      </div>
    </main>
  );
}
