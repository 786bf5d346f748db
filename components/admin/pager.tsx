import Link from "next/link";

const LINK =
  "inline-flex items-center gap-1.5 rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 shadow-xs hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800";

/**
 * Keyset pagination controls: there is no page count (that would mean counting
 * the whole table), just the way forward and the way back to the start.
 */
export function Pager({ firstHref, nextHref, shown, noun, isFirst }: {
  firstHref: string; nextHref: string | null; shown: number; noun: string; isFirst: boolean;
}) {
  if (isFirst && !nextHref) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        {shown} {noun} on this page{nextHref ? "" : " · end of the list"}
      </p>
      <div className="flex gap-2">
        {!isFirst ? (
          <Link href={firstHref} data-testid="page-first" className={LINK}>
            <span aria-hidden>«</span> First page
          </Link>
        ) : null}
        {nextHref ? (
          <Link href={nextHref} data-testid="page-next" className={LINK}>
            Next page <span aria-hidden>→</span>
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
