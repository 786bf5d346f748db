"use client";

import type { ToolRow as ToolRowData } from "@/lib/chat/client/rows";
import { HISTORY_SEARCH_TOOL_NAME } from "@/lib/chat/types";
import { useMessages } from "@/lib/i18n/client";
import type { Messages } from "@/lib/i18n";
import { Disclosure } from "./disclosure";

/** Tool arguments and results are JSON strings more often than not: indent them when they parse. */
function pretty(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text; // still streaming, or not JSON after all
  }
}

const PRE = "mt-1 max-h-72 overflow-auto rounded-lg bg-zinc-100 px-3 py-2 font-mono text-xs leading-5 whitespace-pre-wrap break-words text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300";
const LABEL = "text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";

/** The scoped history search reads as what it does; its query is the argument worth showing. */
function historySearchText(row: ToolRowData, running: boolean, m: Messages["chat"]["tools"]) {
  let query = "";
  try {
    const args = JSON.parse(row.args || "{}") as { query?: unknown };
    if (typeof args.query === "string") query = args.query;
  } catch {
    // arguments still streaming
  }
  const what = query ? m.searchFor(query) : null;
  if (running) return <>{m.searching}{what}…</>;
  // Its answer goes straight to the agent (the stream carries no result): once the reply moves on, the search is done.
  if (!row.result) return <>{m.searched}{what}</>;
  if (row.result.status === "error") return <span className="text-red-700 dark:text-red-400">{m.searchFailed}{what}</span>;
  return <>{m.searched}{what}</>;
}

function summaryText(row: ToolRowData, running: boolean, m: Messages["chat"]["tools"]) {
  if (row.name === HISTORY_SEARCH_TOOL_NAME) return historySearchText(row, running, m);
  const name = <code className="font-mono text-[0.92em]">{row.name || m.aTool}</code>;
  if (running || !row.result) return <>{m.using} {name}…</>;
  if (row.result.status === "error") return <span className="text-red-700 dark:text-red-400">{name} {m.failed}</span>;
  return <>{m.used} {name}</>;
}

export function ToolRow({ row, streaming }: { row: ToolRowData; streaming: boolean }) {
  const m = useMessages().chat.tools;
  return (
    <Disclosure
      testId="message-tool"
      toggleTestId="tool-toggle"
      messageId={row.id ?? row.key}
      streaming={streaming}
      summary={summaryText(row, streaming, m)}
    >
      {() => (
        <>
          {row.args ? (
            <>
              <p className={LABEL}>{m.arguments}</p>
              <pre className={PRE}>{pretty(row.args)}</pre>
            </>
          ) : null}
          <p className={`${LABEL} ${row.args ? "mt-3" : ""}`}>{m.result}</p>
          <pre className={PRE}>{row.result ? pretty(row.result.output) || m.empty : m.waiting}</pre>
        </>
      )}
    </Disclosure>
  );
}
