"use client";

import { useLayoutEffect, useRef, useState, type DragEvent, type KeyboardEvent, type RefObject } from "react";
import type { DraftImage } from "@/lib/chat/client/prepare-image";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/types";
import { IMAGE_MEDIA_TYPES, MAX_IMAGES } from "@/lib/validation/image";
import { useLocale, useMessages } from "@/lib/i18n/client";
import { ComposerImages } from "./composer-images";

/** The files of a paste or a drop (a drag of text has none). Here, not from prepare-image.ts: that loads on first use. */
const filesOf = (transfer: DataTransfer | null): File[] => (transfer ? Array.from(transfer.files) : []);

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
  /** The draft's images, and what to do with files picked, pasted or dropped (checked by the caller). */
  images: readonly DraftImage[];
  onAddFiles: (files: File[]) => void;
  onRemoveImage: (id: string) => void;
  /** Files are being checked and scaled: sending waits for them. */
  preparing: boolean;
  /** Why the last files were refused (one line each), until the next change. */
  imageErrors: readonly string[];
  /** Sending is off (a usage budget is used up); the draft stays editable. */
  blocked?: boolean;
  /** A quiet line under the input (how much of a usage limit is used). */
  notice?: string | null;
};

const ICON_BUTTON =
  "grid size-9 shrink-0 place-items-center rounded-full transition-colors disabled:cursor-not-allowed";

export function Composer({ value, onChange, onSubmit, onStop, status, stopping, inputRef, images, onAddFiles, onRemoveImage, preparing, imageErrors, blocked = false, notice = null }: Props) {
  const m = useMessages().chat.composer;
  const locale = useLocale();
  const length = value.length;
  const over = length > MESSAGE_MAX_CHARS;
  const canSend = status === "idle" && (value.trim().length > 0 || images.length > 0) && !over && !preparing && !blocked;
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const full = images.length >= MAX_IMAGES;

  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes("Files");
  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    setDragging(false);
    const files = filesOf(event.dataTransfer);
    if (files.length === 0) return;
    event.preventDefault();
    onAddFiles(files);
    inputRef.current?.focus();
  };

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
    <span className="text-red-600 dark:text-red-400">{m.overLimit(length - MESSAGE_MAX_CHARS, locale)}</span>
  ) : notice ? (
    <span data-testid="usage-notice">{notice}</span>
  ) : (
    <span className="hidden sm:inline">{m.hint}</span>
  );

  return (
    <form
      data-testid="composer"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSubmit();
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        if (!dragging) setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div
        className={`rounded-3xl border bg-white p-1.5 shadow-sm transition-colors focus-within:border-accent-500 dark:bg-zinc-900 ${
          dragging ? "border-accent-500 ring-2 ring-accent-500/30"
          : over ? "border-red-400 focus-within:border-red-500 dark:border-red-500/70" : "border-zinc-300 dark:border-zinc-700"
        }`}
      >
        {images.length > 0 ? <ComposerImages images={images} onRemove={onRemoveImage} /> : null}
        <div className="flex items-end gap-1">
          <input
            ref={fileRef}
            type="file"
            data-testid="attach-input"
            accept={IMAGE_MEDIA_TYPES.join(",")}
            multiple
            hidden
            onChange={(event) => {
              const files = Array.from(event.target.files ?? []);
              event.target.value = ""; // the same file can be picked again after a removal
              if (files.length) onAddFiles(files);
            }}
          />
          <button
            type="button"
            data-testid="attach-button"
            onClick={() => fileRef.current?.click()}
            disabled={full}
            aria-label={full ? m.attachFull(MAX_IMAGES) : m.attach}
            title={full ? m.attachFullTitle(MAX_IMAGES) : m.attachTitle}
            className={`${ICON_BUTTON} text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 disabled:opacity-40 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100`}
          >
            <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round">
              <rect x="3" y="4" width="14" height="12" rx="2" />
              <circle cx="7.5" cy="8.5" r="1.5" />
              <path d="M17 13l-4-4-7 7" />
            </svg>
          </button>
          <label htmlFor="composer-input" className="sr-only">
            {m.label}
          </label>
          <textarea
            id="composer-input"
            ref={inputRef}
            data-testid="composer-input"
            rows={1}
            value={value}
            onChange={(event) => onChange(event.target.value)}
            onKeyDown={onKeyDown}
            onPaste={(event) => {
              const files = filesOf(event.clipboardData);
              if (files.length === 0) return; // plain text: the textarea takes it
              event.preventDefault();
              onAddFiles(files);
            }}
            placeholder={m.placeholder}
            aria-describedby="composer-help"
            aria-invalid={over || undefined}
            enterKeyHint="send"
            className="block max-h-[min(40dvh,16rem)] min-h-9 flex-1 resize-none bg-transparent py-1.5 pl-1 text-[15px] leading-6 text-zinc-900 placeholder:text-zinc-500 focus:outline-none dark:text-zinc-100 dark:placeholder:text-zinc-400"
          />
          {status === "streaming" ? (
            <button
              type="button"
              data-testid="stop-button"
              onClick={onStop}
              disabled={stopping}
              aria-label={stopping ? m.stopping : m.stop}
              className={`${ICON_BUTTON} bg-zinc-900 text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300`}
            >
              <span aria-hidden className="size-3 rounded-[3px] bg-current" />
            </button>
          ) : (
            <button
              type="submit"
              data-testid="send-button"
              disabled={!canSend}
              aria-label={status === "sending" ? m.sending : preparing ? m.preparingImages : blocked ? m.blocked : m.send}
              className={`${ICON_BUTTON} bg-accent-600 text-white hover:bg-accent-700 disabled:bg-zinc-200 disabled:text-zinc-400 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-500`}
            >
              {status === "sending" || preparing ? (
                <span aria-hidden className="size-4 rounded-full border-2 border-current border-t-transparent motion-safe:animate-spin" />
              ) : (
                <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
                  <path d="M10 16V4M5 9l5-5 5 5" />
                </svg>
              )}
            </button>
          )}
        </div>
      </div>
      {/* Always in the page, so that a screen reader announces what arrives in it. */}
      <div role="alert" data-testid="image-error" className="px-3 pt-1 text-xs leading-5 text-red-700 empty:hidden dark:text-red-400">
        {imageErrors.length ? (
          <ul>
            {imageErrors.map((message, index) => (
              <li key={index}>{message}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className={`${over || notice || length >= COUNTER_FROM ? "flex" : "hidden sm:flex"} min-h-5 items-center gap-2 px-3 pt-1 text-xs text-zinc-500 dark:text-zinc-400`}>
        <p id="composer-help" className="min-w-0 flex-1 truncate">
          {help}
        </p>
        {length >= COUNTER_FROM ? (
          <span data-testid="char-counter" className={`tabular-nums ${over ? "font-medium text-red-600 dark:text-red-400" : ""}`}>
            {m.counter(length, MESSAGE_MAX_CHARS, locale)}
          </span>
        ) : null}
      </div>
    </form>
  );
}
