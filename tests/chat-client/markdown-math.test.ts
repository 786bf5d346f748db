import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/markdown/markdown";
import { mathPlugins } from "@/components/markdown/math";
import { endsInOpenMath, markdownBlocks } from "@/lib/chat/client/markdown-blocks";

const render = (text: string, math = true) => renderToStaticMarkup(createElement(Markdown, { text, math: math ? mathPlugins : null }));

describe("math in messages", () => {
  it("typesets inline and display LaTeX with KaTeX, with MathML for screen readers", () => {
    const html = render("Euler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$");
    expect(html).toMatch(/<span class="katex">/);
    expect(html).toMatch(/<span class="katex-display">/);
    expect(html).toContain("<math");
    expect(html).not.toContain("<pre");
  });

  it("shows a formula KaTeX cannot parse as its source, never as an error box", () => {
    const html = render("Broken: $\\frac{1}{$ here");
    expect(html).toContain('class="katex-error"');
    expect(html).toContain("\\frac{1}{");
  });

  it("keeps the sanitiser first: raw HTML and KaTeX's trusted commands stay text", () => {
    const html = render("$\\href{javascript:alert(1)}{x}$ <img src=x onerror=alert(1)> $\\htmlClass{evil}{y}$");
    expect(html).not.toMatch(/<a [^>]*javascript:/);
    expect(html).not.toContain("<img");
    expect(html).not.toContain('class="evil"');
  });

  it("leaves prices alone", () => {
    const html = render("It costs $5 and $10, or between $5-$10.");
    expect(html).not.toContain("katex");
    expect(html).toContain("$5 and $10");
  });

  it("renders `$` as text when math is off (a streaming block whose $$ is still open)", () => {
    expect(render("$$\n\\frac{1}{2}", false)).not.toContain("katex");
  });

  it("code blocks get a header with their language and a copy button", () => {
    const html = render("```ts\nconst a = 1;\n```");
    expect(html).toContain('data-testid="code-block"');
    expect(html).toContain('data-testid="copy-code"');
    expect(html).toContain(">ts<");
  });
});

describe("display math while streaming", () => {
  it("is a fence: blank lines inside $$ never split a block", () => {
    expect(markdownBlocks("Intro\n\n$$\na\n\nb\n$$\n\nAfter")).toStrictEqual(["Intro", "$$\na\n\nb\n$$", "After"]);
    // Inline $$…$$ on one line is not a fence.
    expect(markdownBlocks("$$x$$\n\nNext")).toStrictEqual(["$$x$$", "Next"]);
  });

  it("knows when the text ends inside an unclosed $$", () => {
    expect(endsInOpenMath("Intro\n\n$$\n\\frac{1}")).toBe(true);
    expect(endsInOpenMath("Intro\n\n$$\n\\frac{1}{2}\n$$")).toBe(false);
    expect(endsInOpenMath("```\n$$\n")).toBe(false);
    expect(endsInOpenMath("$x$ and $$y$$")).toBe(false);
  });
});
