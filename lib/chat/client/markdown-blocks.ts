// Splits a message's Markdown into top-level blocks (at blank lines outside fenced code), so
// each block is parsed and rendered on its own and memoised: while a long reply streams in,
// a token re-parses only the last block instead of the whole reply (which grows quadratically).
// Pure (unit-tested).
//
// Blocks are joined back by the renderer in order, and CommonMark makes a blank line end every
// block except fenced code, lists and block quotes. Lists and quotes split at a blank line render
// as consecutive lists / quotes (an ordered list keeps its numbering: "3." starts at 3), which
// looks the same for the tight lists models write; fences are never split. Display math (`$$` on a
// line of its own, remark-math) is a fence too: a formula may hold blank lines.

const FENCE = /^ {0,3}(`{3,}|~{3,}|\${2,}(?=[^$]*$))/;

type Scan = { blocks: string[]; open: string | null };

export function markdownBlocks(text: string): string[] {
  return scan(text).blocks;
}

/**
 * Whether the text ends inside display math (`$$` opened, not closed yet): while a reply streams in,
 * that block is shown as text until its closing `$$` arrives, instead of a formula re-typeset (and
 * failing) on every token.
 */
export function endsInOpenMath(text: string): boolean {
  return scan(text).open?.[0] === "$";
}

function scan(text: string): Scan {
  const blocks: string[] = [];
  let fence: string | null = null; // the opening run of ` or ~ while inside fenced code
  let start = 0;
  let lineStart = 0;
  let blank = false;
  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      // A closing fence: the same character, at least as long, nothing after it.
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    } else if (line.trim() === "") {
      blank = true;
    } else {
      if (blank && lineStart > start) {
        const block = text.slice(start, lineStart).trimEnd();
        if (block.trim()) blocks.push(block);
        start = lineStart;
      }
      blank = false;
      if (marker) fence = marker;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  const last = text.slice(start).trimEnd();
  if (last.trim()) blocks.push(last);
  return { blocks, open: fence };
}
