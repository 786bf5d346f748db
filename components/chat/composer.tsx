"use client";

import { useLayoutEffect, type KeyboardEvent, type RefObject } from "react";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/types";

/** The counter appears this close to the limit; before that it is noise. */
const COUNTER_FROM = MESSAGE_MAX_CHARS - 800;

type Props = {
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onStop: () => void;
  /** sending: the POST is in flight; streaming: a reply is arriving (Stop replaces Send). */
  status: "idle" | "sending" | "streaming";
  stopping: boolean;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** Sending is off (a usage budget is used up); the draft stays editable. */
  blocked?: boolean;
  /** A quiet line under the input (how much of a usage limit is used). */
  notice?: string | null;
};

const ICON_BUTTON =
  "grid size-9 shrink-0 place-items-center rounded-full transition-colors disabled:cursor-not-allowed";

export function Composer({ value, onChange, onSubmit, onStop, status, stopping, inputRef, blocked = false, notice = null }: Props) {
  const length = value.length;
  const over = length > MESSAGE_MAX_CHARS;
  const canSend = status === "idle" && value.trim().length > 0 && !over && !blocked;

  // Grow with the text up to the CSS max-height, then scroll inside.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight}px`;
  }, [value, inputRef]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an IME is composing picks a candidate; it must not send (keyCode 229 covers older Safari).
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    if (canSend) onSubmit();
  };

  const help = over ? (
    <span className="text-red-600 dark:text-red-400">{(length - MESSAGE_MAX_CHARS).toLocaleString("en")} characters over the limit</span>
  ) : notice ? (
    <span data-testid="usage-notice">{notice}</span>
  ) : (
    <span className="hidden sm:inline">Enter to send, Shift+Enter for a new line</span>
  );

  return (
    <form
      data-testid="composer"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSubmit();
      }}
    >
      <div
        className={`flex items-end gap-2 rounded-3xl border bg-white p-1.5 shadow-sm transition-colors focus-within:border-accent-500 dark:bg-zinc-900 ${
          over ? "border-red-400 focus-within:border-red-500 dark:border-red-500/70" : "border-zinc-300 dark:border-zinc-700"
        }`}
      >
        <label htmlFor="composer-input" className="sr-only">
          Message the agent
        </label>
        <textarea
          id="composer-input"
          ref={inputRef}
          data-testid="composer-input"
          rows={1}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Message the agent…"
          aria-describedby="composer-help"
          aria-invalid={over || undefined}
          enterKeyHint="send"
          className="block max-h-[min(40dvh,16rem)] min-h-9 flex-1 resize-none bg-transparent py-1.5 pl-3 text-[15px] leading-6 text-zinc-900 placeholder:text-zinc-500 focus:outline-none dark:text-zinc-100 dark:placeholder:text-zinc-400"
        />
        {status === "streaming" ? (
          <button
            type="button"
            data-testid="stop-button"
            onClick={onStop}
            disabled={stopping}
            aria-label={stopping ? "Stopping the reply" : "Stop the reply"}
            className={`${ICON_BUTTON} bg-zinc-900 text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300`}
          >
            <span aria-hidden className="size-3 rounded-[3px] bg-current" />
          </button>
        ) : (
          <button
            type="submit"
            data-testid="send-button"
            disabled={!canSend}
            aria-label={status === "sending" ? "Sending" : blocked ? "Sending is paused until your usage limit resets" : "Send message"}
            className={`${ICON_BUTTON} bg-accent-600 text-white hover:bg-accent-700 disabled:bg-zinc-200 disabled:text-zinc-400 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-500`}
          >
            {status === "sending" ? (
              <span aria-hidden className="size-4 rounded-full border-2 border-current border-t-transparent motion-safe:animate-spin" />
            ) : (
              <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
                <path d="M10 16V4M5 9l5-5 5 5" />
              </svg>
            )}
          </button>
        )}
      </div>
      <div className={`${over || notice || length >= COUNTER_FROM ? "flex" : "hidden sm:flex"} min-h-5 items-center gap-2 px-3 pt-1 text-xs text-zinc-500 dark:text-zinc-400`}>
        <p id="composer-help" className="min-w-0 flex-1 truncate">
          {help}
        </p>
        {length >= COUNTER_FROM ? (
          <span data-testid="char-counter" className={`tabular-nums ${over ? "font-medium text-red-600 dark:text-red-400" : ""}`}>
            {length.toLocaleString("en")} / {MESSAGE_MAX_CHARS.toLocaleString("en")}
          </span>
        ) : null}
      </div>
    </form>
  );
}
