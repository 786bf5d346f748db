import type { MemoryBlock } from "@/lib/admin/memory";

/** One core memory block, read-only: what the agent sees in every conversation. */
export function MemoryBlockCard({ block }: { block: MemoryBlock }) {
  const used = block.value.length;
  const share = block.limit ? Math.min(1, used / block.limit) : null;
  return (
    <article data-testid="memory-block" data-label={block.label} className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <h2 className="font-mono text-sm font-semibold text-zinc-900 dark:text-zinc-100">{block.label}</h2>
        {block.readOnly ? (
          <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" title="The agent cannot change this block">
            Read-only for the agent
          </span>
        ) : (
          <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950/40 dark:text-amber-300" title="The agent can rewrite this block while talking to anyone">
            Agent can edit
          </span>
        )}
        <div className="ml-auto flex items-center gap-2 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {share !== null ? (
            // A <progress>, not a bar sized by a style attribute: the page's CSP allows no inline styles.
            <progress
              aria-hidden
              value={Math.max(0.02, share)}
              max={1}
              className={`h-1.5 w-16 appearance-none overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 [&::-webkit-progress-bar]:bg-transparent [&::-webkit-progress-value]:rounded-full ${share > 0.9 ? "[&::-moz-progress-bar]:bg-amber-500 [&::-webkit-progress-value]:bg-amber-500" : "[&::-moz-progress-bar]:bg-accent-500 [&::-webkit-progress-value]:bg-accent-500"}`}
            />
          ) : null}
          <span data-testid="memory-usage">
            {used.toLocaleString("en")}{block.limit ? ` / ${block.limit.toLocaleString("en")}` : ""} characters
          </span>
        </div>
      </header>
      {block.description ? <p className="px-4 pt-3 text-sm text-zinc-600 dark:text-zinc-400">{block.description}</p> : null}
      <pre data-testid="memory-value" className="max-h-80 overflow-auto px-4 py-3 font-mono text-[13px] leading-6 whitespace-pre-wrap break-words text-zinc-800 dark:text-zinc-200">
        {block.value || <span className="text-zinc-500 italic dark:text-zinc-400">(empty)</span>}
      </pre>
      <footer className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        {block.lastUpdatedById ? (
          <>Last changed by <code className="font-mono">{block.lastUpdatedById}</code></>
        ) : (
          "Letta does not say who last changed this block"
        )}
        <span className="mx-1.5" aria-hidden>·</span>
        <code className="font-mono">{block.id}</code>
      </footer>
    </article>
  );
}
