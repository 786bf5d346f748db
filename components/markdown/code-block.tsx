"use client";

import { useId, useRef, type ComponentProps } from "react";
import type { ExtraProps } from "react-markdown";
import { CopyButton } from "@/components/ui/copy-button";
import { useMessages } from "@/lib/i18n/client";

/** The language a fenced block names (`language-ts` on its code element), for the block's header. */
function languageOf(children: ComponentProps<"pre">["children"]): string | null {
  const child = Array.isArray(children) ? children[0] : children;
  const className: unknown = (child as { props?: { className?: unknown } } | null)?.props?.className;
  const match = typeof className === "string" ? /(?:^|\s)language-([\w+#.-]+)/.exec(className) : null;
  return match?.[1] ?? null;
}

/** A fenced code block: a header with its language and a copy button, then the code. */
export function CodeBlock({ node: _node, children, ...props }: ComponentProps<"pre"> & ExtraProps) {
  const ref = useRef<HTMLPreElement>(null);
  // Names the code for its copy button before React has hydrated this block (components/ui/copy-button.tsx).
  const id = useId();
  const m = useMessages().shell.copy;
  const language = languageOf(children);
  return (
    <div className="md-code" data-testid="code-block">
      <div className="md-code-header">
        <span>{language ?? "code"}</span>
        <CopyButton text={() => ref.current?.textContent ?? ""} label={m.code} testId="copy-code" markupId={id} showLabel />
      </div>
      <pre ref={ref} {...props} id={id}>
        {children}
      </pre>
    </div>
  );
}
