/** In place of the thread when ADMIN_THREAD_ACCESS=off. */
export function ThreadAccessOff() {
  return (
    <section
      data-testid="thread-access-off"
      role="status"
      className="flex h-full min-h-72 flex-col items-center justify-center rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center dark:border-zinc-700"
    >
      <div aria-hidden className="mb-3 grid size-11 place-items-center rounded-2xl bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
        <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-5">
          <rect x="4.5" y="9" width="11" height="8" rx="1.75" />
          <path d="M7 9V6.5a3 3 0 0 1 6 0V9" strokeLinecap="round" />
        </svg>
      </div>
      <h2 className="font-semibold text-zinc-900 dark:text-zinc-100">Reading threads is turned off</h2>
      <p className="mt-1.5 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
        This deployment runs with <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs dark:bg-zinc-800">ADMIN_THREAD_ACCESS=off</code>,
        so admins can’t read users’ conversations. Managing accounts still works.
      </p>
    </section>
  );
}
