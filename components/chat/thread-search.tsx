"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "@/lib/api/client/request";
import { searchThread } from "@/lib/chat/client/api";
import { highlightParts, searchTerms } from "@/lib/chat/search-text";
import type { ThreadSearchHit, ThreadSearchResult } from "@/lib/chat/types";
import { SEARCH_QUERY_MAX_CHARS } from "@/lib/chat/types";
import type { RevealStatus } from "@/hooks/use-reveal";
import { useLocale, useMessages } from "@/lib/i18n/client";
import type { Messages } from "@/lib/i18n";
import { apiErrorText } from "@/lib/i18n/api-errors";

/** Typing pauses this long before a search is sent. */
const DEBOUNCE_MS = 300;

type Props = {
  onClose: () => void;
  onPick: (hit: ThreadSearchHit) => void;
  /** How the last jump went: said in the panel's status line. */
  revealStatus: RevealStatus;
};

type Search =
  | { status: "idle" }
  | { status: "searching" }
  | { status: "done"; result: ThreadSearchResult; query: string }
  | { status: "error"; message: string };

/** "Search older messages": continuing a search that stopped before the start of the thread. */
type More = { status: "idle" } | { status: "loading" } | { status: "error"; message: string };


function statusLine(search: Search, reveal: RevealStatus, m: Messages["chat"]["search"], locale: string): string {
  if (reveal === "loading") return m.revealing;
  if (reveal === "missing") return m.missing;
  if (reveal === "failed") return m.revealFailed;
  switch (search.status) {
    case "idle":
      return m.idle;
    case "searching":
      return m.searching;
    case "error":
      return search.message;
    case "done": {
      const count = search.result.hits.length;
      const found = m.found(count, locale);
      return search.result.nextCursor ? `${found}${m.partial(search.result.scanned, locale)}` : `${found}.`;
    }
  }
}

/**
 * Find in conversation: a panel under the header (over the transcript, which does not move), a search
 * box, and the matches, newest first, each with its date and a line of context with the words marked.
 * Picking one jumps to it. Escape closes it; focus goes back to the header's search button.
 */
