"use client";

import { useSingleKeyShortcuts } from "@/lib/chat/client/shortcut-prefs";
import { useMessages } from "@/lib/i18n/client";
import { createContext, useContext, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";

// The chat page's header (a server component, components/app-header.tsx) carries the chat's own tools:
// find in conversation and the keyboard shortcuts. This context is what joins them to the chat below.
type ChatShell = {
  searchOpen: boolean;
  setSearchOpen: (open: boolean) => void;
  helpOpen: boolean;
  setHelpOpen: (open: boolean) => void;
  /** The header's search button: focus goes back to it when the search closes. */
  searchButtonRef: RefObject<HTMLButtonElement | null>;
};

const Context = createContext<ChatShell | null>(null);

export function ChatShellProvider({ children }: { children: ReactNode }) {
  const [searchOpen, setSearchOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const searchButtonRef = useRef<HTMLButtonElement | null>(null);
  const value = useMemo(() => ({ searchOpen, setSearchOpen, helpOpen, setHelpOpen, searchButtonRef }), [searchOpen, helpOpen]);
  return <Context value={value}>{children}</Context>;
}

export function useChatShell(): ChatShell {
  const shell = useContext(Context);
  if (!shell) throw new Error("useChatShell outside ChatShellProvider");
  return shell;
}

const TOOL =
  "flex items-center rounded-md p-1.5 text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 aria-expanded:bg-zinc-200/70 aria-expanded:text-zinc-900 dark:aria-expanded:bg-zinc-800 dark:aria-expanded:text-zinc-100";

/** The header's chat tools: find in conversation, and (where there is a keyboard) the shortcuts. */
export function ChatTools() {
  const { searchOpen, setSearchOpen, setHelpOpen, searchButtonRef } = useChatShell();
  const m = useMessages().chat.header;
  const [singleKeys] = useSingleKeyShortcuts();
  return (
    <div className="flex items-center gap-0.5">
      <button
        ref={searchButtonRef}
        type="button"
        data-testid="search-open"
        aria-expanded={searchOpen}
        aria-controls="thread-search"
        aria-keyshortcuts={singleKeys ? "/ Control+K Meta+K" : "Control+K Meta+K"}
        title={singleKeys ? m.findTitle : m.find}
        onClick={() => setSearchOpen(!searchOpen)}
        className={TOOL}
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4.5">
          <circle cx="8.75" cy="8.75" r="5" />
          <path d="m12.5 12.5 4 4" strokeLinecap="round" />
        </svg>
        <span className="sr-only">{m.find}</span>
      </button>
      <button
        type="button"
        data-testid="shortcuts-open"
        aria-keyshortcuts={singleKeys ? "Shift+?" : undefined}
        title={singleKeys ? m.shortcutsTitle : m.shortcuts}
        onClick={() => setHelpOpen(true)}
        className={`${TOOL} hidden sm:flex`}
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-4.5">
          <rect x="2.5" y="5" width="15" height="10" rx="2" />
          <path d="M5.5 8h1M9.5 8h1M13.5 8h1M7 12h6" strokeLinecap="round" />
        </svg>
        <span className="sr-only">{m.shortcuts}</span>
      </button>
    </div>
  );
}
