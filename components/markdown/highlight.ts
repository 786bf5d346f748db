// Syntax highlighting for fenced code, in a chunk of its own: highlight.js and its common languages weigh about as
// much as the rest of the renderer, and most replies hold no fenced code (lazy-markdown.tsx loads it for one that does).
// `detect: false`: only blocks that name their language are highlighted, so text without a fence never needs it.
import type { Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";

export type HighlightPlugin = NonNullable<Options["rehypePlugins"]>[number];

export const highlightPlugin: HighlightPlugin = [rehypeHighlight, { detect: false }];
