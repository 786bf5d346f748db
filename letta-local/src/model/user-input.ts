import { describeImage, type ImageInfo } from "./images";

/**
 * What the offline model reads from the user's messages. Real clients send content as parts and add their own
 * scaffolding next to the user's words: Letta Code, for one, prepends `<system-reminder>…</system-reminder>` text
 * parts to every message. The model answers the user's words, so that scaffolding is set aside here.
 */
export interface UserInput {
  /** The user's own words, scaffolding removed (several user messages joined by newlines). */
  text: string;
  /** Every text the messages carry, scaffolding included: what fault and hold `match` strings are checked against. */
  rawText: string;
  images: ImageInfo[];
  /** How many pieces of client scaffolding were set aside. */
  scaffolding: number;
}

export const EMPTY_INPUT: UserInput = { text: "", rawText: "", images: [], scaffolding: 0 };

const OPEN_TAG = /<([A-Za-z][\w:.-]*)(?:\s[^>]*)?>/y;
/** Tag names that read like scaffolding when a block of them sits on lines of its own inside the user's text. */
const SCAFFOLD_NAME = /^(?:[a-z][\w.]*[-_:][\w:.-]*|context|reminder|instructions|environment|env|metadata|attachments?)$/i;

/**
 * The block opening at `from` (`<tag …>…</tag>`, up to the FIRST closing tag): its tag name and where it ends, or
 * null. Scanning with indexOf keeps this linear: a backtracking regex over nested lazy blocks can take exponential
 * time on a crafted message.
 */
function blockAt(text: string, from: number): { name: string; end: number } | null {
  OPEN_TAG.lastIndex = from;
  const open = OPEN_TAG.exec(text);
  const name = open?.[1];
  if (!open || !name) return null;
  const close = text.indexOf(`</${name}>`, OPEN_TAG.lastIndex);
  return close < 0 ? null : { name, end: close + name.length + 3 };
}

/** A whole text part made only of `<tag …>…</tag>` blocks is context a client added, whatever the tag is called. */
function wholeTagged(text: string): boolean {
  let at = text.search(/\S/);
  if (at < 0) return false;
  while (at >= 0 && at < text.length) {
    const block = blockAt(text, at);
    if (!block) return false;
    const next = text.slice(block.end).search(/\S/);
    at = next < 0 ? -1 : block.end + next;
  }
  return true;
}

/**
 * Inside the user's text, a block on lines of its own whose tag reads like scaffolding (`system-reminder`,
 * `user_context`, `env:info`, or one of a few common names) is context too. Inline markup such as `<b>x</b>` or an
 * HTML snippet the user is asking about stays part of their words.
 */
function stripInline(text: string): { text: string; removed: number } {
  let removed = 0;
  let out = "";
  let at = 0;
  while (at < text.length) {
    const lineEnd = text.indexOf("\n", at) < 0 ? text.length : text.indexOf("\n", at);
    const indent = /^[ \t]*/.exec(text.slice(at, lineEnd))?.[0].length ?? 0;
    const block = text[at + indent] === "<" ? blockAt(text, at + indent) : null;
    const rest = block ? text.indexOf("\n", block.end) : -1;
    const tail = block ? text.slice(block.end, rest < 0 ? text.length : rest) : "";
    if (block && SCAFFOLD_NAME.test(block.name) && /^[ \t]*$/.test(tail)) {
      removed += 1;
      at = rest < 0 ? text.length : rest + 1;
      continue;
    }
    out += text.slice(at, lineEnd + 1);
    at = lineEnd + 1;
  }
  return { text: out.replace(/\n{3,}/g, "\n\n").trim(), removed };
}

function readText(text: string, into: { words: string[]; raw: string[]; scaffolding: number }): void {
  into.raw.push(text);
  if (wholeTagged(text)) {
    into.scaffolding += 1;
    return;
  }
  const { text: words, removed } = stripInline(text);
  into.scaffolding += removed;
  if (words) into.words.push(words);
}

/** Reads one message's content: a string, or Letta content parts (text, image, and others the model ignores). */
export function readUserContent(content: unknown): UserInput {
  const into = { words: [] as string[], raw: [] as string[], scaffolding: 0 };
  const images: ImageInfo[] = [];
  const parts: unknown[] = typeof content === "string" ? [{ type: "text", text: content }] : Array.isArray(content) ? content : [];
  for (const part of parts) {
    if (!part || typeof part !== "object") continue;
    const item = part as { type?: unknown; text?: unknown; source?: unknown };
    if (item.type === "image") {
      const image = describeImage(item.source);
      if (image) images.push(image);
    } else if (typeof item.text === "string") readText(item.text, into);
  }
  return { text: into.words.join("\n\n"), rawText: into.raw.join("\n"), images, scaffolding: into.scaffolding };
}

export function combineInputs(inputs: UserInput[]): UserInput {
  return {
    text: inputs.map((input) => input.text).filter(Boolean).join("\n"),
    rawText: inputs.map((input) => input.rawText).filter(Boolean).join("\n"),
    images: inputs.flatMap((input) => input.images),
    scaffolding: inputs.reduce((sum, input) => sum + input.scaffolding, 0),
  };
}
