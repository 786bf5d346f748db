"use client";

import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Transcript, transcriptStatus } from "@/components/thread/transcript";
import { useReveal } from "@/hooks/use-reveal";
import type { RowSlots } from "@/lib/chat/client/row-slots";
import { useScrollAnchor } from "@/hooks/use-scroll-anchor";
import { useThread } from "@/hooks/use-thread";
import { usageNotice, useUsage } from "@/hooks/use-usage";
import { useLocale, useMessages } from "@/lib/i18n/client";
import { isTypingTarget, shortcutFor } from "@/lib/chat/client/shortcuts";
import { useSingleKeyShortcuts } from "@/lib/chat/client/shortcut-prefs";
import type { DraftImage } from "@/lib/chat/client/prepare-image";
import type { ChatImage, InitialHistory } from "@/lib/chat/types";
import { MAX_IMAGES } from "@/lib/validation/image";
import { ChatBanner } from "./chat-banner";
import { useChatShell } from "./chat-shell";
import { Composer } from "./composer";
import { EmptyState } from "./empty-state";
import { QuotaNotice } from "./quota-notice";

// Not needed for the first paint, each a chunk of its own: the search panel and the shortcuts dialog load when first
// opened, the image checks (image-size) when the first image is added.
const ThreadSearch = lazy(() => import("./thread-search").then((module) => ({ default: module.ThreadSearch })));
const ShortcutsDialog = lazy(() => import("./shortcuts-dialog").then((module) => ({ default: module.ShortcutsDialog })));
const loadPrepareImage = () => import("@/lib/chat/client/prepare-image");

