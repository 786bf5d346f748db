import { memo } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./code-block";
import type { HighlightPlugin } from "./highlight";
import type { MathPlugins } from "./math";
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

/**
 * Renders one message's markdown. Memoised on the text, so a streaming delta
 * re-parses only the message it belongs to. Without `math` (not loaded, not needed,
 * or a streaming block whose `$$` is not closed yet) `$` is plain text; without
 * `highlight` (components/markdown/highlight.ts) code is shown uncoloured.
 */
export const Markdown = memo(function Markdown({ text, math = null, highlight = null }: { text: string; math?: MathPlugins | null; highlight?: HighlightPlugin | null }) {
  const { remark, rehype } = pluginsFor(math, highlight);
  return (
    <ReactMarkdown remarkPlugins={remark} rehypePlugins={rehype} components={components}>
      {text}
    </ReactMarkdown>
  );
});