export function ThreadSearch({ onClose, onPick, revealStatus }: Props) {
  const messages = useMessages();
  const m = messages.chat.search;
  const locale = useLocale();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }), [locale]);
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<Search>({ status: "idle" });
  const [more, setMore] = useState<More>({ status: "idle" });
  const moreRequest = useRef<AbortController | null>(null);
  // How a jump went is this panel's news only once a result of this panel was picked.
  const [picked, setPicked] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => () => moreRequest.current?.abort(), []);

  // Continues from where the last search stopped (its cursor), adding what it finds below the matches so far.
  const searchOlder = () => {
    if (search.status !== "done") return;
    const { query: q, result } = search;
    const before = result.nextCursor;
    if (!before) return;
    const controller = new AbortController();
    moreRequest.current = controller;
    setMore({ status: "loading" });
    searchThread({ q, before, signal: controller.signal })
      .then((next) => {
        setSearch({ status: "done", query: q, result: { ...next, hits: [...result.hits, ...next.hits], scanned: result.scanned + next.scanned } });
        setMore({ status: "idle" });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setMore({ status: "error", message: apiErrorText(ApiError.from(error), messages.common.errors) });
      });
  };

  useEffect(() => {
    const q = query.trim();
    if (searchTerms(q).length === 0) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setSearch({ status: "searching" });
      searchThread({ q, signal: controller.signal })
        .then((result) => setSearch({ status: "done", result, query: q }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setSearch({ status: "error", message: apiErrorText(ApiError.from(error), messages.common.errors) });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, messages]);

  // Nothing to look for (yet, or any more): whatever was found before is not shown.
  const shown: Search = searchTerms(query.trim()).length > 0 ? search : { status: "idle" };
  const hits = shown.status === "done" ? shown.result.hits : [];
  const terms = shown.status === "done" ? searchTerms(shown.query) : [];

  return (
    <div
      id="thread-search"
      role="search"
      aria-label={m.label}
      data-testid="thread-search"
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }}
      className="absolute inset-x-2 top-2 z-30 flex max-h-[min(32rem,calc(100%-1rem))] flex-col overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-xl sm:inset-x-auto sm:right-4 sm:w-[26rem] dark:border-zinc-700 dark:bg-zinc-900"
    >
      <div className="flex items-center gap-2 border-b border-zinc-200 p-2 dark:border-zinc-800">
        <label htmlFor="thread-search-input" className="sr-only">{m.inputLabel}</label>
        <input
          id="thread-search-input"
          ref={inputRef}
          data-testid="search-input"
          type="search"
          value={query}
          maxLength={SEARCH_QUERY_MAX_CHARS}
          onChange={(event) => {
            moreRequest.current?.abort();
            setMore({ status: "idle" });
            setQuery(event.target.value);
          }}
          onKeyDown={(event) => {
            // Down from the box into the results.
            if (event.key !== "ArrowDown") return;
            event.preventDefault();
            event.currentTarget.closest("[role=search]")?.querySelector<HTMLButtonElement>("[data-testid=search-result]")?.focus();
          }}
          placeholder={m.placeholder}
          aria-describedby="thread-search-status"
          autoComplete="off"
          enterKeyHint="search"
          className="min-w-0 flex-1 rounded-lg bg-transparent px-2 py-1.5 text-[15px] text-zinc-900 placeholder:text-zinc-500 focus:outline-none dark:text-zinc-100 dark:placeholder:text-zinc-400"
        />
        <button
          type="button"
          data-testid="search-close"
          onClick={onClose}
          className="rounded-md px-2 py-1 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          {messages.common.close}
        </button>
      </div>
      <p
        id="thread-search-status"
        data-testid="search-status"
        role="status"
        className="px-4 py-2 text-xs text-zinc-600 dark:text-zinc-400"
      >
        {statusLine(shown, picked ? revealStatus : "idle", m, locale)}
      </p>
      {hits.length > 0 ? (
        <ul
          aria-label={m.matches}
          className="min-h-0 flex-1 overflow-y-auto border-t border-zinc-100 p-1 dark:border-zinc-800"
          onKeyDown={(event) => {
            if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
            const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>("button"));
            const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
            const next = buttons[index + (event.key === "ArrowDown" ? 1 : -1)];
            event.preventDefault();
            if (next) next.focus();
            else if (event.key === "ArrowUp") inputRef.current?.focus();
          }}
        >
          {hits.map((hit) => (
            <li key={`${hit.role}:${hit.id}`}>
              <button
                type="button"
                data-testid="search-result"
                data-message-id={hit.id}
                onClick={() => {
                  setPicked(true);
                  onPick(hit);
                }}
                className="flex w-full flex-col gap-0.5 rounded-xl px-3 py-2 text-left hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800"
              >
                <span className="flex items-baseline justify-between gap-3 text-xs text-zinc-600 dark:text-zinc-400">
                  <span className="font-semibold text-zinc-800 dark:text-zinc-200">{hit.role === "user" ? messages.common.you : messages.common.agent}</span>
                  {hit.date ? <time dateTime={hit.date}>{dateFormat.format(new Date(hit.date))}</time> : null}
                </span>
                <span className="line-clamp-3 text-sm leading-5 text-zinc-700 dark:text-zinc-300">
                  {highlightParts(hit.snippet, terms).map((part, i) =>
                    part.match ? (
                      <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-zinc-900 dark:bg-amber-400/30 dark:text-amber-100">{part.text}</mark>
                    ) : (
                      part.text
                    ),
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {shown.status === "done" && shown.result.nextCursor ? (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-zinc-100 px-4 py-2 dark:border-zinc-800">
          <button
            type="button"
            data-testid="search-older"
            onClick={searchOlder}
            disabled={more.status === "loading"}
            className="rounded-md px-2 py-1 text-sm font-medium text-sky-700 hover:bg-sky-50 disabled:opacity-60 dark:text-sky-300 dark:hover:bg-sky-950"
          >
            {more.status === "loading" ? m.searchingOlder : m.searchOlder}
          </button>
          {more.status === "error" ? (
            <span role="alert" className="text-xs text-red-700 dark:text-red-300">{more.message}</span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
