export const EXAMPLE_PROMPTS = [
  { title: "Remember something", prompt: "Remember that I prefer short answers with examples." },
  { title: "Write some code", prompt: "Show me a TypeScript function that extracts key terms from a sentence, with a code example." },
  { title: "Compare in a table", prompt: "Make a table of the pros and cons of remote and office work." },
] as const;

export function EmptyState({ name, onPick }: { name: string | null; onPick: (prompt: string) => void }) {
  return (
    <div data-testid="chat-empty" className="my-auto flex flex-col items-center py-4 text-center sm:py-8">
      <div aria-hidden className="mb-3 grid sm:mb-4 size-11 place-items-center rounded-2xl bg-accent-100 text-lg text-accent-700 dark:bg-accent-700/25 dark:text-accent-100">
        ✦
      </div>
      <h1 className="text-xl font-semibold text-zinc-900 sm:text-2xl dark:text-zinc-50">
        {name ? `Hi ${name}, what’s on your mind?` : "What’s on your mind?"}
      </h1>
      <p className="mt-2 max-w-md text-sm sm:text-[15px] text-zinc-600 dark:text-zinc-400">
        This is your own thread with the team’s agent. It remembers what you tell it, so pick up where you left off any time.
      </p>
      <ul className="mt-6 grid w-full gap-2 sm:mt-8 sm:grid-cols-3 sm:gap-2.5" aria-label="Example prompts">
        {EXAMPLE_PROMPTS.map((example) => (
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
