"use client";

import { useState } from "react";
import { LocalTime } from "@/components/admin/local-time";
import { Button } from "@/components/ui/button";
import { fetchThreadReads } from "@/lib/account/client/api";
import type { ThreadReadJson, ThreadReadsPage } from "@/lib/account/types";
import { ApiError } from "@/lib/api/client/request";
import { apiErrorText } from "@/lib/i18n/api-errors";
import { useMessages } from "@/lib/i18n/client";

function ReadRow({ read }: { read: ThreadReadJson }) {
  const m = useMessages().settings.reads;
  const { name, email, deleted } = read.admin;
  const title = name?.trim() || email || m.anAdmin;
  const what = read.kind === "followed" ? m.followed : m.read;
  const details = [name?.trim() && email ? email : null, deleted ? m.deleted : null, what].filter(Boolean).join(" · ");
  return (
    <li data-testid="admin-read" className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
      <div className="min-w-0">
        <p className="text-sm font-medium break-words text-zinc-900 dark:text-zinc-100" data-testid="admin-read-name">{title}</p>
        <p className="text-xs break-words text-zinc-600 dark:text-zinc-400">{details}</p>
      </div>
      <LocalTime iso={read.at} className="shrink-0 text-xs text-zinc-600 tabular-nums dark:text-zinc-400" />
    </li>
  );
}

/** The reads, newest first; "Show older" loads the next page (cursor) from /api/account/reads. */
export function AdminReadsList({ initial }: { initial: ThreadReadsPage }) {
  const messages = useMessages();
  const m = messages.settings.reads;
  const errors = messages.common.errors;
  const [reads, setReads] = useState(initial.reads);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (reads.length === 0) {
    return (
      <p data-testid="admin-reads-none" className="mt-3 rounded-lg border border-dashed border-zinc-300 px-3.5 py-3 text-sm text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
        {m.none}
      </p>
    );
  }

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchThreadReads({ cursor });
      setReads((shown) => [...shown, ...page.reads]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(caught instanceof ApiError ? apiErrorText(caught, errors) : m.loadFailed);
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="mt-3">
      <ul aria-label={m.listLabel} className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {reads.map((read) => <ReadRow key={read.id} read={read} />)}
      </ul>
      {error ? <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">{error}</p> : null}
      {cursor ? (
        <Button variant="secondary" onClick={() => void more()} disabled={loading} data-testid="admin-reads-more" className="mt-3 w-full sm:w-auto">
          {loading ? m.loading : error ? m.tryAgain : m.more}
        </Button>
      ) : null}
    </div>
  );
}
