// Wording in one place: the components of the chat, settings and auth pages show no user-facing text of their own.
// A heuristic over the TypeScript syntax tree, honest about what it sees: JSX text with a word in it, and string
// literals in the attributes people read (label, placeholder, title, aria-label, alt, …). Anything else user-facing
// (strings built in code) is caught by review; the allow-list below names what is deliberately not translated.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCOPE = [
  "components/chat", "components/thread", "components/settings", "app/(settings)", "app/(auth)", "app/(chat)",
  // What those pages share: the header, logo, meters, copy buttons, Markdown's code blocks, the 404, the role badge
  // and the confirmation dialog (also used by admin pages, which read the same catalogue).
  "components/usage", "components/ui", "components/markdown", "components/app-header.tsx", "components/logo.tsx",
  "app/not-found.tsx", "components/admin/badges.tsx", "components/admin/confirm-dialog.tsx",
];
const READ_ATTRIBUTES = new Set([
  "label", "placeholder", "title", "alt", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext",
  "confirmLabel", "pendingLabel", "hint", "unavailable", "startLabel", "summary",
]);
/** Text that is not wording: names of things (code, commands, the product), symbols. */
const ALLOWED = new Set(["SMTP_URL", "npm run dev"]);

function files(dir: string): string[] {
  if (dir.endsWith(".tsx")) return [dir];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return path.endsWith(".tsx") ? [path] : [];
  });
}

/** Words: two letters in a row (so "×", "↓", "·", "—", "+", "." and "/" pass). */
const WORDY = /\p{L}{2}/u;

export function bareStrings(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node) => `${path}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.text.replace(/\s+/g, " ").trim();
      if (WORDY.test(text) && !ALLOWED.has(text)) found.push(`${at(node)} text "${text}"`);
    } else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText())) {
      const init = node.initializer;
      const literal = init && ts.isStringLiteral(init) ? init
        : init && ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression)) ? init.expression
        : null;
      if (literal && WORDY.test(literal.text) && !ALLOWED.has(literal.text)) found.push(`${at(node)} ${node.name.getText()}="${literal.text}"`);
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression))) {
      // {"Some words"} as a child
      if (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) {
        const text = node.expression.text.trim();
        if (WORDY.test(text) && !ALLOWED.has(text)) found.push(`${at(node)} text {"${text}"}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("no bare user-facing strings in the chat, settings and auth components", () => {
  const scoped = SCOPE.flatMap(files);

  it("finds the files it checks", () => {
    expect(scoped.length).toBeGreaterThan(45);
  });

  it("flags what it is meant to flag (the heuristic bites)", () => {
    expect(bareStrings("x.tsx", 'export const A = () => <p title="Hello there">Some words <b>{"More words"}</b> × {n}</p>;')).toEqual([
      'x.tsx:1 title="Hello there"',
      'x.tsx:1 text "Some words"',
      'x.tsx:1 text {"More words"}',
    ]);
    expect(bareStrings("x.tsx", 'export const A = () => <p className="text-sm" data-testid="x-y">{m.hello} · <span aria-hidden>↓</span></p>;')).toEqual([]);
  });

  it("every text of those files comes from lib/i18n", () => {
    const found = scoped.flatMap((path) => bareStrings(relative(ROOT, join(ROOT, path)), readFileSync(join(ROOT, path), "utf8")));
    expect(found).toEqual([]);
  });
});
