"use client";

import { Fragment, Suspense, use, useMemo, useState, useSyncExternalStore } from "react";
import { endsInOpenMath, markdownBlocks } from "@/lib/chat/client/markdown-blocks";
import { onFirstNeed } from "@/lib/chat/client/first-need";

// The Markdown renderer (react-markdown, remark-gfm, rehype-sanitize) is most of the chat's own JavaScript, and
// highlighting (highlight.js) and math (KaTeX) weigh as much again: each is a chunk of its own, imported on first need.
// The history in the first HTML is already rendered by the server, so for plain Markdown the browser has nothing to
// do: React keeps the server's markup (a Suspense boundary waiting to hydrate) until the renderer arrives, which is
// once the page is idle or the user does something (lib/chat/client/first-need.ts), or at once for a message the
// browser must render itself (a reply streaming in, an older page) or bring to life (a code block's copy button,
// formulas to typeset).
type Chunk<T> = { get: () => T | null; load: () => Promise<T>; arrived: Promise<T>; subscribe: (listener: () => void) => () => void };

function chunk<T>(importer: () => Promise<T>): Chunk<T> {
  let value: T | null = null;
  let loading: Promise<T> | null = null;
  let arrive: (module: T) => void = () => {};
  const arrived = new Promise<T>((resolve) => (arrive = resolve));
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    load: () =>
      (loading ??= importer().then((module) => {
        value = module;
        arrive(module);
        listeners.forEach((listener) => listener());
        return module;
      })),
    /** Settles when the chunk has been loaded, without asking for it. */
    arrived,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const markdown = chunk(() => import("@/components/markdown/markdown"));
const math = chunk(() => import("@/components/markdown/math"));
const highlight = chunk(() => import("@/components/markdown/highlight"));

const isServer = typeof window === "undefined";
if (!isServer) onFirstNeed(() => void markdown.load());

const subscribeNever = () => () => {};

/**
 * False in the server's HTML and while React hydrates it. KaTeX's output carries `style` attributes, which the page's
 * CSP (style-src with a nonce) refuses in HTML; set by React in the browser they are allowed (CSSOM). So formulas in
 * the server-rendered history show as their source until the page is live, then are typeset.
 */
function useLive(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

const hasMath = (text: string) => text.includes("$") || text.includes("```math");
// rehype-highlight colours only fenced blocks that name a language (`detect: false`).
const hasFence = (text: string) => text.includes("```") || text.includes("~~~");

function Loaded({ text, streaming }: { text: string; streaming: boolean }) {
  // Every hook comes before the first `use`. A `use` that suspends a component's first render is replayed when its
  // promise settles, and hooks after it are created then; but these `use` calls are skipped once a chunk has
  // arrived (`get() ?? use(…)`), so a hook after one would be met as an update on a first render (React error #467).
  const live = useLive();
  let highlighter = useSyncExternalStore(highlight.subscribe, highlight.get, highlight.get);
  // A reply that streamed in stays in blocks once it has settled: they are rendered and memoised already, while
  // parsing the whole reply again in one go when the stream ends was the longest task of a stream.
  const [blockwise, setBlockwise] = useState(streaming);
  if (streaming && !blockwise) setBlockwise(true);
  const blocks = useMemo(() => (streaming || blockwise ? markdownBlocks(text) : null), [text, streaming, blockwise]);
  const needsMath = hasMath(text);
  const needsCode = hasFence(text);
  // Once loaded, no suspension at all (`use` would suspend once on a promise it has not seen settle). Hydrating plain
  // Markdown waits without asking (the server's markup stays meanwhile); anything else asks for the renderer now.
  const { Markdown } = markdown.get() ?? use(!isServer && !live && !needsCode && !needsMath ? markdown.arrived : markdown.load());
  if (needsMath && !isServer) void math.load(); // while hydrating, so that typesetting waits less once live
  const mathPlugins = live && needsMath ? (math.get() ?? use(math.load())).mathPlugins : null;
  // Highlighting: the server's HTML and hydration must agree, so there it is awaited; in the live page a block is
  // shown uncoloured for the moment it takes to arrive (no suspension: no flash of the fallback mid-stream).
  if (needsCode && !highlighter) {
    if (!live) highlighter = use(highlight.load());
    else void highlight.load();
  }
  const highlightPlugin = needsCode ? (highlighter?.highlightPlugin ?? null) : null;
  if (!blocks) return <Markdown text={text} math={mathPlugins} highlight={highlightPlugin} />;
  // Keyed by position: a stream only appends, so earlier blocks keep their key and their text. The
  // newline between blocks is what react-markdown puts between block elements (same textContent).
  // A last block still inside `$$` shows as text until the formula is closed (no half-formula flicker).
  const open = blocks.length > 0 && endsInOpenMath(text);
  return blocks.map((block, i) => (
    <Fragment key={i}>
      {i > 0 ? "\n" : null}
      <Markdown text={block} math={open && i === blocks.length - 1 ? null : mathPlugins} highlight={highlightPlugin} />
    </Fragment>
  ));
}

/**
 * While a reply streams in: block by block (lib/chat/client/markdown-blocks.ts), each memoised on
 * its text, so a token re-parses only the last block, not the whole reply (and so it stays once it has settled).
 * Text that arrives settled (history) is parsed in one go (each react-markdown instance builds its own processor:
 * blocks would cost more there).
 */
export function LazyMarkdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  return (
    <Suspense fallback={<p className="whitespace-pre-wrap">{text}</p>}>
      <Loaded text={text} streaming={streaming} />
    </Suspense>
  );
}
