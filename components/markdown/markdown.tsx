import { memo } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { CodeBlock } from "./code-block";
import { rehypeMath } from "./rehype-math";
import { remarkCurrencyDollars } from "./remark-currency-dollars";
import "katex/dist/katex.min.css";
import "./markdown.css";

// Agent output is untrusted: no rehype-raw, so HTML in the text stays text, and
// rehype-sanitize runs first. It keeps `language-*` classes (so `language-math` from
// remark-math survives), and only then do KaTeX and highlight add their own markup, from
// text the sanitiser has already judged. KaTeX runs untrusted (no \href, \url, \html*),
// and a formula it cannot parse is shown as its source (`.katex-error`, styled in markdown.css);
// see rehype-math.ts.
const remarkPlugins: Options["remarkPlugins"] = [remarkGfm, remarkMath, remarkCurrencyDollars];
const plainRemarkPlugins: Options["remarkPlugins"] = [remarkGfm];
const rehypePlugins: Options["rehypePlugins"] = [
  rehypeSanitize,
  rehypeMath,
  [rehypeHighlight, { detect: false }],
];

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
 * re-parses only the message it belongs to. `math: false` leaves `$` as text
 * (a streaming block whose `$$` is not closed yet).
 */
export const Markdown = memo(function Markdown({ text, math = true }: { text: string; math?: boolean }) {
  return (
    <ReactMarkdown remarkPlugins={math ? remarkPlugins : plainRemarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});
