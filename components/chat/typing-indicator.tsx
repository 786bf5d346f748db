"use client";

import { useMessages } from "@/lib/i18n/client";

/** Shown until the first token of a step arrives. Not a live region: only the finished reply is announced. */
export function TypingIndicator() {
  const m = useMessages();
  return (
    <div data-testid="typing-indicator" className="flex h-7 items-center gap-1" title={m.chat.agentWorking}>
      <span className="sr-only">{m.chat.agentWorkingLive}</span>
      {/* Delays as classes, not style attributes: the page's CSP allows no inline styles. */}
      {["[animation-delay:0ms]", "[animation-delay:150ms]", "[animation-delay:300ms]"].map((delay) => (
        <span
          key={delay}
          aria-hidden
          className={`size-1.5 rounded-full bg-zinc-400 motion-safe:animate-bounce dark:bg-zinc-500 ${delay}`}
        />
      ))}
    </div>
  );
}
