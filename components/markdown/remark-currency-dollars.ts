// remark-math reads any pair of `$` in a paragraph as a formula, so "it costs $5 and $10" would
// typeset "5 and ". Pandoc's rule tells prices from formulas: a formula's `$` hugs its content
// (no space just inside either `$`) and the closing `$` is not followed by a digit. Inline math
// that breaks the rule goes back to being the text it was.
type Node = { type: string; value?: string; children?: Node[] };

function isPrice(node: Node, next: Node | undefined): boolean {
  const value = node.value ?? "";
  return /^\s|\s$/.test(value) || value === "" || (next?.type === "text" && /^\d/.test(next.value ?? ""));
}

function walk(parent: Node): void {
  const children = parent.children;
  if (!children) return;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === "inlineMath" && isPrice(child, children[i + 1])) {
      children[i] = { type: "text", value: `$${child.value ?? ""}$` };
    } else walk(child);
  }
}

export function remarkCurrencyDollars() {
  return (tree: Node) => walk(tree);
}
