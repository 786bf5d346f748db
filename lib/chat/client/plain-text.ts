// For the polite live region: a finished reply read as sentences, not as markdown source.
import { en } from "@/lib/i18n/messages/en";

/** Markdown → what a screen reader should read: code blocks named, table rules and markup dropped. */
export function toPlainText(markdown: string, codeBlock = en.chat.announce.codeBlock): string {
  return markdown
    .replace(/```[\s\S]*?(```|$)/g, ` (${codeBlock}) `)
    .split("\n")
    .filter((line) => !/^\s*\|?\s*:?-{3,}/.test(line)) // table separator rows
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "").replace(/^\s*\|?(.*?)\|?\s*$/, (_, cells: string) => cells.split("|").map((c) => c.trim()).join(", ")))
    .join(". ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`#>~]/g, "")
    .replace(/\.\s*\./g, ".")
    .replace(/([.:!?])\./g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
