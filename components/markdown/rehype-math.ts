// Typesets math with KaTeX: the `code.language-math` elements remark-math leaves (inline) and
// `pre > code.language-math` (display), after rehype-sanitize has judged the text. What
// rehype-katex does, except for how KaTeX's HTML becomes a tree: rehype-katex parses it, in the
// browser, through a <template> element, and the style attributes on it break the page's CSP
// (style-src with a nonce: every formula logs a violation). parse5 (hast-util-from-html) parses
// it without the DOM; React then applies the styles through CSSOM, which the CSP allows.
import { fromHtml } from "hast-util-from-html";
import katex, { type KatexOptions } from "katex";

type Node = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: Node[] };

/** Untrusted input: no \href, \url, \html*; a formula KaTeX cannot parse is shown as its source (`.katex-error`). */
const OPTIONS: KatexOptions = { throwOnError: false, errorColor: "inherit", trust: false, strict: "ignore", output: "htmlAndMathml" };

function textOf(node: Node): string {
  return node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(textOf).join("");
}

function isMath(node: Node): boolean {
  const classes = node.properties?.className;
  return node.type === "element" && node.tagName === "code" && Array.isArray(classes) && classes.includes("language-math");
}

function render(source: string, displayMode: boolean): Node[] {
  let html: string;
  try {
    html = katex.renderToString(source, { ...OPTIONS, displayMode });
  } catch {
    // Errors other than a ParseError (KaTeX raises those despite throwOnError: false): the source, as text.
    return [{ type: "element", tagName: "span", properties: { className: ["katex-error"] }, children: [{ type: "text", value: source }] }];
  }
  return fromHtml(html, { fragment: true }).children as Node[];
}

function walk(parent: Node): void {
  const children = parent.children;
  if (!children) return;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    const code = child.tagName === "pre" ? child.children?.find(isMath) : isMath(child) ? child : undefined;
    if (code) {
      const nodes = render(textOf(code), child.tagName === "pre");
      children.splice(i, 1, ...nodes);
      i += nodes.length - 1;
    } else walk(child);
  }
}

export function rehypeMath() {
  return (tree: Node) => walk(tree);
}
