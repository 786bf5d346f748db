"use client";

import { en } from "@/lib/i18n/messages/en";
import { useMessages } from "@/lib/i18n/client";

/** The example prompts in the reference language (tests and the benchmark pick them by text). */
export const EXAMPLE_PROMPTS = en.chat.empty.examples;

export function EmptyState({ name, onPick }: { name: string | null; onPick: (prompt: string) => void }) {
  const m = useMessages().chat.empty;
  return (
    <div data-testid="chat-empty" className="my-auto flex flex-col items-center py-4 text-center sm:py-8">
      <div aria-hidden className="mb-3 grid sm:mb-4 size-11 place-items-center rounded-2xl bg-accent-100 text-lg text-accent-700 dark:bg-accent-700/25 dark:text-accent-100">
        ✦
      </div>
      <h1 className="text-xl font-semibold text-zinc-900 sm:text-2xl dark:text-zinc-50">
        {m.greeting(name)}
      </h1>
      <p className="mt-2 max-w-md text-sm sm:text-[15px] text-zinc-600 dark:text-zinc-400">
        {m.intro}
      </p>
      <ul className="mt-6 grid w-full gap-2 sm:mt-8 sm:grid-cols-3 sm:gap-2.5" aria-label={m.examplesLabel}>
        {m.examples.map((example) => (
          <li key={example.title} className="flex">
            <button
              type="button"
              data-testid="example-prompt"
              onClick={() => onPick(example.prompt)}
              className="w-full rounded-xl border border-zinc-200 bg-white px-4 py-2.5 text-left sm:py-3 shadow-xs transition-colors hover:border-accent-500/50 hover:bg-accent-50/60 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-accent-500/50 dark:hover:bg-accent-700/10"
            >
              {/* Phones show the prompt alone, so all three fit above the keyboard. */}
              <span className="hidden text-sm font-medium text-zinc-900 sm:block dark:text-zinc-100">{example.title}</span>
              <span className="line-clamp-2 block text-sm text-zinc-600 sm:mt-1 sm:text-zinc-500 dark:text-zinc-400">{example.prompt}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
