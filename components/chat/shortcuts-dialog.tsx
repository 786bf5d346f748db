"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { SHORTCUTS } from "@/lib/chat/client/shortcuts";
import { useSingleKeyShortcuts } from "@/lib/chat/client/shortcut-prefs";
import { useMessages } from "@/lib/i18n/client";

/** The keyboard shortcuts, on the native modal <dialog> (focus trapped, Escape closes). Opened with `?`. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const m = useMessages();
  const ref = useRef<HTMLDialogElement>(null);
  const [singleKeys, setSingleKeys] = useSingleKeyShortcuts();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      data-testid="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      // Escape: told at once (the cancel event comes with the key). The close event comes a task later, so a `?`
      // pressed in between may already have opened the dialog again: a close event is only heeded if it is closed.
      onCancel={onClose}
      onClose={() => {
        if (!ref.current?.open) onClose();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/50 backdrop:backdrop-blur-[2px] dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="p-5 sm:p-6">
          <h2 id="shortcuts-title" className="text-lg font-semibold">{m.chat.shortcuts.title}</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {singleKeys ? m.chat.shortcuts.intro : m.chat.shortcuts.introOff}
          </p>
          <table className="mt-4 w-full text-sm">
            <thead className="sr-only">
              <tr>
                <th scope="col">{m.chat.shortcuts.keys}</th>
                <th scope="col">{m.chat.shortcuts.action}</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUTS.map((shortcut) => (
                <tr key={shortcut.keys.join("+")} className="border-t border-zinc-100 first:border-t-0 dark:border-zinc-800">
                  <td className="py-2 pr-4 align-top whitespace-nowrap">
                    {shortcut.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 ? <span className="px-0.5 text-zinc-500" aria-hidden>+</span> : null}
                        <kbd className="rounded-md border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-800 shadow-[0_1px_0] shadow-zinc-300 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100 dark:shadow-zinc-700">
                          {key}
                        </kbd>
                      </span>
                    ))}
                  </td>
                  <td className="py-2 text-zinc-700 dark:text-zinc-300">
                    {m.chat.shortcuts[shortcut.label]}
                    {shortcut.singleKey && !singleKeys ? (
                      <span className="text-zinc-500 dark:text-zinc-400">{m.chat.shortcuts.offSuffix}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="mt-4 flex items-start gap-3 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <input
              type="checkbox"
              data-testid="single-key-toggle"
              checked={singleKeys}
              onChange={(event) => setSingleKeys(event.target.checked)}
              aria-describedby="single-key-help"
              className="mt-0.5 size-4 shrink-0 accent-zinc-900 dark:accent-zinc-100"
            />
            <span>
              <span className="font-medium">{m.chat.shortcuts.singleKeys}</span>
              <span id="single-key-help" className="mt-0.5 block text-zinc-600 dark:text-zinc-400">
                {m.chat.shortcuts.singleKeysHelp}
              </span>
            </span>
          </label>
          <div className="mt-5 flex justify-end">
            <Button variant="secondary" onClick={onClose} autoFocus data-testid="shortcuts-close">
              {m.common.close}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
