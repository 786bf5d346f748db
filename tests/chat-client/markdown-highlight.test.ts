import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { highlightPlugin } from "@/components/markdown/highlight";
import { Markdown } from "@/components/markdown/markdown";
import { mathPlugins } from "@/components/markdown/math";

// Highlighting is a chunk of its own (components/chat/lazy-markdown.tsx loads it for a fenced block): the renderer
// shows code as it is without it, and coloured with it, with or without math.
const CODE = "```ts\nconst answer: number = 42;\n```";
const render = (text: string, options: { highlight?: boolean; math?: boolean } = {}) =>
  renderToStaticMarkup(createElement(Markdown, { text, highlight: options.highlight ? highlightPlugin : null, math: options.math ? mathPlugins : null }));

describe("code highlighting", () => {
  it("colours a fenced block that names its language once the highlighter is given", () => {
    const html = render(CODE, { highlight: true });
    expect(html).toContain('class="hljs-keyword"');
    expect(html).toContain("language-ts");
  });

  it("shows the same code uncoloured without it (same text, same code block)", () => {
    const plain = render(CODE);
    expect(plain).not.toContain("hljs-");
    expect(plain).toContain('data-testid="code-block"');
    const text = (html: string) => html.replace(/<[^>]+>/g, "");
    expect(text(plain)).toBe(text(render(CODE, { highlight: true })));
  });

  it("works beside math, after the sanitiser", () => {
    const html = render(`Euler: $e^{i\\pi}$\n\n${CODE}\n\n<script>alert(1)</script>`, { highlight: true, math: true });
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="hljs-keyword"');
    expect(html).not.toContain("<script");
  });
});
