"use client";

import { memo } from "react";
import { useMessages } from "@/lib/i18n/client";
import { CopyButton } from "@/components/ui/copy-button";
import { LazyMarkdown } from "./lazy-markdown";
import type { Row } from "@/lib/chat/client/rows";
import { Disclosure } from "./disclosure";
import { MessageImages } from "./message-images";
import { SummaryDivider } from "./summary-divider";
import { ToolRow } from "./tool-row";

type Props = { row: Row; streaming: boolean };

const USER_BUBBLE = "rounded-2xl rounded-br-md bg-accent-600 px-4 py-2.5 text-[15px] leading-6 whitespace-pre-wrap break-words text-white";

/**
 * One transcript row, one top-level element. Memoised on the row object: the
 * reducer replaces only the row a delta touched, so only it re-renders.
 */
export const MessageRow = memo(function MessageRow({ row, streaming }: Props) {
  const m = useMessages();
  switch (row.kind) {
    case "user":
      if (row.images) {
        return (
          <article
            data-testid="message-user"
            data-message-id={row.id ?? row.otid ?? row.key}
            aria-label={m.common.you}
            className="flex max-w-[85%] flex-col items-end gap-1.5 self-end sm:max-w-[75%]"
          >
            <MessageImages images={row.images} />
            {row.text ? <p className={USER_BUBBLE}>{row.text}</p> : null}
          </article>
        );
      }
      return (
        <article
          data-testid="message-user"
          data-message-id={row.id ?? row.otid ?? row.key}
          aria-label={m.common.you}
          className={`max-w-[85%] self-end sm:max-w-[75%] ${USER_BUBBLE}`}
        >
          {row.text}
        </article>
      );
    case "assistant":
      return (
        <div className="flex min-w-0 flex-col gap-1">
          <article
            data-testid="message-assistant"
            data-message-id={row.id ?? row.key}
            data-streaming={streaming ? "true" : undefined}
            aria-label={m.common.agent}
            aria-busy={streaming || undefined}
            className="md min-w-0 text-zinc-800 dark:text-zinc-200"
          >
            <LazyMarkdown text={row.text} streaming={streaming} />
          </article>
          {/* Its room is kept while the reply streams (invisible, not absent): no jump when it ends. */}
          <div className={`-ml-1.5 flex ${streaming ? "invisible" : ""}`}>
            <CopyButton text={() => row.text} label={m.chat.copyMessage} testId="copy-message" />
          </div>
        </div>
      );
    case "reasoning":
      return (
        <Disclosure
          testId="message-reasoning"
          toggleTestId="reasoning-toggle"
          messageId={row.id ?? row.key}
          streaming={streaming}
          summary={streaming ? <span className="motion-safe:animate-pulse">{m.chat.thinking}</span> : m.chat.thoughtForAMoment}
        >
          {() => <p className="text-sm leading-6 whitespace-pre-wrap text-zinc-600 italic dark:text-zinc-400">{row.text}</p>}
        </Disclosure>
      );
    case "tool":
      return <ToolRow row={row} streaming={streaming} />;
    case "summary":
      return <SummaryDivider messageId={row.id ?? row.key} text={row.text} />;
  }
});
