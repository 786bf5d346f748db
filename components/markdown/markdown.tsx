import { memo } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./code-block";
import type { MathPlugins } from "./math";
import "./markdown.css";

// Agent output is untrusted: no rehype-raw, so HTML in the text stays text, and
// rehype-sanitize runs first. It keeps `language-*` classes (so `language-math` from
// remark-math survives), and only then do KaTeX (math.ts, rehype-math.ts) and highlight
// add their own markup, from text the sanitiser has already judged. KaTeX runs untrusted
// (no \href, \url, \html*), and a formula it cannot parse is shown as its source.
const plainRemark: Options["remarkPlugins"] = [remarkGfm];
const plainRehype: Options["rehypePlugins"] = [rehypeSanitize, [rehypeHighlight, { detect: false }]];
const withMath = new WeakMap<MathPlugins, { remark: Options["remarkPlugins"]; rehype: Options["rehypePlugins"] }>();

function pluginsFor(math: MathPlugins | null) {
  if (!math) return { remark: plainRemark, rehype: plainRehype };
  let plugins = withMath.get(math);
  if (!plugins) {
    plugins = { remark: [remarkGfm, ...math.remark], rehype: [rehypeSanitize, math.rehype, [rehypeHighlight, { detect: false }]] };
    withMath.set(math, plugins);
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
 * or a streaming block whose `$$` is not closed yet) `$` is plain text.
 */
export const Markdown = memo(function Markdown({ text, math = null }: { text: string; math?: MathPlugins | null }) {
  const { remark, rehype } = pluginsFor(math);
  return (
    <ReactMarkdown remarkPlugins={remark} rehypePlugins={rehype} components={components}>
      {text}
    </ReactMarkdown>
  );
});