/** The signed-in user's one conversation: transcript, banners and composer. */
export function Chat({ userId, firstName, initial }: { userId: string; firstName: string | null; initial?: InitialHistory | null }) {
  const m = useMessages();
  const locale = useLocale();
  const anchor = useScrollAnchor();
  const { scrollToBottom } = anchor;
  const chat = useThread({ view: "chat", userId, initial });
  const { state } = chat;
  const [draft, setDraft] = useState("");
  const [images, setImages] = useState<DraftImage[]>([]);
  const [preparing, setPreparing] = useState(0);
  const [imageErrors, setImageErrors] = useState<string[]>([]);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const slotsRef = useRef<RowSlots | null>(null);
  const shell = useChatShell();
  const { searchOpen, setSearchOpen, helpOpen, setHelpOpen, searchButtonRef } = shell;
  // Mounted once first opened, then kept (the native dialog's own close hands focus back).
  const [helpMounted, setHelpMounted] = useState(false);
  if (helpOpen && !helpMounted) setHelpMounted(true);
  const { reveal, status: revealStatus } = useReveal({ state, loadOlder: chat.loadOlder, slotsRef, release: anchor.release });

  const closeSearch = useCallback(() => {
    setSearchOpen(false);
    searchButtonRef.current?.focus();
  }, [setSearchOpen, searchButtonRef]);

  // A match found and on screen (focus is on it now): the panel has done its job.
  const jumpTo = useCallback((hit: { id: string; role: "user" | "assistant" }) => reveal(hit, () => setSearchOpen(false)), [reveal, setSearchOpen]);

  // Keyboard shortcuts (lib/chat/client/shortcuts.ts), listed in the help dialog (`?`).
  const busy = state.run.status !== "idle";
  const { stop } = chat;
  const [singleKeys] = useSingleKeyShortcuts();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.target instanceof Element && event.target.closest("dialog")) return;
      const action = shortcutFor({
        key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey,
        typing: isTypingTarget(event.target), replying: busy, singleKeys,
      });
      if (!action) return;
      event.preventDefault();
      if (action === "search") {
        if (searchOpen) document.getElementById("thread-search-input")?.focus();
        else setSearchOpen(true);
      } else if (action === "compose") inputRef.current?.focus();
      else if (action === "stop") stop();
      else if (action === "latest") scrollToBottom("smooth");
      else setHelpOpen(true);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [busy, stop, searchOpen, setSearchOpen, setHelpOpen, scrollToBottom, singleKeys]);

  const { usage, refresh: refreshUsage } = useUsage({ idle: state.run.status === "idle" });
  const { clearQuota } = chat;
  // The window has reset: sending works again, and the notice reads the new numbers.
  const onQuotaReset = useCallback(() => {
    clearQuota();
    refreshUsage();
  }, [clearQuota, refreshUsage]);

  // Keyboard users land in the composer instead of tabbing through every disclosure in the
  // transcript; on touch screens this would pop the keyboard over the conversation, so not there.
  useEffect(() => {
    if (window.matchMedia("(pointer: fine)").matches) inputRef.current?.focus({ preventScroll: true });
  }, []);

  const submit = useCallback(async (text: string, otid?: string, sent: readonly ChatImage[] = []) => {
    // Clear at once (the message shows in the transcript); put it back if it was not taken, images too.
    setDraft((current) => (current.trim() === text.trim() ? "" : current));
    const attached = sent.length ? images.filter((image) => sent.includes(image)) : [];
    if (attached.length) setImages((current) => current.filter((image) => !attached.includes(image)));
    setImageErrors([]);
    scrollToBottom();
    const taken = await chat.send(text, otid, sent);
    if (!taken) {
      setDraft((current) => (current.trim() ? current : text));
      if (attached.length) setImages((current) => (current.length ? current : attached));
    }
  }, [chat, scrollToBottom, images]);

  const retry = () => {
    const action = state.banner?.retry;
    if (action?.type === "send") void submit(action.text, action.otid, action.images);
    else chat.retry();
  };

  // Files picked, pasted or dropped: checked and scaled one by one; what is refused says why, the rest is kept.
  const addFiles = async (files: File[]) => {
    setImageErrors([]);
    setPreparing((n) => n + 1);
    const errors: string[] = [];
    const added: DraftImage[] = [];
    try {
      const { prepareImage } = await loadPrepareImage();
      for (const file of files) {
        if (images.length + added.length >= MAX_IMAGES) {
          errors.push(m.chat.images.tooMany(MAX_IMAGES));
          break;
        }
        const prepared = await prepareImage(file, m.chat.images, locale).catch(() => ({ ok: false as const, message: m.chat.images.unreadable(file.name) }));
        if (prepared.ok) added.push(prepared.image);
        else errors.push(prepared.message);
      }
    } finally {
      setPreparing((n) => n - 1);
    }
    if (added.length) setImages((current) => [...current, ...added].slice(0, MAX_IMAGES));
    setImageErrors(errors);
  };

  const pickExample = (prompt: string) => {
    setDraft(prompt);
    inputRef.current?.focus();
  };

  const { empty } = transcriptStatus(state);

  return (
    <main className="relative flex min-h-0 flex-1 flex-col">
      {empty ? null : <h1 className="sr-only">{m.chat.pageHeading}</h1>}
      <Transcript
        thread={chat} anchor={anchor} label={m.chat.transcriptLabel} inset="page"
        empty={<EmptyState name={firstName} onPick={pickExample} />}
        unavailable={m.chat.historyUnavailable}
        slotsRef={slotsRef}
      />
      <Suspense fallback={null}>
        {searchOpen ? <ThreadSearch onClose={closeSearch} onPick={jumpTo} revealStatus={revealStatus} /> : null}
        {helpMounted ? <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} /> : null}
      </Suspense>
      {/* The transcript fades out above the composer instead of ending at a hard edge. */}
      <div className="relative mx-auto w-full max-w-3xl px-3 pb-[max(0.5rem,env(safe-area-inset-bottom))] before:pointer-events-none before:absolute before:inset-x-0 before:-top-5 before:h-5 before:bg-linear-to-t before:from-zinc-50 sm:px-4 dark:before:from-zinc-950">
        <div className="mb-2 flex flex-col gap-2 empty:mb-0">
          {state.notice ? (
            <ChatBanner tone="info" testId="chat-notice" message={state.notice} onDismiss={chat.dismissNotice} />
          ) : null}
          {state.quota ? <QuotaNotice quota={state.quota} onReset={onQuotaReset} /> : null}
          {state.banner ? (
            <ChatBanner
              tone="error"
              testId="chat-error"
              message={state.banner.message}
              onDismiss={chat.dismissBanner}
              onRetry={state.banner.retry ? retry : undefined}
              retryDisabled={busy}
            />
          ) : null}
        </div>
        <Composer
          value={draft}
          onChange={setDraft}
          onSubmit={() => void submit(draft, undefined, images)}
          onStop={chat.stop}
          status={state.run.status}
          stopping={state.run.cancelling}
          inputRef={inputRef}
          images={images}
          onAddFiles={(files) => void addFiles(files)}
          onRemoveImage={(id) => {
            setImages((current) => current.filter((image) => image.id !== id));
            setImageErrors([]);
            inputRef.current?.focus();
          }}
          preparing={preparing > 0}
          imageErrors={imageErrors}
          blocked={state.quota !== null}
          notice={state.quota ? null : usageNotice(usage, m.chat.usage, locale)}
        />
      </div>
      <p aria-live="polite" className="sr-only" data-testid="chat-announcer">
        {state.announcement}
      </p>
    </main>
  );
}
