"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

const DEBOUNCE_MS = 250;

/**
 * Search by the start of an email or a name. Updates the URL as you type
 * (debounced), so results are shareable and the back button works; Enter searches at once.
 */
export function UserSearch({ initial, sort }: { initial: string; sort: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [value, setValue] = useState(initial);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const go = (text: string) => {
    clearTimeout(timer.current);
    const params = new URLSearchParams();
    if (text.trim()) params.set("q", text.trim());
    if (sort !== "activity") params.set("sort", sort);
    const query = params.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname));
  };

  return (
    <form
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        go(value);
      }}
      className="relative w-full sm:max-w-sm"
    >
      <label htmlFor="user-search" className="sr-only">Search users by email or name</label>
      <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.8" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400">
        <circle cx="9" cy="9" r="5.5" />
        <path d="m13.5 13.5 3 3" strokeLinecap="round" />
      </svg>
      <input
        id="user-search"
        name="q"
        type="search"
        data-testid="user-search"
        value={value}
        maxLength={100}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search by email or name…"
        onChange={(event) => {
          const text = event.target.value;
          setValue(text);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => go(text), DEBOUNCE_MS);
        }}
        className="block w-full rounded-lg border border-zinc-300 bg-white py-2 pr-9 pl-9 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:outline-2 focus:outline-offset-0 focus:outline-accent-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      />
      {pending ? (
        <span
          aria-hidden
          data-testid="user-search-pending"
          className="absolute top-1/2 right-3 size-4 -translate-y-1/2 animate-spin rounded-full border-2 border-zinc-300 border-t-accent-600 dark:border-zinc-700 dark:border-t-accent-500"
        />
      ) : null}
    </form>
  );
}
