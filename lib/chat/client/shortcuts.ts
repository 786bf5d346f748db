// The chat's keyboard shortcuts, as data (the help dialog lists them) and as a pure mapping from a key
// event to an action (unit-tested). Single keys act only when focus is not in a text field, so typing
// never triggers them; Ctrl/⌘+K and Escape work everywhere. The single printable keys (`/`, `c`, `?`) can be
// turned off in the help dialog (WCAG 2.1.4 Character Key Shortcuts: a speech-input user's words must not fire
// them); the choice is kept per browser (lib/chat/client/shortcut-prefs.ts).

import type { Messages } from "@/lib/i18n";

export type ShortcutAction = "search" | "compose" | "stop" | "latest" | "help";

/** `label`: its wording's key in the catalogue (lib/i18n/messages, chat.shortcuts). */
type ShortcutLabel = keyof Omit<Messages["chat"]["shortcuts"], "title" | "intro" | "introOff" | "keys" | "action" | "singleKeys" | "singleKeysHelp" | "offSuffix">;

/** `singleKey`: one printable character, so it can be turned off. */
export const SHORTCUTS: readonly { keys: string[]; action: ShortcutAction; label: ShortcutLabel; singleKey?: true }[] = [
  { keys: ["/"], action: "search", label: "search", singleKey: true },
  { keys: ["Ctrl", "K"], action: "search", label: "searchWhileTyping" },
  { keys: ["C"], action: "compose", label: "compose", singleKey: true },
  { keys: ["Esc"], action: "stop", label: "stop" },
  { keys: ["End"], action: "latest", label: "latest" },
  { keys: ["?"], action: "help", label: "help", singleKey: true },
];

export type KeyInfo = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Focus is in a text field (input, textarea, select, contenteditable). */
  typing: boolean;
  /** A reply is being written (Escape stops it only then). */
  replying: boolean;
  /** Single-character shortcuts are on (the default; the help dialog turns them off). */
  singleKeys?: boolean;
};

export function shortcutFor({ key, ctrlKey, metaKey, altKey, typing, replying, singleKeys = true }: KeyInfo): ShortcutAction | null {
  if (altKey) return null;
  if ((ctrlKey || metaKey) && key.toLowerCase() === "k") return "search";
  if (ctrlKey || metaKey) return null;
  if (key === "Escape") return replying ? "stop" : null;
  if (typing) return null;
  if (key === "End") return "latest";
  if (!singleKeys) return null;
  switch (key) {
    case "/":
      return "search";
    case "?":
      return "help";
    case "c":
    case "C":
      return "compose";
    default:
      return null;
  }
}

/** Whether focus is somewhere keys type into. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["button", "checkbox", "radio", "submit", "reset"].includes(target.type);
  return false;
}
