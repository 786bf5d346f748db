import { memo, type ReactElement } from "react";
import renderMarkdown, { type Components, type Options } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./code-block";
import type { HighlightPlugin } from "./highlight";
import type { MathPlugins } from "./math";
import { textMemory, type TextMemory } from "@/lib/chat/client/text-memory";
import "./markdown.css";

// Agent output is untrusted: no rehype-raw, so HTML in the text stays text, and
// rehype-sanitize runs first. It keeps `language-*` classes (so `language-math` from
// remark-math survives), and only then do KaTeX (math.ts, rehype-math.ts) and highlight
// add their own markup, from text the sanitiser has already judged. KaTeX runs untrusted
// (no \href, \url, \html*), and a formula it cannot parse is shown as its source.
const plainRemark: Options["remarkPlugins"] = [remarkGfm];
type Plugins = { remark: Options["remarkPlugins"]; rehype: Options["rehypePlugins"] };
const plain: Plugins = { remark: plainRemark, rehype: [rehypeSanitize] };
// One plugin list per combination (each plugin is one module's constant), so react-markdown sees the same arrays
// from one render to the next.
const combined = new Map<MathPlugins | HighlightPlugin | null, Map<MathPlugins | HighlightPlugin | null, Plugins>>();

function pluginsFor(math: MathPlugins | null, highlight: HighlightPlugin | null): Plugins {
  if (!math && !highlight) return plain;
  let byHighlight = combined.get(math);
  if (!byHighlight) combined.set(math, (byHighlight = new Map()));
  let plugins = byHighlight.get(highlight);
  if (!plugins) {
    plugins = {
      remark: math ? [remarkGfm, ...math.remark] : plainRemark,
      rehype: [rehypeSanitize, ...(math ? [math.rehype] : []), ...(highlight ? [highlight] : [])],
    };
    byHighlight.set(highlight, plugins);
  }
  return plugins;
}

const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  // Wide tables scroll on their own instead of widening the whole transcript on a phone.
  table: ({ node: _node, ...props }) => (
    <div className="md-table">
      <table {...props} />
    </div>
  ),
  pre: CodeBlock,
};

/** Parsed messages kept per plugin set (lib/chat/client/text-memory.ts). */
const REMEMBERED = 400;
const remembered = new WeakMap<Plugins, TextMemory<ReactElement>>();

/**
 * The rendered tree of `text`, parsed once: a row mounted again (scrolled back into the transcript's window, or the
 * window jumping back to the newest rows when a message is sent) reuses it instead of parsing its Markdown again,
 * the longest part of mounting a row.
 */
function treeOf(text: string, plugins: Plugins): ReactElement {
  // react-markdown's synchronous renderer is a plain function (no hooks): its output can be kept and reused.
  const render = () => renderMarkdown({ children: text, remarkPlugins: plugins.remark, rehypePlugins: plugins.rehype, components });
  // Only in the browser, which shows one user's messages: the server renders each page once, for many users.
  if (typeof window === "undefined") return render();
  let memory = remembered.get(plugins);
  if (!memory) remembered.set(plugins, (memory = textMemory(REMEMBERED)));
  return memory.recall(text, render);
}

/**
 * Renders one message's markdown. Memoised on the text, so a streaming delta
 * re-parses only the message it belongs to. Without `math` (not loaded, not needed,
 * or a streaming block whose `$$` is not closed yet) `$` is plain text; without
 * `highlight` (components/markdown/highlight.ts) code is shown uncoloured.
 */
export const Markdown = memo(function Markdown({ text, math = null, highlight = null }: { text: string; math?: MathPlugins | null; highlight?: HighlightPlugin | null }) {
  return treeOf(text, pluginsFor(math, highlight));
});
