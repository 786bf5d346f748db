"use client";

import { useMessages } from "@/lib/i18n/client";

const TONES = {
  error: "border-red-200 bg-red-50 text-red-800 dark:border-red-900/60 dark:bg-red-950/70 dark:text-red-200",
  info: "border-accent-100 bg-accent-50 text-accent-700 dark:border-accent-700/40 dark:bg-zinc-900 dark:text-accent-100",
} as const;

type Props = {
  tone: keyof typeof TONES;
  testId: string;
  message: string;
  onDismiss: () => void;
  onRetry?: () => void;
  retryDisabled?: boolean;
};

/** A readable, dismissible message above the composer; errors are announced (role=alert), notices politely. */
export function ChatBanner({ tone, testId, message, onDismiss, onRetry, retryDisabled }: Props) {
  const m = useMessages();
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={`flex items-center gap-2 rounded-xl border py-1.5 pr-1.5 pl-3.5 text-sm shadow-sm ${TONES[tone]}`}
    >
      <p className="min-w-0 flex-1 py-1">{message}</p>
      {onRetry ? (
        <button
          type="button"
          data-testid={`${testId}-retry`}
          onClick={onRetry}
          disabled={retryDisabled}
          className="shrink-0 rounded-lg px-2.5 py-1 font-medium underline-offset-2 hover:bg-black/5 hover:underline disabled:opacity-50 dark:hover:bg-white/10"
        >
          {m.common.retry}
        </button>
      ) : null}
      <button
        type="button"
        data-testid={`${testId}-dismiss`}
        onClick={onDismiss}
        aria-label={m.common.dismiss}
        className="grid size-7 shrink-0 place-items-center rounded-lg text-base leading-none opacity-70 hover:bg-black/5 hover:opacity-100 dark:hover:bg-white/10"
      >
        <span aria-hidden>×</span>
      </button>
    </div>
  );
}
