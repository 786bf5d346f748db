"use client";

import { Fragment, Suspense, use, useMemo, useSyncExternalStore } from "react";
import { endsInOpenMath, markdownBlocks } from "@/lib/chat/client/markdown-blocks";

// Markdown (react-markdown, remark-gfm, rehype-sanitize, rehype-highlight and its languages) is the
// largest part of the chat's JavaScript. It loads as a chunk of its own, requested as soon as the
// page's script runs, in parallel with the first history request: evaluating it is a task of its
// own instead of part of the page's start-up task. A row rendered before it has arrived (rare: the
// history request takes longer) shows its text plain for that moment.
type MarkdownModule = typeof import("@/components/markdown/markdown");
type MathModule = typeof import("@/components/markdown/math");

let loaded: MarkdownModule | null = null;
const loading: Promise<MarkdownModule> = import("@/components/markdown/markdown").then((module) => {
  loaded = module;
  return module;
});

/**
 * While a reply streams in: block by block (lib/chat/client/markdown-blocks.ts), each memoised on
 * its text, so a token re-parses only the last block, not the whole reply. Settled text is parsed
 * in one go (each react-markdown instance builds its own processor: blocks would cost more there).
 */
// Math (KaTeX, its CSS and fonts) is a chunk of its own, requested by the first message holding a `$`.
let mathLoaded: MathModule | null = null;
let mathLoading: Promise<MathModule> | null = null;
const loadMath = () =>
  (mathLoading ??= import("@/components/markdown/math").then((module) => {
    mathLoaded = module;
    return module;
  }));

const subscribeNever = () => () => {};

/**
 * False in the server's HTML and while React hydrates it. KaTeX's output carries `style` attributes, which the page's
 * CSP (style-src with a nonce) refuses in HTML; set by React in the browser they are allowed (CSSOM). So formulas in
 * the server-rendered history show as their source until the page is live, then are typeset.
 */
function useLive(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

function Loaded({ text, streaming }: { text: string; streaming: boolean }) {
  // Once loaded, no suspension at all (`use` would suspend once on a promise it has not seen settle).
  const { Markdown } = loaded ?? use(loading);
  const live = useLive();
  const math = live && (text.includes("$") || text.includes("```math")) ? (mathLoaded ?? use(loadMath())).mathPlugins : null;
  const blocks = useMemo(() => (streaming ? markdownBlocks(text) : null), [text, streaming]);
  if (!blocks) return <Markdown text={text} math={math} />;
  // Keyed by position: a stream only appends, so earlier blocks keep their key and their text. The
  // newline between blocks is what react-markdown puts between block elements (same textContent).
  // A last block still inside `$$` shows as text until the formula is closed (no half-formula flicker).
  const open = blocks.length > 0 && endsInOpenMath(text);
  return blocks.map((block, i) => (
    <Fragment key={i}>
      {i > 0 ? "\n" : null}
      <Markdown text={block} math={open && i === blocks.length - 1 ? null : math} />
    </Fragment>
  ));
}

export function LazyMarkdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  return (
    <Suspense fallback={<p className="whitespace-pre-wrap">{text}</p>}>
      <Loaded text={text} streaming={streaming} />
    </Suspense>
  );
}
